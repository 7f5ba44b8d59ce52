/**
 * Vault and key ARNs an app reads from SSM parameters, resolved with the external facts that give
 * the parameter's value in its account and Region (`ExternalFacts`, `ssmParameters`).
 * Part of the model build (`build-from-constructs.ts`).
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import { BuildContext, registerConstruct } from './build-context';
import { envOfStack } from './environments';
import type { SsmParameterFact } from '../../facts/types';

/**
 * `value` itself, or, when it is exactly an SSM parameter (`AWS::SSM::Parameter::Value<String>`, as
 * `StringParameter.valueForStringParameter` makes) that an external fact gives the value of in the
 * parameter's account and Region, that value (the newest fact). A stale fact is noted at `usedAt` (the
 * plan that copies into the vault), else on the parameter's stack.
 */
export function ssmResolved(ctx: BuildContext, value: unknown, usedAt?: string): unknown {
  const target = ctx.refs.exact(value)?.target;
  const ssmType = target instanceof CfnParameter && String(target.type ?? '').startsWith('AWS::SSM::Parameter::Value<String>');
  if (!ssmType) return value;
  const name = target.default;
  if (typeof name !== 'string' || !ctx.options.facts) return value;
  const env = envOfStack(ctx, Stack.of(target));
  let fact: SsmParameterFact | undefined;
  for (const doc of ctx.options.facts) {
    for (const f of doc.ssmParameters ?? []) {
      const otherEnv = (env.account !== undefined && f.account !== env.account) || (env.region !== undefined && f.region !== env.region);
      if (f.name !== name || otherEnv) continue;
      if (!fact || Date.parse(f.origin.readAt) > Date.parse(fact.origin.readAt)) fact = f;
    }
  }
  if (!fact) return value;
  const constructPath = usedAt ?? registerConstruct(ctx, Stack.of(target));
  ctx.ssmFactsUsed.push({ name, account: fact.account, region: fact.region, origin: fact.origin, constructPath });
  return fact.value;
}
