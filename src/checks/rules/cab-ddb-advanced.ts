/**
 * CAB-DDB-ADVANCED: a DynamoDB table copied to another account while AWS Backup advanced features
 * are not declared on for its account and Region. Attaches to the table.
 *
 * - error: declared off (`dynamoDbAdvancedFeatures: false`, or external facts that say they are off in
 *   that account and Region, and no `DynamoDbAdvancedBackupSetting` for it): AWS documents that DynamoDB backups without advanced features cannot be
 *   copied (facts §1.1, §4.4).
 * - warning: not declared either way. AWS turns the features on by default for customers who created
 *   no backup vault before November 21, 2021, so synth cannot know the setting.
 *
 * Owns every cross-account copy of DynamoDB without declared advanced features (cross-Region too, since
 * the same fix lifts both); same-account copies are CAB-RESOURCE's.
 */
import { backupEnvOf, capabilityOf, dynamoDbAdvancedState, offSetting, type DynamoDbAdvancedState } from '../capabilities/queries';
import { makeFinding, type Finding } from '../finding';
import { dynamoDbAdvancedUndeclared, dynamoDbWithoutAdvancedFeatures } from '../messages/cab-ddb-advanced';
import { DOCS } from '../messages/common';
import { resourceAttachmentPath } from '../model/attachment';
import { envKey, PerList } from '../model/per-list';
import type { Env, ResourceModel } from '../model/types';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-DDB-ADVANCED';

const check: Rule = (model, options) => {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const perList = new PerList<Array<{ resource: ResourceModel; env: Env; state: DynamoDbAdvancedState }>>();
  for (const route of model.routes) {
    if (route.crossAccount !== true) continue;
    // the tables of the list whose features are not declared on, once per list and source environment
    const tables = perList.get(route.resources, envKey(route.source.env), () => route.resources.flatMap((resource) => {
      if (resource.type !== 'DynamoDB') return [];
      const env = backupEnvOf(resource, route.source.env);
      const state = dynamoDbAdvancedState(env, options, model.settings);
      return state === 'on' ? [] : [{ resource, env, state }];
    }));
    for (const { resource, env, state } of tables) {
      if (seen.has(resource.id)) continue;
      seen.add(resource.id);
      const path = resourceAttachmentPath(resource, route);
      findings.push(state === 'off'
        ? makeFinding(ID, 'error', path, dynamoDbWithoutAdvancedFeatures(route, resource, env,
          options.dynamoDbAdvancedFeatures === false ? undefined : offSetting('dynamodb-advanced', env, model.settings)?.constructPath), route.id)
        : makeFinding(ID, 'warning', path, dynamoDbAdvancedUndeclared(route, resource, env), route.id));
    }
  }
  return findings;
};

/** CAB-DDB-ADVANCED: the rule's one definition (registered in `rules/index.ts`). */
export const cabDdbAdvanced: RuleDefinition = {
  id: ID,
  title: 'DynamoDB copied across accounts without AWS Backup advanced features',
  severity: {
    error: 'advanced features declared off (or off in the external facts): AWS documents that DynamoDB backups without them cannot be copied',
    warning: 'not declared either way: AWS turns them on by default for some accounts only, so synth cannot know the setting',
    sources: [DOCS.advancedDynamoDb],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'DynamoDB advanced features',
  skipsWhenUnknown: ['backup-plan', 'environment', 'selected-resources'],
  appliesToTypes: (types) => types.some(t => capabilityOf(t).withAdvancedFeatures !== undefined),
  check,
};
