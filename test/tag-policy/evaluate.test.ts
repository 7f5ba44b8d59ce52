import { App, Lazy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { TagPolicy, TagPolicyViolationReason } from '../../src';
import type { TagModel } from '../../src/checks/model/types';

const RP = 'backup:recovery-point';
const p = (doc: unknown, name = 'p') => TagPolicy.fromJson(JSON.stringify(doc), name);

describe('tag key casing', () => {
  const policy = p({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } });

  test('the exact capitalization complies', () => {
    expect(policy.evaluate(RP, [{ key: 'CostCenter', value: 'anything' }])).toEqual([]);
  });

  test.each(['costcenter', 'COSTCENTER', 'Costcenter'])('%p differs only in case: non-compliant', (key) => {
    expect(policy.evaluate(RP, [{ key, value: '1' }])).toEqual([{
      tagKey: key,
      tagValue: '1',
      policyKey: 'costcenter',
      requiredTagKey: 'CostCenter',
      allowedValues: undefined,
      reason: TagPolicyViolationReason.KEY_CASING,
      enforced: false,
    }]);
  });

  test('tags the policy does not name comply (even "Cost-Center")', () => {
    expect(policy.evaluate(RP, [{ key: 'Cost-Center', value: 'x' }, { key: 'Name', value: 'y' }])).toEqual([]);
  });

  test('without tag_key the required case is lower case', () => {
    const noKey = p({ tags: { CostCenter: { tag_value: ['1'] } } });
    expect(noKey.evaluate(RP, [{ key: 'CostCenter', value: '1' }]).map((r) => r.reason)).toEqual([TagPolicyViolationReason.KEY_CASING]);
    expect(noKey.evaluate(RP, [{ key: 'costcenter', value: '1' }])).toEqual([]);
  });

  test('wrong case and a wrong value: two results', () => {
    const both = p({ tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100'] } } });
    expect(both.evaluate(RP, [{ key: 'costcenter', value: 'abc' }]).map((r) => r.reason))
      .toEqual([TagPolicyViolationReason.KEY_CASING, TagPolicyViolationReason.VALUE]);
  });
});

describe('allowed values', () => {
  const policy = p({ tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200', '300*'] }, owner: { tag_key: 'Owner', tag_value: ['*@example.com'] } } });
  const ok = (key: string, value: string) => policy.evaluate(RP, [{ key, value }]).length === 0;

  test('exact values, case-sensitive', () => {
    expect(ok('CostCenter', '100')).toBe(true);
    expect(ok('CostCenter', '1000')).toBe(false);
    expect(ok('CostCenter', ' 100')).toBe(false);
    const env = p({ tags: { env: { tag_key: 'Env', tag_value: ['Prod'] } } });
    expect(env.evaluate(RP, [{ key: 'Env', value: 'prod' }]).map((r) => r.reason)).toEqual([TagPolicyViolationReason.VALUE]);
  });

  test('a trailing * matches any suffix, including none', () => {
    expect(ok('CostCenter', '300')).toBe(true);
    expect(ok('CostCenter', '300-marketing')).toBe(true);
    expect(ok('CostCenter', '30')).toBe(false);
    expect(ok('CostCenter', 'x300')).toBe(false);
  });

  test('a leading * matches any prefix', () => {
    expect(ok('Owner', 'jane@example.com')).toBe(true);
    expect(ok('Owner', '@example.com')).toBe(true);
    expect(ok('Owner', 'jane@example.org')).toBe(false);
    expect(ok('Owner', 'jane@EXAMPLE.com')).toBe(false);
  });

  test('a * in the middle', () => {
    const mid = p({ tags: { app: { tag_value: ['app-*-prod'] } } });
    expect(mid.evaluate(RP, [{ key: 'app', value: 'app-billing-prod' }])).toEqual([]);
    expect(mid.evaluate(RP, [{ key: 'app', value: 'app--prod' }])).toEqual([]);
    expect(mid.evaluate(RP, [{ key: 'app', value: 'app-prod' }])).toHaveLength(1); // prefix and suffix may not overlap
  });

  test('"*" alone allows any value, including the empty one', () => {
    const any = p({ tags: { app: { tag_value: ['*'] } } });
    expect(any.evaluate(RP, [{ key: 'app', value: '' }, { key: 'app', value: 'x' }])).toEqual([]);
  });

  test('an empty value complies only when allowed', () => {
    expect(ok('CostCenter', '')).toBe(false);
    const withEmpty = p({ tags: { app: { tag_value: [''] } } });
    expect(withEmpty.evaluate(RP, [{ key: 'app', value: '' }])).toEqual([]);
  });

  test('no tag_value: any value complies; "@@assign": [] rejects every value', () => {
    const color = p({ tags: { color: { tag_key: 'Color', tag_value: { '@@assign': [] } }, owner: { tag_key: 'Owner' } } });
    expect(color.evaluate(RP, [{ key: 'Owner', value: 'whatever' }])).toEqual([]);
    expect(color.evaluate(RP, [{ key: 'Color', value: 'blue' }])).toEqual([expect.objectContaining({
      reason: TagPolicyViolationReason.VALUE, allowedValues: [],
    })]);
  });

  test('a value that is not known at synth time is reported as unresolved, only when values are restricted', () => {
    const token = Token.asString(Lazy.string({ produce: () => '100' }));
    expect(policy.evaluate(RP, [{ key: 'CostCenter', value: token }, { key: 'CostCenter' }]).map((r) => [r.reason, r.tagValue]))
      .toEqual([[TagPolicyViolationReason.UNRESOLVED, undefined], [TagPolicyViolationReason.UNRESOLVED, undefined]]);
    const keysOnly = p({ tags: { costcenter: { tag_key: 'CostCenter' } } });
    expect(keysOnly.evaluate(RP, [{ key: 'CostCenter' }])).toEqual([]);
  });

  test('a key that is a token is not evaluated', () => {
    expect(policy.evaluate(RP, [{ key: Token.asString(Lazy.string({ produce: () => 'CostCenter' })), value: 'bad' }])).toEqual([]);
  });
});

describe('enforced_for', () => {
  const policy = p({
    tags: {
      exact: { tag_value: ['ok'], enforced_for: ['backup:recovery-point'] },
      star: { tag_value: ['ok'], enforced_for: ['backup:*'] },
      all: { tag_value: ['ok'], enforced_for: ['backup:ALL_SUPPORTED'] },
      other: { tag_value: ['ok'], enforced_for: ['backup:backup-vault', 'dynamodb:ALL_SUPPORTED', 'ec2:*'] },
      none: { tag_value: ['ok'] },
    },
  });
  const enforced = (key: string, type = RP) => policy.evaluate(type, [{ key, value: 'bad' }])[0].enforced;

  test('the resource type itself, service:* and service:ALL_SUPPORTED enforce', () => {
    expect(enforced('exact')).toBe(true);
    expect(enforced('star')).toBe(true);
    expect(enforced('all')).toBe(true);
  });

  test('other resource types of the same service, other services and no enforced_for only report', () => {
    expect(enforced('other')).toBe(false);
    expect(enforced('none')).toBe(false);
    expect(enforced('exact', 'backup:backup-vault')).toBe(false);
    expect(enforced('other', 'backup:backup-vault')).toBe(true);
    expect(enforced('other', 'dynamodb:table')).toBe(true);
    expect(enforced('other', 'ec2:instance')).toBe(true);
    expect(enforced('star', 'backupgateway:vm')).toBe(false); // a service prefix is not a string prefix
  });

  test('isEnforced answers per tag key and resource type', () => {
    expect(policy.isEnforced('EXACT', RP)).toBe(true);
    expect(policy.isEnforced('none', RP)).toBe(false);
    expect(policy.isEnforced('unknown', RP)).toBe(false);
  });

  test.each(['backup', 'backup:*', '*:recovery-point', ''])('a resource type %p is refused', (type) => {
    expect(() => policy.evaluate(type, [])).toThrow(/Expected a resource type of the form "service:resource-type"/);
    expect(() => policy.isEnforced('exact', type)).toThrow(/service:resource-type/);
  });
});

/** The example of docs/tag-policies.md: root, OU and account policies of a realistic organization. */
describe('docs/tag-policies.md example: root > OU > account', () => {
  const root = p({
    tags: {
      costcenter: {
        tag_key: { '@@assign': 'CostCenter', '@@operators_allowed_for_child_policies': ['@@none'] },
        tag_value: { '@@assign': ['100', '200', '300*'], '@@operators_allowed_for_child_policies': ['@@append', '@@remove'] },
        enforced_for: { '@@assign': ['backup:recovery-point', 'dynamodb:table'] },
      },
      environment: {
        tag_key: { '@@assign': 'Environment', '@@operators_allowed_for_child_policies': ['@@none'] },
        tag_value: { '@@assign': ['prod', 'staging', 'dev'] },
        enforced_for: { '@@assign': ['backup:ALL_SUPPORTED'] },
      },
    },
  }, 'root.json');
  const ou = p({
    tags: {
      costcenter: { tag_value: { '@@append': ['400'] } },
      environment: { tag_value: { '@@append': ['sandbox'] } },
    },
  }, 'ou-workloads.json');
  const account = p({
    tags: {
      costcenter: { tag_key: { '@@assign': 'costCenter' }, tag_value: { '@@remove': ['200'] } },
      environment: { tag_value: { '@@remove': ['dev', 'sandbox'] } },
    },
  }, 'account-111111111111.json');
  const effective = TagPolicy.effective([root, ou, account]);

  test('the effective policy', () => {
    expect(JSON.parse(effective.toJson())).toEqual({
      tags: {
        costcenter: { tag_key: 'CostCenter', tag_value: ['100', '300*', '400'], enforced_for: ['backup:recovery-point', 'dynamodb:table'] },
        environment: { tag_key: 'Environment', tag_value: ['prod', 'staging'], enforced_for: ['backup:ALL_SUPPORTED'] },
      },
    });
    expect(effective.tagKeys).toEqual(['CostCenter', 'Environment']);
    expect(effective.ignoredChanges).toEqual([
      'account-111111111111.json: tags.costcenter.tag_key.@@assign: @@assign ignored because a parent policy allows child policies no operators (@@none) here',
    ]);
  });

  test('a table tagged CostCenter=abc and environment=prod breaks the copy to the recovery point', () => {
    expect(effective.evaluate(RP, [
      { key: 'CostCenter', value: 'abc' },
      { key: 'environment', value: 'prod' },
      { key: 'Team', value: 'payments' },
    ])).toEqual([
      {
        tagKey: 'CostCenter',
        tagValue: 'abc',
        policyKey: 'costcenter',
        requiredTagKey: 'CostCenter',
        allowedValues: ['100', '300*', '400'],
        reason: TagPolicyViolationReason.VALUE,
        enforced: true,
      },
      {
        tagKey: 'environment',
        tagValue: 'prod',
        policyKey: 'environment',
        requiredTagKey: 'Environment',
        allowedValues: ['prod', 'staging'],
        reason: TagPolicyViolationReason.KEY_CASING,
        enforced: true,
      },
    ]);
    expect(effective.evaluate(RP, [{ key: 'CostCenter', value: '300-42' }, { key: 'Environment', value: 'staging' }])).toEqual([]);
  });
});

describe('the evaluator the checks use', () => {
  const policy = p({
    tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '300*'], enforced_for: ['backup:recovery-point'] } },
  });

  test('maps to the TagPolicyViolation contract; an undefined TagModel value is unresolved', () => {
    const tags: TagModel[] = [
      { key: 'CostCenter', value: 'abc', source: 'resource' },
      { key: 'costcenter', value: '100', source: 'recovery-point-tags' },
      { key: 'CostCenter', source: 'resource' },
      { key: 'CostCenter', value: '300-1', source: 'resource' },
    ];
    expect(policy._toEvaluator().evaluateTags(tags, RP)).toEqual([
      { tagKey: 'CostCenter', tagValue: 'abc', policyKey: 'CostCenter', allowedValues: ['100', '300*'], reason: 'value', enforced: true },
      { tagKey: 'costcenter', tagValue: '100', policyKey: 'CostCenter', allowedValues: ['100', '300*'], reason: 'key-casing', enforced: true },
      { tagKey: 'CostCenter', tagValue: undefined, policyKey: 'CostCenter', allowedValues: ['100', '300*'], reason: 'unresolved', enforced: true },
    ]);
  });

  test('reads the tags a CDK app renders through Tags.of(...)', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    Tags.of(table).add('CostCenter', 'abc');
    Tags.of(stack).add('environment', 'prod');
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'));
    const rendered = resource.Properties.Tags as Array<{ Key: string; Value: string }>;
    expect(rendered).toHaveLength(2);
    const models: TagModel[] = rendered.map((t) => ({ key: t.Key, value: t.Value, source: 'resource' }));
    expect(policy._toEvaluator().evaluateTags(models, RP).map((v) => `${v.tagKey}=${v.tagValue}: ${v.reason}`))
      .toEqual(['CostCenter=abc: value']);
  });

  // A guard against quadratic work, not a benchmark (that is `npx projen bench`): it takes about 90 ms
  // on an idle 2-core machine, and up to 600 ms under load with coverage; 5 s leaves room for both.
  test('evaluation is linear: 10,000 resources with 10 tags each well under 5 s', () => {
    const evaluator = policy._toEvaluator();
    const tags: TagModel[] = Array.from({ length: 10 }, (_, i) => ({ key: i === 0 ? 'CostCenter' : `Tag${i}`, value: `v${i}`, source: 'resource' }));
    const start = Date.now();
    let found = 0;
    for (let i = 0; i < 10_000; i++) {
      found += evaluator.evaluateTags(tags, RP).length;
    }
    expect(found).toBe(10_000);
    expect(Date.now() - start).toBeLessThan(5_000);
  });
});
