/**
 * Markers that let the checks recognise this library's constructs without importing them
 * (the same `Symbol.for` pattern aws-cdk-lib uses for `Stack.isStack`).
 */

/** Set to `true` on every `DynamoDbAdvancedBackupSetting`. */
export const DYNAMODB_ADVANCED_SETTING_MARKER = Symbol.for('cdk-cross-account-backup.DynamoDbAdvancedBackupSetting');

/** Set to `true` on every `CrossAccountBackupSetting`. */
export const CROSS_ACCOUNT_SETTING_MARKER = Symbol.for('cdk-cross-account-backup.CrossAccountBackupSetting');

/** True when `x` carries the marker. */
export function hasMarker(x: unknown, marker: symbol): boolean {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[marker] === true;
}

/** Set to `true` on every `ResourceTypeOptInSetting`. */
export const RESOURCE_TYPE_OPT_IN_SETTING_MARKER = Symbol.for('cdk-cross-account-backup.ResourceTypeOptInSetting');
