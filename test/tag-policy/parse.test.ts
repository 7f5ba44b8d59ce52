import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TagPolicy } from '../../src';
import { TagPolicyError } from '../../src/tag-policy/errors';

/** The basic example of the "Tag policy syntax" page. */
const SYNTAX_EXAMPLE = {
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@assign': ['100', '200', '300*'] },
      enforced_for: { '@@assign': ['secretsmanager:ALL_SUPPORTED'] },
    },
  },
};

function parseError(doc: unknown, name = 'p.json'): TagPolicyError {
  const json = typeof doc === 'string' ? doc : JSON.stringify(doc);
  try {
    TagPolicy.fromJson(json, name);
  } catch (e) {
    expect(e).toBeInstanceOf(TagPolicyError);
    expect((e as Error).name).toBe('TagPolicyError');
    return e as TagPolicyError;
  }
  throw new Error('expected a TagPolicyError');
}

describe('parsing', () => {
  test('reads the syntax example of the AWS docs', () => {
    const policy = TagPolicy.fromJson(JSON.stringify(SYNTAX_EXAMPLE), 'root');
    expect(policy.name).toBe('root');
    expect(policy.tagKeys).toEqual(['CostCenter']);
    expect(policy.allowedValues('costcenter')).toEqual(['100', '200', '300*']);
    expect(policy.isEnforced('CostCenter', 'secretsmanager:secret')).toBe(true);
    expect(policy.isEnforced('CostCenter', 'backup:recovery-point')).toBe(false);
    expect(policy.ignoredChanges).toEqual([]);
  });

  test('fromJson without a name calls the policy "document"', () => {
    expect(TagPolicy.fromJson(JSON.stringify(SYNTAX_EXAMPLE)).name).toBe('document');
  });

  test('tag_key is optional: the required case is then lower case (policy key "CostCenter" -> "costcenter")', () => {
    const policy = TagPolicy.fromJson(JSON.stringify({ tags: { CostCenter: { tag_value: { '@@assign': ['A'] } } } }));
    expect(policy.tagKeys).toEqual(['costcenter']);
  });

  test('tag_value absent: any value; "@@assign": [] allows no value (docs example "Prevent use of a tag key")', () => {
    const policy = TagPolicy.fromJson(JSON.stringify({
      tags: {
        owner: { tag_key: { '@@assign': 'Owner' } },
        color: { tag_key: { '@@assign': 'Color' }, tag_value: { '@@assign': [] }, enforced_for: { '@@assign': ['dynamodb:table'] } },
      },
    }));
    expect(policy.allowedValues('Owner')).toBeUndefined();
    expect(policy.allowedValues('Color')).toEqual([]);
    expect(policy.allowedValues('NotInPolicy')).toBeUndefined();
  });

  test('reads an effective policy as Organizations displays it (values without operators)', () => {
    const effective = {
      tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Sandbox'], enforced_for: ['redshift:*', 'dynamodb:table'] } },
    };
    const policy = TagPolicy.fromJson(JSON.stringify(effective));
    expect(JSON.parse(policy.toJson())).toEqual(effective);
  });

  test('report_required_tag_for is read and merged like enforced_for', () => {
    const policy = TagPolicy.fromJson(JSON.stringify({
      tags: {
        costcenter: { tag_key: { '@@assign': 'CostCenter' }, report_required_tag_for: { '@@assign': ['backup:ALL_SUPPORTED'] } },
        owner: { tag_key: { '@@assign': 'Owner' }, report_required_tag_for: { '@@assign': ['ec2:instance'] } },
      },
    }));
    expect(policy.requiredTagKeys('backup:recovery-point')).toEqual(['CostCenter']);
    expect(policy.requiredTagKeys('ec2:instance')).toEqual(['Owner']);
    expect(policy.requiredTagKeys('s3:bucket')).toEqual([]);
  });

  test('fromFile reads a file synchronously and names the policy after its path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tag-policy-'));
    const file = path.join(dir, 'root.json');
    try {
      fs.writeFileSync(file, JSON.stringify(SYNTAX_EXAMPLE));
      const policy = TagPolicy.fromFile(file);
      expect(policy.name).toBe(file);
      expect(policy.tagKeys).toEqual(['CostCenter']);

      fs.writeFileSync(file, '{"tags": {"costcenter": {"tag_value": "100"}}}');
      expect(() => TagPolicy.fromFile(file)).toThrow(`Invalid tag policy ${file} at tags.costcenter.tag_value: expected a list`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fromFile on a missing file says so', () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir-tag-policy', 'root.json');
    expect(() => TagPolicy.fromFile(missing)).toThrow(/cannot read the file: ENOENT/);
  });
});

describe('bad input points at the path and says what is expected', () => {
  test('malformed JSON: the parser message with its position, plus line and column', () => {
    const e = parseError('{\n  "tags": {\n    "costcenter": }\n}');
    expect(e.message).toMatch(/^Invalid tag policy p\.json: malformed JSON at line 3, column 19 \(offset 32\): Unexpected token/);
    expect(e.jsonPath).toBe('');
    expect(e.source).toBe('p.json');
  });

  test('not an object / no tags / extra top-level key', () => {
    expect(parseError([]).message).toMatch(/expected a JSON object of the form \{"tags": \{\.\.\.\}\}, got a list \[\]/);
    expect(parseError({}).message).toMatch(/missing the "tags" key/);
    expect(parseError({ tags: {}, Version: '1' }).message).toMatch(/at Version: unexpected top-level key "Version"/);
  });

  test('non-object tags', () => {
    const e = parseError({ tags: ['costcenter'] });
    expect(e.jsonPath).toBe('tags');
    expect(e.message).toMatch(/at tags: expected an object of policy keys/);
  });

  test('a policy key that is not an object', () => {
    expect(parseError({ tags: { costcenter: 'CostCenter' } }).message)
      .toMatch(/at tags\.costcenter: expected an object with any of tag_key, tag_value, enforced_for, report_required_tag_for, got string "CostCenter"/);
  });

  test('policy keys that differ only in case', () => {
    expect(parseError({ tags: { costcenter: { tag_key: 'CostCenter' }, CostCenter: { tag_key: 'CostCenter' } } }).message)
      .toMatch(/at tags\.CostCenter: policy keys "costcenter" and "CostCenter" differ only in case/);
  });

  test('unknown @@ operators, at each level', () => {
    const setting = parseError({ tags: { costcenter: { tag_value: { '@@add': ['A'] } } } });
    expect(setting.jsonPath).toBe('tags.costcenter.tag_value.@@add');
    expect(setting.message).toMatch(/unknown operator "@@add"; the operators allowed here are @@assign, @@append, @@remove, @@operators_allowed_for_child_policies/);
    expect(parseError({ tags: { costcenter: { '@@assign': {} } } }).jsonPath).toBe('tags.costcenter.@@assign');
    expect(parseError({ tags: { '@@assign': {} } }).jsonPath).toBe('tags.@@assign');
  });

  test('unknown setting (typo)', () => {
    expect(parseError({ tags: { costcenter: { tag_values: { '@@assign': ['A'] } } } }).message)
      .toMatch(/at tags\.costcenter\.tag_values: unknown setting "tag_values"/);
  });

  test('a tag_value that is not a list', () => {
    const e = parseError({ tags: { costcenter: { tag_value: { '@@assign': '100' } } } });
    expect(e.jsonPath).toBe('tags.costcenter.tag_value.@@assign');
    expect(e.message).toMatch(/expected a list of strings, got string "100"/);
    const bare = parseError({ tags: { costcenter: { tag_value: '100' } } });
    expect(bare.jsonPath).toBe('tags.costcenter.tag_value');
    expect(bare.message).toMatch(/expected a list of allowed values, or an object with @@assign, @@append or @@remove around such a list/);
    expect(parseError({ tags: { costcenter: { tag_value: { '@@assign': ['A', 7] } } } }).jsonPath)
      .toBe('tags.costcenter.tag_value.@@assign[1]');
  });

  test('an operator object without any operator', () => {
    expect(parseError({ tags: { costcenter: { tag_value: {} } } }).message).toMatch(/got an object with no operator/);
  });

  test('more than one * wildcard in a tag value', () => {
    const e = parseError({ tags: { owner: { tag_value: { '@@assign': ['*@example.com', '*@*.com'] } } } });
    expect(e.jsonPath).toBe('tags.owner.tag_value.@@assign[1]');
    expect(e.message).toMatch(/"\*@\*\.com" has more than one \* wildcard/);
  });

  test('@@append / @@remove on the single-valued tag_key', () => {
    expect(parseError({ tags: { costcenter: { tag_key: { '@@append': 'CostCenter' } } } }).message)
      .toMatch(/at tags\.costcenter\.tag_key\.@@append: @@append works only on multi-valued settings/);
  });

  test('tag_key that is not the policy key ignoring case', () => {
    const e = parseError({ tags: { costcenter: { tag_key: { '@@assign': 'Cost-Center' } } } });
    expect(e.jsonPath).toBe('tags.costcenter.tag_key.@@assign');
    expect(e.message).toMatch(/must match the policy key "costcenter" except for case/);
    expect(parseError({ tags: { costcenter: { tag_key: { '@@assign': ['CostCenter'] } } } }).message)
      .toMatch(/expected the tag key with its required capitalization/);
  });

  test.each([
    ['backup', /expected "service:resource-type"/],
    ['backup:recovery-point:x', /expected "service:resource-type"/],
    ['*:*', /a wildcard cannot stand for all services/],
    ['*:table', /a wildcard cannot stand for all services/],
    ['Backup:recovery-point', /"Backup" is not a service prefix/],
    ['backup:recovery*', /"recovery\*" is not a resource type \(the only wildcards are/],
    ['backup:', /"" is not a resource type/],
  ])('an enforced_for entry %p is not service:resource-type', (entry, message) => {
    const e = parseError({ tags: { costcenter: { enforced_for: { '@@assign': ['dynamodb:table', entry] } } } });
    expect(e.jsonPath).toBe('tags.costcenter.enforced_for.@@assign[1]');
    expect(e.message).toMatch(message);
  });

  test.each(['backup:recovery-point', 'backup:*', 'backup:ALL_SUPPORTED', 'autoscaling:autoScalingGroup', 'elasticloadbalancing:loadbalancer'])(
    'accepts the enforced_for entry %p', (entry) => {
      expect(() => TagPolicy.fromJson(JSON.stringify({ tags: { costcenter: { enforced_for: [entry] } } }))).not.toThrow();
    });

  test('bad @@operators_allowed_for_child_policies', () => {
    expect(parseError({ tags: { costcenter: { tag_value: { '@@operators_allowed_for_child_policies': '@@none' } } } }).message)
      .toMatch(/expected a non-empty list of @@all, @@none, @@assign, @@append, @@remove/);
    expect(parseError({ tags: { costcenter: { tag_value: { '@@operators_allowed_for_child_policies': ['@@add'] } } } }).jsonPath)
      .toBe('tags.costcenter.tag_value.@@operators_allowed_for_child_policies[0]');
    expect(parseError({ tags: { costcenter: { tag_value: { '@@operators_allowed_for_child_policies': ['@@none', '@@append'] } } } }).message)
      .toMatch(/@@all and @@none stand alone/);
  });

  test('more shapes that are not a tag policy', () => {
    expect(() => TagPolicy.fromJson(42 as unknown as string)).toThrow(/expected the policy as a JSON string, got number 42/);
    expect(parseError({ tags: { '': { tag_key: '' } } }).message).toMatch(/at tags\.: a policy key names a tag key: 1 to 128 characters/);
    expect(parseError({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter', 'value': 'x' } } } }).message)
      .toMatch(/at tags\.costcenter\.tag_key\.value: unexpected key "value": expected an object \{"@@assign": "<TagKey>"\}/);
    expect(parseError({ tags: { costcenter: { tag_key: null } } }).message).toMatch(/at tags\.costcenter\.tag_key: expected .* got null/);
    expect(parseError({ tags: { costcenter: { enforced_for: 'backup:recovery-point' } } }).message)
      .toMatch(/expected a list of "service:resource-type" strings, or an object with @@assign/);
    expect(parseError({ tags: { costcenter: { tag_value: ['x'.repeat(257)] } } }).message).toMatch(/at most 256 characters, got 257/);
    const long = parseError({ tags: { costcenter: { tag_value: { '@@assign': 'y'.repeat(100) } } } });
    expect(long.message).toMatch(/got string "y+\.\.\.$/);
  });

  test('"@@all" is the default: no limit', () => {
    const root = TagPolicy.fromJson(JSON.stringify({ tags: { env: { tag_value: { '@@assign': ['a'], '@@operators_allowed_for_child_policies': ['@@all'] } } } }));
    const child = TagPolicy.fromJson(JSON.stringify({ tags: { env: { tag_value: { '@@remove': ['a'] } } } }));
    expect(TagPolicy.effective([root, child]).allowedValues('env')).toEqual([]);
  });

  test('effective() and attachedTogether() need at least one policy', () => {
    expect(() => TagPolicy.effective([])).toThrow(TagPolicyError);
    expect(() => TagPolicy.attachedTogether([])).toThrow(/at least one policy/);
  });
});
