/**
 * onEvent handler of `DynamoDbAdvancedBackupSetting` and `ResourceTypeOptInSetting`
 * (custom_resources.Provider framework): sets some keys of the AWS Backup Region settings to `true`
 * and keeps every other key.
 *
 * Resource properties:
 * - `Setting`: the construct's name (`DynamoDbAdvancedBackupSetting`, ...), the physical id and the
 *   prefix of every error;
 * - `OptIn`: resource types to set `true` in `ResourceTypeOptInPreference`;
 * - `FullManagement`: resource types to set `true` in `ResourceTypeManagementPreference`.
 *
 * Create / Update: read the Region settings (DescribeRegionSettings), set the requested keys, keep
 * every other key as it was, and write (UpdateRegionSettings) only when something changes, and only
 * the maps that hold a requested key. Those maps are sent whole, so the result is the same whether the
 * API replaces a map or merges it into the stored one.
 *
 * Delete: leaves the settings as they are (see the constructs' documentation).
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

/** What to set, from the custom resource's properties. */
export interface RegionSettingsRequest {
  /** Construct name: physical id and error prefix. */
  readonly setting: string;
  /** Keys to set `true` in `ResourceTypeOptInPreference`. */
  readonly optIn: readonly string[];
  /** Keys to set `true` in `ResourceTypeManagementPreference`. */
  readonly fullManagement: readonly string[];
}

/** What the Provider framework expects back from an onEvent handler. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly [key: string]: string };
}

const backup = new BackupClient({});

/** The request in the event's resource properties (missing lists are empty). */
export function requestOf(properties: { readonly [key: string]: unknown }): RegionSettingsRequest {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    setting: typeof properties.Setting === 'string' ? properties.Setting : 'RegionSettings',
    optIn: list(properties.OptIn),
    fullManagement: list(properties.FullManagement),
  };
}

/**
 * The UpdateRegionSettings request that sets the requested keys on top of `current`, or `undefined`
 * when they are all `true` already (nothing to write). A map without a requested key is not sent.
 */
export function planRegionSettingsUpdate(
  current: Pick<DescribeRegionSettingsCommandOutput, 'ResourceTypeOptInPreference' | 'ResourceTypeManagementPreference'>,
  request: Pick<RegionSettingsRequest, 'optIn' | 'fullManagement'>,
): UpdateRegionSettingsCommandInput | undefined {
  const optIn = current.ResourceTypeOptInPreference ?? {};
  const management = current.ResourceTypeManagementPreference ?? {};
  const optInChanges = request.optIn.filter((k) => optIn[k] !== true);
  const managementChanges = request.fullManagement.filter((k) => management[k] !== true);
  if (optInChanges.length === 0 && managementChanges.length === 0) return undefined;
  const withTrue = (map: Record<string, boolean>, keys: readonly string[]) =>
    keys.reduce<Record<string, boolean>>((acc, k) => ({ ...acc, [k]: true }), { ...map });
  return {
    ...(request.optIn.length > 0 ? { ResourceTypeOptInPreference: withTrue(optIn, request.optIn) } : {}),
    ...(request.fullManagement.length > 0 ? { ResourceTypeManagementPreference: withTrue(management, request.fullManagement) } : {}),
  };
}

export async function handler(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  const region = process.env.AWS_REGION ?? 'the current Region';
  const request = requestOf(event.ResourceProperties);

  if (event.RequestType === 'Delete') {
    console.log(`Delete: leaving the AWS Backup Region settings of ${region} unchanged.`);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }

  const physicalResourceId = event.RequestType === 'Update' ? event.PhysicalResourceId : request.setting;

  let current: DescribeRegionSettingsCommandOutput;
  try {
    current = await backup.send(new DescribeRegionSettingsCommand({}));
  } catch (error) {
    throw apiError(request.setting, 'DescribeRegionSettings', region, error);
  }
  console.log('Current Region settings:', JSON.stringify({
    ResourceTypeOptInPreference: current.ResourceTypeOptInPreference,
    ResourceTypeManagementPreference: current.ResourceTypeManagementPreference,
  }));

  const update = planRegionSettingsUpdate(current, request);
  if (!update) {
    console.log(`The requested Region settings are already on in ${region}; nothing to change.`);
    return { PhysicalResourceId: physicalResourceId, Data: { Changed: 'false' } };
  }

  console.log('Writing Region settings:', JSON.stringify(update));
  try {
    await backup.send(new UpdateRegionSettingsCommand(update));
  } catch (error) {
    throw apiError(request.setting, 'UpdateRegionSettings', region, error);
  }
  return { PhysicalResourceId: physicalResourceId, Data: { Changed: 'true' } };
}

/** An error that says which call failed, where, why, and what to check. */
function apiError(setting: string, operation: string, region: string, error: unknown): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new Error(
    `${setting}: AWS Backup ${operation} failed in ${region}: ${name}: ${message}. ` +
    `Check that the function's role allows backup:${operation} and that AWS Backup supports these resource types in this Region.`,
    { cause: error },
  );
}
