/**
 * CAB-DDB-ADVANCED: a DynamoDB table copied to another account while AWS Backup advanced features
 * are not declared for its account and Region (`dynamoDbAdvancedFeatures: true`, or a
 * `DynamoDbAdvancedBackupSetting` for that account and Region). Attaches to the table.
 *
 * Owns every cross-account copy of DynamoDB without advanced features (cross-Region too, since the
 * same fix lifts both); same-account copies are CAB-RESOURCE's.
 */
import { resourceAttachmentPath } from '../../private/attachment';
import { backupEnvOf, dynamoDbAdvancedEnabled } from '../capabilities/queries';
import { makeFinding, type Finding, type Rule } from '../finding';
import { dynamoDbWithoutAdvancedFeatures } from '../messages/cab-ddb-advanced';
import { RuleIds } from '../rule-ids';

export const cabDdbAdvanced: Rule = (model, options) => {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const route of model.routes) {
    if (route.crossAccount !== true) continue;
    for (const resource of route.resources) {
      if (resource.type !== 'DynamoDB') continue;
      const env = backupEnvOf(resource, route.source.env);
      if (dynamoDbAdvancedEnabled(env, options, model.settings)) continue;
      if (seen.has(resource.id)) continue;
      seen.add(resource.id);
      findings.push(makeFinding(RuleIds.DDB_ADVANCED, 'error', resourceAttachmentPath(resource, route), dynamoDbWithoutAdvancedFeatures(route, resource, env), route.id));
    }
  }
  return findings;
};
