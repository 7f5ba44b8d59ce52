import * as fs from 'fs';
import { parseBackupPolicyJson, treeToJson } from './document';
import { BackupPolicyError } from './errors';
import { PolicyPlan, plansOf } from './plans';
import { combineTrees, PolicyTreeNode, ResolvedNode, resolvedToTree, resolveTrees } from '../org-policies/inheritance';

/** A condition operator of a resource selection (`conditions` in the backup policy syntax). */
export enum BackupPolicyConditionOperator {
  /** `string_equals`: the tag has exactly this value. */
  STRING_EQUALS = 'string_equals',
  /** `string_not_equals`: the tag does not have this value. */
  STRING_NOT_EQUALS = 'string_not_equals',
  /** `string_like`: the tag value matches this pattern (`*` matches any characters). */
  STRING_LIKE = 'string_like',
  /** `string_not_like`: the tag value does not match this pattern. */
  STRING_NOT_LIKE = 'string_not_like',
}

/** When AWS Backup moves a recovery point to cold storage and deletes it (`lifecycle`). */
export interface BackupPolicyLifecycle {
  /**
   * Days after creation before the recovery point is deleted (`delete_after_days`).
   *
   * @default - kept until deleted by hand
   */
  readonly deleteAfterDays?: number;

  /**
   * Days after creation before the recovery point moves to cold storage (`move_to_cold_storage_after_days`).
   *
   * @default - never moved to cold storage
   */
  readonly moveToColdStorageAfterDays?: number;

  /**
   * Move supported resource types to the archive tier (`opt_in_to_archive_for_supported_resources`).
   *
   * @default - not set
   */
  readonly optInToArchiveForSupportedResources?: boolean;
}

/** A copy of each recovery point into another vault (an entry of `copy_actions`). */
export interface BackupPolicyCopyAction {
  /**
   * The ARN of the destination vault (`target_backup_vault_arn`, also the key of the copy action).
   * Use `$account` for "the account the plan runs in" and `$region` for "the Region it runs in",
   * e.g. `arn:aws:backup:eu-central-1:$account:backup-vault:copies`.
   */
  readonly destinationVaultArn: string;

  /**
   * The lifecycle of the copy.
   *
   * @default - the rule's lifecycle
   */
  readonly lifecycle?: BackupPolicyLifecycle;
}

/** A rule of a backup plan (an entry of `rules`). */
export interface BackupPolicyRule {
  /** The rule name (its key under `rules`). */
  readonly name: string;

  /** The name of the vault the backups go to in each account and Region (`target_backup_vault_name`); it must exist there. */
  readonly targetBackupVaultName: string;

  /**
   * When backups start (`schedule_expression`), e.g. `cron(0 5 ? * * *)`.
   *
   * @default - not set (a child policy is expected to set it)
   */
  readonly scheduleExpression?: string;

  /**
   * The time zone of the schedule (`schedule_expression_timezone`), e.g. `Europe/Paris`.
   *
   * @default - UTC
   */
  readonly scheduleExpressionTimezone?: string;

  /**
   * Minutes before a backup that has not started is cancelled (`start_backup_window_minutes`).
   *
   * @default - AWS Backup's default
   */
  readonly startWindowMinutes?: number;

  /**
   * Minutes a started backup has to complete (`complete_backup_window_minutes`).
   *
   * @default - AWS Backup's default
   */
  readonly completionWindowMinutes?: number;

  /**
   * The lifecycle of the backups.
   *
   * @default - kept forever
   */
  readonly lifecycle?: BackupPolicyLifecycle;

  /**
   * Copies of each recovery point into other vaults (`copy_actions`).
   *
   * @default - no copies
   */
  readonly copyActions?: BackupPolicyCopyAction[];

  /**
   * Tags put on each recovery point (`recovery_point_tags`), tag key to value.
   *
   * @default - none
   */
  readonly recoveryPointTags?: { [key: string]: string };

  /**
   * Continuous backup for point-in-time restore (`enable_continuous_backup`).
   *
   * @default false
   */
  readonly enableContinuousBackup?: boolean;
}

/** A condition on a resource tag in a resource selection. */
export interface BackupPolicyCondition {
  /** How the tag value is compared. */
  readonly operator: BackupPolicyConditionOperator;
  /** The tag key (the condition key is `aws:ResourceTag/<tagKey>`). */
  readonly tagKey: string;
  /** The value (a pattern with `*` for the LIKE operators). */
  readonly value: string;
}

/**
 * The resources a plan backs up (an entry of `selections.tags` or `selections.resources`): either
 * a tag query (`tagKey` and `tagValues`) or resource ARNs with conditions (`resources`,
 * `notResources`, `conditions`), not both.
 */
export interface BackupPolicySelection {
  /** The selection name (its key). */
  readonly name: string;

  /**
   * The role AWS Backup uses to find and back up the resources (`iam_role_arn`), e.g.
   * `arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole`; it must exist in each account.
   */
  readonly iamRoleArn: string;

  /**
   * The tag key of a tag query (`tag_key`).
   *
   * @default - not a tag selection
   */
  readonly tagKey?: string;

  /**
   * The tag values of a tag query (`tag_value`): a resource is selected when it has `tagKey` with one of them.
   *
   * @default - not a tag selection
   */
  readonly tagValues?: string[];

  /**
   * Resource ARNs or ARN patterns to back up (`resource_types`), e.g. `arn:aws:dynamodb:*:*:table/*`, or `*`.
   *
   * @default - not a resource selection
   */
  readonly resources?: string[];

  /**
   * Resource ARNs or patterns to leave out (`not_resource_types`).
   *
   * @default - none
   */
  readonly notResources?: string[];

  /**
   * Tag conditions a resource must all meet (`conditions`).
   *
   * @default - none
   */
  readonly conditions?: BackupPolicyCondition[];
}

/** A backup plan of a backup policy (an entry of `plans`). */
export interface BackupPolicyPlan {
  /** The plan name (its key under `plans`, the `BackupPlanName` in each account). */
  readonly name: string;

  /** The Regions the plan runs in (`regions`), in every account that receives the policy. */
  readonly regions: string[];

  /** The rules (`rules`). */
  readonly rules: BackupPolicyRule[];

  /**
   * The resources the rules back up (`selections`).
   *
   * @default - none (a child policy is expected to add them)
   */
  readonly selections?: BackupPolicySelection[];

  /**
   * Tags on the backup plan itself (`backup_plan_tags`), tag key to value.
   *
   * @default - none
   */
  readonly backupPlanTags?: { [key: string]: string };

  /**
   * Windows VSS backups for EC2 (`advanced_backup_settings.ec2.windows_vss`).
   *
   * @default - not set
   */
  readonly windowsVss?: boolean;
}

/**
 * An AWS Organizations backup policy, or the effective backup policy of an account.
 *
 * Read it in AWS's own syntax (`fromJson` / `fromFile`) or build it from plans (`fromPlans`);
 * attach it with `OrganizationBackupPolicy`; compute the policy an account ends up with from the
 * policies attached along its path in the organization (`effective`). `CrossAccountCopyChecks`
 * turns every backup policy of the app into the copy routes it creates in each target account and
 * Region, and checks them like the copy routes of backup plans.
 *
 * Modelled: `plans` with `regions`, `rules` (`schedule_expression`, `target_backup_vault_name`,
 * `lifecycle`, `copy_actions`, `recovery_point_tags`, `enable_continuous_backup`, windows),
 * `selections` (`tags`, `resources` with `conditions`), `advanced_backup_settings`,
 * `backup_plan_tags`; the inheritance operators; the variables `$account` and `$region`.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
 */
export class BackupPolicy {
  /**
   * Parse a backup policy document (AWS Organizations backup policy syntax).
   *
   * Also reads an effective policy as Organizations displays it (values without operators are read
   * as `@@assign`).
   *
   * @param json the policy document
   * @param name a name for the policy in error messages and reports, e.g. `root` or `ou-prod`
   * @throws BackupPolicyError when the JSON is malformed or not a valid backup policy; the message
   * names the path inside the document (e.g. `plans.daily.rules.nightly.copy_actions`) and the fix
   */
  public static fromJson(json: string, name?: string): BackupPolicy {
    const source = name ?? 'document';
    return new BackupPolicy(source, parseBackupPolicyJson(json, source), []);
  }

  /**
   * Read a backup policy document from a file (read synchronously, at synth time).
   *
   * @param path path of the JSON file; relative paths are relative to the working directory
   * @throws BackupPolicyError when the file cannot be read or does not hold a valid backup policy
   */
  public static fromFile(path: string): BackupPolicy {
    let json: string;
    try {
      json = fs.readFileSync(path, 'utf-8');
    } catch (e) {
      throw new BackupPolicyError(path, '', `cannot read the file: ${(e as Error).message}`);
    }
    return new BackupPolicy(path, parseBackupPolicyJson(json, path), []);
  }

  /**
   * A backup policy built from plans: every setting written with `@@assign`.
   *
   * @param plans the plans
   * @param name a name for the policy in error messages and reports
   * @throws BackupPolicyError on the same input `fromJson` refuses, and on a selection that is both
   * a tag query and a resource selection
   */
  public static fromPlans(plans: BackupPolicyPlan[], name?: string): BackupPolicy {
    const source = name ?? 'document';
    return BackupPolicy.fromJson(JSON.stringify({ plans: renderPlans(plans, source) }), source);
  }

  /**
   * The effective backup policy of an account: the policies attached along its path in the
   * organization, merged the way AWS Organizations does.
   *
   * Give one policy per level, from the organization root through each OU down to the account
   * (`[root, ou, account]`). Combine several policies attached to the same node first with
   * `attachedTogether`. A child operation its parents forbid (`@@operators_allowed_for_child_policies`)
   * is ignored, as in Organizations, and listed in `ignoredChanges`.
   *
   * @param policies the policies, root first, account last
   */
  public static effective(policies: BackupPolicy[]): BackupPolicy {
    if (!Array.isArray(policies) || policies.length === 0) {
      throw new BackupPolicyError('(effective)', '', 'expected at least one policy, ordered root first, account last');
    }
    const resolved = resolveTrees(policies.map((p) => p.tree), 'append');
    const name = policies.map((p) => p.name).join(' > ');
    const tree = resolvedToTree(resolved.root, (path) => `${name}: ${path.join('.')}`);
    return new BackupPolicy(name, tree, [...policies.flatMap((p) => p.ignored), ...resolved.ignored], resolved.root);
  }

  /**
   * Several policies attached to the same root, OU or account, as one level for `effective`.
   *
   * @param policies the policies in the order they were attached
   */
  public static attachedTogether(policies: BackupPolicy[]): BackupPolicy {
    if (!Array.isArray(policies) || policies.length === 0) {
      throw new BackupPolicyError('(attachedTogether)', '', 'expected at least one policy, in attachment order');
    }
    return new BackupPolicy(policies.map((p) => p.name).join(' + '), combineTrees(policies.map((p) => p.tree)), policies.flatMap((p) => p.ignored));
  }

  /** The name of the policy: the file path, the name given, or the combined names. */
  public readonly name: string;

  private readonly tree: PolicyTreeNode;
  private readonly ignored: string[];
  private resolvedCache?: ResolvedNode;

  private constructor(name: string, tree: PolicyTreeNode, ignored: string[], resolved?: ResolvedNode) {
    this.name = name;
    this.tree = tree;
    this.ignored = ignored;
    this.resolvedCache = resolved;
  }

  /** The names of the plans, in policy order. */
  public get planNames(): string[] {
    return this._plans().map((p) => p.name);
  }

  /**
   * Child policy operations ignored while computing this effective policy because a parent does
   * not allow them, one line each. Empty for a single parsed policy.
   */
  public get ignoredChanges(): string[] {
    return [...this.ignored];
  }

  /** The policy document in the backup policy syntax, ready for `AWS::Organizations::Policy` `Content`. */
  public toJson(): string {
    return JSON.stringify(treeToJson(this.tree), undefined, 2);
  }

  /**
   * The plans of the policy as data, variables not yet replaced (the checks).
   * @internal
   */
  public _plans(): PolicyPlan[] {
    this.resolvedCache ??= resolveTrees([this.tree], 'append').root;
    return plansOf(this.resolvedCache);
  }
}

function renderPlans(plans: BackupPolicyPlan[], source: string): Record<string, unknown> {
  if (!Array.isArray(plans) || plans.length === 0) {
    throw new BackupPolicyError(source, 'plans', 'expected at least one plan');
  }
  const assign = (v: unknown) => ({ '@@assign': v });
  const num = (v: number | undefined, path: string) => {
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < 0) throw new BackupPolicyError(source, path, `expected a whole number, got ${v}`);
    return assign(String(v));
  };
  const lifecycle = (l: BackupPolicyLifecycle | undefined, path: string) => l === undefined ? undefined : compact({
    delete_after_days: num(l.deleteAfterDays, `${path}.delete_after_days`),
    move_to_cold_storage_after_days: num(l.moveToColdStorageAfterDays, `${path}.move_to_cold_storage_after_days`),
    opt_in_to_archive_for_supported_resources: l.optInToArchiveForSupportedResources === undefined
      ? undefined : assign(l.optInToArchiveForSupportedResources),
  });
  const tags = (t: { [k: string]: string } | undefined) => t === undefined ? undefined
    : Object.fromEntries(Object.entries(t).map(([k, v]) => [k.toLowerCase(), { tag_key: assign(k), tag_value: assign(v) }]));
  const out: Record<string, unknown> = {};
  for (const plan of plans) {
    const p = `plans.${plan.name}`;
    if (plan.name in out) throw new BackupPolicyError(source, p, `two plans are named ${JSON.stringify(plan.name)}: give each plan a unique name`);
    const rules: Record<string, unknown> = {};
    for (const rule of plan.rules ?? []) {
      const r = `${p}.rules.${rule.name}`;
      rules[rule.name] = compact({
        schedule_expression: rule.scheduleExpression === undefined ? undefined : assign(rule.scheduleExpression),
        schedule_expression_timezone: rule.scheduleExpressionTimezone === undefined ? undefined : assign(rule.scheduleExpressionTimezone),
        start_backup_window_minutes: num(rule.startWindowMinutes, `${r}.start_backup_window_minutes`),
        complete_backup_window_minutes: num(rule.completionWindowMinutes, `${r}.complete_backup_window_minutes`),
        target_backup_vault_name: assign(rule.targetBackupVaultName),
        lifecycle: lifecycle(rule.lifecycle, `${r}.lifecycle`),
        copy_actions: rule.copyActions === undefined ? undefined : Object.fromEntries(rule.copyActions.map((c) => [c.destinationVaultArn, compact({
          target_backup_vault_arn: assign(c.destinationVaultArn),
          lifecycle: lifecycle(c.lifecycle, `${r}.copy_actions.${c.destinationVaultArn}.lifecycle`),
        })])),
        recovery_point_tags: tags(rule.recoveryPointTags),
        enable_continuous_backup: rule.enableContinuousBackup === undefined ? undefined : assign(rule.enableContinuousBackup),
      });
    }
    const tagSelections: Record<string, unknown> = {};
    const resourceSelections: Record<string, unknown> = {};
    for (const sel of plan.selections ?? []) {
      const s = `${p}.selections`;
      const isTags = sel.tagKey !== undefined || sel.tagValues !== undefined;
      const isResources = sel.resources !== undefined || sel.notResources !== undefined || sel.conditions !== undefined;
      if (isTags && isResources) {
        throw new BackupPolicyError(source, `${s}.${sel.name}`, 'a selection is either a tag query (tagKey, tagValues) or a resource ' +
          'selection (resources, notResources, conditions), not both: split it into two selections');
      }
      if (isTags) {
        if (sel.tagKey === undefined || !sel.tagValues || sel.tagValues.length === 0) {
          throw new BackupPolicyError(source, `${s}.tags.${sel.name}`, 'a tag selection needs both tagKey and at least one of tagValues');
        }
        tagSelections[sel.name] = { iam_role_arn: assign(sel.iamRoleArn), tag_key: assign(sel.tagKey), tag_value: assign(sel.tagValues) };
      } else {
        const conditions: Record<string, Record<string, unknown>> = {};
        for (const c of sel.conditions ?? []) {
          const byOp = conditions[c.operator] ??= {};
          let key = c.tagKey.toLowerCase();
          for (let n = 2; key in byOp; n++) key = `${c.tagKey.toLowerCase()}_${n}`;
          byOp[key] = { condition_key: assign(`aws:ResourceTag/${c.tagKey}`), condition_value: assign(c.value) };
        }
        resourceSelections[sel.name] = compact({
          iam_role_arn: assign(sel.iamRoleArn),
          resource_types: assign(sel.resources ?? ['*']),
          not_resource_types: sel.notResources === undefined ? undefined : assign(sel.notResources),
          conditions: sel.conditions === undefined ? undefined : conditions,
        });
      }
    }
    out[plan.name] = compact({
      regions: assign(plan.regions),
      rules,
      selections: plan.selections === undefined ? undefined : compact({
        tags: Object.keys(tagSelections).length ? tagSelections : undefined,
        resources: Object.keys(resourceSelections).length ? resourceSelections : undefined,
      }),
      advanced_backup_settings: plan.windowsVss === undefined ? undefined : { ec2: { windows_vss: assign(plan.windowsVss ? 'enabled' : 'disabled') } },
      backup_plan_tags: tags(plan.backupPlanTags),
    });
  }
  return out;
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
