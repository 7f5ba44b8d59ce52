import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-duplicate-backup';
import { resource, route, sourceVault } from '../rules/model-builder';

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  duplicateBackup: () => messages.duplicateBackup({
    route: route({ planPath: 'App0/Plan', sourceVault: sourceVault({ path: 'App0/Vault' }), resources: [resource('DynamoDB', { constructPath: 'Shared/Table0' })] }),
    schedule: { expression: 'cron(0 5 ? * * *)', timezone: 'UTC', defaulted: true },
    count: 5,
    examples: ['Shared/Table0', 'Shared/Table1', 'Shared/Table2'],
    others: ['App1/Plan', 'App2/Plan'],
    otherPlans: 2,
  }),
};

const WORDS: Record<string, Wording> = {
  duplicateBackup: {
    messageId: 'duplicate-backup',
    message: 'CAB-DUPLICATE-BACKUP: backup plan App0/Plan (rule Daily) backs up 5 resources (Shared/Table0, Shared/Table1, '
      + 'Shared/Table2, …) on schedule cron(0 5 ? * * *) (UTC, AWS Backup\'s default schedule) and copies them into '
      + 'vault "Vault" (BackupStack/Vault), and 2 other backup plans (App1/Plan and App2/Plan) back up the same '
      + 'resources on the same schedule and copy them into the same vault. AWS Backup merges overlapping rules within '
      + 'one backup plan only: each plan runs its own backup and copy jobs, so each of these resources gets 3 recovery '
      + 'points per backup in its source vaults and 3 copies in the destination vault, each stored and billed (in full '
      + 'for resource types without incremental backups), and each copy job transfers the data again. Fix: select each '
      + 'resource in one backup plan: give the selections of App0/Plan resources or tags of their own, or move the '
      + 'rules of these plans into one plan (for overlapping rules of one plan AWS Backup takes one backup, for the '
      + 'rule with the longer retention); if the plans are meant to keep separate recovery points, acknowledge this '
      + 'warning on App0/Plan. See https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration'
      + '.html',
    summary: 'Plan App0/Plan and 2 other plans back up and copy Shared/Table0 and 4 more into one vault on one schedule: 3 '
      + 'copies each.',
    shortFix: 'select each resource in one plan (or merge the rules into one), or acknowledge.',
    fits: true,
  },
};

describeWording('CAB-DUPLICATE-BACKUP', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));
