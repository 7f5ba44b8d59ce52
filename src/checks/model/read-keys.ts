/**
 * KMS keys: a customer managed key of the app, or what a key reference (ARN, alias, token) names.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { awsManagedAlias, parseArn } from './arn';
import { attachPath, BuildContext, policyOf, safeResolve, strOf } from './build-context';
import { envOfStack, sameKnownEnv } from './environments';
import { propsOf } from './read-properties';
import { ssmResolved } from './read-ssm-facts';
import { describeTarget, flattenString, hasSentinel } from './token-resolver';
import type { Env, KeyModel } from './types';

export function customerKey(ctx: BuildContext, cfn: CfnResource): KeyModel {
  let key = ctx.keyCache.get(cfn);
  if (!key) {
    const props = propsOf(ctx, cfn);
    const policy = props?.KeyPolicy !== undefined ? policyOf(ctx, props.KeyPolicy) : undefined;
    key = {
      kind: 'customer-managed',
      reference: `${cfn.node.path} (AWS::KMS::Key)`,
      constructPath: attachPath(ctx, cfn),
      env: envOfStack(ctx, Stack.of(cfn)),
      policy,
    };
    ctx.keyCache.set(cfn, key);
  }
  return key;
}

/** The key a (resolved) key property names. `env` is the environment of the resource that uses it. */
export function keyFrom(ctx: BuildContext, input: unknown, env: Env, depth = 0): KeyModel {
  const value = ssmResolved(ctx, input);
  if (value && typeof value === 'object' && 'Fn::If' in (value as object)) {
    // Either branch may be deployed (`Fn::If(cond, key, AWS::NoValue)`): the key is not known.
    return { kind: 'unresolved', reference: ctx.refs.describe(value), env };
  }
  const exact = ctx.refs.exact(value);
  if (exact) return keyFromConstruct(ctx, exact.target, env, depth);
  const text = flattenString(value, env);
  if (text !== undefined && !hasSentinel(text)) {
    const alias = awsManagedAlias(text);
    if (alias) return { kind: 'aws-managed', reference: text, alias, env: keyEnv(text, env) };
    if (text.startsWith('alias/') || text.includes(':alias/')) {
      const target = aliasByName(ctx, text.startsWith('alias/') ? text : text.slice(text.indexOf(':alias/') + 1), keyEnv(text, env));
      if (target && depth < 3) return keyFromConstruct(ctx, target, env, depth + 1);
    }
    return { kind: 'external', reference: text, env: keyEnv(text, env) };
  }
  // A string with a reference inside (e.g. an alias ARN built with Fn::Join), or an unresolvable intrinsic.
  const readable = ctx.refs.text(value);
  if (readable.includes('alias/aws/')) {
    const alias = /alias\/(aws\/[A-Za-z0-9_-]+)/.exec(readable)![1];
    return { kind: 'aws-managed', reference: readable, alias, env };
  }
  const inner = ctx.refs.all(value).find(r => CfnResource.isCfnResource(r.target)
    && ['AWS::KMS::Key', 'AWS::KMS::Alias'].includes((r.target as CfnResource).cfnResourceType));
  if (inner && depth < 3) return keyFromConstruct(ctx, inner.target, env, depth + 1);
  return { kind: 'unresolved', reference: ctx.refs.describe(value), env };
}

export function keyFromConstruct(ctx: BuildContext, target: IConstruct, env: Env, depth: number): KeyModel {
  if (CfnResource.isCfnResource(target)) {
    if (target.cfnResourceType === 'AWS::KMS::Key') return customerKey(ctx, target);
    if (target.cfnResourceType === 'AWS::KMS::Alias' && depth < 3) {
      const props = propsOf(ctx, target);
      const aliasEnv = envOfStack(ctx, Stack.of(target));
      if (props && props.TargetKeyId !== undefined) return keyFrom(ctx, props.TargetKeyId, aliasEnv, depth + 1);
    }
  }
  return { kind: 'unresolved', reference: describeTarget(target), env };
}

export function aliasByName(ctx: BuildContext, aliasName: string, env: Env): CfnResource | undefined {
  for (const a of ctx.byType.get('AWS::KMS::Alias') ?? []) {
    const aEnv = envOfStack(ctx, Stack.of(a));
    if (!sameKnownEnv(aEnv, env)) continue;
    const name = strOf(ctx, safeResolve(ctx, (a as any).aliasName, a), aEnv);
    if (name === aliasName) return a;
  }
  return undefined;
}

export function keyEnv(ref: string, fallback: Env): Env {
  const arn = parseArn(ref);
  return arn ? { account: arn.account || undefined, region: arn.region || undefined, partition: arn.partition || undefined } : fallback;
}
