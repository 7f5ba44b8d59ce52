/** Message text of CAB-DUPLICATE-BACKUP. */
import type { MessageParts } from '../finding';
import { capital, listText, planShort, planText, someText, vaultId, vaultText } from './common';
import type { CopyRoute, ScheduleModel } from '../model/types';

/** The pages the rule rests on. */
export const DUPLICATE_BACKUP_DOCS = {
  /** "If you have a backup plan with multiple rules and the time frames of the two rules overlap, AWS Backup optimizes the backup ..." */
  planOptions: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html',
  /** "... more than one backup plan with a continuous backup rule, AWS Backup will only create a continuous backup for the first backup plan it evaluates." */
  overlappingContinuous: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery-overlapping.html',
  /** "For resources that do not support incremental backups, each backup is a full copy, which can result in higher storage costs." */
  backupPlans: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/about-backup-plans.html',
} as const;

/** What one finding says: the route, how many of its resources other plans copy too, and which plans. */
export interface DuplicateBackup {
  readonly route: CopyRoute;
  readonly schedule: ScheduleModel;
  /** Resources of the route that other plans back up and copy into the same vault on the same schedule. */
  readonly count: number;
  /** The first of them (construct paths), sorted. */
  readonly examples: readonly string[];
  /** The other plans (construct paths), sorted; `otherPlans` counts them all. */
  readonly others: readonly string[];
  readonly otherPlans: number;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `cron(0 5 ? * * *) (UTC, AWS Backup's default)` */
function scheduleText(s: ScheduleModel): string {
  return `${s.expression} (${s.timezone}${s.defaulted ? ', AWS Backup\'s default schedule' : ''})`;
}

/**
 * Several plans back up and copy the same resources into one vault on one schedule (warning). Details:
 * `resources` (the first of them) and `resourceCount`, `plans` (the other plans, the first of them) and
 * `planCount`, `vaults` (the destination), `schedule`, `cause` (`continuous` for continuous backups, else absent).
 */
export function duplicateBackup(d: DuplicateBackup): MessageParts {
  const examples = d.examples.length < d.count ? `${d.examples.join(', ')}, …` : d.examples.join(', ');
  const others = d.others.length < d.otherPlans ? `${d.others.join(', ')} and ${(d.otherPlans - d.others.length).toLocaleString('en-US')} more` : listText(d.others);
  const times = d.otherPlans + 1;
  const continuous = d.route.continuousBackup
    ? ' For continuous backups AWS Backup makes the continuous backup for the first plan it evaluates only, and snapshot backups for the others.'
    : '';
  return {
    messageId: 'duplicate-backup',
    details: {
      ...(d.route.continuousBackup ? { cause: 'continuous' } : {}),
      resources: [...d.examples],
      resourceCount: d.count,
      plans: [...d.others],
      planCount: d.otherPlans,
      vaults: [vaultId(d.route.destination)],
      schedule: d.schedule.expression,
    },
    summary: `${capital(planShort(d.route))} and ${plural(d.otherPlans, 'other plan')} back up and copy ${someText(d.examples, 1, d.count)} `
      + `into one vault on one schedule: ${times} copies each.`,
    shortFix: 'select each resource in one plan (or merge the rules into one), or acknowledge.',
    problem: `${planText(d.route)} backs up ${plural(d.count, 'resource')} (${examples}) on schedule ${scheduleText(d.schedule)} and copies ${d.count === 1 ? 'it' : 'them'} into `
      + `${vaultText(d.route.destination)}, and ${plural(d.otherPlans, 'other backup plan')} (${others}) back up the same resources on the same `
      + 'schedule and copy them into the same vault. AWS Backup merges overlapping rules within one backup plan only: each plan runs its own backup '
      + `and copy jobs, so each of these resources gets ${times} recovery points per backup in its source vaults and ${times} copies in the destination `
      + `vault, each stored and billed (in full for resource types without incremental backups), and each copy job transfers the data again.${continuous}`,
    fix: `select each resource in one backup plan: give the selections of ${d.route.planPath} resources or tags of their own, or move the rules of `
      + 'these plans into one plan (for overlapping rules of one plan AWS Backup takes one backup, for the rule with the longer retention); '
      + `if the plans are meant to keep separate recovery points, acknowledge this warning on ${d.route.planPath}.`,
    docUrl: DUPLICATE_BACKUP_DOCS.planOptions,
  };
}
