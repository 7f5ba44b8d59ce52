/** Message text of CAB-VAULT-KEY. */
import type { MessageParts } from '../finding';
import {
  DOCS, accountsLiteral, accountsText, capital, listText, planShort, planText, resourceId, resourceText, routeText, someText, typesOf,
  vaultId, vaultShort, vaultText,
} from './common';
import type { CopyRoute, ResourceModel, VaultModel } from '../model/types';

export const DEFAULT_KEY_VAULT_ERROR = 'Copy job failed because the destination Backup vault is encrypted with the default '
  + 'Backup service managed key. The contents of this vault cannot be copied. Only the contents of a Backup vault '
  + 'encrypted by an AWS KMS key may be copied.';

export const STORAGE_GATEWAY_ERROR = 'UnsupportedOperation : Storage Gateway backup copies require a user-created backup vault and key at destination.';

/** Why a vault has no customer managed key: `details.cause` of the messages below. */
type VaultKeyCause = 'default-vault' | 'no-key' | 'aws-managed-key';

function vaultKeyCause(vault: VaultModel): VaultKeyCause {
  if (vault.name === 'Default' && !vault.inApp) return 'default-vault';
  return vault.key ? 'aws-managed-key' : 'no-key';
}

function vaultKeyText(vault: VaultModel): string {
  switch (vaultKeyCause(vault)) {
    case 'default-vault': return 'is the account\'s Default vault, which always uses the AWS managed key aws/backup';
    case 'no-key': return 'has no encryption key (no EncryptionKeyArn), so AWS Backup encrypts it with the AWS managed key aws/backup';
    default: return `is encrypted with the AWS managed key ${vault.key!.alias ?? vault.key!.reference}`;
  }
}

/** The short form of {@link vaultKeyText}. */
function vaultKeyShort(vault: VaultModel): string {
  switch (vaultKeyCause(vault)) {
    case 'default-vault': return 'is the Default vault (aws/backup)';
    case 'no-key': return 'has no encryption key (aws/backup)';
    default: return `uses ${vault.key!.alias ?? vault.key!.reference}`;
  }
}

/** `cause`, `vaults`, and `keyAlias` when the vault has an AWS managed key. */
function vaultKeyDetails(vault: VaultModel): { cause: VaultKeyCause; vaults: string[]; keyAlias?: string } {
  const cause = vaultKeyCause(vault);
  const alias = cause === 'aws-managed-key' ? vault.key!.alias ?? vault.key!.reference : undefined;
  return { cause, vaults: [vaultId(vault)], ...(alias !== undefined ? { keyAlias: alias } : {}) };
}

/**
 * A cross-account copy out of a vault without a customer managed key. Details: `cause` (`default-vault`,
 * `no-key`, `aws-managed-key`), `vaults` (the source vault), `keyAlias`, `accounts` (the destinations).
 */
export function sourceVaultWithoutCmk(route: CopyRoute, vault: VaultModel, destinationAccounts: readonly string[]): MessageParts {
  return {
    messageId: 'source-vault-without-cmk',
    details: { ...vaultKeyDetails(vault), accounts: [...destinationAccounts] },
    summary: `Source ${vaultShort(vault)} ${vaultKeyShort(vault)}, which ${accountsText(destinationAccounts)} cannot use.`,
    shortFix: 'back up into a vault with encryptionKey: new CopyCompatibleKmsKey(..., { destinationAccounts: '
      + `${accountsLiteral(destinationAccounts)} }).`,
    problem: `Source ${vaultText(vault)} of ${planText(route)} ${vaultKeyText(vault)}, and the plan copies its recovery points `
      + `${routeText(route)}. AWS managed keys cannot be shared with another account.`,
    awsError: DEFAULT_KEY_VAULT_ERROR,
    fix: 'give the vault a customer managed key the destination may use: new backup.BackupVault(this, \'Vault\', { encryptionKey: '
      + `new CopyCompatibleKmsKey(this, 'VaultKey', { destinationAccounts: ${accountsLiteral(destinationAccounts)} }) }), `
      + 'and make it the rule\'s (or plan\'s) backupVault. A plan without a backupVault creates a vault without a key.',
    docUrl: DOCS.crossAccount,
  };
}

/** A cross-account copy into the destination account's Default vault. Details: `vaults` (the Default vault), `accounts` (its account). */
export function copyIntoDefaultVault(route: CopyRoute): MessageParts {
  const account = route.destination.env.account;
  return {
    messageId: 'copy-into-default-vault',
    details: { vaults: [vaultId(route.destination)], accounts: account ? [account] : [] },
    summary: `${capital(planShort(route))} copies across accounts into the Default vault${account ? ` of account ${account}` : ''}, which AWS `
      + 'Backup refuses.',
    shortFix: `copy into new CrossAccountBackupVault(..., { sourceAccounts: ['${route.source.env.account ?? '<source>'}'] }) there.`,
    problem: `${planText(route)} copies ${routeText(route)}. The destination is the account's Default vault, which is `
      + 'encrypted with a key that cannot be shared with other accounts: AWS Backup does not accept it as the destination '
      + 'of a cross-account copy.',
    awsError: DEFAULT_KEY_VAULT_ERROR,
    fix: `copy into a vault created for it in account ${route.destination.env.account ?? '<destination>'}: `
      + `new CrossAccountBackupVault(this, 'Vault', { sourceAccounts: ['${route.source.env.account ?? '<source>'}'] }).`,
    docUrl: DOCS.crossAccount,
  };
}

/**
 * A Storage Gateway volume copied into a vault without a user-created key. Details: `cause`, `vaults`
 * (the destination), `keyAlias`, `resources`, `types`.
 */
export function storageGatewayWithoutCmk(route: CopyRoute, resources: readonly ResourceModel[]): MessageParts {
  return {
    messageId: 'storage-gateway-without-cmk',
    details: { ...vaultKeyDetails(route.destination), resources: resources.map(resourceId), types: typesOf(resources) },
    summary: `Storage Gateway ${someText(resources.map(resourceId), 1)} is copied into ${vaultShort(route.destination)}, without `
      + 'a customer managed key.',
    shortFix: 'use a CrossAccountBackupVault or a BackupVault with an encryptionKey.',
    problem: `${planText(route)} copies ${listText(resources.map(resourceText))} ${routeText(route)}, whose destination `
      + `${vaultKeyText(route.destination)}. Storage Gateway has no service AWS managed key, so its copies need a vault `
      + 'encrypted with a customer managed key.',
    awsError: STORAGE_GATEWAY_ERROR,
    fix: 'copy into a vault with a customer managed key: new backup.BackupVault(this, \'Vault\', { encryptionKey: key }), '
      + `or new CrossAccountBackupVault(this, 'Vault', { sourceAccounts: ['${route.source.env.account ?? '<source>'}'] }) `
      + 'for a copy from another account.',
    docUrl: DOCS.encryption,
  };
}

/**
 * Warning: a cross-account destination vault without a customer managed key. Details: `cause`, `vaults`
 * (the destination), `keyAlias`, `resources` (not fully managed), `types`.
 */
export function destinationVaultWithoutCmk(route: CopyRoute, resources: readonly ResourceModel[]): MessageParts {
  return {
    messageId: 'destination-vault-without-cmk',
    details: { ...vaultKeyDetails(route.destination), resources: resources.map(resourceId), types: typesOf(resources) },
    summary: `${capital(vaultShort(route.destination))} has no customer managed key; AWS may refuse cross-account copies of `
      + `${someText(resources.map(resourceId), 1)}.`,
    shortFix: `use new CrossAccountBackupVault(..., { sourceAccounts: ['${route.source.env.account ?? '<source>'}'] }), or acknowledge `
      + 'once a copy worked.',
    problem: `Destination ${vaultText(route.destination)} ${vaultKeyText(route.destination)}, and ${planText(route)} copies `
      + `${listText(resources.map(resourceText))} into it ${routeText(route)}. For resources AWS Backup does not fully manage, `
      + 'AWS requires the destination vault key to be a customer managed key or the service\'s own AWS managed key; whether '
      + 'a vault keyed with aws/backup is accepted for such cross-account copies is not documented consistently.',
    fix: 'encrypt the vault with a customer managed key: new CrossAccountBackupVault(this, \'Vault\', { sourceAccounts: '
      + `['${route.source.env.account ?? '<source>'}'] }) creates one; or acknowledge this warning once a test copy succeeded.`,
    docUrl: DOCS.encryption,
  };
}
