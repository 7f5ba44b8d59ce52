import { describeWording, messageFunctions, type Wording } from './wording';
import { airGappedUnavailableIn } from '../../../src/checks/capabilities/air-gapped-capabilities';
import { regionProblem } from '../../../src/checks/capabilities/queries';
import type { MessageParts } from '../../../src/checks/finding';
import { dynamoDbAdvancedUndeclared } from '../../../src/checks/messages/cab-ddb-advanced';
import * as messages from '../../../src/checks/messages/cab-resource';
import * as airGapped from '../../../src/checks/messages/cab-resource-air-gapped';
import { DST, PLAN, SRC, destinationVault, env, resource, route, vault } from '../rules/model-builder';

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  unsupportedCopy: () => {
    const cluster = resource('RDS-MultiAZCluster', { constructPath: 'SourceStack/MultiAz' });
    return messages.unsupportedCopy(route({ resources: [cluster] }), cluster, 'any-copy');
  },
  uncertainCopy: () => {
    const volume = resource('FSx-ONTAP', { inApp: false, arn: 'arn:aws:fsx:us-east-1:111111111111:volume/fsvol-1' });
    return messages.uncertainCopy(route({ resources: [volume] }), volume, 'cross-account');
  },
  serviceOptInUndeclared: () => {
    const cluster = resource('Aurora');
    return messages.serviceOptInUndeclared(route({ resources: [cluster] }), cluster, env());
  },
  serviceOptInOff: () => {
    const cluster = resource('Aurora');
    return messages.serviceOptInOff(route({ resources: [cluster] }), cluster, env(), `external facts of account ${SRC} in us-east-1`);
  },
  optInRegionLimit: () => {
    const docdb = resource('DocumentDB', { env: env(SRC, 'af-south-1') });
    const r = route({ sourceEnv: env(SRC, 'af-south-1'), resources: [docdb], destination: destinationVault({ env: env(DST, 'af-south-1') }) });
    return messages.optInRegionLimit(r, docdb, { kind: 'cross-account', region: 'af-south-1' });
  },
  regionLimit: () => {
    const r = route({ destination: destinationVault({ env: env(DST, 'cn-north-1') }) });
    return messages.regionLimit(r, regionProblem(r.source.env, r.destination.env, true)!);
  },
  dynamoDbAdvancedUndeclared: () => {
    const table = resource('DynamoDB', { key: undefined });
    return dynamoDbAdvancedUndeclared(route({ resources: [table], destination: destinationVault({ env: env(SRC, 'us-west-2') }) }), table, env());
  },
  airGappedUnavailable: () => {
    const v = vault({ path: 'BackupStack/AirGapped', env: env(DST, 'ap-southeast-5'), airGapped: true });
    return airGapped.airGappedUnavailable(v, airGappedUnavailableIn(v.env)!, [PLAN, 'SourceStack/Plan2']);
  },
  unencryptedIntoAirGapped: () => {
    const cluster = resource('Aurora', { encrypted: false, key: undefined });
    return airGapped.unencryptedIntoAirGapped(route({ resources: [cluster], destination: destinationVault({ path: 'BackupStack/AirGapped', airGapped: true }) }), cluster);
  },
  primaryTargetElsewhere: () => airGapped.primaryTargetElsewhere({
    planPath: PLAN, ruleName: 'Direct', env: env(SRC), vault: vault({ path: 'BackupStack/AirGapped', env: env(DST), airGapped: true }), retention: { from: 'rule', deleteAfterDays: 14 },
  }),
};

const WORDS: Record<string, Wording> = {
  unsupportedCopy: {
    messageId: 'unsupported-copy',
    message: 'CAB-RESOURCE: Amazon RDS Multi-AZ DB cluster SourceStack/MultiAz is selected by backup plan SourceStack/Plan '
      + '(rule Daily), which copies it from account 111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in '
      + 'account 222222222222 in us-east-1. AWS Backup does not support any copy (not even to another vault of the same '
      + 'account and Region) for the type Amazon RDS Multi-AZ DB cluster. "Multi-AZ clusters do not currently support '
      + 'any copy operations" (feature availability, footnote 3). At run time AWS Backup fails the copy job with: "Copy '
      + 'job from us-east-1 to us-east-1 cannot be initiated for RDS resources. Feature is not supported for provided '
      + 'resource type.". Fix: back the cluster up with a plan that has no copy actions, or use a Multi-AZ DB instance '
      + '(rds.DatabaseInstance with multiAz: true) or an Aurora cluster, which AWS Backup can copy. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html',
    summary: 'Amazon RDS Multi-AZ DB cluster SourceStack/MultiAz is in a copy, which AWS Backup does not support for the '
      + 'type.',
    shortFix: 'back it up with a plan without copy actions, or use a Multi-AZ DB instance or an Aurora cluster.',
    fits: true,
  },
  uncertainCopy: {
    messageId: 'uncertain-copy',
    message: 'CAB-RESOURCE: Amazon FSx for NetApp ONTAP volume arn:aws:fsx:us-east-1:111111111111:volume/fsvol-1 is selected '
      + 'by backup plan SourceStack/Plan (rule Daily), which copies it from account 111111111111 in us-east-1 to vault '
      + '"Vault" (BackupStack/Vault) in account 222222222222 in us-east-1. The AWS Backup documentation does not '
      + 'confirm copies to another account for the type Amazon FSx for NetApp ONTAP volume. The flattened feature table '
      + 'shows no copy checkmark and an older copy guide says copy "is not yet available for Amazon FSx for NetApp '
      + 'ONTAP volumes"; AWS\'s September 2026 announcement copies ONTAP backups into logically air-gapped vaults across '
      + 'accounts and Regions, and the feature page lists ONTAP among the FSx types without cross-Region copy in opt-in '
      + 'Regions only. Warned, not rejected, until AWS documents it either way. No cross-Region copy in opt-in Regions. '
      + 'If it is unsupported, the copy job fails with "Copy job from us-east-1 to us-east-1 cannot be initiated for '
      + 'FSx resources. Feature is not supported for provided resource type.". Fix: run one copy job by hand to confirm '
      + 'it works, then acknowledge this warning on the resource; otherwise remove the resource from plans with such '
      + 'copy actions. See https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html',
    summary: 'Amazon FSx for NetApp ONTAP volume arn:aws:fsx:us-east-1:111111111111:volume/fsvol-1 is in a cross-account '
      + 'copy, which AWS Backup\'s docs do not confirm for the type.',
    shortFix: 'run one copy job by hand, then acknowledge; or remove it from such plans.',
    fits: true,
  },
  serviceOptInUndeclared: {
    messageId: 'service-opt-in-undeclared',
    message: 'CAB-RESOURCE: Amazon Aurora DB cluster SourceStack/Cluster is selected by backup plan SourceStack/Plan (rule '
      + 'Daily), which copies it from account 111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in account '
      + '222222222222 in us-east-1, but the service opt-in for Aurora is not declared for account 111111111111 in '
      + 'us-east-1. AWS Backup applies the Region\'s service opt-in even to resources a plan selects by ARN for these '
      + 'types: "Service opt-in settings are ignored for most resource types. However Aurora, Neptune, and Amazon '
      + 'DocumentDB require service opt-in." (Select AWS services to back up). While it is off, AWS Backup does not '
      + 'back the cluster up, so there is nothing to copy and no job fails to tell you. Synth cannot see the Region '
      + 'setting. Fix: opt in with new ResourceTypeOptInSetting(this, \'ServiceOptIn\', { resourceTypes: [\'Aurora\'] }) in '
      + 'a stack of account 111111111111 in us-east-1; or, if it is on everywhere (`aws backup '
      + 'describe-region-settings`: "Aurora": true under ResourceTypeOptInPreference), declare optedInResourceTypes: '
      + '[\'Aurora\'] in the checks\' options. See https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resourc'
      + 'es.html',
    summary: 'Nothing declares the Aurora service opt-in that backups of Amazon Aurora DB cluster SourceStack/Cluster need.',
    shortFix: 'add a ResourceTypeOptInSetting for Aurora to a stack of account 111111111111 in us-east-1, or declare '
      + 'optedInResourceTypes.',
    fits: true,
  },
  serviceOptInOff: {
    messageId: 'service-opt-in-off',
    message: 'CAB-RESOURCE: Amazon Aurora DB cluster SourceStack/Cluster is selected by backup plan SourceStack/Plan (rule '
      + 'Daily), which copies it from account 111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in account '
      + '222222222222 in us-east-1, but the service opt-in for Aurora is off in account 111111111111 in us-east-1 '
      + 'according to the external facts of account 111111111111 in us-east-1 (ResourceTypeOptInPreference "Aurora": '
      + 'false). AWS Backup applies the Region\'s service opt-in even to resources a plan selects by ARN for these '
      + 'types: "Service opt-in settings are ignored for most resource types. However Aurora, Neptune, and Amazon '
      + 'DocumentDB require service opt-in." (Select AWS services to back up). While it is off, AWS Backup does not '
      + 'back the cluster up, so there is nothing to copy and no job fails to tell you. Fix: opt in with new '
      + 'ResourceTypeOptInSetting(this, \'ServiceOptIn\', { resourceTypes: [\'Aurora\'] }) in a stack of account '
      + '111111111111 in us-east-1 (or `aws backup update-region-settings --resource-type-opt-in-preference '
      + 'Aurora=true`), then read the facts again with cdk-cross-account-backup lookup. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html',
    summary: 'The Aurora service opt-in that backups of Amazon Aurora DB cluster SourceStack/Cluster need is off (external '
      + 'facts).',
    shortFix: 'add a ResourceTypeOptInSetting for Aurora to a stack of account 111111111111 in us-east-1.',
    fits: true,
  },
  optInRegionLimit: {
    messageId: 'opt-in-region-limit',
    message: 'CAB-RESOURCE: Amazon DocumentDB cluster SourceStack/DocumentDB is selected by backup plan SourceStack/Plan '
      + '(rule Daily), which copies it from account 111111111111 in af-south-1 to vault "Vault" (BackupStack/Vault) in '
      + 'account 222222222222 in af-south-1. AWS Backup does not support cross-account copies of the type Amazon '
      + 'DocumentDB cluster in opt-in Region af-south-1 (Africa (Cape Town)). At run time AWS Backup fails the copy job '
      + 'with: "Copy job from af-south-1 to af-south-1 cannot be initiated for DocumentDB resources. Feature is not '
      + 'supported for provided resource type.". Fix: copy it across accounts only between Regions that are not opt-in '
      + 'Regions, or keep its copies in the source account. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-region',
    summary: 'Amazon DocumentDB cluster SourceStack/DocumentDB is in a cross-account copy, unsupported for the type in '
      + 'opt-in Region af-south-1.',
    shortFix: 'copy it across accounts only outside opt-in Regions, or keep its copies in the source account.',
    fits: true,
  },
  regionLimit: {
    messageId: 'region-limit',
    message: 'CAB-RESOURCE: backup plan SourceStack/Plan (rule Daily) copies from account 111111111111 in us-east-1 to vault '
      + '"Vault" (BackupStack/Vault) in account 222222222222 in cn-north-1. The source is in partition aws and the '
      + 'destination in partition aws-cn: AWS Backup never copies between partitions. Fix: copy into a vault in the aws '
      + 'partition. See https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features'
      + '-by-region',
    summary: 'Plan SourceStack/Plan copies from partition aws to partition aws-cn: AWS Backup never copies between '
      + 'partitions.',
    shortFix: 'copy into a vault in the aws partition.',
    fits: true,
  },
  dynamoDbAdvancedUndeclared: {
    messageId: 'dynamo-db-advanced-undeclared',
    message: 'CAB-RESOURCE: Amazon DynamoDB table SourceStack/Table is selected by backup plan SourceStack/Plan (rule '
      + 'Daily), which copies it from account 111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in account '
      + '111111111111 in us-west-2, and nothing declares whether AWS Backup advanced features for DynamoDB are on in '
      + 'account 111111111111 in us-east-1. Without advanced features AWS Backup keeps DynamoDB backups in DynamoDB and '
      + 'cannot copy them at all, not even to another vault of the account. AWS Backup turns advanced DynamoDB backup '
      + 'features on by default for customers who had not created a backup vault before November 21, 2021 ("Advanced '
      + 'DynamoDB backup" page); older accounts have them off until someone enables them, and synth cannot see which is '
      + 'the case. If they are off, the copy job fails with "Copy job from us-east-1 to us-west-2 cannot be initiated '
      + 'for DynamoDB resources. Feature is not supported for provided resource type.". Fix: enable advanced DynamoDB '
      + 'backup in account 111111111111 in us-east-1 with a DynamoDbAdvancedBackupSetting in a stack of that account '
      + 'and Region (or `aws backup update-region-settings --resource-type-opt-in-preference DynamoDB=true '
      + '--resource-type-management-preference DynamoDB=true`), which also declares them for the checks; or if they are '
      + 'on in every account and Region that backs up DynamoDB (check with `aws backup describe-region-settings`: '
      + '"DynamoDB": true under ResourceTypeManagementPreference), declare dynamoDbAdvancedFeatures: true in the '
      + 'checks\' options; or acknowledge this warning on the table once a test copy succeeded. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html',
    summary: 'Copies of Amazon DynamoDB table SourceStack/Table need advanced DynamoDB backup; nothing declares it on.',
    shortFix: 'add a DynamoDbAdvancedBackupSetting to a stack of account 111111111111 in us-east-1 or declare '
      + 'dynamoDbAdvancedFeatures.',
    fits: true,
  },
  airGappedUnavailable: {
    messageId: 'air-gapped-unavailable',
    message: 'CAB-RESOURCE: The logically air-gapped vault "AirGapped" (BackupStack/AirGapped) is in ap-southeast-5 (Asia '
      + 'Pacific (Malaysia)), where AWS Backup offers no logically air-gapped vaults; backup plans SourceStack/Plan, '
      + 'SourceStack/Plan2 copy into it. Fix: create the logically air-gapped vault in a Region that offers them, and '
      + 'copy there; or use a standard vault (CrossAccountBackupVault, with lockConfiguration for immutability) in this '
      + 'Region. See https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by'
      + '-region',
    summary: 'The logically air-gapped vault BackupStack/AirGapped is in ap-southeast-5, where AWS Backup offers none.',
    shortFix: 'create it in a Region that offers them, or use a CrossAccountBackupVault with lockConfiguration here.',
    fits: true,
  },
  unencryptedIntoAirGapped: {
    messageId: 'unencrypted-into-air-gapped',
    message: 'CAB-RESOURCE: Amazon Aurora DB cluster SourceStack/Cluster is not encrypted, and backup plan SourceStack/Plan '
      + '(rule Daily) copies it from account 111111111111 in us-east-1 to vault "AirGapped" (BackupStack/AirGapped) in '
      + 'account 222222222222 in us-east-1, a logically air-gapped vault. Logically air-gapped vaults do not support '
      + 'unencrypted Aurora, DocumentDB and Neptune clusters, because unencrypted DB cluster snapshots cannot be '
      + 'encrypted. Fix: copy it into a standard vault instead, or encrypt the cluster: restore a snapshot into a new '
      + 'cluster with storage encryption and a customer managed key (storageEncrypted: true, storageEncryptionKey: new '
      + 'CopyCompatibleKmsKey(...)). See https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.'
      + 'html',
    summary: 'Amazon Aurora DB cluster SourceStack/Cluster is not encrypted, and the logically air-gapped vault '
      + 'BackupStack/AirGapped refuses it.',
    shortFix: 'copy it into a standard vault, or restore it into a cluster encrypted with new CopyCompatibleKmsKey(...).',
    fits: true,
  },
  primaryTargetElsewhere: {
    messageId: 'primary-target-elsewhere',
    message: 'CAB-RESOURCE: backup plan SourceStack/Plan (rule Direct) backs up straight into the logically air-gapped vault '
      + '"AirGapped" (BackupStack/AirGapped) in account 222222222222 in us-east-1, but the plan is in account '
      + '111111111111 in us-east-1: a primary logically air-gapped target must be in the same account and Region as the '
      + 'plan. Fix: name a logically air-gapped vault of the plan\'s own account and Region as '
      + 'TargetLogicallyAirGappedBackupVaultArn, and reach the other account or Region with a copy action (copyActions: '
      + '[{ destinationBackupVault }]). See https://docs.aws.amazon.com/aws-backup/latest/devguide/lag-vault-primary-bac'
      + 'kup.html',
    summary: 'Plan SourceStack/Plan backs up straight into vault BackupStack/AirGapped, outside the plan\'s account or '
      + 'Region.',
    shortFix: 'target a logically air-gapped vault of the plan\'s account and Region, and copy on with a copy action.',
    fits: true,
  },
};

describeWording('CAB-RESOURCE', CASES, WORDS, [...messageFunctions(messages, NOT_MESSAGES), ...messageFunctions(airGapped, NOT_MESSAGES), 'dynamoDbAdvancedUndeclared']);
