import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-ddb-advanced';
import { env, resource, route } from '../rules/model-builder';

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = ['enableDynamoDbAdvancedFix'];

const CASES: Record<string, () => MessageParts> = {
  dynamoDbWithoutAdvancedFeatures: () => {
    const table = resource('DynamoDB', { key: undefined });
    return messages.dynamoDbWithoutAdvancedFeatures(route({ resources: [table] }), table, env());
  },
  dynamoDbAdvancedUndeclared: () => {
    const table = resource('DynamoDB', { key: undefined });
    return messages.dynamoDbAdvancedUndeclared(route({ resources: [table] }), table, env());
  },
};

const WORDS: Record<string, Wording> = {
  dynamoDbWithoutAdvancedFeatures: {
    messageId: 'dynamo-db-without-advanced-features',
    message: 'CAB-DDB-ADVANCED: Amazon DynamoDB table SourceStack/Table is selected by backup plan SourceStack/Plan (rule '
      + 'Daily), which copies it from account 111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in account '
      + '222222222222 in us-east-1, but AWS Backup advanced features for DynamoDB are declared off '
      + '(dynamoDbAdvancedFeatures: false) and no DynamoDbAdvancedBackupSetting enables them for account 111111111111 '
      + 'in us-east-1. Without advanced features AWS Backup keeps DynamoDB backups in DynamoDB and cannot copy them to '
      + 'another account. At run time AWS Backup fails the copy job with: "Copy job from us-east-1 to us-east-1 cannot '
      + 'be initiated for DynamoDB resources. Feature is not supported for provided resource type.". Fix: enable '
      + 'advanced DynamoDB backup in account 111111111111 in us-east-1 with a DynamoDbAdvancedBackupSetting in a stack '
      + 'of that account and Region (or `aws backup update-region-settings --resource-type-opt-in-preference '
      + 'DynamoDB=true --resource-type-management-preference DynamoDB=true`). See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html',
    summary: 'Amazon DynamoDB table SourceStack/Table is copied across accounts, but advanced DynamoDB backup is declared '
      + 'off where it is backed up.',
    shortFix: 'add a DynamoDbAdvancedBackupSetting to a stack of account 111111111111 in us-east-1.',
    fits: true,
  },
  dynamoDbAdvancedUndeclared: {
    messageId: 'dynamo-db-advanced-undeclared',
    message: 'CAB-DDB-ADVANCED: Amazon DynamoDB table SourceStack/Table is selected by backup plan SourceStack/Plan (rule '
      + 'Daily), which copies it from account 111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in account '
      + '222222222222 in us-east-1, and nothing declares whether AWS Backup advanced features for DynamoDB are on in '
      + 'account 111111111111 in us-east-1. Without advanced features AWS Backup keeps DynamoDB backups in DynamoDB and '
      + 'cannot copy them to another account. AWS Backup turns advanced DynamoDB backup features on by default for '
      + 'customers who had not created a backup vault before November 21, 2021 ("Advanced DynamoDB backup" page); older '
      + 'accounts have them off until someone enables them, and synth cannot see which is the case. If they are off, '
      + 'the copy job fails with "Copy job from us-east-1 to us-east-1 cannot be initiated for DynamoDB resources. '
      + 'Feature is not supported for provided resource type.". Fix: enable advanced DynamoDB backup in account '
      + '111111111111 in us-east-1 with a DynamoDbAdvancedBackupSetting in a stack of that account and Region (or `aws '
      + 'backup update-region-settings --resource-type-opt-in-preference DynamoDB=true '
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
};

describeWording('CAB-DDB-ADVANCED', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));
