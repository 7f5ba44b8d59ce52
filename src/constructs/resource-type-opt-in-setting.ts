import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { addRegionSettingsResource } from './private/region-settings';
import { validateBackupResourceTypes } from '../checks/capabilities/validate-resource-types';
import { hasMarker, RESOURCE_TYPE_OPT_IN_SETTING_MARKER } from '../private/markers';

/**
 * Properties of a `ResourceTypeOptInSetting`.
 */
export interface ResourceTypeOptInSettingProps {
  /**
   * The AWS Backup resource types to opt in, as AWS Backup names them in `ResourceTypeOptInPreference`:
   * `Aurora`, `DocumentDB`, `Neptune`, `RDS`, `EBS`, `EC2`, `EFS`, `S3`, `DynamoDB`, `FSx`, `Redshift`,
   * `Storage Gateway`, `Timestream`, `VirtualMachine`, `CloudFormation`, `EKS` or `SAP HANA on Amazon EC2`.
   *
   * Each name may appear once; names are case-sensitive and validated at construction.
   */
  readonly resourceTypes: string[];

  /**
   * The log group of the handler function and of the Provider framework's function.
   *
   * @default - a new log group that keeps events for one year
   */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Turns on AWS Backup's service opt-in for some resource types in the account and Region of its
 * stack: `true` for each of `resourceTypes` in the Region's `ResourceTypeOptInPreference`
 * (`backup:UpdateRegionSettings`).
 *
 * AWS Backup ignores the opt-in for most resources a plan selects by ARN, but not for Aurora, Neptune
 * and DocumentDB: "Service opt-in settings are ignored for most resource types. However Aurora,
 * Neptune, and Amazon DocumentDB require service opt-in." While it is off, such clusters are not
 * backed up, so nothing is copied. Deploy one in every account and Region whose clusters are backed
 * up; `CrossAccountCopyChecks` reads it (CAB-RESOURCE).
 *
 * Every other key is kept, with the same semantics as `DynamoDbAdvancedBackupSetting` (and the same
 * handler): a small Lambda function reads the current settings (`DescribeRegionSettings`), sets only
 * the listed keys of `ResourceTypeOptInPreference`, writes that map back whole, and only when something
 * changed; `ResourceTypeManagementPreference` is never sent. Its role may call exactly
 * `backup:DescribeRegionSettings` and `backup:UpdateRegionSettings`.
 *
 * On delete the settings are left as they are: other plans in the account may rely on the opt-in.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 */
export class ResourceTypeOptInSetting extends Construct {
  /**
   * Whether `x` is a `ResourceTypeOptInSetting` (works across copies of this library).
   */
  public static isResourceTypeOptInSetting(x: any): x is ResourceTypeOptInSetting {
    return hasMarker(x, RESOURCE_TYPE_OPT_IN_SETTING_MARKER);
  }

  /**
   * The resource types this setting opts in.
   */
  public readonly resourceTypes: string[];

  constructor(scope: Construct, id: string, props: ResourceTypeOptInSettingProps) {
    super(scope, id);
    Object.defineProperty(this, RESOURCE_TYPE_OPT_IN_SETTING_MARKER, { value: true });

    validateBackupResourceTypes(props.resourceTypes, `ResourceTypeOptInSetting '${this.node.path}': resourceTypes`, (v) => Token.isUnresolved(v));
    this.resourceTypes = [...props.resourceTypes];

    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      Annotations.of(this).addWarningV2('cdk-cross-account-backup:resource-type-opt-in-setting-env-agnostic',
        `Stack '${stack.stackName}' is environment-agnostic, so this setting takes effect in whatever account and Region the stack is deployed to, ` +
        'and CrossAccountCopyChecks cannot match it to the account and Region of a backed-up cluster (CAB-RESOURCE). ' +
        "Give the stack an explicit env: { account: '111111111111', region: 'eu-west-1' }.");
    }

    addRegionSettingsResource(this, {
      setting: 'ResourceTypeOptInSetting',
      resourceType: 'Custom::BackupResourceTypeOptInSetting',
      description: 'Turns on AWS Backup service opt-in for some resource types (keeps all other Region settings)',
      optIn: this.resourceTypes,
      fullManagement: [],
      logGroup: props.logGroup,
    });
  }
}
