import * as path from 'path';
import { Annotations, CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { DYNAMODB_ADVANCED_SETTING_MARKER, hasMarker } from '../private/markers';

/**
 * Directory of the handler. It holds only the handler: `index.ts` in `src/` (tests) and the
 * compiled `index.js` in the published `lib/`, which is what Lambda runs (`index.handler`).
 */
const HANDLER_DIR = path.join(__dirname, 'handlers', 'dynamodb-advanced-backup-setting');

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
 * replaces the maps or merges them (the API reference does not say which).
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

    const logGroup = props.logGroup ?? new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_YEAR });

    const handler = new lambda.Function(this, 'Handler', {
      description: 'Enables AWS Backup advanced features for DynamoDB (keeps all other Region settings)',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(HANDLER_DIR),
      timeout: Duration.minutes(1),
      logGroup,
    });
    // Exactly the two calls the handler makes. Neither action supports resource-level permissions
    // (Service Authorization Reference), so Resource must be '*'.
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['backup:DescribeRegionSettings', 'backup:UpdateRegionSettings'],
      resources: ['*'],
    }));

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      logGroup,
    });

    new CustomResource(this, 'Resource', {
      resourceType: 'Custom::BackupDynamoDbAdvancedSetting',
      serviceToken: provider.serviceToken,
    });
  }
}
