import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackupPolicy, BackupPolicyConditionOperator } from '../../src';
import { BackupPolicyError } from '../../src/backup-policy/errors';

const ROLE = 'arn:aws:iam::$account:role/BackupRole';
const COPY = 'arn:aws:backup:eu-central-1:111122223333:backup-vault:central';

/** A valid policy with one plan, one copy rule and one tag selection; `patch` edits it. */
function policy(patch: (plan: any) => void = () => undefined): string {
  const plan: any = {
    regions: { '@@assign': ['eu-west-1'] },
    rules: {
      nightly: {
        schedule_expression: { '@@assign': 'cron(0 5 ? * * *)' },
        target_backup_vault_name: { '@@assign': 'local' },
        lifecycle: { delete_after_days: { '@@assign': '35' } },
        copy_actions: { [COPY]: { target_backup_vault_arn: { '@@assign': COPY }, lifecycle: { delete_after_days: { '@@assign': '35' } } } },
      },
    },
    selections: { tags: { daily: { iam_role_arn: { '@@assign': ROLE }, tag_key: { '@@assign': 'backup' }, tag_value: { '@@assign': ['daily'] } } } },
  };
  patch(plan);
  return JSON.stringify({ plans: { daily: plan } });
}

function errorOf(fn: () => unknown): BackupPolicyError {
  try {
    fn();
  } catch (e) {
    return e as BackupPolicyError;
  }
  throw new Error('expected an error');
}

describe('BackupPolicy.fromJson', () => {
  test('reads a valid policy and writes it back unchanged', () => {
    const json = policy();
    const parsed = BackupPolicy.fromJson(json, 'root');
    expect(parsed.name).toBe('root');
    expect(parsed.planNames).toEqual(['daily']);
    expect(JSON.parse(parsed.toJson())).toEqual(JSON.parse(json));
    expect(JSON.parse(BackupPolicy.fromJson(parsed.toJson()).toJson())).toEqual(JSON.parse(json));
  });

  test('reads bare values as @@assign (an effective policy as Organizations displays it)', () => {
    const bare = BackupPolicy.fromJson(JSON.stringify({ plans: { p: { regions: ['eu-west-1'], rules: { r: { target_backup_vault_name: 'local', enable_continuous_backup: true } } } } }));
    expect(JSON.parse(bare.toJson())).toEqual({
      plans: { p: { regions: { '@@assign': ['eu-west-1'] }, rules: { r: { target_backup_vault_name: { '@@assign': 'local' }, enable_continuous_backup: { '@@assign': true } } } } },
    });
  });

  test.each([
    ['malformed JSON', '{"plans": {', '', /malformed JSON at line 1, column 12/],
    ['JSON nested deeper than 64 levels (8 KB of [ )', `{"plans": ${'['.repeat(8 * 1024)}`, '', /nests deeper than 64 levels at line 1, column 74 \(offset 73\)/],
    ['a tag policy', JSON.stringify({ tags: {} }), 'tags', /tag policy \(TAG_POLICY\).*TagPolicy\.fromJson/],
    ['no plans key', JSON.stringify({}), '', /missing the "plans" key/],
    ['an unknown top-level key', JSON.stringify({ plans: {}, extra: 1 }), 'extra', /unknown key "extra"/],
    ['duplicate keys', '{"plans": {"a": {"regions": ["eu-west-1"]}, "a": {}}}', 'plans', /duplicate key "a"/],
    ['keys differing only in case', policy((p) => { p.rules.Nightly = p.rules.nightly; }), 'plans.daily.rules.Nightly', /differ only in case/],
    ['an unknown rule key', policy((p) => { p.rules.nightly.schedule = 'x'; }), 'plans.daily.rules.nightly.schedule', /unknown key "schedule".*schedule_expression/],
    ['@@assign on a collection', policy((p) => { p.rules = { '@@assign': {} }; }), 'plans.daily.rules.@@assign', /stands only on a setting/],
    ['@@append on a single value', policy((p) => { p.rules.nightly.target_backup_vault_name = { '@@append': 'x' }; }),
      'plans.daily.rules.nightly.target_backup_vault_name.@@append', /works only on lists/],
    ['an unknown operator', policy((p) => { p.regions = { '@@replace': ['eu-west-1'] }; }), 'plans.daily.regions.@@replace', /unknown operator "@@replace"/],
    ['a bad child control value', policy((p) => { p['@@operators_allowed_for_child_policies'] = ['@@some']; }),
      'plans.daily.@@operators_allowed_for_child_policies[0]', /"@@some" is not an operator/],
    ['a child control operator at the top level', JSON.stringify({ 'plans': {}, '@@operators_allowed_for_child_policies': ['@@none'] }),
      '@@operators_allowed_for_child_policies', /operators allowed here are none/],
    ['an unknown variable', policy((p) => { p.selections.tags.daily.iam_role_arn = { '@@assign': 'arn:aws:iam::$acct:role/R' }; }),
      'plans.daily.selections.tags.daily.iam_role_arn.@@assign', /unknown variable \$acct/],
    ['$region in an IAM role ARN', policy((p) => { p.selections.tags.daily.iam_role_arn = { '@@assign': 'arn:aws:iam:$region:$account:role/R' }; }),
      'plans.daily.selections.tags.daily.iam_role_arn.@@assign', /IAM ARNs have no Region field/],
    ['$account outside an ARN', policy((p) => { p.rules.nightly.target_backup_vault_name = { '@@assign': 'vault-$account' }; }),
      'plans.daily.rules.nightly.target_backup_vault_name.@@assign', /replaces \$account and \$region only in ARNs/],
    ['$account in the Region field', policy((p) => { const k = 'arn:aws:backup:$account:111122223333:backup-vault:central'; p.rules.nightly.copy_actions = { [k]: { target_backup_vault_arn: { '@@assign': k } } }; }),
      'plans.daily.rules.nightly.copy_actions.arn:aws:backup:$account:111122223333:backup-vault:central', /must be the whole account field/],
    ['a copy action not keyed by a vault ARN', policy((p) => { p.rules.nightly.copy_actions = { central: { target_backup_vault_arn: { '@@assign': COPY } } }; }),
      'plans.daily.rules.nightly.copy_actions.central', /keyed by the ARN of its destination vault/],
    ['a bad destination vault ARN', policy((p) => { p.rules.nightly.copy_actions[COPY].target_backup_vault_arn = { '@@assign': 'arn:aws:backup:eu-central-1:111122223333:vault:central' }; }),
      `plans.daily.rules.nightly.copy_actions.${COPY}.target_backup_vault_arn.@@assign`, /not a backup vault ARN/],
    ['a copy action whose key and vault differ', policy((p) => { p.rules.nightly.copy_actions[COPY].target_backup_vault_arn = { '@@assign': 'arn:aws:backup:eu-central-1:111122223333:backup-vault:other' }; }),
      `plans.daily.rules.nightly.copy_actions.${COPY}.target_backup_vault_arn`, /key names the copy action/],
    ['a bad role ARN', policy((p) => { p.selections.tags.daily.iam_role_arn = { '@@assign': 'BackupRole' }; }),
      'plans.daily.selections.tags.daily.iam_role_arn.@@assign', /not an IAM role ARN/],
    ['a bad Region', policy((p) => { p.regions = { '@@assign': ['Ireland'] }; }), 'plans.daily.regions.@@assign[0]', /not a Region code/],
    ['a vault ARN as the vault name', policy((p) => { p.rules.nightly.target_backup_vault_name = { '@@assign': COPY }; }),
      'plans.daily.rules.nightly.target_backup_vault_name.@@assign', /not a vault name/],
    ['a non-integer lifecycle', policy((p) => { p.rules.nightly.lifecycle.delete_after_days = { '@@assign': 'ten' }; }),
      'plans.daily.rules.nightly.lifecycle.delete_after_days.@@assign', /whole number/],
    ['a tag selection with resource keys', policy((p) => { p.selections.tags.daily.resource_types = { '@@assign': ['*'] }; }),
      'plans.daily.selections.tags.daily.resource_types', /either a tag selection.*or a resource selection/],
    ['a resource selection with tag keys', policy((p) => { p.selections = { resources: { all: { iam_role_arn: { '@@assign': ROLE }, tag_key: { '@@assign': 'x' } } } }; }),
      'plans.daily.selections.resources.all.tag_key', /move the tag query under "tags"/],
    ['a condition key that is not a resource tag', policy((p) => {
      p.selections = { resources: { all: { iam_role_arn: { '@@assign': ROLE }, resource_types: { '@@assign': ['*'] }, conditions: { string_equals: { env: { condition_key: { '@@assign': 'env' }, condition_value: { '@@assign': 'prod' } } } } } } };
    }), 'plans.daily.selections.resources.all.conditions.string_equals.env.condition_key.@@assign', /aws:ResourceTag\/<tag key>/],
    ['a resource entry that is not an ARN', policy((p) => { p.selections = { resources: { all: { iam_role_arn: { '@@assign': ROLE }, resource_types: { '@@assign': ['dynamodb'] } } } }; }),
      'plans.daily.selections.resources.all.resource_types.@@assign[0]', /not a resource ARN/],
  ])('refuses %s, naming the JSON path', (_what, json, jsonPath, message) => {
    const e = errorOf(() => BackupPolicy.fromJson(json, 'root.json'));
    expect(e.name).toBe('BackupPolicyError');
    expect(e.source).toBe('root.json');
    expect(e.jsonPath).toBe(jsonPath);
    expect(e.message).toMatch(message);
  });

  test('refuses more than 30 conditions in one selection', () => {
    const conditions: any = { string_equals: {} };
    for (let i = 0; i < 31; i++) conditions.string_equals[`c${i}`] = { condition_key: { '@@assign': `aws:ResourceTag/k${i}` }, condition_value: { '@@assign': 'v' } };
    const e = errorOf(() => BackupPolicy.fromJson(policy((p) => {
      p.selections = { resources: { all: { iam_role_arn: { '@@assign': ROLE }, resource_types: { '@@assign': ['*'] }, conditions } } };
    })));
    expect(e.jsonPath).toBe('plans.daily.selections.resources.all.conditions');
    expect(e.message).toMatch(/31 conditions in one selection, at most 30/);
  });

  test('refuses more than 30 wildcard ARNs in one selection', () => {
    const arns = Array.from({ length: 31 }, (_, i) => `arn:aws:dynamodb:*:*:table/t${i}*`);
    const e = errorOf(() => BackupPolicy.fromJson(policy((p) => {
      p.selections = { resources: { all: { iam_role_arn: { '@@assign': ROLE }, resource_types: { '@@assign': arns } } } };
    })));
    expect(e.message).toMatch(/31 ARNs with wildcards, at most 30/);
  });

  test('accepts $region in the Region field of a copy destination and of resource ARNs', () => {
    const vault = 'arn:aws:backup:$region:111122223333:backup-vault:central';
    expect(() => BackupPolicy.fromJson(policy((p) => {
      p.rules.nightly.copy_actions = { [vault]: { target_backup_vault_arn: { '@@assign': vault } } };
      p.selections = { resources: { all: { iam_role_arn: { '@@assign': ROLE }, resource_types: { '@@assign': ['arn:aws:dynamodb:$region:$account:table/*'] } } } };
    }))).not.toThrow();
  });

  test('fromFile reads a file and names it in errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-'));
    const file = path.join(dir, 'root.json');
    fs.writeFileSync(file, policy());
    expect(BackupPolicy.fromFile(file).name).toBe(file);
    fs.writeFileSync(file, '{');
    expect(errorOf(() => BackupPolicy.fromFile(file)).source).toBe(file);
    expect(errorOf(() => BackupPolicy.fromFile(path.join(dir, 'missing.json'))).message).toMatch(/cannot read the file/);
  });
});

describe('BackupPolicy.fromPlans', () => {
  test('renders the same JSON as the policy written by hand', () => {
    const built = BackupPolicy.fromPlans([{
      name: 'daily',
      regions: ['eu-west-1'],
      rules: [{
        name: 'nightly',
        scheduleExpression: 'cron(0 5 ? * * *)',
        targetBackupVaultName: 'local',
        lifecycle: { deleteAfterDays: 35 },
        copyActions: [{ destinationVaultArn: COPY, lifecycle: { deleteAfterDays: 35 } }],
      }],
      selections: [{ name: 'daily', iamRoleArn: ROLE, tagKey: 'backup', tagValues: ['daily'] }],
    }]);
    expect(JSON.parse(built.toJson())).toEqual(JSON.parse(policy()));
  });

  test('renders resource selections, conditions, tags, windows and advanced settings', () => {
    const built = BackupPolicy.fromPlans([{
      name: 'p',
      regions: ['eu-west-1'],
      rules: [{ name: 'r', targetBackupVaultName: 'local', startWindowMinutes: 60, completionWindowMinutes: 120, recoveryPointTags: { Owner: 'team' }, enableContinuousBackup: false }],
      selections: [{
        name: 'tables',
        iamRoleArn: ROLE,
        resources: ['arn:aws:dynamodb:*:*:table/*'],
        notResources: ['arn:aws:dynamodb:*:*:table/tmp-*'],
        conditions: [
          { operator: BackupPolicyConditionOperator.STRING_EQUALS, tagKey: 'env', value: 'prod' },
          { operator: BackupPolicyConditionOperator.STRING_EQUALS, tagKey: 'env', value: 'staging' },
        ],
      }],
      backupPlanTags: { Stage: 'Beta' },
      windowsVss: true,
    }]);
    const doc = JSON.parse(built.toJson()).plans.p;
    expect(doc.rules.r).toEqual({
      start_backup_window_minutes: { '@@assign': '60' },
      complete_backup_window_minutes: { '@@assign': '120' },
      target_backup_vault_name: { '@@assign': 'local' },
      recovery_point_tags: { owner: { tag_key: { '@@assign': 'Owner' }, tag_value: { '@@assign': 'team' } } },
      enable_continuous_backup: { '@@assign': false },
    });
    expect(doc.selections.resources.tables.conditions.string_equals).toEqual({
      env: { condition_key: { '@@assign': 'aws:ResourceTag/env' }, condition_value: { '@@assign': 'prod' } },
      env_2: { condition_key: { '@@assign': 'aws:ResourceTag/env' }, condition_value: { '@@assign': 'staging' } },
    });
    expect(doc.backup_plan_tags).toEqual({ stage: { tag_key: { '@@assign': 'Stage' }, tag_value: { '@@assign': 'Beta' } } });
    expect(doc.advanced_backup_settings).toEqual({ ec2: { windows_vss: { '@@assign': 'enabled' } } });
  });

  test.each([
    ['a selection with both forms', [{ name: 'p', regions: ['eu-west-1'], rules: [], selections: [{ name: 's', iamRoleArn: ROLE, tagKey: 'a', tagValues: ['b'], resources: ['*'] }] }],
      'plans.p.selections.s', /either a tag query .* or a resource selection/],
    ['a tag selection without values', [{ name: 'p', regions: ['eu-west-1'], rules: [], selections: [{ name: 's', iamRoleArn: ROLE, tagKey: 'a' }] }],
      'plans.p.selections.tags.s', /needs both tagKey and at least one of tagValues/],
    ['two plans of one name', [{ name: 'p', regions: ['eu-west-1'], rules: [] }, { name: 'p', regions: ['eu-west-1'], rules: [] }], 'plans.p', /two plans are named "p"/],
    ['a fractional lifecycle', [{ name: 'p', regions: ['eu-west-1'], rules: [{ name: 'r', targetBackupVaultName: 'vault', lifecycle: { deleteAfterDays: 1.5 } }] }],
      'plans.p.rules.r.lifecycle.delete_after_days', /whole number, got 1.5/],
    ['no plans', [], 'plans', /at least one plan/],
    ['a bad vault ARN (same check as fromJson)', [{ name: 'p', regions: ['eu-west-1'], rules: [{ name: 'r', targetBackupVaultName: 'vault', copyActions: [{ destinationVaultArn: 'central' }] }] }],
      'plans.p.rules.r.copy_actions.central', /keyed by the ARN of its destination vault/],
  ])('refuses %s', (_what, plans, jsonPath, message) => {
    const e = errorOf(() => BackupPolicy.fromPlans(plans as any, 'built'));
    expect(e.jsonPath).toBe(jsonPath);
    expect(e.message).toMatch(message);
  });
});
