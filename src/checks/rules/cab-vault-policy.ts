/**
 * CAB-VAULT-POLICY: an in-app destination vault of a cross-account copy whose access policy does
 * not allow the source account `backup:CopyIntoBackupVault` (no access policy at all fails too;
 * facts §3.1). Attaches to the vault.
 *
 * Evaluated for the source account (its AWSServiceRoleForBackup), with `aws:PrincipalOrgID` from
 * the options when declared; unknowable conditions get the benefit of the doubt, and a policy that
 * names specific roles of the source account is not judged. A refusal because the policy's
 * organization condition names another organization than `organizationId` is CAB-ORG's.
 */
import { copyIntoVaultAccess, foreignOrganizations } from '../../private/copy-access';
import { partitionOf } from '../capabilities/queries';
import { makeFinding, type Finding, type Rule } from '../finding';
import { vaultPolicyDeniesSource } from '../messages/cab-vault-policy';
import { planText } from '../messages/common';
import type { CopyRoute, VaultModel } from '../model/types';
import { RuleIds } from '../rule-ids';

interface Gap {
  account: string;
  plans: string[];
  denied: boolean;
}

export const cabVaultPolicy: Rule = (model, options) => {
  const vaults = new Map<string, { vault: VaultModel; route: CopyRoute; gaps: Map<string, Gap>; ok: Set<string> }>();
  for (const route of model.routes) {
    const vault = route.destination;
    const sourceAccount = route.source.env.account;
    if (route.crossAccount !== true || !vault.inApp || !vault.constructPath || !sourceAccount) continue;
    const entry = vaults.get(vault.constructPath) ?? { vault, route, gaps: new Map<string, Gap>(), ok: new Set<string>() };
    vaults.set(vault.constructPath, entry);
    if (entry.ok.has(sourceAccount)) continue;
    const known = entry.gaps.get(sourceAccount);
    if (known) {
      if (!known.plans.includes(planText(route))) known.plans.push(planText(route));
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
    entry.gaps.set(sourceAccount, { account: sourceAccount, plans: [planText(route)], denied: access.decision === 'explicit-deny' });
  }
  const findings: Finding[] = [];
  for (const [path, { vault, route, gaps }] of vaults) {
    if (gaps.size === 0) continue;
    const sorted = [...gaps.values()].sort((a, b) => a.account.localeCompare(b.account));
    findings.push(makeFinding(RuleIds.VAULT_POLICY, 'error', path, vaultPolicyDeniesSource(vault, sorted), route.id));
  }
  return findings;
};
