/** Message text of CAB-ORG. */
import type { MessageParts } from '../finding';
import { ACCESS_DENIED_ERROR } from './cab-vault-policy';
import {
  DOCS, accountsLiteral, accountsText, capital, listText, planShort, planText, routeText, someText, vaultId, vaultShort, vaultText,
} from './common';
import type { CopyRoute, VaultModel } from '../model/types';

export const SAME_ORGANIZATION_ERROR =
  'Copy job failed. Both source and destination account must be a member of the same organization.';

/** A cross-account copy with an account outside `organizationAccounts`. Details: `accounts` (those outside). */
export function accountOutsideOrganization(route: CopyRoute, outside: readonly string[]): MessageParts {
  const which = outside.length === 1 ? `account ${outside[0]} is` : `accounts ${listText(outside)} are`;
  return {
    messageId: 'account-outside-organization',
    details: { accounts: [...outside] },
    summary: `${capital(planShort(route))} copies across accounts, but ${accountsText(outside)} `
      + `${outside.length === 1 ? 'is' : 'are'} not in the declared organization (organizationAccounts).`,
    shortFix: `copy only within your organization, or add ${accountsLiteral(outside)} to organizationAccounts if `
      + `${outside.length === 1 ? 'it' : 'they'} joined it.`,
    problem: `${planText(route)} copies ${routeText(route)}, but ${which} not in the declared organization `
      + '(organizationAccounts). AWS Backup copies across accounts only within one AWS Organization.',
    awsError: SAME_ORGANIZATION_ERROR,
    fix: `copy only into vaults of accounts in your organization, or, if ${listText(outside)} joined it, add `
      + `${accountsLiteral(outside)} to organizationAccounts.`,
    docUrl: DOCS.crossAccount,
  };
}

/**
 * A destination vault whose access policy admits another organization. Details: `vaults`,
 * `foreignOrganizations` (those the policy names), `organization` (the declared one), `accounts` (the sources).
 */
export function vaultNamesForeignOrganization(
  vault: VaultModel,
  foreign: readonly string[],
  organizationId: string,
  sourceAccounts: readonly string[],
): MessageParts {
  return {
    messageId: 'vault-names-foreign-organization',
    details: { vaults: [vaultId(vault)], foreignOrganizations: [...foreign], organization: organizationId, accounts: [...sourceAccounts] },
    summary: `The access policy of ${vaultShort(vault)} admits only organization ${someText(foreign)}, not ${organizationId} of `
      + `the source ${accountsText(sourceAccounts)}.`,
    shortFix: `use new CrossAccountBackupVault(..., { sourceOrganizationId: '${organizationId}' }), or set aws:PrincipalOrgID to it.`,
    problem: `The access policy of destination ${vaultText(vault)} admits backup:CopyIntoBackupVault only for `
      + `organization ${listText(foreign)} (aws:PrincipalOrgID / aws:PrincipalOrgPaths), but the source `
      + `${sourceAccounts.length === 1 ? 'account' : 'accounts'} ${listText(sourceAccounts)} `
      + `${sourceAccounts.length === 1 ? 'is' : 'are'} in organization ${organizationId}.`,
    awsError: ACCESS_DENIED_ERROR,
    fix: `name your organization in the condition: new CrossAccountBackupVault(this, 'Vault', { sourceOrganizationId: '${organizationId}' }), `
      + `or correct the aws:PrincipalOrgID value in the vault's accessPolicy to '${organizationId}'.`,
    docUrl: DOCS.crossAccount,
  };
}

/** The job error while cross-account backup is switched off for the organization (facts §2.6, §4.1). */
export const CROSS_ACCOUNT_DISABLED_ERROR =
  'Copy job failed. Cross-account copy feature is not enabled for the current organization.';

const SETTING_ROLE = 'Cross-account backup is an organization-wide switch that only the management account can turn on '
  + '(backup:UpdateGlobalSettings returns an error in any other account); until it is on, AWS Backup refuses every '
  + 'cross-account copy in the organization.';

/**
 * A `CrossAccountBackupSetting` in a stack of another account than the management account (warning).
 * Details: `accounts` (the setting's account), `managementAccount`.
 */
export function settingOutsideManagementAccount(settingPath: string, account: string, managementAccount: string): MessageParts {
  return {
    messageId: 'setting-outside-management-account',
    details: { accounts: [account], managementAccount },
    summary: `CrossAccountBackupSetting ${settingPath} is in account ${account}, not in management account ${managementAccount}: `
      + 'it fails there.',
    shortFix: `move it to a stack with env { account: '${managementAccount}' }, or correct managementAccount.`,
    problem: `CrossAccountBackupSetting ${settingPath} is deployed to account ${account}, but the organization's management `
      + `account is ${managementAccount} (managementAccount). ${SETTING_ROLE} Deployed here, its custom resource fails and `
      + 'cross-account backup stays off.',
    awsError: CROSS_ACCOUNT_DISABLED_ERROR,
    fix: `move the CrossAccountBackupSetting to a stack with env { account: '${managementAccount}' } (any one Region: the `
      + 'setting is global), or correct managementAccount.',
    docUrl: DOCS.crossAccount,
  };
}

/**
 * Cross-account copies, an organization declared, and no `CrossAccountBackupSetting` in the app (warning).
 * Details: `organization`, `managementAccount` (when declared).
 */
export function noCrossAccountSetting(route: CopyRoute, organizationId: string, managementAccount: string | undefined): MessageParts {
  const where = managementAccount ? `account ${managementAccount}` : 'the management account';
  return {
    messageId: 'no-cross-account-setting',
    details: { organization: organizationId, ...(managementAccount !== undefined ? { managementAccount } : {}) },
    summary: `${capital(planShort(route))} copies across accounts, and nothing in the app turns cross-account backup on for `
      + `${organizationId}.`,
    shortFix: `add a CrossAccountBackupSetting to a stack of ${where}, or acknowledge if it is on.`,
    problem: `${planText(route)} copies ${routeText(route)}, but the app has no CrossAccountBackupSetting, so nothing in it `
      + `switches cross-account backup on for organization ${organizationId}. ${SETTING_ROLE}`,
    awsError: CROSS_ACCOUNT_DISABLED_ERROR,
    fix: `add new CrossAccountBackupSetting(this, 'CrossAccountBackup') to a stack of ${where} (in this app or another one). `
      + 'If cross-account backup is already on (AWS Backup console > Settings > Cross-account backup, in the management '
      + "account), acknowledge this warning on this plan: Validations.of(plan).acknowledge({ id: 'CAB-ORG', reason: '...' }).",
    docUrl: DOCS.crossAccount,
  };
}

/**
 * Cross-account copies while external facts say cross-account backup is off in the management account,
 * and no `CrossAccountBackupSetting` in the app turns it on (error). `fact`: what the facts are called.
 * Details: `managementAccount`, `facts`.
 */
export function crossAccountBackupOff(route: CopyRoute, managementAccount: string, fact: string): MessageParts {
  return {
    messageId: 'cross-account-backup-off',
    details: { managementAccount, facts: fact },
    summary: `${capital(planShort(route))} copies across accounts, but cross-account backup is off (external facts) and nothing `
      + 'in the app turns it on.',
    shortFix: `add a CrossAccountBackupSetting to a stack of account ${managementAccount}, then run lookup again.`,
    problem: `${planText(route)} copies ${routeText(route)}, but cross-account backup is off in the management account `
      + `${managementAccount} according to the ${fact} (DescribeGlobalSettings: isCrossAccountBackupEnabled false), and the app `
      + `has no CrossAccountBackupSetting to turn it on. ${SETTING_ROLE}`,
    awsError: CROSS_ACCOUNT_DISABLED_ERROR,
    fix: `add new CrossAccountBackupSetting(this, 'CrossAccountBackup') to a stack of account ${managementAccount} (in this app `
      + 'or another one), or turn it on in the AWS Backup console (Settings > Cross-account backup) of that account; then read '
      + 'the facts again with cdk-cross-account-backup lookup.',
    docUrl: DOCS.crossAccount,
  };
}
