/**
 * onEvent handler of `DynamoDbAdvancedBackupSetting` (custom_resources.Provider framework).
 *
 * Create / Update: read the Region settings (DescribeRegionSettings), set `DynamoDB: true` in
 * `ResourceTypeOptInPreference` and `ResourceTypeManagementPreference`, keep every other key as it
 * was, and write (UpdateRegionSettings) only when something changes. Both maps are sent whole, so
 * the result is the same whether the API replaces the maps or merges them into the stored ones.
 *
 * Delete: leaves the settings as they are (see the construct's documentation).
 *
 * Runs on the Lambda Node.js runtime, which provides `@aws-sdk/client-backup` (SDK v3).
 */
// Provided by the Lambda Node.js runtime; a devDependency here only for types and tests, so it must
// not become a runtime dependency of the library.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  BackupClient,
  DescribeRegionSettingsCommand,
  UpdateRegionSettingsCommand,
  type DescribeRegionSettingsCommandOutput,
  type UpdateRegionSettingsCommandInput,
} from '@aws-sdk/client-backup';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/** The resource type key AWS Backup uses for Amazon DynamoDB in both preference maps. */
export const DYNAMODB = 'DynamoDB';

/** Physical id of the resource: one per account and Region, never changes. */
export const PHYSICAL_RESOURCE_ID = 'DynamoDbAdvancedBackupSetting';

/** What the Provider framework expects back from an onEvent handler. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly [key: string]: string };
}

const backup = new BackupClient({});

/**
 * The UpdateRegionSettings request that enables DynamoDB advanced features on top of `current`,
 * or `undefined` when both preferences are already `true` (nothing to write).
 */
export function planRegionSettingsUpdate(
  current: Pick<DescribeRegionSettingsCommandOutput, 'ResourceTypeOptInPreference' | 'ResourceTypeManagementPreference'>,
): UpdateRegionSettingsCommandInput | undefined {
  const optIn = current.ResourceTypeOptInPreference ?? {};
  const management = current.ResourceTypeManagementPreference ?? {};
  if (optIn[DYNAMODB] === true && management[DYNAMODB] === true) {
    return undefined;
  }
  return {
    ResourceTypeOptInPreference: { ...optIn, [DYNAMODB]: true },
    ResourceTypeManagementPreference: { ...management, [DYNAMODB]: true },
  };
}

export async function handler(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  const region = process.env.AWS_REGION ?? 'the current Region';

  if (event.RequestType === 'Delete') {
    console.log(`Delete: leaving the AWS Backup Region settings of ${region} unchanged (DynamoDB advanced features stay enabled).`);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }

  const physicalResourceId = event.RequestType === 'Update' ? event.PhysicalResourceId : PHYSICAL_RESOURCE_ID;

  let current: DescribeRegionSettingsCommandOutput;
  try {
    current = await backup.send(new DescribeRegionSettingsCommand({}));
  } catch (error) {
    throw apiError('DescribeRegionSettings', region, error);
  }
  console.log('Current Region settings:', JSON.stringify({
    ResourceTypeOptInPreference: current.ResourceTypeOptInPreference,
    ResourceTypeManagementPreference: current.ResourceTypeManagementPreference,
  }));

  const update = planRegionSettingsUpdate(current);
  if (!update) {
    console.log(`DynamoDB advanced features are already enabled in ${region}; nothing to change.`);
    return { PhysicalResourceId: physicalResourceId, Data: { Changed: 'false' } };
  }

  console.log('Writing Region settings:', JSON.stringify(update));
  try {
    await backup.send(new UpdateRegionSettingsCommand(update));
  } catch (error) {
    throw apiError('UpdateRegionSettings', region, error);
  }
  return { PhysicalResourceId: physicalResourceId, Data: { Changed: 'true' } };
}

/** An error that says which call failed, where, why, and what to check. */
function apiError(operation: string, region: string, error: unknown): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new Error(
    `DynamoDbAdvancedBackupSetting: AWS Backup ${operation} failed in ${region}: ${name}: ${message}. ` +
    `Check that the function's role allows backup:${operation} and that AWS Backup supports DynamoDB advanced features in this Region.`,
    { cause: error },
  );
}
