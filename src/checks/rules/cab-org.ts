/**
 * CAB-ORG: a cross-account copy between accounts that are not both in the declared organization,
 * or into an in-app vault whose access policy admits only another organization (errors).
 *
 * Also the organization's cross-account backup switch, only when the app has at least one
 * cross-account copy that selects something: an error when external facts say it is off in the
 * `managementAccount` and no `CrossAccountBackupSetting` of the app turns it on; warnings for a
 * `CrossAccountBackupSetting` deployed to another account than the declared `managementAccount`,
 * or, with `organizationId` declared, no `CrossAccountBackupSetting` in the app at all (one finding
 * per app, on the plan of the first cross-account copy).
 *
 * Silent unless the options declare the organization (`organizationAccounts`, `organizationId`,
 * `managementAccount`). A vault whose policy denies the source for another reason is left to
 * CAB-VAULT-POLICY.
 */
import { offSetting, partitionOf } from '../capabilities/queries';
import { makeFinding, type Finding } from '../finding';
import { accountOutsideOrganization, crossAccountBackupOff, noCrossAccountSetting, settingOutsideManagementAccount, vaultNamesForeignOrganization } from '../messages/cab-org';
import { DOCS } from '../messages/common';
import { vaultKnown, type CheckModel, type CheckOptions, type CopyRoute } from '../model/types';
import { copyIntoVaultAccess, foreignOrganizations, withoutForeignOrganizationStatements } from '../policy/copy-access';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-ORG';

const check: Rule = (model, options) => {
  const findings: Finding[] = [];
  const members = options.organizationAccounts && options.organizationAccounts.length > 0
    ? new Set(options.organizationAccounts) : undefined;
  const organizationId = options.organizationId;
  if (!members && !organizationId && !options.managementAccount) return findings;

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
        findings.push(makeFinding(ID, 'error', route.planPath, accountOutsideOrganization(route, outside), route.id));
      }
    }
    const vault = route.destination;
    const sourceAccount = route.source.env.account;
    if (organizationId && vaultKnown(vault) && vault.constructPath && sourceAccount) {
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
    findings.push(makeFinding(ID, 'error', path,
      vaultNamesForeignOrganization(route.destination, foreign, organizationId!, [...sources].sort()), route.id));
  }
  findings.push(...crossAccountSettingFindings(model, options));
  return findings;
};

/** Findings about the organization's cross-account backup switch (see the file comment). */
function crossAccountSettingFindings(model: CheckModel, options: CheckOptions): Finding[] {
  // A copy that copies something: in-app resources, or entries (ARNs, tags) that may match resources outside the app.
  const firstCopy = model.routes.find((r) => r.crossAccount === true
    && (r.resources.length > 0 || r.selections.some((s) => s.unresolvedEntries.length > 0)));
  if (!firstCopy) return [];
  const settings = model.settings.filter((s) => s.kind === 'cross-account-backup' && !s.off);
  const management = options.managementAccount;
  if (settings.length === 0) {
    const off = management ? offSetting('cross-account-backup', { account: management }, model.settings) : undefined;
    if (off) return [makeFinding(ID, 'error', firstCopy.planPath, crossAccountBackupOff(firstCopy, management!, off.constructPath), firstCopy.id)];
    return options.organizationId
      ? [makeFinding(ID, 'warning', firstCopy.planPath, noCrossAccountSetting(firstCopy, options.organizationId, management), firstCopy.id)]
      : [];
  }
  if (!management) return [];
  // A setting whose account is unknown (env-agnostic stack) is given the benefit of the doubt.
  return settings
    .filter((s) => s.env.account !== undefined && s.env.account !== management)
    .map((s) => makeFinding(ID, 'warning', s.constructPath,
      settingOutsideManagementAccount(s.constructPath, s.env.account!, management)));
}

/** CAB-ORG: the rule's one definition (registered in `rules/index.ts`). */
export const cabOrg: RuleDefinition = {
  id: ID,
  title: 'Source and destination accounts are not both in the declared organization',
  severity: {
    error: 'a cross-account copy between accounts that are not both in the declared organization, or into a vault whose access policy admits only another organization: AWS Backup copies across accounts only within one organization; cross-account backup off in the management account according to the external facts: AWS refuses every cross-account copy until it is on',
    warning: 'the organization\'s cross-account backup switch: a CrossAccountBackupSetting outside the management account, or none in the app; the switch may be set outside the app, so synth cannot know it',
    sources: [DOCS.crossAccount],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'organization membership',
  skipsWhenUnknown: ['backup-plan', 'environment', 'organization'],
  locations: {
    'AWS::Backup::BackupVault': 'Properties/AccessPolicy',
    'AWS::Backup::LogicallyAirGappedBackupVault': 'Properties/AccessPolicy',
  },
  check,
};
