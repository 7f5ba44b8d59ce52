/**
 * CAB-VAULT-POLICY: the vault access policies at both ends of a copy (facts §3.1, §2.6 of the audit).
 *
 * - error: an in-app destination vault (or one an external fact describes) of a cross-account copy whose access policy does not allow the
 *   source account `backup:CopyIntoBackupVault` (no access policy at all fails too). Evaluated for the
 *   source account (its AWSServiceRoleForBackup), with `aws:PrincipalOrgID` from the options when
 *   declared; unknowable conditions get the benefit of the doubt, and a policy that names specific
 *   roles of the source account is not judged. A refusal because the policy's organization condition
 *   names another organization than `organizationId` is CAB-ORG's.
 * - error: an in-app source vault whose access policy denies the copy `backup:CopyFromBackupVault`
 *   (AWS authorizes a copy with `CopyFromBackupVault` on the source vault), for the source account and
 *   the destination vault's ARN as `backup:CopyTargets`. Statements that depend on what synth cannot
 *   know are not judged.
 * - warning: an in-app vault of a copy whose access policy allows every principal with no condition.
 *
 * Attaches to the vault.
 */
import { partitionOf } from '../capabilities/queries';
import { makeFinding, type Finding } from '../finding';
import { sourceVaultDeniesCopy, vaultPolicyDeniesSource, vaultPolicyOpenToEveryone, type SourceDenial } from '../messages/cab-vault-policy';
import { DOCS } from '../messages/common';
import { vaultKnown, type CheckModel, type CheckOptions, type CopyRoute, type PolicyStatementJson, type VaultModel } from '../model/types';
import { copyFromVaultDenials, copyIntoVaultAccess, foreignOrganizations, unconditionalPublicAllows } from '../policy/copy-access';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-VAULT-POLICY';

interface Gap {
  account: string;
  plans: CopyRoute[];
  /** The plan rules of `plans` (see {@link planRuleKey}). */
  planKeys: Set<string>;
  denied: boolean;
}

/** What tells two plan rules apart (a plan's path and rule, or a backup policy's plan in one account and Region). */
function planRuleKey(route: CopyRoute): string {
  const p = route.policy;
  return JSON.stringify([route.planPath, route.ruleName, p ? [p.policyPath, route.planName, p.account, p.region, p.targetId] : null]);
}

const check: Rule = (model, options) => {
  const vaults = new Map<string, { vault: VaultModel; route: CopyRoute; gaps: Map<string, Gap>; ok: Set<string> }>();
  for (const route of model.routes) {
    const vault = route.destination;
    const sourceAccount = route.source.env.account;
    if (route.crossAccount !== true || !vaultKnown(vault) || !vault.constructPath || !sourceAccount) continue;
    const entry = vaults.get(vault.constructPath) ?? { vault, route, gaps: new Map<string, Gap>(), ok: new Set<string>() };
    vaults.set(vault.constructPath, entry);
    if (entry.ok.has(sourceAccount)) continue;
    const known = entry.gaps.get(sourceAccount);
    if (known) {
      if (!known.planKeys.has(planRuleKey(route))) {
        known.planKeys.add(planRuleKey(route));
        known.plans.push(route);
      }
      continue;
    }
    const access = copyIntoVaultAccess(vault.accessPolicy, {
      partition: partitionOf(vault.env) ?? partitionOf(route.source.env) ?? 'aws',
      sourceAccount,
      vaultAccount: vault.env.account,
      vaultRegion: vault.env.region,
      organizationId: options.organizationId,
    });
    const orgMismatch = options.organizationId !== undefined && foreignOrganizations(vault.accessPolicy, options.organizationId).length > 0;
    if (!access || access.decision === 'allow' || orgMismatch) {
      entry.ok.add(sourceAccount);
      continue;
    }
    if (entry.gaps.size === 0) entry.route = route;
    entry.gaps.set(sourceAccount, { account: sourceAccount, plans: [route], planKeys: new Set([planRuleKey(route)]), denied: access.decision === 'explicit-deny' });
  }
  const findings: Finding[] = [];
  for (const [path, { vault, route, gaps }] of vaults) {
    if (gaps.size === 0) continue;
    const sorted = [...gaps.values()].sort((a, b) => a.account.localeCompare(b.account));
    findings.push(makeFinding(ID, 'error', path, vaultPolicyDeniesSource(vault, sorted), route.id));
  }
  findings.push(...sourceVaultFindings(model, options), ...openPolicyFindings(model));
  return findings;
};

/** Source vaults whose access policy denies `backup:CopyFromBackupVault` to a copy (errors). */
function sourceVaultFindings(model: CheckModel, options: CheckOptions): Finding[] {
  const vaults = new Map<string, { vault: VaultModel; route: CopyRoute; denials: SourceDenial[]; seen: Set<string> }>();
  for (const route of model.routes) {
    const vault = route.source.vault;
    const sourceAccount = route.source.env.account;
    if (!vaultKnown(vault) || !vault.constructPath || !vault.accessPolicy || !sourceAccount) continue;
    const entry = vaults.get(vault.constructPath) ?? { vault, route, denials: [], seen: new Set<string>() };
    vaults.set(vault.constructPath, entry);
    if (entry.seen.has(route.destination.id)) continue;
    entry.seen.add(route.destination.id);
    const statements = copyFromVaultDenials(vault.accessPolicy, {
      partition: partitionOf(vault.env) ?? partitionOf(route.source.env) ?? 'aws',
      sourceAccount,
      destinationVaultArn: route.destination.arn,
      vaultAccount: vault.env.account,
      vaultRegion: vault.env.region,
      organizationId: options.organizationId,
    });
    if (statements.length === 0) continue;
    if (entry.denials.length === 0) entry.route = route;
    entry.denials.push({ destination: route.destination, route, statements });
  }
  const findings: Finding[] = [];
  for (const [path, { vault, route, denials }] of vaults) {
    if (denials.length > 0) findings.push(makeFinding(ID, 'error', path, sourceVaultDeniesCopy(vault, denials), route.id));
  }
  return findings;
}

/** In-app vaults of copies whose access policy admits every principal with no condition (warnings). */
function openPolicyFindings(model: CheckModel): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const route of model.routes) {
    for (const vault of [route.source.vault, route.destination]) {
      if (!vault.inApp || !vault.constructPath || seen.has(vault.constructPath)) continue;
      seen.add(vault.constructPath);
      const open: PolicyStatementJson[] = unconditionalPublicAllows(vault.accessPolicy);
      if (open.length > 0) findings.push(makeFinding(ID, 'warning', vault.constructPath, vaultPolicyOpenToEveryone(vault, open), route.id));
    }
  }
  return findings;
}

/** CAB-VAULT-POLICY: the rule's one definition (registered in `rules/index.ts`). */
export const cabVaultPolicy: RuleDefinition = {
  id: ID,
  title: 'A vault access policy that refuses the copy at either end, or admits every principal without a condition',
  severity: {
    error: 'a destination vault policy that does not allow the source account backup:CopyIntoBackupVault, or a source vault policy that denies backup:CopyFromBackupVault: AWS refuses the copy',
    warning: 'a vault policy that admits every principal with no condition: the copy works, but anyone may copy into the vault',
    sources: [DOCS.crossAccount, DOCS.copyAuthorization],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'the vault access policy',
  skipsWhenUnknown: ['backup-plan', 'environment', 'vault-access-policy'],
  locations: {
    'AWS::Backup::BackupVault': 'Properties/AccessPolicy',
    'AWS::Backup::LogicallyAirGappedBackupVault': 'Properties/AccessPolicy',
  },
  check,
};
