/** Message text of CAB-VAULT-POLICY. */
import type { MessageParts } from '../finding';
import { DOCS, accountsLiteral, envText, listText, planText, vaultText } from './common';
import type { CopyRoute, PolicyStatementJson, VaultModel } from '../model/types';

/** One source account the vault's access policy refuses. */
export interface VaultPolicyGap {
  readonly account: string;
  /** A copy route of each plan rule that copies from the account into the vault. */
  readonly plans: readonly CopyRoute[];
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
      + `${listText(gaps.map((g) => `account ${g.account} (${g.plans.map((r) => planText(r)).join(', ')})`))}, but ${why}.`,
    awsError: 'Access Denied trying to call AWS Backup service',
    fix: `allow the source ${accounts.length === 1 ? 'account' : 'accounts'}: new CrossAccountBackupVault(this, 'Vault', `
      + `{ sourceAccounts: ${accountsLiteral(accounts)} }) (or sourceOrganizationId for the whole organization), or `
      + 'vault.addToAccessPolicy(new iam.PolicyStatement({ actions: [\'backup:CopyIntoBackupVault\'], principals: '
      + `[${accounts.map((a) => `new iam.AccountPrincipal('${a}')`).join(', ')}], resources: ['*'] })).`,
    docUrl: DOCS.crossAccount,
  };
}

/**
 * The page that states how AWS authorizes a copy ("backup:CopyFromBackupVault on the source vault and
 * backup:CopyIntoBackupVault on the destination vault"); AWS documents no job error text for the refusal.
 */
const COPY_AUTHORIZATION_DOC = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html';

/** A source vault's Deny of `backup:CopyFromBackupVault` that refuses copies to one destination. */
export interface SourceDenial {
  readonly destination: VaultModel;
  /** The first copy route it refuses. */
  readonly route: CopyRoute;
  readonly statements: readonly PolicyStatementJson[];
}

/** A statement as JSON, for quoting. */
function quote(st: PolicyStatementJson): string {
  return JSON.stringify(st);
}

/** A source vault whose access policy denies copies out of it (error). */
export function sourceVaultDeniesCopy(vault: VaultModel, denials: readonly SourceDenial[]): MessageParts {
  const statements = [...new Map(denials.flatMap((d) => d.statements).map((st) => [quote(st), st])).keys()];
  return {
    problem: `Source ${vaultText(vault)} (${envText(vault.env)}) is copied ${listText(denials.map((d) => `to ${vaultText(d.destination)} `
      + `by ${planText(d.route)}`))}, but its access policy denies backup:CopyFromBackupVault, which AWS Backup checks on the source vault of `
      + 'every copy ("backup:CopyFromBackupVault on the source vault and backup:CopyIntoBackupVault on the destination vault"): '
      + `${statements.join(' ')}.`,
    fix: 'remove the Deny statement, or narrow it (for example its backup:CopyTargets condition) so that it spares these '
      + 'destination vaults.',
    docUrl: COPY_AUTHORIZATION_DOC,
  };
}

/** An access policy that lets every principal in with no condition (warning). */
export function vaultPolicyOpenToEveryone(vault: VaultModel, statements: readonly PolicyStatementJson[]): MessageParts {
  return {
    problem: `The access policy of ${vaultText(vault)} (${envText(vault.env)}) allows every principal with no condition: `
      + `${statements.map(quote).join(' ')}. AWS Backup accepts cross-account copies only from accounts of the same organization, `
      + 'but within it any account may then use these actions on the vault; AWS\'s examples restrict "*" with aws:PrincipalOrgID '
      + 'or aws:PrincipalOrgPaths.',
    fix: 'name the source accounts or restrict the statement to your organization: new CrossAccountBackupVault(this, \'Vault\', '
      + '{ sourceAccounts: [...] }) or { sourceOrganizationId: \'o-...\' }, or add Condition { StringEquals: { \'aws:PrincipalOrgID\': '
      + '\'o-...\' } } to the statement.',
    docUrl: DOCS.crossAccount,
  };
}
