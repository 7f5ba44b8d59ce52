/** Message text of CAB-ORG. */
import type { MessageParts } from '../finding';
import { DOCS, accountsLiteral, listText, planText, routeText, vaultText } from './common';
import type { CopyRoute, VaultModel } from '../model/types';

export const SAME_ORGANIZATION_ERROR =
  'Copy job failed. Both source and destination account must be a member of the same organization.';

/** A cross-account copy with an account outside `organizationAccounts`. */
export function accountOutsideOrganization(route: CopyRoute, outside: readonly string[]): MessageParts {
  const which = outside.length === 1 ? `account ${outside[0]} is` : `accounts ${listText(outside)} are`;
  return {
    problem: `${planText(route)} copies ${routeText(route)}, but ${which} not in the declared organization `
      + '(organizationAccounts). AWS Backup copies across accounts only within one AWS Organization.',
    awsError: SAME_ORGANIZATION_ERROR,
    fix: `copy only into vaults of accounts in your organization, or, if ${listText(outside)} joined it, add `
      + `${accountsLiteral(outside)} to organizationAccounts.`,
    docUrl: DOCS.crossAccount,
  };
}

/** A destination vault whose access policy admits another organization. */
export function vaultNamesForeignOrganization(
  vault: VaultModel,
  foreign: readonly string[],
  organizationId: string,
  sourceAccounts: readonly string[],
): MessageParts {
  return {
    problem: `The access policy of destination ${vaultText(vault)} admits backup:CopyIntoBackupVault only for `
      + `organization ${listText(foreign)} (aws:PrincipalOrgID / aws:PrincipalOrgPaths), but the source `
      + `${sourceAccounts.length === 1 ? 'account' : 'accounts'} ${listText(sourceAccounts)} `
      + `${sourceAccounts.length === 1 ? 'is' : 'are'} in organization ${organizationId}.`,
    awsError: 'Access Denied trying to call AWS Backup service',
    fix: `name your organization in the condition: new CrossAccountBackupVault(this, 'Vault', { sourceOrganizationId: '${organizationId}' }), `
      + `or correct the aws:PrincipalOrgID value in the vault's accessPolicy to '${organizationId}'.`,
    docUrl: DOCS.crossAccount,
  };
}
