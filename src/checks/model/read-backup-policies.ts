/**
 * Organizations backup policies -> copy routes (part of the model builder).
 *
 * Every `AWS::Organizations::Policy` of type `BACKUP_POLICY` in the app (an
 * `OrganizationBackupPolicy`, a plain `CfnPolicy`, a `CfnInclude`d template) is read with
 * `BackupPolicy.fromJson`. Its targets are turned into accounts with the checks' options
 * (`organizationAccounts` for the root, `organizationalUnits` for OUs); for each account the
 * policies the app attaches along its path are merged into its effective policy (root, then OUs in
 * the order of `organizationalUnits`, then the account; policies on one node in app order), and each
 * copy action of each rule becomes one copy route per Region of the plan, with `$account` and
 * `$region` replaced. The routes have the same shape as a backup plan's: the rules judge them
 * unchanged.
 *
 * - Source vault: the vault named by `target_backup_vault_name` in that account and Region when the
 *   app defines it (any stack); otherwise a vault outside the app and a CAB-UNVERIFIABLE entry naming
 *   the accounts, Regions and vault name ("Vaults must exist for each AWS account that receives the
 *   effective policy").
 * - Resources: the app's resources in that account and Region that the selection picks (tag query,
 *   resource ARNs, conditions, exclusions). A resource ARN pattern whose resource type is fixed
 *   (`arn:aws:rds:*:*:db:*`) also stands for the resources of that type outside the app, judged by type.
 * - The IAM role of each selection: when the app defines no role of that name in the account, one
 *   CAB-UNVERIFIABLE entry names the role and the accounts (no rule judges the role itself).
 * - A target the options do not cover, a policy that cannot be read: CAB-UNVERIFIABLE, never a guess.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { globMatch, isWildcard, parseArn } from './arn';
import { dedupeResources, selectedAs } from './read-resources';
import { KindInfo, typeFromArn } from './resource-kinds';
import { hasSentinel } from './token-resolver';
import type { CheckOptions, CopyRoute, Env, ResourceModel, SelectionModel, TagModel, Unverifiable, VaultModel } from './types';
import { BackupPolicy } from '../../backup-policy/backup-policy';
import { PolicyPlan, PolicySelection, substitute } from '../../backup-policy/plans';

/** What the reader needs of the model builder. */
export interface PolicyReadContext {
  /** Every L1 of a CloudFormation type. */
  ofType(cfnType: string): CfnResource[];
  /** Properties as deployed; undefined when they cannot be resolved. */
  props(cfn: CfnResource): any;
  /** The construct path findings attach to (and registers it). */
  attachPath(cfn: CfnResource): string;
  envOfStack(stack: Stack): Env;
  /** The app's backupable resources in a known account and Region. */
  resourcesIn(env: Env): ReadonlyArray<{ readonly base: Omit<ResourceModel, 'selectedBy'>; readonly kind: KindInfo; readonly name?: string }>;
  /** The app's vault of that name in that account and Region. */
  vaultNamed(name: string, env: Env): VaultModel | undefined;
  outOfAppVault(id: string, fields: Omit<VaultModel, 'id' | 'inApp'>): VaultModel;
  /** The vault a copy action's destination ARN names. */
  destinationVault(arn: string, env: Env): VaultModel;
  note(u: Unverifiable): void;
  /** Whether the app defines an IAM role of this name (`RoleName`) in this account. */
  roleInApp(account: string, roleName: string): boolean;
  /** The unverifiable entries every route gets (keys, vaults and resources outside the app). */
  noteRoute(route: CopyRoute, planPath: string, stack: Stack, entriesOutside: Array<[string, string]>): void;
}

const ROOT = /^r-[0-9a-z]{4,32}$/;
const OU = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT = /^\d{12}$/;

interface ReadPolicy {
  readonly index: number;
  readonly path: string;
  readonly stack: Stack;
  readonly name: string;
  readonly policy: BackupPolicy;
  readonly planNames: Set<string>;
}

/** How an account receives policies: the policies per level and the targets that reach it. */
interface AccountLevels {
  readonly root: ReadPolicy[];
  /** By index in `organizationalUnits`. */
  readonly ous: Map<number, ReadPolicy[]>;
  readonly account: ReadPolicy[];
  /** Policy index -> the first target of that policy that reaches the account, and its OU. */
  readonly via: Map<number, { readonly targetId: string; readonly ou?: string }>;
}

/** The copy routes of every backup policy in the app. */
export function readBackupPolicies(ctx: PolicyReadContext, options: CheckOptions): CopyRoute[] {
  const policies: ReadPolicy[] = [];
  const targetsOf = new Map<ReadPolicy, string[]>();
  for (const cfn of ctx.ofType('AWS::Organizations::Policy')) {
    const read = readPolicy(ctx, cfn, policies.length);
    if (!read) continue;
    policies.push(read.policy);
    targetsOf.set(read.policy, read.targets);
  }
  if (policies.length === 0) return [];

  const accounts = new Map<string, AccountLevels>();
  const levelsOf = (account: string): AccountLevels => {
    let l = accounts.get(account);
    if (!l) accounts.set(account, l = { root: [], ous: new Map(), account: [], via: new Map() });
    return l;
  };
  const ous = options.organizationalUnits ?? [];
  for (const p of policies) {
    for (const targetId of targetsOf.get(p)!) {
      const reached: Array<{ account: string; ou?: number }> = [];
      if (ROOT.test(targetId)) {
        if (!options.organizationAccounts) {
          uncovered(ctx, p, targetId, 'the root', 'organizationAccounts is not set: list the accounts of the organization in organizationAccounts');
          continue;
        }
        for (const a of options.organizationAccounts) reached.push({ account: a });
      } else if (OU.test(targetId)) {
        const i = ous.findIndex((o) => o.id === targetId);
        if (i < 0) {
          uncovered(ctx, p, targetId, `OU ${targetId}`, `organizationalUnits does not list it: add { id: '${targetId}', accounts: [...] } to the checks' options`);
          continue;
        }
        for (const a of ous[i].accounts) reached.push({ account: a, ou: i });
      } else if (ACCOUNT.test(targetId)) {
        reached.push({ account: targetId });
      } else {
        uncovered(ctx, p, targetId, `target ${targetId}`, 'the target id cannot be resolved at synth time');
        continue;
      }
      for (const r of reached) {
        const l = levelsOf(r.account);
        const list = r.ou !== undefined ? (l.ous.get(r.ou) ?? (l.ous.set(r.ou, []), l.ous.get(r.ou)!))
          : ROOT.test(targetId) ? l.root : l.account;
        if (!list.includes(p)) list.push(p);
        if (!l.via.has(p.index)) l.via.set(p.index, { targetId, ou: r.ou !== undefined ? ous[r.ou].id : undefined });
      }
    }
  }

  const effectiveCache = new Map<string, PolicyPlan[]>();
  const routes: CopyRoute[] = [];
  const missingVaults = new Map<string, { path: string; name: string; where: string[] }>();
  const missingRoles = new Map<string, { path: string; name: string; where: string[] }>();
  for (const [account, levels] of accounts) {
    const ordered: ReadPolicy[][] = [levels.root, ...[...levels.ous.keys()].sort((a, b) => a - b).map((k) => levels.ous.get(k)!), levels.account]
      .filter((l) => l.length > 0);
    const key = ordered.map((l) => l.map((p) => p.index).join('+')).join('>');
    let plans = effectiveCache.get(key);
    if (!plans) {
      const effective = ordered.length === 1 && ordered[0].length === 1 ? ordered[0][0].policy
        : BackupPolicy.effective(ordered.map((l) => l.length === 1 ? l[0].policy : BackupPolicy.attachedTogether(l.map((p) => p.policy))));
      plans = effective._plans();
      effectiveCache.set(key, plans);
    }
    const all = ordered.flat();
    for (const plan of plans) {
      const owner = all.find((p) => p.planNames.has(plan.name.toLowerCase())) ?? all[0];
      const via = levels.via.get(owner.index)!;
      for (const region of plan.regions) {
        routes.push(...planRoutes(ctx, owner, plan, account, region, via, missingVaults, missingRoles));
      }
    }
  }
  for (const m of missingVaults.values()) {
    ctx.note({
      constructPath: m.path,
      subject: `that vault "${m.name}" exists in ${m.where.join(', ')}`,
      reason: 'the vault is not defined in this app, and Organizations does not create it ("Vaults must exist for each AWS account that '
        + 'receives the effective policy"); deploy it in each of them (e.g. with a StackSet) or add its stacks to the app',
      unknown: ['vault-key', 'key-policy'],
    });
  }
  for (const m of missingRoles.values()) {
    ctx.note({
      constructPath: m.path,
      subject: `that IAM role ${m.name} exists in ${m.where.join(', ')}`,
      reason: 'the role is not defined in this app; AWS Backup assumes it to select and back up the resources ("The IAM role must exist '
        + 'when creating a backup plan for the first time"); deploy it in each account (e.g. with a StackSet) or add its stacks to the app',
      unknown: [],
    });
  }
  return routes;
}

function readPolicy(ctx: PolicyReadContext, cfn: CfnResource, index: number): { policy: ReadPolicy; targets: string[] } | undefined {
  const props = ctx.props(cfn);
  const path = ctx.attachPath(cfn);
  const stack = Stack.of(cfn);
  if (props === undefined || (props.Type !== undefined && typeof props.Type !== 'string')) {
    ctx.note({ constructPath: path, subject: `the backup policy ${path}`, reason: 'its properties cannot be resolved at synth time', unknown: ['backup-plan'] });
    return undefined;
  }
  if (props.Type !== 'BACKUP_POLICY') return undefined;
  const content = typeof props.Content === 'string' ? props.Content : JSON.stringify(props.Content ?? null);
  if (hasSentinel(content)) {
    ctx.note({ constructPath: path, subject: `the content of backup policy ${path}`, reason: 'it holds values that cannot be resolved at synth time', unknown: ['backup-plan'] });
    return undefined;
  }
  let policy: BackupPolicy;
  try {
    policy = BackupPolicy.fromJson(content, path);
  } catch (e) {
    ctx.note({ constructPath: path, subject: `the content of backup policy ${path}`, reason: (e as Error).message, unknown: ['backup-plan'] });
    return undefined;
  }
  const raw: unknown[] = Array.isArray(props.TargetIds) ? props.TargetIds : [];
  const targets = raw.map((t) => (typeof t === 'string' && !hasSentinel(t) ? t : '(unresolved)'));
  const name = typeof props.Name === 'string' && !hasSentinel(props.Name) ? props.Name : path;
  return { policy: { index, path, stack, name, policy, planNames: new Set(policy.planNames.map((n) => n.toLowerCase())) }, targets };
}

function uncovered(ctx: PolicyReadContext, p: ReadPolicy, targetId: string, what: string, reason: string): void {
  ctx.note({
    constructPath: p.path,
    subject: `the copy routes backup policy ${p.name} creates in the accounts under ${what}`,
    reason: `the accounts under target ${targetId} are unknown: ${reason}`,
    unknown: ['backup-plan'],
  });
}

function planRoutes(
  ctx: PolicyReadContext, owner: ReadPolicy, plan: PolicyPlan, account: string, region: string,
  via: { targetId: string; ou?: string }, missingVaults: Map<string, { path: string; name: string; where: string[] }>,
  missingRoles: Map<string, { path: string; name: string; where: string[] }>,
): CopyRoute[] {
  const env: Env = { account, region, partition: RegionInfo.get(region).partition ?? 'aws' };
  const sub = (s: string) => substitute(s, account, region);
  const copyRules = plan.rules.filter((r) => r.copyActions.length > 0);
  if (copyRules.length === 0) return [];
  for (const sel of plan.selections) {
    const arn = sel.iamRoleArn === undefined ? undefined : sub(sel.iamRoleArn);
    const roleName = arn?.slice(arn.lastIndexOf('/') + 1);
    if (!arn || !roleName || ctx.roleInApp(account, roleName)) continue;
    const m = missingRoles.get(`${owner.path}\u0000${arn}`) ?? { path: owner.path, name: sel.iamRoleArn!, where: [] };
    missingRoles.set(`${owner.path}\u0000${arn}`, m);
    if (!m.where.includes(`account ${account}`)) m.where.push(`account ${account}`);
  }
  const entriesOutside: Array<[string, string]> = [];
  const selections = plan.selections.map((s) => readSelection(ctx, owner.path, s, env, sub, entriesOutside));
  const resources = dedupeResources(selections.flatMap((s) => s.resources));
  const routes: CopyRoute[] = [];
  for (const rule of copyRules) {
    const source = sourceVault(ctx, owner, rule.targetVaultName, env, missingVaults);
    const recoveryPointTags: TagModel[] = rule.recoveryPointTags.map((t) => ({ key: t.key, value: t.value, source: 'recovery-point-tags' }));
    for (const action of rule.copyActions) {
      const destination = ctx.destinationVault(sub(action.targetVaultArn), env);
      const route: CopyRoute = {
        id: `${owner.path}/${plan.name}/${rule.name} @ ${account} ${region} -> ${destination.id}`,
        planPath: owner.path,
        planName: plan.name,
        ruleName: rule.name,
        source: { env, vault: source },
        destination,
        copyLifecycle: action.lifecycle,
        ruleLifecycle: rule.lifecycle,
        continuousBackup: rule.continuousBackup,
        recoveryPointTags,
        selections,
        resources,
        crossAccount: differ(account, destination.env.account),
        crossRegion: differ(region, destination.env.region),
        policy: { policyPath: owner.path, policyName: owner.name, targetId: via.targetId, organizationalUnit: via.ou, account, region },
      };
      routes.push(route);
      ctx.noteRoute(route, owner.path, owner.stack, entriesOutside);
    }
  }
  return routes;
}

function sourceVault(
  ctx: PolicyReadContext, owner: ReadPolicy, name: string | undefined, env: Env,
  missing: Map<string, { path: string; name: string; where: string[] }>,
): VaultModel {
  if (name === undefined) {
    return ctx.outOfAppVault(`(no target_backup_vault_name) ${env.account} ${env.region}`, { env });
  }
  const inApp = ctx.vaultNamed(name, env);
  if (inApp) return inApp;
  const arn = `arn:${env.partition}:backup:${env.region}:${env.account}:backup-vault:${name}`;
  if (name !== 'Default') {
    const key = `${owner.path}\u0000${name}`;
    const m = missing.get(key) ?? { path: owner.path, name, where: [] };
    missing.set(key, m);
    const where = `account ${env.account} in ${env.region}`;
    if (!m.where.includes(where)) m.where.push(where);
  }
  return ctx.outOfAppVault(arn, { name, arn, env });
}

/** What one policy selection picks in one account and Region. */
function readSelection(
  ctx: PolicyReadContext, policyPath: string, sel: PolicySelection, env: Env, sub: (s: string) => string,
  entriesOutside: Array<[string, string]>,
): SelectionModel {
  const label = `selection ${sel.name} of backup policy ${policyPath}`;
  const resources: ResourceModel[] = [];
  const unresolved: string[] = [];
  const candidates = ctx.resourcesIn(env);
  if (sel.kind === 'tags') {
    const values = new Set(sel.tagValues ?? []);
    for (const r of candidates) {
      if (r.base.tags.some((t) => t.key === sel.tagKey && t.value !== undefined && values.has(t.value))) {
        resources.push(selectedAs(r.base, [`tag ${sel.tagKey}=${[...values].join('|')}`]));
      }
    }
    unresolved.push(`tag ${sel.tagKey}=${[...values].join('|')} (${label})`);
  } else {
    const include = (sel.resourceArns ?? []).map(sub);
    const exclude = (sel.notResourceArns ?? []).map(sub);
    const conditions = sel.conditions ?? [];
    const meets = (tags: TagModel[]) => conditions.every((c) => {
      const key = c.key.replace(/^aws:ResourceTag\//, '');
      const t = tags.find((x) => x.key === key);
      if (t && t.value === undefined) return false;
      const hit = t !== undefined && (c.op.includes('Like') ? globMatch(c.value, t.value!) : t.value === c.value);
      return c.op.includes('Not') ? !hit : hit;
    });
    const condLabel = conditions.map((c) => `${c.op} ${c.key}=${c.value}`).join(' AND ');
    for (const r of candidates) {
      const by = include.find((p) => arnMatches(p, r, env));
      if (by === undefined || exclude.some((p) => arnMatches(p, r, env)) || !meets(r.base.tags)) continue;
      resources.push(selectedAs(r.base, [`arn ${by}${condLabel ? ` and conditions ${condLabel}` : ''}`]));
    }
    for (const p of include) {
      const literalInApp = !isWildcard(p) && candidates.some((r) => r.base.arn === p);
      if (literalInApp) continue;
      unresolved.push(`arn ${p}${condLabel ? ` with conditions ${condLabel}` : ''} (${label})`);
      const arn = parseArn(p);
      const type = arn && !arn.service.includes('*') ? typeFromArn(arn.service, arn.resource) : undefined;
      if (type && !exclude.includes(p)) {
        resources.push({
          id: p,
          type,
          inApp: false,
          arn: p,
          tags: [],
          selectedBy: [`arn ${p}`],
          env: {
            account: arn!.account && !isWildcard(arn!.account) ? arn!.account : env.account,
            region: arn!.region && !isWildcard(arn!.region) ? arn!.region : env.region,
            partition: env.partition,
          },
        });
      }
    }
  }
  for (const e of unresolved) entriesOutside.push([policyPath, e]);
  return { constructPath: policyPath, resources, unresolvedEntries: unresolved };
}

/** Whether an ARN (pattern) of a selection picks an in-app resource in `env`. */
function arnMatches(pattern: string, r: { base: Omit<ResourceModel, 'selectedBy'>; kind: KindInfo; name?: string }, env: Env): boolean {
  if (pattern === '*') return true;
  if (r.base.arn !== undefined) return globMatch(pattern, r.base.arn);
  const arn = parseArn(pattern);
  if (!arn) return false;
  const k = r.kind;
  if (!globMatch(arn.service, k.arnService)) return false;
  if (!k.globalArn && ((arn.region && !globMatch(arn.region, env.region!)) || (arn.account && !globMatch(arn.account, env.account!)))) return false;
  // Unknown physical name: only a pattern that accepts any name after the prefix matches for sure.
  return arn.resource === '*' || arn.resource === `${k.arnPrefix}*`;
}

function differ(a: string | undefined, b: string | undefined): boolean | undefined {
  return a === undefined || b === undefined ? undefined : a !== b;
}
