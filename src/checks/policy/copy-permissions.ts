/**
 * The permissions a cross-account copy needs, as the constructs grant them and the checks test them.
 *
 * Source: re:Post Knowledge Center "Why does my cross-account copy fail in AWS Backup?"
 * (https://repost.aws/knowledge-center/backup-troubleshoot-cross-account-copy), source key policy
 * example, and AWS Backup DG "Creating backup copies across AWS accounts" (vault access policy).
 *
 * The one place for these lists: `CopyCompatibleKmsKey` and `CrossAccountAirGappedVault` grant
 * `KEY_USE_ACTIONS` and `KEY_GRANT_ACTIONS`, CAB-KEY-POLICY tests `REQUIRED_KEY_ACTIONS` (each one
 * of those granted) and its fix names the granted lists. Not part of the jsii API.
 */

/** Sid of the key policy statement that lets the destination use the key (article wording). */
export const KEY_USE_SID = 'Allow use of the key';
/** Sid of the key policy statement that lets the destination create grants for AWS resources (article wording). */
export const KEY_GRANT_SID = 'Allow attachment of persistent resources';
/** Suffix of the same two statements when they admit the members of an organization. */
export const ORGANIZATION_SID_SUFFIX = ' by organization members';
/** Suffix of the same two statements when they admit the members of organizational units. */
export const ORGANIZATIONAL_UNIT_SID_SUFFIX = ' by organizational unit members';

/** Cryptographic operations the destination account needs on the source key. */
export const KEY_USE_ACTIONS: readonly string[] = [
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
];

/** Grant operations the destination account needs, only for AWS resources (`kms:GrantIsForAWSResource`). */
export const KEY_GRANT_ACTIONS: readonly string[] = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

/**
 * The KMS actions the destination account must be allowed on the source key of a cross-account
 * copy (facts §2.3): the actions of the "Allow use of the key" statement of AWS's own example
 * policy that a copy actually calls (Encrypt is not called), plus CreateGrant for AWS resources.
 * ListGrants and RevokeGrant are recommended but not required, so their absence is not reported.
 */
export const REQUIRED_KEY_ACTIONS: readonly string[] = [
  'kms:DescribeKey',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:CreateGrant',
];

/** The only action a vault access policy may grant to another account. */
export const COPY_INTO_VAULT_ACTION = 'backup:CopyIntoBackupVault';

/** Sids of the vault access policy statements. */
export const VAULT_ACCOUNTS_SID = 'AllowCopyIntoBackupVaultFromSourceAccounts';
export const VAULT_ORGANIZATION_SID = 'AllowCopyIntoBackupVaultFromOrganization';
export const VAULT_OUS_SID = 'AllowCopyIntoBackupVaultFromOrganizationalUnits';
