/** Message text of CAB-RETENTION. */
import { AIR_GAPPED_DOC, AIR_GAPPED_PRIMARY_DOC, VAULT_LOCK_DOC } from '../capabilities/air-gapped-capabilities';
import type { MessageParts } from '../finding';
import { planText, routeText, vaultText } from './common';
import type { CopyRoute, PrimaryAirGappedTarget, RetentionModel, VaultLockModel, VaultModel } from '../model/types';

/** How the retention is outside the range. */
export type RetentionProblem = 'below-minimum' | 'above-maximum' | 'never-expires';

const COPY_ERROR = 'Copy job failed. The retention specified in the job is not within the range specified for the target Backup Vault.';
const BACKUP_ERROR = 'Backup job failed because the lifecycle is outside the valid range for backup vault.';

function rangeText(lock: VaultLockModel): string {
  const min = lock.minRetentionDays;
  const max = lock.maxRetentionDays;
  if (min !== undefined && max !== undefined) return `from ${min} to ${max} days`;
  return min !== undefined ? `of at least ${min} days` : `of at most ${max} days`;
}

function keptText(retention: RetentionModel): string {
  if (retention.from === 'copy-action') {
    return retention.deleteAfterDays === undefined
      ? 'never deletes it (the copy action\'s lifecycle has no DeleteAfterDays)'
      : `keeps it ${retention.deleteAfterDays} days (the copy action's lifecycle)`;
  }
  return retention.deleteAfterDays === undefined
    ? 'never deletes it (it inherits the rule\'s lifecycle, which has no DeleteAfterDays)'
    : `keeps it ${retention.deleteAfterDays} days (inherited from the rule's lifecycle)`;
}

function lockKind(vault: VaultModel): string {
  return vault.airGapped ? 'logically air-gapped' : 'Vault Lock of';
}

/** The number of days to suggest: the nearest bound. */
function suggestedDays(lock: VaultLockModel, problem: RetentionProblem): number {
  return problem === 'below-minimum' ? lock.minRetentionDays! : lock.maxRetentionDays!;
}

/** A copy whose retention the destination vault refuses. */
export function copyRetentionOutOfRange(
  route: CopyRoute, retention: RetentionModel, lock: VaultLockModel, problem: RetentionProblem,
): MessageParts {
  const vault = route.destination;
  const days = suggestedDays(lock, problem);
  return {
    problem: `${planText(route)} copies ${routeText(route)} and ${keptText(retention)}, but the ${lockKind(vault)} `
      + `${vaultText(vault)} accepts only retentions ${rangeText(lock)}.`,
    awsError: COPY_ERROR,
    fix: `give the copy action a retention in that range, e.g. copyActions: [{ destinationBackupVault, deleteAfter: Duration.days(${days}) }] `
      + '(or change the rule\'s deleteAfter, which a copy action without a lifecycle inherits), or widen the vault\'s retention range.',
    docUrl: vault.airGapped ? AIR_GAPPED_DOC : VAULT_LOCK_DOC,
  };
}

/** A rule whose backups go straight into a logically air-gapped vault with a retention it refuses. */
export function backupRetentionOutOfRange(
  target: PrimaryAirGappedTarget, lock: VaultLockModel, problem: RetentionProblem,
): MessageParts {
  const days = suggestedDays(lock, problem);
  const kept = target.retention.deleteAfterDays === undefined ? 'never deletes its backups (no DeleteAfterDays)'
    : `keeps its backups ${target.retention.deleteAfterDays} days`;
  return {
    problem: `${planText(target)} backs up straight into the logically air-gapped ${vaultText(target.vault)} and ${kept}, `
      + `but the vault accepts only retentions ${rangeText(lock)}.`,
    awsError: BACKUP_ERROR,
    fix: `give the rule a retention in that range, e.g. new backup.BackupPlanRule({ ..., deleteAfter: Duration.days(${days}) }), `
      + 'or widen the vault\'s retention range.',
    docUrl: AIR_GAPPED_PRIMARY_DOC,
  };
}
