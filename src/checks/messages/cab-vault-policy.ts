/** Message text of CAB-VAULT-POLICY. */
import type { MessageParts } from '../finding';
import { DOCS, accountsLiteral, envText, listText, vaultText } from './common';
import type { VaultModel } from '../model/types';

/** One source account the vault's access policy refuses. */
export interface VaultPolicyGap {
  readonly account: string;
  readonly plans: readonly string[];
  readonly denied: boolean;
}

/** An in-app destination vault whose access policy does not admit the source account(s). */
export function vaultPolicyDeniesSource(vault: VaultModel, gaps: readonly VaultPolicyGap[]): MessageParts {
  const accounts = gaps.map((g) => g.account);
  const why = !vault.accessPolicy
    ? 'it has no access policy, so nothing allows them backup:CopyIntoBackupVault'
    : gaps.some((g) => g.denied)
      ? 'its access policy denies them backup:CopyIntoBackupVault'
      : 'its access policy does not allow them backup:CopyIntoBackupVault';
  return {
    problem: `Destination ${vaultText(vault)} (${envText(vault.env)}) receives cross-account copies from `
      + `${listText(gaps.map((g) => `account ${g.account} (${g.plans.join(', ')})`))}, but ${why}.`,
    awsError: 'Access Denied trying to call AWS Backup service',
    fix: `allow the source ${accounts.length === 1 ? 'account' : 'accounts'}: new CrossAccountBackupVault(this, 'Vault', `
      + `{ sourceAccounts: ${accountsLiteral(accounts)} }) (or sourceOrganizationId for the whole organization), or `
      + 'vault.addToAccessPolicy(new iam.PolicyStatement({ actions: [\'backup:CopyIntoBackupVault\'], principals: '
      + `[${accounts.map((a) => `new iam.AccountPrincipal('${a}')`).join(', ')}], resources: ['*'] })).`,
    docUrl: DOCS.crossAccount,
  };
}
