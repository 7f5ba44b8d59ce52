import { TagPolicy } from '../../src';

/**
 * The inheritance examples of the AWS Organizations User Guide, each reproduced with the
 * effective policy the page shows:
 * https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html
 */
const p = (doc: unknown, name: string) => TagPolicy.fromJson(JSON.stringify(doc), name);
const effectiveJson = (policy: TagPolicy) => JSON.parse(policy.toJson());

const policyA = p({
  tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['Development', 'Support'] } } },
}, 'A');

describe('inheritance examples of the AWS docs', () => {
  test('example 1: a child @@assign overwrites the values and adds enforced_for', () => {
    const policyB = p({
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'CostCenter' },
          tag_value: { '@@assign': ['Sandbox'] },
          enforced_for: { '@@assign': ['redshift:*', 'dynamodb:table'] },
        },
      },
    }, 'B');
    expect(effectiveJson(TagPolicy.effective([policyA, policyB]))).toEqual({
      tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Sandbox'], enforced_for: ['redshift:*', 'dynamodb:table'] } },
    });
  });

  const policyC = p({
    tags: {
      costcenter: {
        tag_key: { '@@assign': 'CostCenter' },
        tag_value: { '@@append': ['Marketing'] },
        enforced_for: { '@@append': ['redshift:*', 'dynamodb:table'] },
      },
    },
  }, 'C');

  test('example 2: @@append adds to the inherited values, and adds a setting that is not inherited', () => {
    expect(effectiveJson(TagPolicy.effective([policyA, policyC]))).toEqual({
      tags: {
        costcenter: {
          tag_key: 'CostCenter',
          tag_value: ['Development', 'Support', 'Marketing'],
          enforced_for: ['redshift:*', 'dynamodb:table'],
        },
      },
    });
  });

  test('example 3: @@remove removes inherited values; removing a value that is not there does nothing', () => {
    // The page nests enforced_for inside tag_value (a typo); written here where it belongs.
    const policyD = p({
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'CostCenter' },
          tag_value: { '@@remove': ['Development', 'Marketing'] },
          enforced_for: { '@@remove': ['redshift:*', 'dynamodb:table'] },
        },
      },
    }, 'D');
    expect(effectiveJson(TagPolicy.effective([policyA, policyD]))).toEqual({
      tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Support'] } },
    });
    // The page's own sequence, A (root) > C (OU2) > D (account): Marketing is appended, then removed
    // again; enforced_for is emptied: "Compliance is not enforced for the CostCenter tag key".
    const effective = TagPolicy.effective([policyA, policyC, policyD]);
    expect(effectiveJson(effective)).toEqual({ tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Support'] } } });
    expect(effective.isEnforced('CostCenter', 'dynamodb:table')).toBe(false);
  });

  test('example 4: a child cannot use an operator the parent forbids; the attempt is ignored and reported', () => {
    const policyE = p({
      tags: {
        project: {
          tag_key: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'Project' },
          tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['Maintenance', 'Escalations'] },
        },
      },
    }, 'E');
    const policyF = p({
      tags: { project: { tag_key: { '@@assign': 'PROJECT' }, tag_value: { '@@append': ['Escalations - research'] } } },
    }, 'F');
    const effective = TagPolicy.effective([policyE, policyF]);
    expect(effectiveJson(effective)).toEqual({
      tags: { project: { tag_key: 'Project', tag_value: ['Maintenance', 'Escalations', 'Escalations - research'] } },
    });
    expect(effective.ignoredChanges).toEqual([
      'F: tags.project.tag_key.@@assign: @@assign ignored because a parent policy allows child policies no operators (@@none) here',
    ]);
    expect(effective.name).toBe('E > F');
  });

  test('example 4, continued: a forbidden @@assign on tag_value is ignored while @@append is applied', () => {
    const policyE = p({
      tags: { project: { tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['Maintenance'] } } },
    }, 'E');
    const child = p({ tags: { project: { tag_value: { '@@assign': ['Other'], '@@append': ['Research'] } } } }, 'child');
    const effective = TagPolicy.effective([policyE, child]);
    expect(effective.allowedValues('project')).toEqual(['Maintenance', 'Research']);
    expect(effective.ignoredChanges).toEqual([
      'child: tags.project.tag_value.@@assign: @@assign ignored because a parent policy allows child policies only @@append here',
    ]);
  });

  test('example 5: policies attached to the same node: the intersection of their child control operators applies', () => {
    const policyG = p({
      tags: { project: { tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['Maintenance'] } } },
    }, 'G');
    const policyH = p({
      tags: { project: { tag_value: { '@@operators_allowed_for_child_policies': ['@@append', '@@remove'] } } },
    }, 'H');
    const child = p({ tags: { project: { tag_value: { '@@remove': ['Maintenance'], '@@append': ['Research'] } } } }, 'child');
    const root = TagPolicy.attachedTogether([policyG, policyH]);
    expect(root.name).toBe('G + H');
    const effective = TagPolicy.effective([root, child]);
    expect(effective.allowedValues('project')).toEqual(['Maintenance', 'Research']);
    expect(effective.ignoredChanges).toEqual([
      'child: tags.project.tag_value.@@remove: @@remove ignored because a parent policy allows child policies only @@append here',
    ]);
  });

  test('example 6: policies attached to the same node: the first attached sets tag_key', () => {
    const policyJ = p({ tags: { project: { tag_key: { '@@assign': 'PROJECT' }, tag_value: { '@@append': ['Maintenance'] } } } }, 'J');
    const policyK = p({ tags: { project: { tag_key: { '@@assign': 'project' } } } }, 'K');
    expect(effectiveJson(TagPolicy.effective([TagPolicy.attachedTogether([policyJ, policyK])]))).toEqual({
      tags: { project: { tag_key: 'PROJECT', tag_value: ['Maintenance'] } },
    });
    expect(TagPolicy.attachedTogether([policyK, policyJ]).tagKeys).toEqual(['project']);
  });

  test('syntax page example 1: root locks the key case, an account policy adds values', () => {
    const root = p({
      tags: {
        CostCenter: { tag_key: { '@@assign': 'CostCenter', '@@operators_allowed_for_child_policies': ['@@none'] } },
        Project: { tag_key: { '@@assign': 'Project', '@@operators_allowed_for_child_policies': ['@@none'] } },
      },
    }, 'root');
    const account = p({
      tags: { CostCenter: { tag_value: { '@@assign': ['Production', 'Test'] } }, Project: { tag_value: { '@@assign': ['A', 'B'] } } },
    }, 'account');
    const effective = TagPolicy.effective([root, account]);
    expect(effectiveJson(effective)).toEqual({
      tags: {
        CostCenter: { tag_key: 'CostCenter', tag_value: ['Production', 'Test'] },
        Project: { tag_key: 'Project', tag_value: ['A', 'B'] },
      },
    });
    expect(effective.ignoredChanges).toEqual([]);
  });
});

describe('child control operators', () => {
  test('limits reach every level below, not only the next one', () => {
    const root = p({ tags: { env: { tag_value: { '@@assign': ['prod'], '@@operators_allowed_for_child_policies': ['@@none'] } } } }, 'root');
    const ou = p({ tags: { owner: { tag_key: 'Owner' } } }, 'ou');
    const account = p({ tags: { env: { tag_value: { '@@append': ['dev'] } } } }, 'account');
    const effective = TagPolicy.effective([root, ou, account]);
    expect(effective.allowedValues('env')).toEqual(['prod']);
    expect(effective.ignoredChanges).toHaveLength(1);
    expect(effective.ignoredChanges[0]).toMatch(/^account: tags\.env\.tag_value\.@@append: @@append ignored/);
  });

  test('a child cannot widen an inherited limit', () => {
    const root = p({ tags: { env: { tag_value: { '@@assign': ['prod'], '@@operators_allowed_for_child_policies': ['@@append'] } } } }, 'root');
    const ou = p({ tags: { env: { tag_value: { '@@append': ['qa'], '@@operators_allowed_for_child_policies': ['@@all'] } } } }, 'ou');
    const account = p({ tags: { env: { tag_value: { '@@remove': ['prod'] } } } }, 'account');
    const effective = TagPolicy.effective([root, ou, account]);
    expect(effective.allowedValues('env')).toEqual(['prod', 'qa']);
    expect(effective.ignoredChanges).toEqual([
      'account: tags.env.tag_value.@@remove: @@remove ignored because a parent policy allows child policies only @@append here',
    ]);
  });

  test('a limit on the policy key covers all its settings', () => {
    const root = p({ tags: { env: { '@@operators_allowed_for_child_policies': ['@@none'], 'tag_key': 'Env', 'tag_value': ['prod'] } } }, 'root');
    const account = p({ tags: { env: { tag_key: 'ENV', tag_value: { '@@append': ['dev'] }, enforced_for: ['s3:bucket'] } } }, 'account');
    const effective = TagPolicy.effective([root, account]);
    expect(effectiveJson(effective)).toEqual({ tags: { env: { tag_key: 'Env', tag_value: ['prod'] } } });
    expect(effective.ignoredChanges).toHaveLength(3);
  });

  test('a limit under tags covers every policy key, including keys a child would add', () => {
    const root = p({ tags: { '@@operators_allowed_for_child_policies': ['@@append'], 'env': { tag_value: ['prod'] } } }, 'root');
    const account = p({ tags: { env: { tag_value: { '@@append': ['dev'] } }, owner: { tag_key: 'Owner' } } }, 'account');
    const effective = TagPolicy.effective([root, account]);
    expect(effective.tagKeys).toEqual(['env']);
    expect(effective.allowedValues('env')).toEqual(['prod', 'dev']);
    expect(effective.ignoredChanges).toEqual([
      'account: tags.owner.tag_key: @@assign ignored because a parent policy allows child policies only @@append here',
    ]);
  });

  test('a limit declared for a key the parent does not define still binds the children', () => {
    const root = p({ tags: { env: { tag_value: { '@@operators_allowed_for_child_policies': ['@@none'] } } } }, 'root');
    const account = p({ tags: { env: { tag_value: ['dev'] } } }, 'account');
    const effective = TagPolicy.effective([root, account]);
    expect(effective.tagKeys).toEqual([]);
    expect(effective.ignoredChanges).toHaveLength(1);
  });

  test('the limits of a policy do not bind that policy itself', () => {
    const root = p({ tags: { env: { tag_value: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': ['a'], '@@append': ['b'] } } } }, 'root');
    expect(root.allowedValues('env')).toEqual(['a', 'b']);
    expect(root.ignoredChanges).toEqual([]);
  });
});

describe('effective policies compose', () => {
  const root = p({
    tags: { env: { tag_key: { '@@assign': 'Env', '@@operators_allowed_for_child_policies': ['@@none'] }, tag_value: { '@@assign': ['prod', 'dev'] } } },
  }, 'root');
  const ou = p({ tags: { env: { tag_value: { '@@remove': ['dev'] }, enforced_for: { '@@append': ['backup:recovery-point'] } } } }, 'ou');
  const account = p({ tags: { env: { tag_key: 'ENV', tag_value: { '@@append': ['staging'] } } } }, 'account');

  test('effective([effective([root, ou]), account]) equals effective([root, ou, account])', () => {
    const stepwise = TagPolicy.effective([TagPolicy.effective([root, ou]), account]);
    const flat = TagPolicy.effective([root, ou, account]);
    expect(stepwise.toJson()).toEqual(flat.toJson());
    expect(stepwise.ignoredChanges).toEqual(flat.ignoredChanges);
    expect(flat.ignoredChanges).toHaveLength(1);
  });

  test('a single policy is its own effective policy', () => {
    expect(TagPolicy.effective([root]).toJson()).toEqual(root.toJson());
  });

  test('duplicates are dropped, order kept', () => {
    const a = p({ tags: { env: { tag_value: ['a', 'b', 'a'] } } }, 'a');
    const b = p({ tags: { env: { tag_value: { '@@append': ['b', 'c'] } } } }, 'b');
    expect(TagPolicy.effective([a, b]).allowedValues('env')).toEqual(['a', 'b', 'c']);
  });

  test('policy keys of different levels merge ignoring case; the first spelling names the statement', () => {
    const a = p({ tags: { CostCenter: { tag_key: 'CostCenter' } } }, 'a');
    const b = p({ tags: { costcenter: { tag_value: ['100'] } } }, 'b');
    expect(effectiveJson(TagPolicy.effective([a, b]))).toEqual({ tags: { CostCenter: { tag_key: 'CostCenter', tag_value: ['100'] } } });
  });
});
