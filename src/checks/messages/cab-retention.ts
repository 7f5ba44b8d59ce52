/** Message text of CAB-RETENTION. */
import { AIR_GAPPED_DOC, AIR_GAPPED_PRIMARY_DOC, VAULT_LOCK_DOC } from '../capabilities/air-gapped-capabilities';
import type { FindingDetails, MessageParts } from '../finding';
import { capital, planShort, planText, routeText, vaultId, vaultShort, vaultText } from './common';
import type { CopyRoute, PrimaryAirGappedTarget, RetentionModel, VaultLockModel, VaultModel } from '../model/types';

/** How the retention is outside the range. */
export type RetentionProblem = 'below-minimum' | 'above-maximum' | 'never-expires';

/** The copy job's error when the destination vault refuses the retention (facts §2.6). */
export const COPY_ERROR = 'Copy job failed. The retention specified in the job is not within the range specified for the target Backup Vault.';
/** The backup job's error when a primary air-gapped target refuses the retention. */
export const BACKUP_ERROR = 'Backup job failed because the lifecycle is outside the valid range for backup vault.';

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

/** `cause` (the `RetentionProblem`), `vaults`, `retentionDays`, `minRetentionDays`, `maxRetentionDays`. */
function retentionDetails(vault: VaultModel, days: number | undefined, lock: VaultLockModel, problem: RetentionProblem): FindingDetails {
  return {
    cause: problem,
    vaults: [vaultId(vault)],
    ...(days !== undefined ? { retentionDays: days } : {}),
    ...(lock.minRetentionDays !== undefined ? { minRetentionDays: lock.minRetentionDays } : {}),
    ...(lock.maxRetentionDays !== undefined ? { maxRetentionDays: lock.maxRetentionDays } : {}),
  };
}

/** `90 to 365 days`, `at least 90 days`, `at most 365 days` (short form). */
function rangeShort(lock: VaultLockModel): string {
  const min = lock.minRetentionDays;
  const max = lock.maxRetentionDays;
  if (min !== undefined && max !== undefined) return `${min} to ${max} days`;
  return min !== undefined ? `at least ${min} days` : `at most ${max} days`;
}

/** `keeps it 3 days` or `never deletes it` (short form). */
function keptShort(days: number | undefined, what: string): string {
  return days === undefined ? `never deletes ${what}` : `keeps ${what} ${days} days`;
}

/** The number of days to suggest: the nearest bound. */
function suggestedDays(lock: VaultLockModel, problem: RetentionProblem): number {
  return problem === 'below-minimum' ? lock.minRetentionDays! : lock.maxRetentionDays!;
}

/**
 * A copy whose retention the destination vault refuses. Details: `cause` (`below-minimum`,
 * `above-maximum`, `never-expires`), `vaults` (the destination), `retentionDays` (the copy's; absent:
 * never deleted), `minRetentionDays`, `maxRetentionDays` (the vault's range).
 */
export function copyRetentionOutOfRange(
  route: CopyRoute, retention: RetentionModel, lock: VaultLockModel, problem: RetentionProblem,
): MessageParts {
  const vault = route.destination;
  const days = suggestedDays(lock, problem);
  return {
    messageId: 'copy-retention-out-of-range',
    details: retentionDetails(vault, retention.deleteAfterDays, lock, problem),
    summary: `${capital(planShort(route))} ${keptShort(retention.deleteAfterDays, 'its copy')}; ${vaultShort(vault)} accepts `
      + `${rangeShort(lock)}.`,
    shortFix: `give the copy action deleteAfter: Duration.days(${days}), or widen the vault's range.`,
    problem: `${planText(route)} copies ${routeText(route)} and ${keptText(retention)}, but the ${lockKind(vault)} `
      + `${vaultText(vault)} accepts only retentions ${rangeText(lock)}.`,
    awsError: COPY_ERROR,
    fix: `give the copy action a retention in that range, e.g. copyActions: [{ destinationBackupVault, deleteAfter: Duration.days(${days}) }] `
      + '(or change the rule\'s deleteAfter, which a copy action without a lifecycle inherits), or widen the vault\'s retention range.',
    docUrl: vault.airGapped ? AIR_GAPPED_DOC : VAULT_LOCK_DOC,
  };
}

/**
 * A rule whose backups go straight into a logically air-gapped vault with a retention it refuses.
 * Details as {@link copyRetentionOutOfRange} (`retentionDays`: the rule's).
 */
export function backupRetentionOutOfRange(
  target: PrimaryAirGappedTarget, lock: VaultLockModel, problem: RetentionProblem,
): MessageParts {
  const days = suggestedDays(lock, problem);
  const kept = target.retention.deleteAfterDays === undefined ? 'never deletes its backups (no DeleteAfterDays)'
    : `keeps its backups ${target.retention.deleteAfterDays} days`;
  return {
    messageId: 'backup-retention-out-of-range',
    details: retentionDetails(target.vault, target.retention.deleteAfterDays, lock, problem),
    summary: `${capital(planShort(target))} ${keptShort(target.retention.deleteAfterDays, 'its backups')}; ${vaultShort(target.vault)} `
      + `accepts ${rangeShort(lock)}.`,
    shortFix: `give the rule deleteAfter: Duration.days(${days}), or widen the vault's range.`,
    problem: `${planText(target)} backs up straight into the logically air-gapped ${vaultText(target.vault)} and ${kept}, `
      + `but the vault accepts only retentions ${rangeText(lock)}.`,
    awsError: BACKUP_ERROR,
    fix: `give the rule a retention in that range, e.g. new backup.BackupPlanRule({ ..., deleteAfter: Duration.days(${days}) }), `
      + 'or widen the vault\'s retention range.',
    docUrl: AIR_GAPPED_PRIMARY_DOC,
  };
}
