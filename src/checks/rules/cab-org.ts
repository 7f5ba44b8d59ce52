/**
 * CAB-ORG: a cross-account copy between accounts that are not both in the declared organization,
 * or into an in-app vault whose access policy admits only another organization.
 *
 * Silent unless the options declare the organization (`organizationAccounts`, `organizationId`).
 * A vault whose policy denies the source for another reason is left to CAB-VAULT-POLICY.
 */
import { copyIntoVaultAccess, foreignOrganizations, withoutForeignOrganizationStatements } from '../../private/copy-access';
import { partitionOf } from '../capabilities/queries';
import { makeFinding, type Finding, type Rule } from '../finding';
import { accountOutsideOrganization, vaultNamesForeignOrganization } from '../messages/cab-org';
import type { CopyRoute } from '../model/types';
import { RuleIds } from '../rule-ids';

export const cabOrg: Rule = (model, options) => {
  const findings: Finding[] = [];
  const members = options.organizationAccounts && options.organizationAccounts.length > 0
    ? new Set(options.organizationAccounts) : undefined;
  const organizationId = options.organizationId;
  if (!members && !organizationId) return findings;

  const seenRoutes = new Set<string>();
  const vaults = new Map<string, { route: CopyRoute; foreign: string[]; sources: Set<string> }>();
  for (const route of model.routes) {
    if (route.crossAccount !== true) continue;
    if (members) {
      const outside = [...new Set([route.source.env.account, route.destination.env.account])]
        .filter((a): a is string => a !== undefined && !members.has(a));
      const key = `${route.planPath}|${route.ruleName}|${route.destination.id}`;
      if (outside.length > 0 && !seenRoutes.has(key)) {
        seenRoutes.add(key);
        findings.push(makeFinding(RuleIds.ORG, 'error', route.planPath, accountOutsideOrganization(route, outside), route.id));
      }
    }
    const vault = route.destination;
    const sourceAccount = route.source.env.account;
    if (organizationId && vault.inApp && vault.constructPath && sourceAccount) {
      const foreign = foreignOrganizations(vault.accessPolicy, organizationId);
      if (foreign.length === 0) continue;
      const access = copyIntoVaultAccess(withoutForeignOrganizationStatements(vault.accessPolicy!, organizationId), {
        partition: partitionOf(vault.env) ?? partitionOf(route.source.env) ?? 'aws',
        sourceAccount,
        vaultAccount: vault.env.account,
        vaultRegion: vault.env.region,
        organizationId,
      });
      if (!access || access.decision === 'allow') continue;
      const entry = vaults.get(vault.constructPath) ?? { route, foreign, sources: new Set<string>() };
      entry.sources.add(sourceAccount);
      vaults.set(vault.constructPath, entry);
    }
  }
  for (const [path, { route, foreign, sources }] of vaults) {
    findings.push(makeFinding(RuleIds.ORG, 'error', path,
      vaultNamesForeignOrganization(route.destination, foreign, organizationId!, [...sources].sort()), route.id));
  }
  return findings;
};
