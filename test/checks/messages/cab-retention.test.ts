import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-retention';
import { PLAN, SRC, destinationVault, env, route, vault } from '../rules/model-builder';
const LOCK = { minRetentionDays: 7, maxRetentionDays: 35 };

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  copyRetentionOutOfRange: () => {
    const r = route({ destination: destinationVault({ path: 'BackupStack/AirGapped', lock: LOCK, airGapped: true }), retention: { from: 'rule' } });
    return messages.copyRetentionOutOfRange(r, r.retention!, LOCK, 'never-expires');
  },
  backupRetentionOutOfRange: () => messages.backupRetentionOutOfRange({
    planPath: PLAN, ruleName: 'Direct', env: env(SRC), vault: vault({ path: 'SourceStack/AirGapped', airGapped: true, lock: LOCK }), retention: { from: 'rule', deleteAfterDays: 3 },
  }, LOCK, 'below-minimum'),
};

const WORDS: Record<string, Wording> = {
  copyRetentionOutOfRange: {
    messageId: 'copy-retention-out-of-range',
    message: 'CAB-RETENTION: backup plan SourceStack/Plan (rule Daily) copies from account 111111111111 in us-east-1 to '
      + 'vault "AirGapped" (BackupStack/AirGapped) in account 222222222222 in us-east-1 and never deletes it (it '
      + 'inherits the rule\'s lifecycle, which has no DeleteAfterDays), but the logically air-gapped vault "AirGapped" '
      + '(BackupStack/AirGapped) accepts only retentions from 7 to 35 days. At run time AWS Backup fails the copy job '
      + 'with: "Copy job failed. The retention specified in the job is not within the range specified for the target '
      + 'Backup Vault.". Fix: give the copy action a retention in that range, e.g. copyActions: [{ '
      + 'destinationBackupVault, deleteAfter: Duration.days(35) }] (or change the rule\'s deleteAfter, which a copy '
      + 'action without a lifecycle inherits), or widen the vault\'s retention range. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html',
    summary: 'Plan SourceStack/Plan never deletes its copy; vault BackupStack/AirGapped accepts 7 to 35 days.',
    shortFix: 'give the copy action deleteAfter: Duration.days(35), or widen the vault\'s range.',
    fits: true,
  },
  backupRetentionOutOfRange: {
    messageId: 'backup-retention-out-of-range',
    message: 'CAB-RETENTION: backup plan SourceStack/Plan (rule Direct) backs up straight into the logically air-gapped '
      + 'vault "AirGapped" (SourceStack/AirGapped) and keeps its backups 3 days, but the vault accepts only retentions '
      + 'from 7 to 35 days. At run time AWS Backup fails the copy job with: "Backup job failed because the lifecycle is '
      + 'outside the valid range for backup vault.". Fix: give the rule a retention in that range, e.g. new '
      + 'backup.BackupPlanRule({ ..., deleteAfter: Duration.days(7) }), or widen the vault\'s retention range. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/lag-vault-primary-backup.html',
    summary: 'Plan SourceStack/Plan keeps its backups 3 days; vault SourceStack/AirGapped accepts 7 to 35 days.',
    shortFix: 'give the rule deleteAfter: Duration.days(7), or widen the vault\'s range.',
    fits: true,
  },
};

describeWording('CAB-RETENTION', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));
