import { BackupPolicy } from '../../src';

/**
 * The backup policy examples of the AWS Organizations User Guide, each with the effective policy
 * the page shows (the page's JSON typos fixed: the missing `{` after `target_backup_vault_arn`,
 * `to_delete_after_days` written `delete_after_days`, `:vault:` written `:backup-vault:`):
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-examples
 */
const p = (doc: unknown, name: string) => BackupPolicy.fromJson(JSON.stringify(doc), name);

/** The effective policy as Organizations displays it: every `{"@@assign": v}` shown as `v`. */
function displayed(policy: BackupPolicy): unknown {
  const bare = (node: any): any => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
    const keys = Object.keys(node).filter((k) => k !== '@@operators_allowed_for_child_policies');
    if (keys.length === 1 && keys[0] === '@@assign') return node['@@assign'];
    return Object.fromEntries(keys.map((k) => [k, bare(node[k])]));
  };
  return bare(JSON.parse(policy.toJson()));
}

const vault = (name: string) => `arn:aws:backup:us-east-1:$account:backup-vault:${name}`;
const copy = (name: string, del: string, cold: string) => ({
  [vault(name)]: {
    target_backup_vault_arn: { '@@assign': vault(name) },
    lifecycle: { delete_after_days: { '@@assign': del }, move_to_cold_storage_after_days: { '@@assign': cold } },
  },
});
const piiSelection = {
  tags: {
    datatype: {
      iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/MyIamRole' },
      tag_key: { '@@assign': 'dataType' },
      tag_value: { '@@assign': ['PII', 'RED'] },
    },
  },
};
const piiParent = {
  plans: {
    PII_Backup_Plan: {
      regions: { '@@append': ['us-east-1', 'ap-northeast-3', 'eu-north-1'] },
      rules: {
        Hourly: {
          schedule_expression: { '@@assign': 'cron(0 0/1 ? * * *)' },
          start_backup_window_minutes: { '@@assign': '60' },
          target_backup_vault_name: { '@@assign': 'FortKnox' },
          lifecycle: { delete_after_days: { '@@assign': '2' }, move_to_cold_storage_after_days: { '@@assign': '180' } },
          copy_actions: copy('secondary_vault', '28', '180'),
        },
      },
      selections: piiSelection,
    },
  },
};
const piiEffective = {
  regions: ['us-east-1', 'ap-northeast-3', 'eu-north-1'],
  rules: {
    Hourly: {
      schedule_expression: 'cron(0 0/1 ? * * *)',
      start_backup_window_minutes: '60',
      target_backup_vault_name: 'FortKnox',
      lifecycle: { delete_after_days: '2', move_to_cold_storage_after_days: '180' },
      copy_actions: { [vault('secondary_vault')]: { target_backup_vault_arn: vault('secondary_vault'), lifecycle: { delete_after_days: '28', move_to_cold_storage_after_days: '180' } } },
    },
  },
  selections: { tags: { datatype: { iam_role_arn: 'arn:aws:iam::$account:role/MyIamRole', tag_key: 'dataType', tag_value: ['PII', 'RED'] } } },
};
const monthlyChild = {
  plans: {
    Monthly_Backup_Plan: {
      regions: { '@@append': ['us-east-1', 'eu-central-1'] },
      rules: {
        Monthly: {
          schedule_expression: { '@@assign': 'cron(0 5 1 * ? *)' },
          start_backup_window_minutes: { '@@assign': '480' },
          target_backup_vault_name: { '@@assign': 'Default' },
          lifecycle: { delete_after_days: { '@@assign': '365' }, move_to_cold_storage_after_days: { '@@assign': '30' } },
          copy_actions: copy('Default', '365', '30'),
        },
      },
      selections: {
        tags: {
          MonthlyDatatype: {
            iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/MyMonthlyBackupIamRole' },
            tag_key: { '@@assign': 'BackupType' },
            tag_value: { '@@assign': ['MONTHLY', 'RED'] },
          },
        },
      },
    },
  },
};

/** Put `@@operators_allowed_for_child_policies: ["@@none"]` on every node of a policy below `plans` (example 3). */
function lockedEverywhere(node: any, lockHere: boolean): any {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) out[k] = k.startsWith('@@') ? v : lockedEverywhere(v, true);
  if (lockHere) out['@@operators_allowed_for_child_policies'] = ['@@none'];
  return out;
}

describe('backup policy examples of the AWS docs', () => {
  test('example 1: a policy assigned to a parent node is the effective policy as is', () => {
    const parent = p(piiParent, 'parent');
    expect(displayed(BackupPolicy.effective([parent]))).toEqual({ plans: { PII_Backup_Plan: piiEffective } });
  });

  test('example 2: a parent policy merged with a child policy holds both plans', () => {
    const effective = BackupPolicy.effective([p(piiParent, 'parent'), p(monthlyChild, 'child')]);
    expect(effective.planNames).toEqual(['PII_Backup_Plan', 'Monthly_Backup_Plan']);
    expect((displayed(effective) as any).plans.Monthly_Backup_Plan).toEqual({
      regions: ['us-east-1', 'eu-central-1'],
      rules: {
        Monthly: {
          schedule_expression: 'cron(0 5 1 * ? *)',
          start_backup_window_minutes: '480',
          target_backup_vault_name: 'Default',
          lifecycle: { delete_after_days: '365', move_to_cold_storage_after_days: '30' },
          copy_actions: { [vault('Default')]: { target_backup_vault_arn: vault('Default'), lifecycle: { delete_after_days: '365', move_to_cold_storage_after_days: '30' } } },
        },
      },
      selections: { tags: { MonthlyDatatype: { iam_role_arn: 'arn:aws:iam::$account:role/MyMonthlyBackupIamRole', tag_key: 'BackupType', tag_value: ['MONTHLY', 'RED'] } } },
    });
    expect((displayed(effective) as any).plans.PII_Backup_Plan).toEqual(piiEffective);
  });

  test('example 3: @@none at every node: child policies are ignored and the parent is the effective policy', () => {
    const parent = p({ plans: lockedEverywhere(piiParent.plans, true) }, 'parent');
    const child = p({
      plans: {
        PII_Backup_Plan: { regions: { '@@assign': ['us-west-2'] }, rules: { Hourly: { target_backup_vault_name: { '@@assign': 'Default' } } } },
        ...monthlyChild.plans,
      },
    }, 'child');
    const effective = BackupPolicy.effective([parent, child]);
    expect(displayed(effective)).toEqual({ plans: { PII_Backup_Plan: piiEffective } });
    expect(effective.ignoredChanges).toEqual([
      'child: plans.PII_Backup_Plan.regions.@@assign: @@assign ignored because a parent policy allows child policies no operators (@@none) here',
      'child: plans.PII_Backup_Plan.rules.Hourly.target_backup_vault_name.@@assign: @@assign ignored because a parent policy allows child policies no operators (@@none) here',
      'child: plans.Monthly_Backup_Plan: adding "Monthly_Backup_Plan" ignored because a parent policy allows child policies no operators (@@none) here',
    ]);
  });

  test('example 4: @@append at plans lets a child add a plan but not change the inherited one', () => {
    const parentPlans = lockedEverywhere(piiParent.plans, false);
    parentPlans['@@operators_allowed_for_child_policies'] = ['@@append'];
    const child = p({
      plans: {
        PII_Backup_Plan: { regions: { '@@append': ['us-west-2'] } },
        ...monthlyChild.plans,
      },
    }, 'child');
    const effective = BackupPolicy.effective([p({ plans: parentPlans }, 'parent'), child]);
    expect(effective.planNames).toEqual(['PII_Backup_Plan', 'Monthly_Backup_Plan']);
    expect((displayed(effective) as any).plans.PII_Backup_Plan).toEqual(piiEffective);
    expect(effective.ignoredChanges).toHaveLength(1);
  });

  test('example 5: a child policy overrides settings of the parent', () => {
    const parent = p(piiParent, 'parent');
    const child = p({
      plans: {
        PII_Backup_Plan: {
          regions: { '@@assign': ['us-west-2', 'eu-central-1'] },
          rules: {
            Hourly: {
              schedule_expression: { '@@assign': 'cron(0 0/2 ? * * *)' },
              start_backup_window_minutes: { '@@assign': '80' },
              target_backup_vault_name: { '@@assign': 'Default' },
              lifecycle: { delete_after_days: { '@@assign': '365' }, move_to_cold_storage_after_days: { '@@assign': '30' } },
            },
          },
        },
      },
    }, 'child');
    expect(displayed(BackupPolicy.effective([parent, child]))).toEqual({
      plans: {
        PII_Backup_Plan: {
          ...piiEffective,
          regions: ['us-west-2', 'eu-central-1'],
          rules: {
            Hourly: {
              ...piiEffective.rules.Hourly,
              schedule_expression: 'cron(0 0/2 ? * * *)',
              start_backup_window_minutes: '80',
              target_backup_vault_name: 'Default',
              lifecycle: { delete_after_days: '365', move_to_cold_storage_after_days: '30' },
            },
          },
        },
      },
    });
  });
});

describe('effective policy mechanics', () => {
  test('rule and plan names match without case; the name first written is kept', () => {
    const child = p({ plans: { pii_backup_plan: { rules: { hourly: { target_backup_vault_name: { '@@assign': 'Other' } } } } } }, 'child');
    const effective = BackupPolicy.effective([p(piiParent, 'parent'), child]);
    expect(effective.planNames).toEqual(['PII_Backup_Plan']);
    expect((displayed(effective) as any).plans.PII_Backup_Plan.rules.Hourly.target_backup_vault_name).toBe('Other');
  });

  test('@@remove takes a Region out of the inherited list', () => {
    const child = p({ plans: { PII_Backup_Plan: { regions: { '@@remove': ['ap-northeast-3'] } } } }, 'child');
    expect((displayed(BackupPolicy.effective([p(piiParent, 'parent'), child])) as any).plans.PII_Backup_Plan.regions).toEqual(['us-east-1', 'eu-north-1']);
  });

  test('an effective policy merges further like the levels it came from', () => {
    const child = p(monthlyChild, 'child');
    const stepwise = BackupPolicy.effective([BackupPolicy.effective([p(piiParent, 'parent')]), child]);
    expect(displayed(stepwise)).toEqual(displayed(BackupPolicy.effective([p(piiParent, 'parent'), child])));
  });

  test('policies attached together: the first single value wins, lists accumulate', () => {
    const a = p({ plans: { P: { regions: { '@@append': ['eu-west-1'] }, rules: { R: { target_backup_vault_name: { '@@assign': 'first' } } } } } }, 'a');
    const b = p({ plans: { P: { regions: { '@@append': ['eu-west-2'] }, rules: { R: { target_backup_vault_name: { '@@assign': 'second' } } } } } }, 'b');
    const level = BackupPolicy.attachedTogether([a, b]);
    expect(level.name).toBe('a + b');
    expect(displayed(BackupPolicy.effective([level]))).toEqual({
      plans: { P: { regions: ['eu-west-1', 'eu-west-2'], rules: { R: { target_backup_vault_name: 'first' } } } },
    });
  });

  test('effective and attachedTogether refuse an empty list', () => {
    expect(() => BackupPolicy.effective([])).toThrow(/at least one policy/);
    expect(() => BackupPolicy.attachedTogether([])).toThrow(/at least one policy/);
  });
});
