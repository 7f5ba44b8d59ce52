/**
 * CAB-DDB-ADVANCED: a DynamoDB table copied to another account while AWS Backup advanced features
 * are not declared on for its account and Region. Attaches to the table.
 *
 * - error: declared off (`dynamoDbAdvancedFeatures: false` and no `DynamoDbAdvancedBackupSetting` for
 *   that account and Region): AWS documents that DynamoDB backups without advanced features cannot be
 *   copied (facts §1.1, §4.4).
 * - warning: not declared either way. AWS turns the features on by default for customers who created
 *   no backup vault before November 21, 2021, so synth cannot know the setting.
 *
 * Owns every cross-account copy of DynamoDB without declared advanced features (cross-Region too, since
 * the same fix lifts both); same-account copies are CAB-RESOURCE's.
 */
import { backupEnvOf, dynamoDbAdvancedState } from '../capabilities/queries';
import { makeFinding, type Finding, type Rule } from '../finding';
import { dynamoDbAdvancedUndeclared, dynamoDbWithoutAdvancedFeatures } from '../messages/cab-ddb-advanced';
import { resourceAttachmentPath } from '../model/attachment';
import { RuleIds } from '../rule-ids';

export const cabDdbAdvanced: Rule = (model, options) => {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const route of model.routes) {
    if (route.crossAccount !== true) continue;
    for (const resource of route.resources) {
      if (resource.type !== 'DynamoDB' || seen.has(resource.id)) continue;
      const env = backupEnvOf(resource, route.source.env);
      const state = dynamoDbAdvancedState(env, options, model.settings);
      if (state === 'on') continue;
      seen.add(resource.id);
      const path = resourceAttachmentPath(resource, route);
      findings.push(state === 'off'
        ? makeFinding(RuleIds.DDB_ADVANCED, 'error', path, dynamoDbWithoutAdvancedFeatures(route, resource, env), route.id)
        : makeFinding(RuleIds.DDB_ADVANCED, 'warning', path, dynamoDbAdvancedUndeclared(route, resource, env), route.id));
    }
  }
  return findings;
};
