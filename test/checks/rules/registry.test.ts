/**
 * The rule registry (`RULES`): one definition per rule file, and every other registry derived from it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RuleIds } from '../../../src/checks/rule-ids';
import { RULES, skippedRuleIds } from '../../../src/checks/rules';

const RULES_DIR = path.join(__dirname, '..', '..', '..', 'src', 'checks', 'rules');

describe('RULES', () => {
  test('RuleIds.all() is the registry order, and every static id of RuleIds is a registered rule', () => {
    expect(RuleIds.all()).toEqual(RULES.map(r => r.id));
    const statics = Object.entries(RuleIds).filter(([, v]) => typeof v === 'string').map(([, v]) => v);
    expect(new Set(statics)).toEqual(new Set(RuleIds.all()));
    expect(RuleIds.all()[RuleIds.all().length - 1]).toBe(RuleIds.UNVERIFIABLE);
  });

  test('each rule lives in the file named after its id, which exports its one definition', () => {
    for (const rule of RULES) {
      const file = path.join(RULES_DIR, `${rule.id.toLowerCase()}.ts`);
      expect(fs.existsSync(file)).toBe(true);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const definitions = Object.values(require(file)).filter(v => v === rule);
      expect(definitions).toHaveLength(1);
    }
  });

  test('each definition has a title, a severity principle with sources, its doc page and a check', () => {
    for (const rule of RULES) {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.severity.error ?? rule.severity.warning).toBeDefined();
      expect(rule.severity.sources.length).toBeGreaterThan(0);
      for (const url of rule.severity.sources) expect(url).toMatch(/^https:\/\//);
      expect(rule.docUrl).toBe(`https://github.com/cdk-cross-account-backup/cdk-cross-account-backup/blob/main/docs/rules/${rule.id}.md`);
      expect(typeof rule.check).toBe('function');
      // A rule that can be skipped has a name for CAB-UNVERIFIABLE's "Not checked" list.
      if (rule.skipsWhenUnknown.length > 0) expect(rule.checkName).toBeDefined();
    }
  });

  test('the unknowns of the model skip the rules the builder listed before the model knew no rule ids', () => {
    // The lists build-from-constructs.ts held (ENV_RULES, RESOURCE_RULES, ...), as sets.
    const set = (ids: string[]) => new Set(ids);
    expect(set(skippedRuleIds({ unknown: ['environment'] }))).toEqual(set([
      RuleIds.ORG, RuleIds.XREGION_XACCOUNT, RuleIds.DDB_ADVANCED, RuleIds.AWS_MANAGED_KEY,
      RuleIds.KEY_POLICY, RuleIds.VAULT_POLICY, RuleIds.RESOURCE,
    ]));
    expect(set(skippedRuleIds({ unknown: ['selected-resources'] }))).toEqual(set([
      RuleIds.RESOURCE, RuleIds.XREGION_XACCOUNT, RuleIds.DDB_ADVANCED, RuleIds.AWS_MANAGED_KEY, RuleIds.KEY_POLICY, RuleIds.TAG_POLICY,
    ]));
    expect(skippedRuleIds({ unknown: ['backup-plan'] })).toEqual(RuleIds.all().filter(id => id !== RuleIds.UNVERIFIABLE));
    expect(skippedRuleIds({ unknown: ['resource-key', 'resource-tags'] })).toEqual([RuleIds.AWS_MANAGED_KEY, RuleIds.KEY_POLICY, RuleIds.TAG_POLICY]);
    expect(skippedRuleIds({ unknown: ['vault-region', 'vault-retention'] })).toEqual([RuleIds.RESOURCE, RuleIds.RETENTION]);
    expect(skippedRuleIds({ unknown: ['organization'] })).toEqual([RuleIds.ORG]);
    expect(skippedRuleIds({ unknown: [] })).toEqual([]);
  });

  test('an unknown about some resource types skips only the checks that can apply to them', () => {
    // EFS is fully managed: no AWS managed key rule, no single-action rule, no DynamoDB rule.
    expect(skippedRuleIds({ unknown: ['environment'], types: ['EFS'] }))
      .toEqual([RuleIds.ORG, RuleIds.RESOURCE, RuleIds.KEY_POLICY, RuleIds.VAULT_POLICY]);
    // No resources at all: neither the type rule nor the tag policy rule.
    expect(skippedRuleIds({ unknown: ['selected-resources'], types: [] })).toEqual([RuleIds.KEY_POLICY]);
    expect(skippedRuleIds({ unknown: ['selected-resources'], types: ['DynamoDB'] })).toContain(RuleIds.DDB_ADVANCED);
  });
});
