/**
 * Environments: the account, Region and partition of a stack (the partition from the Region when
 * the stack has none), and comparisons of environments.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { Stack, Token } from 'aws-cdk-lib';
import { BuildContext } from './build-context';
import type { Env } from './types';
import { partitionOfRegion } from '../capabilities/queries';

export function envOfStack(ctx: BuildContext, stack: Stack): Env {
  let env = ctx.envCache.get(stack);
  if (!env) {
    const account = Token.isUnresolved(stack.account) ? undefined : stack.account;
    const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
    let partition = Token.isUnresolved(stack.partition) ? undefined : stack.partition;
    if (!partition && region) partition = partitionOfRegion(region);
    env = { account, region, partition };
    ctx.envCache.set(stack, env);
  }
  return env;
}

/** The account and Region a plan selects resources in, or its stack when either is unknown. */
export function envKey(p: { env: Env; stack: Stack }): string {
  return p.env.account && p.env.region ? `${p.env.account}|${p.env.region}` : `stack:${p.stack.node.path}`;
}

export function differ(a: string | undefined, b: string | undefined): boolean | undefined {
  return a === undefined || b === undefined ? undefined : a !== b;
}

export function sameKnownEnv(a: Env, b: Env): boolean {
  return a.account !== undefined && a.region !== undefined && a.account === b.account && a.region === b.region;
}
