/**
 * What the copy rules ask of key policies and vault access policies, on top of the generic
 * `policy-evaluator`. Not part of the jsii API.
 *
 * Unknown things never produce a finding: conditions whose keys synth cannot know are evaluated
 * `lenient` (met in Allow, not met in Deny), and an evaluation that is not an allow because
 * something could not be rendered counts as unknown.
 */
import { KEY_GRANT_ACTIONS, REQUIRED_KEY_ACTIONS } from './copy-permissions';
import { evaluatePolicy, render, wildcardMatch, type Evaluation } from './evaluator';
import { normalizePolicy } from './normalize';
import { toArray } from '../../private/arrays';
import type { PolicyDocumentJson, PolicyStatementJson } from '../model/types';

/** The statements of a policy of any accepted shape (see `normalizePolicy`). */
function statementsOf(policy: PolicyDocumentJson): PolicyStatementJson[] {
  return normalizePolicy(policy).document?.Statement ?? [];
}

/** True when part of the policy could not be read: no answer drawn from it is certain. */
function hasUnreadable(policy: PolicyDocumentJson): boolean {
  return (policy.unreadable?.length ?? 0) > 0 || normalizePolicy(policy).unreadable.length > 0;
}

/** The AWS Backup service-linked role of an account: the principal that performs copies. */
export function backupServiceRoleArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
}

const GRANT_ACTIONS = new Set(KEY_GRANT_ACTIONS);

export interface KeyAccessResult {
  /** Required actions the policy does not allow. */
  readonly missing: string[];
  /** Of `missing`, those an explicit Deny refuses. */
  readonly denied: string[];
}

/**
 * Which required actions a key policy refuses the destination account's AWS Backup service-linked
 * role. Undefined when the answer is unknown (something in the policy could not be rendered).
 */
export function keyAccessForDestination(policy: PolicyDocumentJson, ctx: KeyAccessContext): KeyAccessResult | undefined {
  const key = keyAccessMemoKey(policy, ctx);
  if (keyAccessMemo.has(key)) return keyAccessMemo.get(key);
  const result = evaluateKeyAccess(policy, ctx);
  if (keyAccessMemo.size >= KEY_ACCESS_MEMO_LIMIT) keyAccessMemo.clear();
  keyAccessMemo.set(key, result);
  return result;
}

export interface KeyAccessContext {
  readonly partition: string;
  readonly destinationAccount: string;
  readonly keyAccount?: string;
  readonly keyRegion?: string;
  readonly organizationId?: string;
}

/**
 * {@link keyAccessForDestination} depends on nothing but the policy's content and the context, and
 * the stacks of an app often hold the same key construct with the same policy (one per stack, in
 * one account): each distinct policy and context is evaluated once. The text of a policy is
 * computed once per policy object (the model's policies are not changed once read); the memo holds
 * at most {@link KEY_ACCESS_MEMO_LIMIT} answers and starts over when full. Answers are shared: read-only.
 */
const keyAccessMemo = new Map<string, KeyAccessResult | undefined>();
const policyTexts = new WeakMap<object, string>();
const KEY_ACCESS_MEMO_LIMIT = 2_000;

function keyAccessMemoKey(policy: PolicyDocumentJson, ctx: KeyAccessContext): string {
  let text = policyTexts.get(policy);
  if (text === undefined) policyTexts.set(policy, text = JSON.stringify(policy));
  return JSON.stringify([ctx.partition, ctx.destinationAccount, ctx.keyAccount ?? null, ctx.keyRegion ?? null, ctx.organizationId ?? null]) + text;
}

function evaluateKeyAccess(policy: PolicyDocumentJson, ctx: KeyAccessContext): KeyAccessResult | undefined {
  if (hasUnreadable(policy)) return undefined;
  const principalArn = backupServiceRoleArn(ctx.partition, ctx.destinationAccount);
  const missing: string[] = [];
  const denied: string[] = [];
  for (const action of REQUIRED_KEY_ACTIONS) {
    const conditionKeys: Record<string, string | boolean> = {
      'aws:PrincipalAccount': ctx.destinationAccount,
      'aws:PrincipalArn': principalArn,
      'kms:CallerAccount': ctx.destinationAccount,
    };
    if (ctx.organizationId) conditionKeys['aws:PrincipalOrgID'] = ctx.organizationId;
    if (GRANT_ACTIONS.has(action)) conditionKeys['kms:GrantIsForAWSResource'] = true;
    const result = evaluatePolicy(policy, {
      principalArn,
      principalAccount: ctx.destinationAccount,
      action,
      conditionKeys,
      pseudo: { partition: ctx.partition, accountId: ctx.keyAccount, region: ctx.keyRegion },
      unknownConditions: 'lenient',
    });
    if (result.decision === 'allow') continue;
    if (result.decision === 'implicit-deny' && result.unknown) return undefined;
    missing.push(action);
    if (result.decision === 'explicit-deny') denied.push(action);
  }
  return { missing, denied };
}

/**
 * May the source account copy into a vault with this access policy (`backup:CopyIntoBackupVault`)?
 * Returns the evaluation, or undefined when the answer is unknown: something could not be rendered,
 * or the policy names specific roles or users of the source account (the checks cannot know which
 * role starts the copy).
 */
export function copyIntoVaultAccess(
  policy: PolicyDocumentJson | undefined,
  ctx: { partition: string; sourceAccount: string; vaultAccount?: string; vaultRegion?: string; organizationId?: string },
): Evaluation | undefined {
  if (policy === undefined) return { decision: 'implicit-deny', matchedStatements: [], unknown: false };
  if (hasUnreadable(policy)) return undefined;
  const principalArn = backupServiceRoleArn(ctx.partition, ctx.sourceAccount);
  const conditionKeys: Record<string, string> = {
    'aws:PrincipalAccount': ctx.sourceAccount,
    'aws:SourceAccount': ctx.sourceAccount,
  };
  if (ctx.organizationId) conditionKeys['aws:PrincipalOrgID'] = ctx.organizationId;
  const pseudo = { partition: ctx.partition, accountId: ctx.vaultAccount, region: ctx.vaultRegion };
  const result = evaluatePolicy(policy, {
    principalArn,
    principalAccount: ctx.sourceAccount,
    action: 'backup:CopyIntoBackupVault',
    conditionKeys,
    pseudo,
    unknownConditions: 'lenient',
  });
  if (result.decision === 'allow') return result;
  if (result.decision === 'implicit-deny' && (result.unknown || namesPrincipalInAccount(policy, ctx.sourceAccount, pseudo))) {
    return undefined;
  }
  return result;
}

/** True when an Allow statement names a role or user (not the root) of `account`. */
function namesPrincipalInAccount(policy: PolicyDocumentJson, account: string, pseudo: { partition: string }): boolean {
  return statementsOf(policy).some((st) => {
    if (st.Effect !== 'Allow' || typeof st.Principal !== 'object' || st.Principal === null) return false;
    const aws = (st.Principal as Record<string, unknown>).AWS;
    return toArray(aws).some((p) => {
      const s = render(p, { pseudo });
      return s !== undefined && new RegExp(`^arn:[^:]+:(iam|sts)::${account}:(?!root$)`).test(s);
    });
  });
}

/**
 * The parts of a policy the evaluator cannot render (tokens, intrinsics other than pseudo
 * parameters): where they are and their value, for messages. Principals, actions and conditions.
 */
export function unknownPolicyParts(
  policy: PolicyDocumentJson,
  pseudo: { partition?: string; accountId?: string; region?: string },
): Array<{ where: string; value: unknown }> {
  const out: Array<{ where: string; value: unknown }> = [];
  const check = (where: string, v: unknown): void => {
    for (const x of toArray(v)) if (render(x, { pseudo }) === undefined) out.push({ where, value: x });
  };
  statementsOf(policy).forEach((st, i) => {
    const at = `Statement[${i}]${st.Sid ? ` (${st.Sid})` : ''}`;
    for (const el of ['Principal', 'NotPrincipal'] as const) {
      const p = st[el];
      if (p && typeof p === 'object') for (const [k, v] of Object.entries(p as Record<string, unknown>)) check(`${at}.${el}.${k}`, v);
    }
    check(`${at}.Action`, st.Action);
    check(`${at}.NotAction`, st.NotAction);
    for (const [op, block] of Object.entries(st.Condition ?? {})) {
      if (block && typeof block === 'object') for (const [k, v] of Object.entries(block)) check(`${at}.Condition.${op}.${k}`, v);
    }
  });
  return out;
}

/**
 * The organizations an Allow statement for `backup:CopyIntoBackupVault` restricts principals to
 * (`aws:PrincipalOrgID`, or the first segment of `aws:PrincipalOrgPaths`); empty when it names none.
 */
function statementOrganizations(st: PolicyStatementJson): Array<{ org: string; ignoreCase: boolean }> {
  if (st.Effect !== 'Allow' || !coversCopyInto(st.Action, st.NotAction)) return [];
  const orgs: Array<{ org: string; ignoreCase: boolean }> = [];
  for (const [operator, block] of Object.entries(st.Condition ?? {})) {
    if (/Not/.test(operator) || typeof block !== 'object' || block === null) continue;
    for (const [key, values] of Object.entries(block)) {
      const lower = key.toLowerCase();
      if (lower !== 'aws:principalorgid' && lower !== 'aws:principalorgpaths') continue;
      for (const v of toArray(values)) {
        if (typeof v !== 'string') continue;
        orgs.push({ org: lower === 'aws:principalorgid' ? v : v.split('/')[0], ignoreCase: /IgnoreCase/.test(operator) });
      }
    }
  }
  return orgs;
}

/** True when the statement names organizations and none of them is `organizationId`. */
function namesOnlyForeignOrganizations(st: PolicyStatementJson, organizationId: string): boolean {
  const orgs = statementOrganizations(st);
  return orgs.length > 0 && !orgs.some((o) => wildcardMatch(o.org, organizationId, o.ignoreCase));
}

/**
 * The organizations that Allow statements for `backup:CopyIntoBackupVault` restrict principals to,
 * other than `organizationId`, when no such statement names `organizationId`. Empty when the policy
 * names no organization or names `organizationId`.
 */
export function foreignOrganizations(policy: PolicyDocumentJson | undefined, organizationId: string): string[] {
  if (!policy) return [];
  const all = statementsOf(policy).flatMap((st) => statementOrganizations(st));
  if (all.some((o) => wildcardMatch(o.org, organizationId, o.ignoreCase))) return [];
  return [...new Set(all.map((o) => o.org))];
}

/**
 * The policy without the Allow statements that admit only other organizations than
 * `organizationId`: what is left for a principal of `organizationId`. (Needed because the principal's
 * `aws:PrincipalOrgPaths` are unknown, but certainly start with its organization id.)
 */
export function withoutForeignOrganizationStatements(policy: PolicyDocumentJson, organizationId: string): PolicyDocumentJson {
  return { ...policy, Statement: statementsOf(policy).filter((st) => !namesOnlyForeignOrganizations(st, organizationId)) };
}

function coversCopyInto(action: unknown, notAction: unknown): boolean {
  if (action !== undefined) {
    return toArray(action).some((a) => typeof a === 'string' && wildcardMatch(a, 'backup:CopyIntoBackupVault', true));
  }
  if (notAction !== undefined) {
    return !toArray(notAction).some((a) => typeof a === 'string' && wildcardMatch(a, 'backup:CopyIntoBackupVault', true));
  }
  return false;
}


/** The action that authorizes a copy on the source vault (LAG page: "backup:CopyFromBackupVault on the source vault"). */
export const COPY_FROM_VAULT_ACTION = 'backup:CopyFromBackupVault';

/**
 * The Deny statements of a source vault's access policy that certainly refuse the source account's
 * copy (`backup:CopyFromBackupVault`) to the destination vault `destinationVaultArn`. A statement whose
 * condition uses a key synth does not know (`backup:CopyTargetOrgPaths`, `backup:CopyTargets` when the
 * destination ARN is unknown, ...) is left out: AWS sets such keys on the request, so treating them as
 * absent (which makes `ForAllValues:` and `...IfExists` conditions true) would invent a refusal.
 */
export function copyFromVaultDenials(
  policy: PolicyDocumentJson | undefined,
  ctx: {
    partition: string; sourceAccount: string; destinationVaultArn?: string; vaultAccount?: string; vaultRegion?: string; organizationId?: string;
  },
): PolicyStatementJson[] {
  if (!policy) return [];
  const principalArn = backupServiceRoleArn(ctx.partition, ctx.sourceAccount);
  const conditionKeys: Record<string, string | string[]> = {
    'aws:PrincipalAccount': ctx.sourceAccount,
    'aws:PrincipalArn': principalArn,
  };
  if (ctx.organizationId) conditionKeys['aws:PrincipalOrgID'] = ctx.organizationId;
  if (ctx.destinationVaultArn) conditionKeys['backup:CopyTargets'] = [ctx.destinationVaultArn];
  const known = new Set(Object.keys(conditionKeys).map((k) => k.toLowerCase()));
  const pseudo = { partition: ctx.partition, accountId: ctx.vaultAccount, region: ctx.vaultRegion };
  // Unreadable statements are left out: a readable Deny refuses whatever the rest of the policy says.
  return statementsOf(policy).filter((st) => {
    if (st.Effect !== 'Deny') return false;
    const keys = Object.values(st.Condition ?? {}).flatMap((block) => Object.keys(block ?? {}));
    if (keys.some((k) => !known.has(k.toLowerCase()))) return false;
    return evaluatePolicy({ Statement: [st] }, {
      principalArn,
      principalAccount: ctx.sourceAccount,
      action: COPY_FROM_VAULT_ACTION,
      conditionKeys,
      pseudo,
    }).decision === 'explicit-deny';
  });
}

/**
 * The Allow statements of an access policy that admit every principal (`"*"`, `{"AWS": "*"}`) with no
 * condition at all.
 */
export function unconditionalPublicAllows(policy: PolicyDocumentJson | undefined): PolicyStatementJson[] {
  if (!policy) return [];
  return statementsOf(policy).filter((st) => st.Effect === 'Allow' && isEveryone(st.Principal)
    && (st.Condition === undefined || Object.keys(st.Condition).length === 0));
}

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  return toArray((principal as Record<string, unknown>).AWS).some((p) => p === '*');
}
