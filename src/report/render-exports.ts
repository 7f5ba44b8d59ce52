/**
 * The report's `exports` section: what another app needs to check copies into this app's vaults
 * (`ExternalFacts.fromReport`): every vault of the app whose ARN synth knows, with its access policy,
 * Vault Lock and encryption key (the key's policy when the key is defined in this app, since its ARN
 * only exists after a deploy). Deterministic: sorted by ARN. Not part of the jsii API.
 */
import type { CheckModel, KeyModel, PolicyDocumentJson, VaultModel } from '../checks/model/types';

/** The key of an exported vault. */
export interface ReportExportKey {
  /** The key ARN, when the vault names one literally (a key outside the app, or an AWS managed alias ARN). */
  readonly arn?: string;
  /** `AWS`: an AWS managed key (`aws/backup` when the vault has no key); `CUSTOMER`: a customer managed key; absent: unknown. */
  readonly keyManager?: 'AWS' | 'CUSTOMER';
  /** Construct path of the `AWS::KMS::Key` (a key defined in this app). */
  readonly constructPath?: string;
  /** The key policy as deployed (a key defined in this app, with a policy synth could read entirely). */
  readonly policy?: unknown;
}

/** A vault of this app as another app sees it. */
export interface ReportExportVault {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly constructPath?: string;
  /** The access policy as deployed; absent when the vault has none or when it is not known (see `accessPolicyKnown`). */
  readonly accessPolicy?: unknown;
  /** False when synth could not read the access policy entirely (a token, an `Fn::If`): then it is not exported. */
  readonly accessPolicyKnown: boolean;
  readonly encryptionKey?: ReportExportKey;
  readonly lock?: { readonly minRetentionDays?: number; readonly maxRetentionDays?: number };
  readonly airGapped?: boolean;
}

export interface ReportExports {
  readonly vaults: ReportExportVault[];
}

/** A policy that synth read entirely, as plain JSON; undefined when any part is unknown. */
function exportedPolicy(policy: PolicyDocumentJson | undefined): unknown {
  if (!policy || (policy.unreadable?.length ?? 0) > 0) return undefined;
  const { unreadable: _omit, ...rest } = policy;
  return rest;
}

function exportedKey(vault: VaultModel): ReportExportKey | undefined {
  const key: KeyModel | undefined = vault.key;
  if (!key) return vault.airGapped ? undefined : { keyManager: 'AWS' };
  switch (key.kind) {
    case 'customer-managed':
      return { keyManager: 'CUSTOMER', constructPath: key.constructPath, policy: exportedPolicy(key.policy) };
    case 'aws-managed':
      return { keyManager: 'AWS', arn: key.reference.startsWith('arn:') ? key.reference : undefined };
    case 'external':
      return key.reference.startsWith('arn:') && key.reference.includes(':key/') ? { arn: key.reference } : undefined;
    default:
      return undefined;
  }
}

/** The `exports` section of the report of `model`. */
export function renderExports(model: CheckModel): ReportExports {
  const byArn = new Map<string, ReportExportVault>();
  for (const vault of model.inAppVaults ?? model.vaults) {
    if (!vault.inApp || !vault.arn || !vault.name || !vault.env.account || !vault.env.region || byArn.has(vault.arn)) continue;
    const unreadablePolicy = vault.accessPolicy !== undefined && exportedPolicy(vault.accessPolicy) === undefined;
    byArn.set(vault.arn, {
      arn: vault.arn,
      name: vault.name,
      account: vault.env.account,
      region: vault.env.region,
      constructPath: vault.constructPath,
      accessPolicy: exportedPolicy(vault.accessPolicy),
      accessPolicyKnown: !unreadablePolicy,
      encryptionKey: exportedKey(vault),
      lock: vault.lock && !vault.lock.unresolved?.length
        ? { minRetentionDays: vault.lock.minRetentionDays, maxRetentionDays: vault.lock.maxRetentionDays } : undefined,
      airGapped: vault.airGapped ? true : undefined,
    });
  }
  const vaults = [...byArn.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  return { vaults };
}
