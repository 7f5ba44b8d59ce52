/** Message text of CAB-VAULT-POLICY. */
import type { MessageParts } from '../finding';
import {
  DOCS, accountsLiteral, accountsText, capital, envText, listText, planText, someText, vaultId, vaultShort, vaultText,
} from './common';
import type { CopyRoute, PolicyStatementJson, VaultModel } from '../model/types';

/** The copy job's error when the destination vault's access policy refuses the source (facts §2.6). */
export const ACCESS_DENIED_ERROR = 'Access Denied trying to call AWS Backup service';

/** One source account the vault's access policy refuses. */
export interface VaultPolicyGap {
  readonly account: string;
  /** A copy route of each plan rule that copies from the account into the vault. */
  readonly plans: readonly CopyRoute[];
  readonly denied: boolean;
}

/**
 * An in-app destination vault whose access policy does not admit the source account(s). Details:
 * `cause` (`no-policy`, `denied`, `not-allowed`), `vaults`, `accounts` (the sources refused), `plans`
 * (those that copy from them, each once).
 */
export function vaultPolicyDeniesSource(vault: VaultModel, gaps: readonly VaultPolicyGap[]): MessageParts {
  const accounts = gaps.map((g) => g.account);
  const cause = !vault.accessPolicy ? 'no-policy' : gaps.some((g) => g.denied) ? 'denied' : 'not-allowed';
  const why = {
    'no-policy': 'it has no access policy, so nothing allows them backup:CopyIntoBackupVault',
    'denied': 'its access policy denies them backup:CopyIntoBackupVault',
    'not-allowed': 'its access policy does not allow them backup:CopyIntoBackupVault',
  }[cause];
  const whyShort = {
    'no-policy': `has no access policy for ${accountsText(accounts)}`,
    'denied': `denies ${accountsText(accounts)} backup:CopyIntoBackupVault`,
    'not-allowed': `does not allow ${accountsText(accounts)} backup:CopyIntoBackupVault`,
  }[cause];
  return {
    messageId: 'vault-policy-denies-source',
    details: {
      cause,
      vaults: [vaultId(vault)],
      accounts,
      plans: [...new Set(gaps.flatMap((g) => g.plans.map((r) => r.policy?.policyPath ?? r.planPath)))],
    },
    summary: `${capital(vaultShort(vault))} ${whyShort}.`,
    shortFix: `use new CrossAccountBackupVault(..., { sourceAccounts: ${accountsLiteral(accounts)} }), or allow `
      + `${accounts.length === 1 ? 'it' : 'them'} backup:CopyIntoBackupVault.`,
    problem: `Destination ${vaultText(vault)} (${envText(vault.env)}) receives cross-account copies from `
      + `${listText(gaps.map((g) => `account ${g.account} (${g.plans.map((r) => planText(r)).join(', ')})`))}, but ${why}.`,
    awsError: ACCESS_DENIED_ERROR,
    fix: `allow the source ${accounts.length === 1 ? 'account' : 'accounts'}: new CrossAccountBackupVault(this, 'Vault', `
      + `{ sourceAccounts: ${accountsLiteral(accounts)} }) (or sourceOrganizationId for the whole organization), or `
      + 'vault.addToAccessPolicy(new iam.PolicyStatement({ actions: [\'backup:CopyIntoBackupVault\'], principals: '
      + `[${accounts.map((a) => `new iam.AccountPrincipal('${a}')`).join(', ')}], resources: ['*'] })).`,
    docUrl: DOCS.crossAccount,
  };
}

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

/**
 * A source vault whose access policy denies copies out of it (error). Details: `vaults` (the source,
 * then the destinations refused), `plans` (of the first route refused to each), `statements` (the Deny
 * statements, each once).
 */
export function sourceVaultDeniesCopy(vault: VaultModel, denials: readonly SourceDenial[]): MessageParts {
  const unique = [...new Map(denials.flatMap((d) => d.statements).map((st) => [quote(st), st])).entries()];
  const statements = unique.map(([text]) => text);
  return {
    messageId: 'source-vault-denies-copy',
    details: {
      vaults: [vaultId(vault), ...denials.map((d) => vaultId(d.destination))],
      plans: [...new Set(denials.map((d) => d.route.policy?.policyPath ?? d.route.planPath))],
      statements: unique.map(([, st]) => st),
    },
    summary: `Source ${vaultShort(vault)} denies backup:CopyFromBackupVault for copies to `
      + `${someText(denials.map((d) => vaultShort(d.destination)), 1)}.`,
    shortFix: 'remove the Deny statement, or narrow it (e.g. its backup:CopyTargets condition) to spare these destinations.',
    problem: `Source ${vaultText(vault)} (${envText(vault.env)}) is copied ${listText(denials.map((d) => `to ${vaultText(d.destination)} `
      + `by ${planText(d.route)}`))}, but its access policy denies backup:CopyFromBackupVault, which AWS Backup checks on the source vault of `
      + 'every copy ("backup:CopyFromBackupVault on the source vault and backup:CopyIntoBackupVault on the destination vault"): '
      + `${statements.join(' ')}.`,
    fix: 'remove the Deny statement, or narrow it (for example its backup:CopyTargets condition) so that it spares these '
      + 'destination vaults.',
    docUrl: DOCS.copyAuthorization,
  };
}

/** An access policy that lets every principal in with no condition (warning). Details: `vaults`, `statements`. */
export function vaultPolicyOpenToEveryone(vault: VaultModel, statements: readonly PolicyStatementJson[]): MessageParts {
  return {
    messageId: 'vault-policy-open-to-everyone',
    details: { vaults: [vaultId(vault)], statements: [...statements] },
    summary: `The access policy of ${vaultShort(vault)} allows every principal with no condition.`,
    shortFix: 'use CrossAccountBackupVault with sourceAccounts or sourceOrganizationId, or add an aws:PrincipalOrgID condition.',
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
