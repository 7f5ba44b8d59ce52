/** Message text of CAB-DDB-ADVANCED (and of the same-account DynamoDB findings of CAB-RESOURCE). */
import type { FindingDetails, MessageParts } from '../finding';
import { DOCS, envText, featureNotSupportedError, planText, resourceId, resourceText, routeText } from './common';
import type { CopyRoute, Env, ResourceModel } from '../model/types';

/** Who has advanced features on without doing anything (S-DDB, facts §4.4). */
export const DYNAMODB_ADVANCED_DEFAULT = 'AWS Backup turns advanced DynamoDB backup features on by default for customers who '
  + 'had not created a backup vault before November 21, 2021 ("Advanced DynamoDB backup" page); older accounts have them '
  + 'off until someone enables them, and synth cannot see which is the case.';

/** How to turn the features on in `env`. */
export function enableDynamoDbAdvancedFix(env: Env): string {
  return `enable advanced DynamoDB backup in ${envText(env)} with a DynamoDbAdvancedBackupSetting in a stack of that account `
    + 'and Region (or `aws backup update-region-settings --resource-type-opt-in-preference DynamoDB=true '
    + '--resource-type-management-preference DynamoDB=true`)';
}

/** How to declare the features in the checks' options. */
export const DECLARE_DYNAMODB_ADVANCED = 'if they are on in every account and Region that backs up DynamoDB (check with '
  + '`aws backup describe-region-settings`: "DynamoDB": true under ResourceTypeManagementPreference), declare '
  + 'dynamoDbAdvancedFeatures: true in the checks\' options';

/** `resources`, `accounts` and `regions` (where the features are judged: the backup's account and Region). */
function ddbDetails(resource: ResourceModel, backupEnv: Env): FindingDetails {
  return {
    resources: [resourceId(resource)],
    ...(backupEnv.account !== undefined ? { accounts: [backupEnv.account] } : {}),
    ...(backupEnv.region !== undefined ? { regions: [backupEnv.region] } : {}),
  };
}

/** The short fix: the construct that turns the features on. */
function enableShortFix(env: Env): string {
  return `add a DynamoDbAdvancedBackupSetting to a stack of ${envText(env)}`;
}

/** What the copy needs, and what happens without it. */
function withoutAdvanced(what: string): string {
  return `Without advanced features AWS Backup keeps DynamoDB backups in DynamoDB and cannot copy them ${what}.`;
}

/**
 * DynamoDB copied across accounts with advanced features declared off (error): by the checks' options,
 * or, when `fact` names them, by external facts (`fact`: what the facts are called, e.g. "external facts
 * of account 111111111111 in eu-west-1"). Details: `resources`, `accounts`, `regions`, `facts`.
 */
export function dynamoDbWithoutAdvancedFeatures(route: CopyRoute, resource: ResourceModel, backupEnv: Env, fact?: string): MessageParts {
  const declared = fact === undefined ? 'declared off (dynamoDbAdvancedFeatures: false)'
    : `off according to the ${fact} (ResourceTypeManagementPreference "DynamoDB": false)`;
  return {
    messageId: 'dynamo-db-without-advanced-features',
    details: { ...ddbDetails(resource, backupEnv), ...(fact !== undefined ? { facts: fact } : {}) },
    summary: `${resourceText(resource)} is copied across accounts, but advanced DynamoDB backup is `
      + `${fact === undefined ? 'declared off' : 'off (external facts)'} where it is backed up.`,
    shortFix: `${enableShortFix(backupEnv)}.`,
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}, but `
      + `AWS Backup advanced features for DynamoDB are ${declared} and no `
      + `DynamoDbAdvancedBackupSetting enables them for ${envText(backupEnv)}. ${withoutAdvanced('to another account')}`,
    awsError: featureNotSupportedError('DynamoDB', route.source.env.region, route.destination.env.region),
    fix: `${enableDynamoDbAdvancedFix(backupEnv)}.`,
    docUrl: DOCS.advancedDynamoDb,
  };
}

/**
 * DynamoDB copied (across accounts, or within the account) with advanced features not declared (warning).
 * Details: `resources`, `accounts`, `regions`.
 */
export function dynamoDbAdvancedUndeclared(route: CopyRoute, resource: ResourceModel, backupEnv: Env): MessageParts {
  const where = route.crossAccount === true ? 'to another account' : 'at all, not even to another vault of the account';
  return {
    messageId: 'dynamo-db-advanced-undeclared',
    details: ddbDetails(resource, backupEnv),
    summary: `Copies of ${resourceText(resource)} need advanced DynamoDB backup; nothing declares it on.`,
    shortFix: `${enableShortFix(backupEnv)} or declare dynamoDbAdvancedFeatures.`,
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}, and `
      + `nothing declares whether AWS Backup advanced features for DynamoDB are on in ${envText(backupEnv)}. `
      + `${withoutAdvanced(where)} ${DYNAMODB_ADVANCED_DEFAULT} If they are off, the copy job fails with `
      + `"${featureNotSupportedError('DynamoDB', route.source.env.region, route.destination.env.region)}".`,
    fix: `${enableDynamoDbAdvancedFix(backupEnv)}, which also declares them for the checks; or ${DECLARE_DYNAMODB_ADVANCED}; `
      + 'or acknowledge this warning on the table once a test copy succeeded.',
    docUrl: DOCS.advancedDynamoDb,
  };
}
