import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-vault-key';
import { DST, awsManagedKey, destinationVault, env, resource, route, sourceVault, vault } from '../rules/model-builder';

const CASES: Record<string, () => MessageParts> = {
  sourceVaultWithoutCmk: () => {
    const r = route({ sourceVault: sourceVault({ key: awsManagedKey('aws/backup') }) });
    return messages.sourceVaultWithoutCmk(r, r.source.vault, [DST]);
  },
  copyIntoDefaultVault: () =>
    messages.copyIntoDefaultVault(route({ destination: vault({ inApp: false, name: 'Default', env: env(DST), path: 'SourceStack/Default', key: undefined }) })),
  storageGatewayWithoutCmk: () => {
    const volume = resource('StorageGateway', { inApp: false, arn: 'arn:aws:storagegateway:us-east-1:111111111111:gateway/sgw-1/volume/vol-1', key: undefined });
    return messages.storageGatewayWithoutCmk(route({ resources: [volume], destination: destinationVault({ key: undefined }) }), [volume]);
  },
  destinationVaultWithoutCmk: () =>
    messages.destinationVaultWithoutCmk(route({ destination: destinationVault({ key: undefined }) }), [resource('EBS'), resource('RDS')]),
};

const WORDS: Record<string, Wording> = {
  sourceVaultWithoutCmk: {
    messageId: 'source-vault-without-cmk',
    message: 'CAB-VAULT-KEY: Source vault "Vault" (SourceStack/Vault) of backup plan SourceStack/Plan (rule Daily) is '
      + 'encrypted with the AWS managed key aws/backup, and the plan copies its recovery points from account '
      + '111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in account 222222222222 in us-east-1. AWS '
      + 'managed keys cannot be shared with another account. At run time AWS Backup fails the copy job with: "Copy job '
      + 'failed because the destination Backup vault is encrypted with the default Backup service managed key. The '
      + 'contents of this vault cannot be copied. Only the contents of a Backup vault encrypted by an AWS KMS key may '
      + 'be copied.". Fix: give the vault a customer managed key the destination may use: new backup.BackupVault(this, '
      + '\'Vault\', { encryptionKey: new CopyCompatibleKmsKey(this, \'VaultKey\', { destinationAccounts: [\'222222222222\'] '
      + '}) }), and make it the rule\'s (or plan\'s) backupVault. A plan without a backupVault creates a vault without a '
      + 'key. See https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    summary: 'Source vault SourceStack/Vault uses aws/backup, which account 222222222222 cannot use.',
    shortFix: 'back up into a vault with encryptionKey: new CopyCompatibleKmsKey(..., { destinationAccounts: [\'222222222222\'] '
      + '}).',
    fits: true,
  },
  copyIntoDefaultVault: {
    messageId: 'copy-into-default-vault',
    message: 'CAB-VAULT-KEY: backup plan SourceStack/Plan (rule Daily) copies from account 111111111111 in us-east-1 to '
      + 'vault "Default" (SourceStack/Default) in account 222222222222 in us-east-1. The destination is the account\'s '
      + 'Default vault, which is encrypted with a key that cannot be shared with other accounts: AWS Backup does not '
      + 'accept it as the destination of a cross-account copy. At run time AWS Backup fails the copy job with: "Copy '
      + 'job failed because the destination Backup vault is encrypted with the default Backup service managed key. The '
      + 'contents of this vault cannot be copied. Only the contents of a Backup vault encrypted by an AWS KMS key may '
      + 'be copied.". Fix: copy into a vault created for it in account 222222222222: new CrossAccountBackupVault(this, '
      + '\'Vault\', { sourceAccounts: [\'111111111111\'] }). See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    summary: 'Plan SourceStack/Plan copies across accounts into the Default vault of account 222222222222, which AWS Backup '
      + 'refuses.',
    shortFix: 'copy into new CrossAccountBackupVault(..., { sourceAccounts: [\'111111111111\'] }) there.',
    fits: true,
  },
  storageGatewayWithoutCmk: {
    messageId: 'storage-gateway-without-cmk',
    message: 'CAB-VAULT-KEY: backup plan SourceStack/Plan (rule Daily) copies AWS Storage Gateway volume '
      + 'arn:aws:storagegateway:us-east-1:111111111111:gateway/sgw-1/volume/vol-1 from account 111111111111 in '
      + 'us-east-1 to vault "Vault" (BackupStack/Vault) in account 222222222222 in us-east-1, whose destination has no '
      + 'encryption key (no EncryptionKeyArn), so AWS Backup encrypts it with the AWS managed key aws/backup. Storage '
      + 'Gateway has no service AWS managed key, so its copies need a vault encrypted with a customer managed key. At '
      + 'run time AWS Backup fails the copy job with: "UnsupportedOperation : Storage Gateway backup copies require a '
      + 'user-created backup vault and key at destination.". Fix: copy into a vault with a customer managed key: new '
      + 'backup.BackupVault(this, \'Vault\', { encryptionKey: key }), or new CrossAccountBackupVault(this, \'Vault\', { '
      + 'sourceAccounts: [\'111111111111\'] }) for a copy from another account. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html',
    summary: 'Storage Gateway arn:aws:storagegateway:us-east-1:111111111111:gateway/sgw-1/volume/vol-1 is copied into vault '
      + 'BackupStack/Vault, without a customer managed key.',
    shortFix: 'use a CrossAccountBackupVault or a BackupVault with an encryptionKey.',
    fits: true,
  },
  destinationVaultWithoutCmk: {
    messageId: 'destination-vault-without-cmk',
    message: 'CAB-VAULT-KEY: Destination vault "Vault" (BackupStack/Vault) has no encryption key (no EncryptionKeyArn), so '
      + 'AWS Backup encrypts it with the AWS managed key aws/backup, and backup plan SourceStack/Plan (rule Daily) '
      + 'copies Amazon EBS volume SourceStack/Volume and Amazon RDS DB instance SourceStack/Db into it from account '
      + '111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in account 222222222222 in us-east-1. For '
      + 'resources AWS Backup does not fully manage, AWS requires the destination vault key to be a customer managed '
      + 'key or the service\'s own AWS managed key; whether a vault keyed with aws/backup is accepted for such '
      + 'cross-account copies is not documented consistently. Fix: encrypt the vault with a customer managed key: new '
      + 'CrossAccountBackupVault(this, \'Vault\', { sourceAccounts: [\'111111111111\'] }) creates one; or acknowledge this '
      + 'warning once a test copy succeeded. See https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html',
    summary: 'Vault BackupStack/Vault has no customer managed key; AWS may refuse cross-account copies of SourceStack/Volume '
      + 'and 1 more.',
    shortFix: 'use new CrossAccountBackupVault(..., { sourceAccounts: [\'111111111111\'] }), or acknowledge once a copy worked.',
    fits: true,
  },
};

describeWording('CAB-VAULT-KEY', CASES, WORDS, messageFunctions(messages));
