/**
 * Backup vaults: in the app, imported, or only named by an ARN; the source and destination of a copy.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import { parseArn } from './arn';
import { attachPath, BuildContext, policyOf, strOf } from './build-context';
import { envOfStack, sameKnownEnv } from './environments';
import { isAirGappedVault, readLock } from './read-air-gapped-vaults';
import { keyFrom } from './read-keys';
import { propsOf } from './read-properties';
import { ssmResolved } from './read-ssm-facts';
import type { Env, VaultModel } from './types';

/** aws-backup's (unexported) base class of `BackupVault` and of the vaults its `from...` methods import. */
export const BackupVaultBase = ((): abstract new (...args: any[]) => any => {
  for (let p = Object.getPrototypeOf(BackupVault.prototype); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (p.constructor?.name === 'BackupVaultBase') return p.constructor;
  }
  return Object.getPrototypeOf(BackupVault);
})();

export function inAppVault(ctx: BuildContext, cfn: CfnResource): VaultModel {
  let v = ctx.vaultCache.get(cfn);
  if (!v) {
    const env = envOfStack(ctx, Stack.of(cfn));
    const props = propsOf(ctx, cfn) ?? {};
    const name = strOf(ctx, props.BackupVaultName, env);
    const lock = readLock(props.LockConfiguration);
    v = {
      id: attachPath(ctx, cfn),
      inApp: true,
      constructPath: attachPath(ctx, cfn),
      name,
      arn: name && env.account && env.region && env.partition ? `arn:${env.partition}:backup:${env.region}:${env.account}:backup-vault:${name}` : undefined,
      env,
      key: props.EncryptionKeyArn !== undefined ? keyFrom(ctx, props.EncryptionKeyArn, env) : undefined,
      accessPolicy: props.AccessPolicy !== undefined ? policyOf(ctx, props.AccessPolicy) : undefined,
      lock,
    };
    ctx.vaultCache.set(cfn, v);
  }
  ctx.touchedVaults.set(v.id, v);
  return v;
}

export function vaultsNamed(ctx: BuildContext, name: string): CfnResource[] {
  if (!ctx.vaultNameIndex) {
    ctx.vaultNameIndex = new Map();
    for (const v of ctx.byType.get('AWS::Backup::BackupVault') ?? []) {
      const n = strOf(ctx, propsOf(ctx, v)?.BackupVaultName, envOfStack(ctx, Stack.of(v)));
      if (n === undefined) continue;
      const list = ctx.vaultNameIndex.get(n) ?? [];
      list.push(v);
      ctx.vaultNameIndex.set(n, list);
    }
  }
  return ctx.vaultNameIndex.get(name) ?? [];
}

export function outOfAppVault(ctx: BuildContext, id: string, fields: Omit<VaultModel, 'id' | 'inApp'>): VaultModel {
  let v = ctx.outVaults.get(id);
  if (!v) {
    v = { id, inApp: false, ...fields };
    ctx.outVaults.set(id, v);
  }
  ctx.touchedVaults.set(v.id, v);
  return v;
}

/** A rule's `TargetBackupVault` (a vault name). */
export function sourceVault(ctx: BuildContext, value: unknown, planStack: Stack, planEnv: Env): VaultModel {
  const exact = ctx.refs.exact(value);
  if (exact && CfnResource.isCfnResource(exact.target) && exact.target.cfnResourceType === 'AWS::Backup::BackupVault') {
    return inAppVault(ctx, exact.target);
  }
  const name = strOf(ctx, value, planEnv);
  if (name !== undefined) {
    const candidates = vaultsNamed(ctx, name).filter(v => Stack.of(v) === planStack || sameKnownEnv(envOfStack(ctx, Stack.of(v)), planEnv));
    if (candidates.length > 0) return inAppVault(ctx, candidates[0]);
    const arn = planEnv.account && planEnv.region && planEnv.partition
      ? `arn:${planEnv.partition}:backup:${planEnv.region}:${planEnv.account}:backup-vault:${name}` : undefined;
    return outOfAppVault(ctx, arn ?? `${name} (${planStack.node.path})`, {
      name,
      arn,
      env: planEnv,
      constructPath: ctx.importedVaultPaths.get(`name:${planStack.node.path}:${name}`) ?? (arn ? ctx.importedVaultPaths.get(arn) : undefined),
    });
  }
  const text = ctx.refs.text(value);
  return outOfAppVault(ctx, text, { env: planEnv });
}

/** A copy action's `DestinationBackupVaultArn`. */
export function destinationVault(ctx: BuildContext, input: unknown, planEnv: Env, planPath?: string): VaultModel {
  const value = ssmResolved(ctx, input, planPath);
  const exact = ctx.refs.exact(value);
  if (exact && CfnResource.isCfnResource(exact.target) && exact.target.cfnResourceType === 'AWS::Backup::BackupVault') {
    return inAppVault(ctx, exact.target);
  }
  if (isAirGappedVault(exact?.target)) return touchVault(ctx, ctx.airGapped.vault(exact!.target as CfnResource));
  const arnText = strOf(ctx, value, planEnv);
  const arn = arnText ? parseArn(arnText) : undefined;
  if (arnText && arn && arn.service === 'backup') {
    const name = arn.resource.replace(/^backup-vault[:/]/, '');
    const env: Env = { account: arn.account || undefined, region: arn.region || undefined, partition: arn.partition || undefined };
    const match = vaultsNamed(ctx, name).find(v => sameKnownEnv(envOfStack(ctx, Stack.of(v)), env));
    if (match) return inAppVault(ctx, match);
    const airGapped = ctx.airGapped.named(name, env);
    if (airGapped) return touchVault(ctx, airGapped);
    return outOfAppVault(ctx, arnText, { name, arn: arnText, env, constructPath: ctx.importedVaultPaths.get(arnText) });
  }
  return outOfAppVault(ctx, ctx.refs.text(value), { env: {} });
}

export function touchVault(ctx: BuildContext, v: VaultModel): VaultModel {
  ctx.touchedVaults.set(v.id, v);
  return v;
}
