/** Message text of CAB-VAULT-KEY. */
import type { MessageParts } from '../finding';
import { DOCS, accountsLiteral, listText, planText, resourceText, routeText, vaultText } from './common';
import type { CopyRoute, ResourceModel, VaultModel } from '../model/types';

export const DEFAULT_KEY_VAULT_ERROR = 'Copy job failed because the destination Backup vault is encrypted with the default '
  + 'Backup service managed key. The contents of this vault cannot be copied. Only the contents of a Backup vault '
  + 'encrypted by an AWS KMS key may be copied.';

export const STORAGE_GATEWAY_ERROR = 'UnsupportedOperation : Storage Gateway backup copies require a user-created backup vault and key at destination.';

function vaultKeyText(vault: VaultModel): string {
  if (vault.name === 'Default' && !vault.inApp) return 'is the account\'s Default vault, which always uses the AWS managed key aws/backup';
  if (!vault.key) return 'has no encryption key (no EncryptionKeyArn), so AWS Backup encrypts it with the AWS managed key aws/backup';
  return `is encrypted with the AWS managed key ${vault.key.alias ?? vault.key.reference}`;
}

/** A cross-account copy out of a vault without a customer managed key. */
export function sourceVaultWithoutCmk(route: CopyRoute, vault: VaultModel, destinationAccounts: readonly string[]): MessageParts {
  return {
    problem: `Source ${vaultText(vault)} of ${planText(route)} ${vaultKeyText(vault)}, and the plan copies its recovery points `
      + `${routeText(route)}. AWS managed keys cannot be shared with another account.`,
    awsError: DEFAULT_KEY_VAULT_ERROR,
    fix: 'give the vault a customer managed key the destination may use: new backup.BackupVault(this, \'Vault\', { encryptionKey: '
      + `new CopyCompatibleKmsKey(this, 'VaultKey', { destinationAccounts: ${accountsLiteral(destinationAccounts)} }) }), `
      + 'and make it the rule\'s (or plan\'s) backupVault. A plan without a backupVault creates a vault without a key.',
    docUrl: DOCS.crossAccount,
  };
}

/** A cross-account copy into the destination account's Default vault. */
export function copyIntoDefaultVault(route: CopyRoute): MessageParts {
  return {
    problem: `${planText(route)} copies ${routeText(route)}. The destination is the account's Default vault, which is `
      + 'encrypted with a key that cannot be shared with other accounts: AWS Backup does not accept it as the destination '
      + 'of a cross-account copy.',
    awsError: DEFAULT_KEY_VAULT_ERROR,
    fix: `copy into a vault created for it in account ${route.destination.env.account ?? '<destination>'}: `
      + `new CrossAccountBackupVault(this, 'Vault', { sourceAccounts: ['${route.source.env.account ?? '<source>'}'] }).`,
    docUrl: DOCS.crossAccount,
  };
}

/** A Storage Gateway volume copied into a vault without a user-created key. */
export function storageGatewayWithoutCmk(route: CopyRoute, resources: readonly ResourceModel[]): MessageParts {
  return {
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

/** Warning: a cross-account destination vault without a customer managed key. */
export function destinationVaultWithoutCmk(route: CopyRoute, resources: readonly ResourceModel[]): MessageParts {
  return {
    problem: `Destination ${vaultText(route.destination)} ${vaultKeyText(route.destination)}, and ${planText(route)} copies `
      + `${listText(resources.map(resourceText))} into it ${routeText(route)}. For resources AWS Backup does not fully manage, `
      + 'AWS requires the destination vault key to be a customer managed key or the service\'s own AWS managed key; whether '
      + 'a vault keyed with aws/backup is accepted for such cross-account copies is not documented consistently.',
    fix: 'encrypt the vault with a customer managed key: new CrossAccountBackupVault(this, \'Vault\', { sourceAccounts: '
      + `['${route.source.env.account ?? '<source>'}'] }) creates one; or acknowledge this warning once a test copy succeeded.`,
    docUrl: DOCS.encryption,
  };
}
