import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-key-policy';
import { backupServiceRole } from '../../fixtures';
import { DST, cmk, copyKeyPolicy, resource, route, SRC } from '../rules/model-builder';
/** The destination account's service-linked role may not use the key at all. */
const gap = (): messages.KeyPolicyGap => ({
  account: DST,
  partition: 'aws',
  principalArn: backupServiceRole(DST),
  missing: ['kms:DescribeKey', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKey', 'kms:CreateGrant'],
  denied: [],
});

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  keyPolicyDeniesDestination: () => {
    const key = cmk({ path: 'SourceStack/DbKey', policy: copyKeyPolicy(SRC, []) });
    return messages.keyPolicyDeniesDestination(key, [{ kind: 'resource', resource: resource('RDS', { key }) }], [gap()]);
  },
  vaultKeyPolicyDeniesDestination: () => {
    const r = route({ resources: [resource('EFS')] });
    const key = cmk({ path: 'SourceStack/VaultKey', policy: copyKeyPolicy(SRC, []) });
    return messages.vaultKeyPolicyDeniesDestination(key, [{ kind: 'source-vault', vault: r.source.vault, route: r }], [gap()], false);
  },
};

const WORDS: Record<string, Wording> = {
  keyPolicyDeniesDestination: {
    messageId: 'key-policy-denies-destination',
    message: 'CAB-KEY-POLICY: KMS key SourceStack/DbKey (account 111111111111 in us-east-1) encrypts Amazon RDS DB instance '
      + 'SourceStack/Db, which is copied to account 222222222222. The copy is made by the destination account\'s AWS '
      + 'Backup service-linked role, but the key policy does not let it use the key: account 222222222222 (principal '
      + 'arn:aws:iam::222222222222:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup) is not allowed '
      + 'kms:DescribeKey, kms:Decrypt, kms:ReEncryptFrom, kms:GenerateDataKey, kms:CreateGrant. At run time AWS Backup '
      + 'fails the copy job with: "The source snapshot KMS key [{"Fn::GetAtt":["SourceStackDbKey","Arn"]}] does not '
      + 'exist, is not enabled or you do not have permissions to access it". Fix: allow arn:aws:iam::222222222222:root '
      + 'kms:DescribeKey, kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey, '
      + 'kms:GenerateDataKeyWithoutPlaintext, and kms:CreateGrant, kms:ListGrants, kms:RevokeGrant with the condition '
      + 'Bool kms:GrantIsForAWSResource = true, in the key policy (key.addToResourcePolicy(...)), or create the key as '
      + 'new CopyCompatibleKmsKey(this, \'Key\', { destinationAccounts: [\'222222222222\'] }). See '
      + 'https://repost.aws/knowledge-center/backup-cross-account-copy-error',
    summary: 'KMS key SourceStack/DbKey of Amazon RDS DB instance SourceStack/Db does not let account 222222222222 use it.',
    shortFix: 'use new CopyCompatibleKmsKey(..., { destinationAccounts: [\'222222222222\'] }), or grant it the copy\'s KMS '
      + 'actions.',
    fits: true,
  },
  vaultKeyPolicyDeniesDestination: {
    messageId: 'vault-key-policy-denies-destination',
    message: 'CAB-KEY-POLICY: KMS key SourceStack/VaultKey (account 111111111111 in us-east-1) encrypts source vault "Vault" '
      + '(SourceStack/Vault) of backup plan SourceStack/Plan (rule Daily), whose fully managed recovery points are '
      + 'copied to account 222222222222, and the key policy does not let the destination account\'s AWS Backup '
      + 'service-linked role use it: account 222222222222 (principal '
      + 'arn:aws:iam::222222222222:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup) is not allowed '
      + 'kms:DescribeKey, kms:Decrypt, kms:ReEncryptFrom, kms:GenerateDataKey, kms:CreateGrant. AWS\'s sources disagree '
      + 'on whether this key must trust the destination. For it: the re:Post article "Why does my cross-account copy '
      + 'fail in AWS Backup?" says the source vault key\'s policy must allow the destination account. Against it: AWS\'s '
      + 'guides "Creating backup copies across AWS accounts" and "Encryption for backups" ask to share only the keys of '
      + 'resources encrypted with a customer managed key, and the re:Post article on "Given key ID is not accessible" '
      + 'says the source vault key of fully managed types can be an AWS managed key, which cannot be shared with '
      + 'another account. So this is a warning; requireSourceVaultKeyTrust: true makes it an error. Fix: allow '
      + 'arn:aws:iam::222222222222:root kms:DescribeKey, kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey, '
      + 'kms:GenerateDataKeyWithoutPlaintext, and kms:CreateGrant, kms:ListGrants, kms:RevokeGrant with the condition '
      + 'Bool kms:GrantIsForAWSResource = true, in the key policy (key.addToResourcePolicy(...)), or create the key as '
      + 'new CopyCompatibleKmsKey(this, \'Key\', { destinationAccounts: [\'222222222222\'] }). The grant is harmless either '
      + 'way: it admits only the account that receives the copies, and grants only for AWS resources. Otherwise '
      + 'acknowledge this warning on the key once a test copy succeeded. See '
      + 'https://repost.aws/knowledge-center/backup-troubleshoot-cross-account-copy',
    summary: 'KMS key SourceStack/VaultKey (of source vault SourceStack/Vault) may need to let account 222222222222 use it; '
      + 'AWS\'s sources disagree.',
    shortFix: 'use new CopyCompatibleKmsKey(..., { destinationAccounts: [\'222222222222\'] }), or acknowledge.',
    fits: true,
  },
};

describeWording('CAB-KEY-POLICY', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));

describe('CAB-KEY-POLICY wording, more', () => {
  test('keyPolicyDeniesDestination with a Deny: the short fix removes it first', () => {
    const key = cmk({ path: 'SourceStack/DbKey', policy: copyKeyPolicy(SRC, []) });
    const parts = messages.keyPolicyDeniesDestination(key, [{ kind: 'resource', resource: resource('RDS', { key }) }], [{ ...gap(), denied: ['kms:Decrypt'] }]);
    expect(parts.shortFix).toBe('remove the Deny and grant it the copy\'s KMS actions, or use new CopyCompatibleKmsKey(..., { destinationAccounts: '
      + '[\'222222222222\'] }).');
    expect(parts.fix.startsWith('remove the Deny statements that match the destination account, and allow arn:aws:iam::222222222222:root ')).toBe(true);
  });
});
