import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-xregion-xaccount';
import { DST, destinationVault, env, resource, route } from '../rules/model-builder';

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  singleActionCrossRegionCrossAccount: () => {
    const resources = [resource('RDS'), resource('Aurora')];
    return messages.singleActionCrossRegionCrossAccount(route({ resources, destination: destinationVault({ env: env(DST, 'us-west-2') }) }), resources);
  },
};

const WORDS: Record<string, Wording> = {
  singleActionCrossRegionCrossAccount: {
    messageId: 'single-action-cross-region-cross-account',
    message: 'CAB-XREGION-XACCOUNT: backup plan SourceStack/Plan (rule Daily) copies Amazon RDS DB instance SourceStack/Db '
      + 'and Amazon Aurora DB cluster SourceStack/Cluster from account 111111111111 in us-east-1 to vault "Vault" '
      + '(BackupStack/Vault) in account 222222222222 in us-west-2 in one copy action that is both cross-Region and '
      + 'cross-account. AWS announced in October 2025 that AWS Backup supports such copies for RDS, Aurora, DocumentDB '
      + 'and Neptune (https://aws.amazon.com/about-aws/whats-new/2025/10/aws-backup-single-action-database-snapshot-copy'
      + '-regions/; the feature availability page, footnote 3, agrees), but the re:Post article "Why does my '
      + 'cross-account copy fail in AWS Backup?" and older copy-guide versions still document the refusal. The check '
      + 'stays on by default because the project\'s users asked for these copies to be rejected until they have seen '
      + 'them work in their own accounts and Regions. At run time AWS Backup fails the copy job with: "Copy job from '
      + 'us-east-1 to us-west-2 cannot be initiated for RDS resources. Feature is not supported for provided resource '
      + 'type.". Fix: once a test copy of this kind succeeded in your accounts and Regions, lift the check with '
      + 'allowSingleActionCrossRegionCrossAccount: true in the checks\' options. Or use two copy steps, which work '
      + 'either way: a copy action into a vault of account 222222222222 in us-east-1 (new CrossAccountBackupVault(this, '
      + '\'Vault\', { sourceAccounts: [\'111111111111\'] }) in a stack of account 222222222222, us-east-1), then a '
      + 'cross-Region copy in account 222222222222 from that vault to us-west-2. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html',
    summary: 'Plan SourceStack/Plan copies SourceStack/Db and 1 more across account and Region in one action.',
    shortFix: 'copy in two steps (account, then Region), or set allowSingleActionCrossRegionCrossAccount once one worked.',
    fits: true,
  },
};

describeWording('CAB-XREGION-XACCOUNT', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));
