/**
 * Logically air-gapped vaults and Vault Lock retention, for the model builder.
 *
 * - `AWS::Backup::LogicallyAirGappedBackupVault` (the L1, or `CrossAccountAirGappedVault`) as a copy
 *   destination or primary target: name, environment, key (an AWS owned key without
 *   `EncryptionKeyArn`), access policy, and its required `MinRetentionDays`/`MaxRetentionDays` as the
 *   vault's lock.
 * - `LockConfiguration` of a standard vault, with the bounds synth cannot know.
 * - The retention a copy (or backup) gets: the copy action's lifecycle, else the rule's (facts §3.6).
 * - What could not be checked about retention, as unverifiable entries.
 *
 * The builder hands in what it knows how to do (resolve properties, keys, policies) through
 * {@link AirGappedReadContext}; this file reads only the properties above.
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type {
  CopyRoute, Env, KeyModel, PolicyDocumentJson, PrimaryAirGappedTarget, RetentionModel, UnknownFact, Unverifiable, VaultLockModel, VaultModel,
} from './types';

/** CloudFormation type of a logically air-gapped vault. */
export const AIR_GAPPED_VAULT_TYPE = 'AWS::Backup::LogicallyAirGappedBackupVault';

/** What the reader needs of the model builder. */
export interface AirGappedReadContext {
  /** Every L1 of a CloudFormation type in the app. */
  resourcesOfType(cfnType: string): CfnResource[];
  /** The L1's properties as deployed (references as the builder keeps them), or undefined. */
  props(cfn: CfnResource): any;
  envOf(stack: Stack): Env;
  /** The construct path findings attach to (registered for attaching). */
  attachPath(cfn: CfnResource): string;
  /** A literal string, or undefined for anything synth cannot know. */
  str(value: unknown, env: Env): string | undefined;
  keyFrom(value: unknown, env: Env): KeyModel;
  policy(value: unknown): PolicyDocumentJson | undefined;
}

/** True when `x` is the L1 of a logically air-gapped vault. */
export function isAirGappedVault(x: IConstruct | undefined): x is CfnResource {
  return x !== undefined && CfnResource.isCfnResource(x) && x.cfnResourceType === AIR_GAPPED_VAULT_TYPE;
}

/** Reads logically air-gapped vaults once each (cached), and finds them by name. */
export class AirGappedVaultReader {
  private readonly cache = new Map<CfnResource, VaultModel>();
  private byName?: Map<string, CfnResource[]>;

  constructor(private readonly ctx: AirGappedReadContext) {}

  /** The vault model of an in-app logically air-gapped vault. */
  public vault(cfn: CfnResource): VaultModel {
    let v = this.cache.get(cfn);
    if (v) return v;
    const env = this.ctx.envOf(Stack.of(cfn));
    const props = this.ctx.props(cfn) ?? {};
    const name = this.ctx.str(props.BackupVaultName, env);
    const path = this.ctx.attachPath(cfn);
    v = {
      id: path,
      inApp: true,
      constructPath: path,
      name,
      arn: name && env.account && env.region && env.partition ? `arn:${env.partition}:backup:${env.region}:${env.account}:backup-vault:${name}` : undefined,
      env,
      key: props.EncryptionKeyArn !== undefined
        ? this.ctx.keyFrom(props.EncryptionKeyArn, env)
        : { kind: 'aws-owned', reference: 'AWS owned key', env },
      accessPolicy: props.AccessPolicy !== undefined ? this.ctx.policy(props.AccessPolicy) : undefined,
      lock: readLock({ MinRetentionDays: props.MinRetentionDays, MaxRetentionDays: props.MaxRetentionDays }),
      airGapped: true,
    };
    this.cache.set(cfn, v);
    return v;
  }

  /** The in-app logically air-gapped vault named `name` in `env` (both known), if there is one. */
  public named(name: string, env: Env): VaultModel | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (const cfn of this.ctx.resourcesOfType(AIR_GAPPED_VAULT_TYPE)) {
        const n = this.ctx.str(this.ctx.props(cfn)?.BackupVaultName, this.ctx.envOf(Stack.of(cfn)));
        if (n === undefined) continue;
        const list = this.byName.get(n) ?? [];
        list.push(cfn);
        this.byName.set(n, list);
      }
    }
    const match = (this.byName.get(name) ?? []).find(cfn => {
      const e = this.ctx.envOf(Stack.of(cfn));
      return e.account !== undefined && e.region !== undefined && e.account === env.account && e.region === env.region;
    });
    return match ? this.vault(match) : undefined;
  }
}

/**
 * A lock's bounds from `{ MinRetentionDays, MaxRetentionDays }` (a `LockConfiguration`, or the two
 * properties of an air-gapped vault). Undefined when `lock` is not an object (no lock).
 */
export function readLock(lock: unknown): VaultLockModel | undefined {
  if (!lock || typeof lock !== 'object') return undefined;
  const l = lock as Record<string, unknown>;
  const unresolved: string[] = [];
  const bound = (k: 'MinRetentionDays' | 'MaxRetentionDays'): number | undefined => {
    const v = l[k];
    if (v === undefined) return undefined;
    const n = days(v);
    if (n === undefined) unresolved.push(k);
    return n;
  };
  const minRetentionDays = bound('MinRetentionDays');
  const maxRetentionDays = bound('MaxRetentionDays');
  return { minRetentionDays, maxRetentionDays, ...(unresolved.length > 0 ? { unresolved } : {}) };
}

/**
 * The retention AWS Backup applies to a copy: the copy action's `Lifecycle` when it has one (its
 * `DeleteAfterDays`; none: never deleted; `-1`: the source's, facts §1.1), else the rule's.
 * For a primary target, pass the rule's lifecycle alone.
 */
export function effectiveRetention(copyLifecycle: unknown, ruleLifecycle: unknown): RetentionModel {
  if (isObject(copyLifecycle) && hasLifecycle(copyLifecycle) && copyLifecycle.DeleteAfterDays !== -1) {
    return retentionOf(copyLifecycle, 'copy-action');
  }
  return retentionOf(isObject(ruleLifecycle) ? ruleLifecycle : {}, 'rule');
}

function retentionOf(lifecycle: Record<string, unknown>, from: RetentionModel['from']): RetentionModel {
  const raw = lifecycle.DeleteAfterDays;
  if (raw === undefined) return { from };
  const n = days(raw);
  return n === undefined ? { from, unresolved: true } : { from, deleteAfterDays: n };
}

/**
 * What synth cannot know about the retention check of a copy route into a vault: a destination
 * outside the app (its lock is unknown), a lock bound or a `DeleteAfterDays` that is a token.
 */
export function retentionUnverifiables(route: CopyRoute, planPath: string): Unverifiable[] {
  const out: Unverifiable[] = [];
  const dst = route.destination;
  const unknown: UnknownFact[] = ['vault-retention'];
  if (!dst.inApp && route.crossAccount === false && dst.env.account !== undefined && dst.env.region !== undefined) {
    // Across accounts, or where the vault's environment is unknown, the builder's note about the vault names this check.
    out.push({
      routeId: route.id,
      constructPath: dst.constructPath ?? planPath,
      subject: `the retention range of destination vault ${dst.id}`,
      reason: 'the vault is not defined in this app, so whether it is locked is unknown',
      unknown,
      about: dst.arn,
    });
  }
  if (dst.inApp && dst.lock?.unresolved) {
    out.push({
      routeId: route.id,
      constructPath: dst.constructPath ?? planPath,
      subject: `the retention range of ${dst.airGapped ? 'logically air-gapped ' : ''}vault ${dst.id}`,
      reason: `${dst.lock.unresolved.join(' and ')} cannot be resolved at synth time`,
      unknown,
    });
  }
  if (dst.inApp && dst.lock && route.retention?.unresolved) {
    out.push({
      routeId: route.id,
      constructPath: planPath,
      subject: `the retention of copy route ${route.id}`,
      reason: `the DeleteAfterDays of the ${route.retention.from === 'copy-action' ? 'copy action' : 'rule'} lifecycle cannot be resolved at synth time`,
      unknown,
    });
  }
  return out;
}

/** What synth cannot know about a primary air-gapped target (its vault outside the app, tokens). */
export function primaryTargetUnverifiables(target: PrimaryAirGappedTarget): Unverifiable[] {
  const v = target.vault;
  const subject = `the logically air-gapped primary target ${v.id} of backup plan ${target.planPath} (rule ${target.ruleName})`;
  if (!v.inApp) {
    const known = v.env.account !== undefined && v.env.region !== undefined;
    return [{
      constructPath: target.planPath,
      subject,
      reason: known ? 'the vault is not defined in this app, so its retention range is unknown'
        : 'its ARN cannot be resolved at synth time, so its account, Region and retention range are unknown',
      unknown: known ? ['vault-retention'] : ['vault-region', 'vault-retention'],
    }];
  }
  if (v.lock?.unresolved || target.retention.unresolved) {
    return [{
      constructPath: target.planPath,
      subject,
      reason: v.lock?.unresolved ? `${v.lock.unresolved.join(' and ')} of the vault cannot be resolved at synth time`
        : 'the DeleteAfterDays of the rule lifecycle cannot be resolved at synth time',
      unknown: ['vault-retention'],
    }];
  }
  return [];
}

function hasLifecycle(l: Record<string, unknown>): boolean {
  return Object.values(l).some(v => v !== undefined);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A whole number of days from a literal number or numeric string; undefined for anything else (tokens). */
function days(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && !Token.isUnresolved(v)) return v;
  return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined;
}
