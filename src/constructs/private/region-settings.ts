/**
 * The custom resource that `DynamoDbAdvancedBackupSetting` and `ResourceTypeOptInSetting` share:
 * one handler (`handlers/region-settings`), the same two IAM actions, the same merge semantics.
 * Not part of the jsii API.
 */
import * as path from 'path';
import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/**
 * Directory of the handler. It holds only the handler: `index.ts` in `src/` (tests) and the
 * compiled `index.js` in the published `lib/`, which is what Lambda runs (`index.handler`).
 */
const HANDLER_DIR = path.join(__dirname, '..', 'handlers', 'region-settings');

/** The last Region-settings custom resource of each stack: the next one waits for it. */
const LAST_WRITER = new WeakMap<Stack, CustomResource>();

export interface RegionSettingsResourceOptions {
  /** The construct's class name: physical id and error prefix. */
  readonly setting: string;
  readonly resourceType: string;
  readonly description: string;
  /** Keys to set `true` in `ResourceTypeOptInPreference`. */
  readonly optIn: readonly string[];
  /** Keys to set `true` in `ResourceTypeManagementPreference`. */
  readonly fullManagement: readonly string[];
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Adds the handler function (its role allows exactly `backup:DescribeRegionSettings` and
 * `backup:UpdateRegionSettings`), a Provider, and the custom resource (id `Resource`) to `scope`.
 *
 * Both calls read and write whole maps, so two such resources of one stack must not run at the same
 * time (the later write would undo the earlier one): each depends on the previous one of its stack.
 */
export function addRegionSettingsResource(scope: Construct, options: RegionSettingsResourceOptions): CustomResource {
  const logGroup = options.logGroup ?? new logs.LogGroup(scope, 'LogGroup', { retention: logs.RetentionDays.ONE_YEAR });

  const handler = new lambda.Function(scope, 'Handler', {
    description: options.description,
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

  const provider = new cr.Provider(scope, 'Provider', {
    onEventHandler: handler,
    logGroup,
  });

  const resource = new CustomResource(scope, 'Resource', {
    resourceType: options.resourceType,
    serviceToken: provider.serviceToken,
    properties: {
      Setting: options.setting,
      ...(options.optIn.length > 0 ? { OptIn: [...options.optIn] } : {}),
      ...(options.fullManagement.length > 0 ? { FullManagement: [...options.fullManagement] } : {}),
    },
  });
  const stack = Stack.of(scope);
  const previous = LAST_WRITER.get(stack);
  if (previous) resource.node.addDependency(previous);
  LAST_WRITER.set(stack, resource);
  return resource;
}
