import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { addRegionSettingsResource } from './private/region-settings';
import { DYNAMODB_ADVANCED_SETTING_MARKER, hasMarker } from '../private/markers';

/** The resource type key AWS Backup uses for Amazon DynamoDB in both preference maps. */
const DYNAMODB = 'DynamoDB';

/**
 * Properties of a `DynamoDbAdvancedBackupSetting`.
 */
export interface DynamoDbAdvancedBackupSettingProps {
  /**
   * The log group of the handler function and of the Provider framework's function.
   *
   * @default - a new log group that keeps events for one year
   */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Enables AWS Backup advanced features for Amazon DynamoDB in the account and Region of its stack:
 * `DynamoDB: true` in both `ResourceTypeOptInPreference` and `ResourceTypeManagementPreference`
 * (`backup:UpdateRegionSettings`). Cross-account copies of DynamoDB backups need it.
 *
 * Deploy one in **every source account and Region** whose DynamoDB tables are copied to another
 * account. The setting is per account and per Region.
 *
 * No other resource type's opt-in or management preference changes: a small Lambda function reads
 * the current settings (`DescribeRegionSettings`), sets only the `DynamoDB` keys, and writes both
 * maps back whole, and only when something changed. This is safe whether `UpdateRegionSettings`
 * replaces the maps or merges them (the API reference does not say which). It shares its handler with
 * `ResourceTypeOptInSetting`; several such settings in one stack run one after the other.
 *
 * On delete the settings are left as they are: other backup plans and stacks in the account may
 * depend on advanced features, and switching them off makes every later DynamoDB backup in the
 * Region an ordinary DynamoDB backup that cannot be copied across accounts.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html
 */
export class DynamoDbAdvancedBackupSetting extends Construct {
  /**
   * Whether `x` is a `DynamoDbAdvancedBackupSetting` (works across copies of this library).
   */
  public static isDynamoDbAdvancedBackupSetting(x: any): x is DynamoDbAdvancedBackupSetting {
    return hasMarker(x, DYNAMODB_ADVANCED_SETTING_MARKER);
  }

  constructor(scope: Construct, id: string, props: DynamoDbAdvancedBackupSettingProps = {}) {
    super(scope, id);
    Object.defineProperty(this, DYNAMODB_ADVANCED_SETTING_MARKER, { value: true });

    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      Annotations.of(this).addWarningV2('cdk-cross-account-backup:dynamodb-advanced-setting-env-agnostic',
        `Stack '${stack.stackName}' is environment-agnostic, so this setting takes effect in whatever account and Region the stack is deployed to, ` +
        'and CrossAccountCopyChecks cannot match it to the source account and Region of a copy (CAB-DDB-ADVANCED). ' +
        "Give the stack an explicit env: { account: '111111111111', region: 'eu-west-1' }.");
    }

    addRegionSettingsResource(this, {
      setting: 'DynamoDbAdvancedBackupSetting',
      resourceType: 'Custom::BackupDynamoDbAdvancedSetting',
      description: 'Enables AWS Backup advanced features for DynamoDB (keeps all other Region settings)',
      optIn: [DYNAMODB],
      fullManagement: [DYNAMODB],
      logGroup: props.logGroup,
    });
  }
}
