/** Message text of the CAB-RESOURCE findings about logically air-gapped vaults. */
import { AIR_GAPPED_PRIMARY_DOC, AIR_GAPPED_UNENCRYPTED_SOURCE, type AirGappedUnavailability } from '../capabilities/air-gapped-capabilities';
import type { MessageParts } from '../finding';
import { capital, envText, planShort, planText, resourceId, resourceText, routeText, vaultId, vaultShort, vaultText } from './common';
import type { CopyRoute, Env, PrimaryAirGappedTarget, ResourceModel, VaultModel } from '../model/types';

function where(u: AirGappedUnavailability, env: Env): string {
  return u.region !== undefined ? `${u.region} (${u.displayName})` : `${env.region ?? 'its Region'} (${u.displayName})`;
}

/** A logically air-gapped vault in a Region without them. Details: `vaults`, `regions` (the vault's), `plans` (those that copy into it). */
export function airGappedUnavailable(vault: VaultModel, u: AirGappedUnavailability, planPaths: readonly string[]): MessageParts {
  const region = u.region ?? vault.env.region;
  return {
    messageId: 'air-gapped-unavailable',
    details: { vaults: [vaultId(vault)], ...(region !== undefined ? { regions: [region] } : {}), plans: [...planPaths] },
    summary: `The logically air-gapped ${vaultShort(vault)} is in ${region ?? 'a Region'}, where AWS Backup offers none.`,
    shortFix: 'create it in a Region that offers them, or use a CrossAccountBackupVault with lockConfiguration here.',
    problem: `The logically air-gapped ${vaultText(vault)} is in ${where(u, vault.env)}, where AWS Backup offers no logically `
      + `air-gapped vaults; backup plan${planPaths.length === 1 ? '' : 's'} ${planPaths.join(', ')} cop${planPaths.length === 1 ? 'ies' : 'y'} into it.`,
    fix: 'create the logically air-gapped vault in a Region that offers them, and copy there; or use a standard vault '
      + '(CrossAccountBackupVault, with lockConfiguration for immutability) in this Region.',
    docUrl: u.source.url,
  };
}

/**
 * An unencrypted Aurora, DocumentDB or Neptune cluster copied into a logically air-gapped vault. Details:
 * `resources`, `types`, `vaults` (the air-gapped vault).
 */
export function unencryptedIntoAirGapped(route: CopyRoute, resource: ResourceModel): MessageParts {
  return {
    messageId: 'unencrypted-into-air-gapped',
    details: { resources: [resourceId(resource)], types: [resource.type], vaults: [vaultId(route.destination)] },
    summary: `${resourceText(resource)} is not encrypted, and the logically air-gapped ${vaultShort(route.destination)} refuses it.`,
    shortFix: 'copy it into a standard vault, or restore it into a cluster encrypted with new CopyCompatibleKmsKey(...).',
    problem: `${resourceText(resource)} is not encrypted, and ${planText(route)} copies it ${routeText(route)}, a logically air-gapped `
      + 'vault. Logically air-gapped vaults do not support unencrypted Aurora, DocumentDB and Neptune clusters, because '
      + 'unencrypted DB cluster snapshots cannot be encrypted.',
    fix: 'copy it into a standard vault instead, or encrypt the cluster: restore a snapshot into a new cluster with storage '
      + 'encryption and a customer managed key (storageEncrypted: true, storageEncryptionKey: new CopyCompatibleKmsKey(...)).',
    docUrl: AIR_GAPPED_UNENCRYPTED_SOURCE.url,
  };
}

/**
 * A primary target (`TargetLogicallyAirGappedBackupVaultArn`) outside the plan's account or Region.
 * Details: `vaults`, `plans`, `accounts` and `regions` (the vault's, then the plan's).
 */
export function primaryTargetElsewhere(target: PrimaryAirGappedTarget): MessageParts {
  const accounts = [target.vault.env.account, target.env.account];
  const regions = [target.vault.env.region, target.env.region];
  return {
    messageId: 'primary-target-elsewhere',
    details: {
      vaults: [vaultId(target.vault)],
      plans: [target.planPath],
      ...(accounts.every((a) => a !== undefined) ? { accounts: accounts as string[] } : {}),
      ...(regions.every((r) => r !== undefined) ? { regions: regions as string[] } : {}),
    },
    summary: `${capital(planShort(target))} backs up straight into ${vaultShort(target.vault)}, outside the plan's account or Region.`,
    shortFix: 'target a logically air-gapped vault of the plan\'s account and Region, and copy on with a copy action.',
    problem: `${planText(target)} backs up straight into the logically air-gapped ${vaultText(target.vault)} in `
      + `${envText(target.vault.env)}, but the plan is in ${envText(target.env)}: a primary logically air-gapped target must be `
      + 'in the same account and Region as the plan.',
    fix: 'name a logically air-gapped vault of the plan\'s own account and Region as TargetLogicallyAirGappedBackupVaultArn, '
      + 'and reach the other account or Region with a copy action (copyActions: [{ destinationBackupVault }]).',
    docUrl: AIR_GAPPED_PRIMARY_DOC,
  };
}
