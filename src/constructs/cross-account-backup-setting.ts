import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { CROSS_ACCOUNT_SETTING_MARKER, hasMarker } from '../private/markers';

/**
 * Properties of a `CrossAccountBackupSetting`.
 */
export interface CrossAccountBackupSettingProps {
  /**
   * Switch cross-account backup off when this construct is removed from the app or its stack is
   * deleted.
   *
   * Dangerous: the setting is organization-wide. Switching it off makes every cross-account copy
   * job in every account of the organization fail from then on, including copies that other teams
   * and other stacks configured. Leave it `false` unless this stack is the only owner of
   * cross-account backup in the organization.
   *
   * @default false - on delete the setting is left as it is
   */
  readonly disableOnDelete?: boolean;

  /**
   * The log group of the Lambda function that makes the API call.
   *
   * The function is the stack-wide singleton that every `AwsCustomResource` of the stack shares, so
   * the log group is only used when this construct is the first `AwsCustomResource` of its stack
   * (a warning says so otherwise).
   *
   * @default - a new log group that keeps events for one year
   */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Turns on AWS Backup cross-account backup for the whole organization
 * (`backup:UpdateGlobalSettings` with `isCrossAccountBackupEnabled` = `"true"`).
 *
 * Deploy it once, in a stack of the organization's **management account** (the API returns an
 * error in any other account). The setting is global, so any one Region will do.
 *
 * On create and on update it enables the setting (idempotent: enabling an enabled setting changes
 * nothing). On delete it leaves the setting as it is, unless `disableOnDelete` is `true`.
 *
 * The call sends only the `isCrossAccountBackupEnabled` key; the other global settings
 * (`isMpaEnabled`, `isDelegatedAdministratorEnabled`) are not sent.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html
 */
export class CrossAccountBackupSetting extends Construct {
  /**
   * Whether `x` is a `CrossAccountBackupSetting` (works across copies of this library).
   */
  public static isCrossAccountBackupSetting(x: any): x is CrossAccountBackupSetting {
    return hasMarker(x, CROSS_ACCOUNT_SETTING_MARKER);
  }

  /**
   * Whether the setting is switched off when this construct is deleted.
   */
  public readonly disableOnDelete: boolean;

  constructor(scope: Construct, id: string, props: CrossAccountBackupSettingProps = {}) {
    super(scope, id);
    Object.defineProperty(this, CROSS_ACCOUNT_SETTING_MARKER, { value: true });

    this.disableOnDelete = props.disableOnDelete ?? false;
    const stack = Stack.of(this);

    if (!Token.isUnresolved(stack.region) && stack.region.startsWith('cn-')) {
      Annotations.of(this).addWarningV2('cdk-cross-account-backup:cross-account-setting-china',
        `Stack '${stack.stackName}' is in ${stack.region}. AWS Backup does not support cross-account copy in the China Regions, ` +
        'so enabling cross-account backup there has no effect on copies. Remove this construct, or deploy it in a commercial partition.');
    }

    // AwsCustomResource runs in a stack-wide singleton function: only the first one of the stack
    // decides its log group.
    const singletonExists = stack.node.tryFindChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`) !== undefined;
    let logGroup: logs.ILogGroup | undefined;
    if (singletonExists) {
      Annotations.of(this).addWarningV2('cdk-cross-account-backup:cross-account-setting-log-group',
        `Another AwsCustomResource was added to stack '${stack.stackName}' before this construct; they share one Lambda function, ` +
        `so that construct decides the function's log group and retention${props.logGroup ? ', and the logGroup passed here is not used' : ''}. ` +
        'Create this construct first in its stack to control the log retention.');
    } else {
      logGroup = props.logGroup ?? new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_YEAR });
    }

    const enable: cr.AwsSdkCall = {
      service: '@aws-sdk/client-backup',
      action: 'UpdateGlobalSettings',
      parameters: { GlobalSettings: { isCrossAccountBackupEnabled: 'true' } },
      // Constant: a changed physical id would make CloudFormation delete the old resource, which
      // would run the delete call.
      physicalResourceId: cr.PhysicalResourceId.of('CrossAccountBackupSetting'),
    };
    const disable: cr.AwsSdkCall | undefined = this.disableOnDelete
      ? { ...enable, parameters: { GlobalSettings: { isCrossAccountBackupEnabled: 'false' } } }
      : undefined;

    new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::BackupCrossAccountSetting',
      onCreate: enable,
      onUpdate: enable,
      onDelete: disable,
      // Exact action. The Service Authorization Reference lists no resource type and no dependent
      // action for backup:UpdateGlobalSettings, so Resource must be '*' and nothing else is needed.
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['backup:UpdateGlobalSettings'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
      logGroup,
    });
  }
}
