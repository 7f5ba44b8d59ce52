/** Message text of CAB-DDB-ADVANCED. */
import type { MessageParts } from '../finding';
import { DOCS, envText, featureNotSupportedError, planText, resourceText, routeText } from './common';
import type { CopyRoute, Env, ResourceModel } from '../model/types';

/** DynamoDB copied across accounts without AWS Backup advanced features. */
export function dynamoDbWithoutAdvancedFeatures(route: CopyRoute, resource: ResourceModel, backupEnv: Env): MessageParts {
  return {
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}, but `
      + `AWS Backup advanced features for DynamoDB are not declared for ${envText(backupEnv)}. Without them AWS Backup `
      + 'keeps DynamoDB backups in DynamoDB and cannot copy them to another account.',
    awsError: featureNotSupportedError('DynamoDB', route.source.env.region, route.destination.env.region),
    fix: `enable advanced DynamoDB backup in ${envText(backupEnv)} with a DynamoDbAdvancedBackupSetting in that account `
      + 'and Region (or `aws backup update-region-settings --resource-type-opt-in-preference DynamoDB=true '
      + '--resource-type-management-preference DynamoDB=true`). If it is already on (the default for accounts whose first '
      + 'vault was created after 21 November 2021), declare dynamoDbAdvancedFeatures: true in the checks\' options.',
    docUrl: DOCS.advancedDynamoDb,
  };
}
