/**
 * The plans of an effective backup policy, for one account and Region, as plain data (internal;
 * read by the checks, `src/checks/model/read-backup-policies.ts`).
 *
 * `$account` and `$region` are replaced the way AWS Backup does when it runs the plan in a member
 * account ("it automatically replaces this variable with the current AWS account").
 */
import type { ResolvedNode } from '../org-policies/inheritance';

export interface PolicyLifecycle {
  readonly deleteAfterDays?: number;
  readonly moveToColdStorageAfterDays?: number;
}

export interface PolicyCopyAction {
  /** The copy action's key as written. */
  readonly key: string;
  /** `target_backup_vault_arn`, or the lower-cased key when it is missing (as AWS Backup does). */
  readonly targetVaultArn: string;
  readonly lifecycle?: PolicyLifecycle;
}

export interface PolicyRule {
  readonly name: string;
  readonly targetVaultName?: string;
  readonly lifecycle?: PolicyLifecycle;
  readonly copyActions: PolicyCopyAction[];
  readonly recoveryPointTags: { readonly key: string; readonly value?: string }[];
  readonly continuousBackup: boolean;
}

export interface PolicyCondition {
  readonly op: 'StringEquals' | 'StringNotEquals' | 'StringLike' | 'StringNotLike';
  readonly key: string;
  readonly value: string;
}

export interface PolicySelection {
  readonly name: string;
  readonly kind: 'tags' | 'resources';
  readonly iamRoleArn?: string;
  /** Tag selections. */
  readonly tagKey?: string;
  readonly tagValues?: string[];
  /** Resource selections. */
  readonly resourceArns?: string[];
  readonly notResourceArns?: string[];
  readonly conditions?: PolicyCondition[];
}

export interface PolicyPlan {
  readonly name: string;
  readonly regions: string[];
  readonly rules: PolicyRule[];
  readonly selections: PolicySelection[];
}

const CONDITION_OPS: Record<string, PolicyCondition['op']> = {
  string_equals: 'StringEquals', string_not_equals: 'StringNotEquals', string_like: 'StringLike', string_not_like: 'StringNotLike',
};

/** The plans of an effective policy with the variables of one account left in place. */
export function plansOf(root: ResolvedNode): PolicyPlan[] {
  const plans = root.children.get('plans');
  if (!plans) return [];
  return [...plans.children.values()].map((plan) => {
    const regions = listAt(plan, 'regions') ?? [];
    const rules = [...(plan.children.get('rules')?.children.values() ?? [])].map((rule): PolicyRule => ({
      name: rule.name,
      targetVaultName: strAt(rule, 'target_backup_vault_name'),
      lifecycle: lifecycleOf(rule.children.get('lifecycle')),
      copyActions: [...(rule.children.get('copy_actions')?.children.values() ?? [])].map((ca) => ({
        key: ca.name,
        targetVaultArn: strAt(ca, 'target_backup_vault_arn') ?? ca.name.toLowerCase(),
        lifecycle: lifecycleOf(ca.children.get('lifecycle')),
      })),
      recoveryPointTags: [...(rule.children.get('recovery_point_tags')?.children.values() ?? [])].flatMap((t) => {
        const key = strAt(t, 'tag_key');
        const v = t.children.get('tag_value')?.value;
        return key === undefined ? [] : [{ key, value: Array.isArray(v) ? v[0] : v }];
      }),
      continuousBackup: strAt(rule, 'enable_continuous_backup') === 'true',
    }));
    const selections: PolicySelection[] = [];
    const sel = plan.children.get('selections');
    for (const s of sel?.children.get('tags')?.children.values() ?? []) {
      selections.push({ name: s.name, kind: 'tags', iamRoleArn: strAt(s, 'iam_role_arn'), tagKey: strAt(s, 'tag_key'), tagValues: listAt(s, 'tag_value') ?? [] });
    }
    for (const s of sel?.children.get('resources')?.children.values() ?? []) {
      const conditions: PolicyCondition[] = [];
      for (const [opKey, op] of s.children.get('conditions')?.children ?? []) {
        for (const c of op.children.values()) {
          const key = strAt(c, 'condition_key');
          const value = strAt(c, 'condition_value');
          if (key !== undefined && value !== undefined) conditions.push({ op: CONDITION_OPS[opKey], key, value });
        }
      }
      selections.push({
        name: s.name,
        kind: 'resources',
        iamRoleArn: strAt(s, 'iam_role_arn'),
        resourceArns: listAt(s, 'resource_types') ?? [],
        notResourceArns: listAt(s, 'not_resource_types') ?? [],
        conditions,
      });
    }
    return { name: plan.name, regions, rules, selections };
  });
}

/** Replace `$account` and `$region` (AWS Backup does it when the plan runs in the account and Region). */
export function substitute(value: string, account: string, region: string): string {
  return value.replace(/\$account/g, account).replace(/\$region/g, region);
}

function strAt(node: ResolvedNode, key: string): string | undefined {
  const v = node.children.get(key)?.value;
  return typeof v === 'string' ? v : undefined;
}

function listAt(node: ResolvedNode, key: string): string[] | undefined {
  const v = node.children.get(key)?.value;
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
}

function lifecycleOf(node: ResolvedNode | undefined): PolicyLifecycle | undefined {
  if (!node) return undefined;
  const num = (k: string): number | undefined => {
    const v = strAt(node, k);
    return v === undefined ? undefined : Number(v);
  };
  const out = { deleteAfterDays: num('delete_after_days'), moveToColdStorageAfterDays: num('move_to_cold_storage_after_days') };
  return out.deleteAfterDays === undefined && out.moveToColdStorageAfterDays === undefined ? undefined : out;
}
