/** Message text of CAB-KEY-POLICY. */
import type { FindingDetails, MessageParts } from '../finding';
import {
  DOCS, accountsLiteral, accountsText, envText, keyId, listText, planText, resourceId, resourceText, someText, vaultId, vaultShort,
  vaultText,
} from './common';
import type { CopyRoute, KeyModel, ResourceModel, VaultModel } from '../model/types';
import { KEY_GRANT_ACTIONS, KEY_USE_ACTIONS } from '../policy/copy-permissions';

/** One destination account the key policy fails. */
export interface KeyPolicyGap {
  readonly account: string;
  /** The partition of the key (its principals are in the same partition). */
  readonly partition: string;
  readonly principalArn: string;
  readonly missing: readonly string[];
  readonly denied: readonly string[];
}

/** What the key encrypts on the failing copy: a resource, or a source vault (fully managed resources). */
export type KeyUse =
  /** The key of a resource AWS Backup does not fully manage: its recovery points are copied under it. */
  | { readonly kind: 'resource'; readonly resource: ResourceModel }
  /** The key of the source vault of a copy of fully managed resources. */
  | { readonly kind: 'source-vault'; readonly vault: VaultModel; readonly route: CopyRoute };

/** `Amazon RDS DB instance Stack/Db` or `source vault "X" (Stack/Vault) of backup plan ...`. */
function useText(use: KeyUse): string {
  return use.kind === 'resource' ? resourceText(use.resource) : `source ${vaultText(use.vault)} of ${planText(use.route)}`;
}

/** The job error when the destination may not use the key (facts §2.6): the general one. */
export const KEY_NOT_ACCESSIBLE_ERROR = 'Given key ID is not accessible';
/** The job error for an EC2 instance (its AMI's snapshots). */
export const AMI_KEY_ERROR = 'AMI snapshot copy failed with error: Given key ID is not accessible. You must have DescribeKey permissions on the default key';
/** The job error for the RDS family, naming the key as the template does. */
export const SNAPSHOT_KEY_ERROR = (keyReference: string): string =>
  `The source snapshot KMS key [${keyReference}] does not exist, is not enabled or you do not have permissions to access it`;

function awsErrorFor(key: KeyModel, use: KeyUse): string {
  switch (use.kind === 'resource' ? use.resource.type : undefined) {
    case 'RDS':
    case 'Aurora':
    case 'DocumentDB':
    case 'Neptune':
    case 'RDSFamilyCluster':
      return SNAPSHOT_KEY_ERROR(key.reference);
    case 'EC2':
      return AMI_KEY_ERROR;
    default:
      return KEY_NOT_ACCESSIBLE_ERROR;
  }
}

function gapDetails(gaps: readonly KeyPolicyGap[]): string {
  return gaps.map((g) => {
    const denied = g.denied.length > 0 ? ` (explicitly denied: ${g.denied.join(', ')})` : '';
    return `account ${g.account} (principal ${g.principalArn}) is not allowed ${g.missing.join(', ')}${denied}`;
  }).join('; ');
}

function grantFix(gaps: readonly KeyPolicyGap[]): string {
  const accounts = gaps.map((g) => g.account);
  const anyDenied = gaps.some((g) => g.denied.length > 0);
  return `${anyDenied ? 'remove the Deny statements that match the destination account, and ' : ''}allow `
    + `${listText(gaps.map((g) => `arn:${g.partition}:iam::${g.account}:root`))} ${KEY_USE_ACTIONS.join(', ')}, `
    + `and ${KEY_GRANT_ACTIONS.join(', ')} with the condition Bool kms:GrantIsForAWSResource = true, in the key `
    + 'policy (key.addToResourcePolicy(...)), or create the key as new CopyCompatibleKmsKey(this, \'Key\', { destinationAccounts: '
    + `${accountsLiteral(accounts)} })`;
}

function keyText(key: KeyModel): string {
  return `KMS key ${key.constructPath ?? key.reference} (${envText(key.env)})`;
}

/** `Amazon EBS volume Stack/Volume` or `source vault Stack/Vault` (short form). */
function useShort(use: KeyUse): string {
  return use.kind === 'resource' ? resourceText(use.resource) : `source ${vaultShort(use.vault)}`;
}

/** The uses (a few, then `and N more`), short. */
function usesShort(uses: readonly KeyUse[]): string {
  return someText(uses.slice(0, 2).map(useShort), 2, uses.length);
}

/**
 * `key`, `resources` (the resources it encrypts), `vaults` (the source vaults it encrypts), `accounts`
 * (the destinations it fails), `principals`, `missingActions`, `deniedActions` (each once).
 */
function keyPolicyDetails(key: KeyModel, uses: readonly KeyUse[], gaps: readonly KeyPolicyGap[]): FindingDetails {
  const resources = uses.flatMap((u) => (u.kind === 'resource' ? [resourceId(u.resource)] : []));
  const vaults = uses.flatMap((u) => (u.kind === 'source-vault' ? [vaultId(u.vault)] : []));
  const denied = [...new Set(gaps.flatMap((g) => g.denied))];
  return {
    key: keyId(key),
    ...(resources.length > 0 ? { resources } : {}),
    ...(vaults.length > 0 ? { vaults } : {}),
    accounts: gaps.map((g) => g.account),
    principals: gaps.map((g) => g.principalArn),
    missingActions: [...new Set(gaps.flatMap((g) => g.missing))],
    ...(denied.length > 0 ? { deniedActions: denied } : {}),
  };
}

/** The short fix: the construct, and the grant (after removing a Deny, when there is one). */
function grantShortFix(gaps: readonly KeyPolicyGap[]): string {
  const accounts = gaps.map((g) => g.account);
  const key = `new CopyCompatibleKmsKey(..., { destinationAccounts: ${accountsLiteral(accounts)} })`;
  const them = accounts.length === 1 ? 'it' : 'them';
  return gaps.some((g) => g.denied.length > 0)
    ? `remove the Deny and grant ${them} the copy's KMS actions, or use ${key}.`
    : `use ${key}, or grant ${them} the copy's KMS actions.`;
}

/**
 * A customer managed resource key whose policy does not let the destination account(s) use it (error).
 * Details: `key`, `resources`, `vaults`, `accounts`, `principals`, `missingActions`, `deniedActions`.
 */
export function keyPolicyDeniesDestination(key: KeyModel, uses: readonly KeyUse[], gaps: readonly KeyPolicyGap[]): MessageParts {
  const accounts = gaps.map((g) => g.account);
  return {
    messageId: 'key-policy-denies-destination',
    details: keyPolicyDetails(key, uses, gaps),
    summary: `KMS key ${keyId(key)} of ${usesShort(uses)} does not let ${accountsText(accounts)} use it.`,
    shortFix: grantShortFix(gaps),
    problem: `${keyText(key)} encrypts ${listText(uses.map(useText))}, `
      + `which ${uses.length === 1 ? 'is' : 'are'} copied to ${listText(accounts.map((a) => `account ${a}`))}. The copy is made `
      + `by the destination account's AWS Backup service-linked role, but the key policy does not let it use the key: ${gapDetails(gaps)}.`,
    awsError: awsErrorFor(key, uses[0]),
    fix: `${grantFix(gaps)}.`,
    docUrl: DOCS.keyNotAccessible,
  };
}

/** Both sides of the source vault key question for fully managed types (fact audit §5.1). */
export const SOURCE_VAULT_KEY_CONFLICT = 'AWS\'s sources disagree on whether this key must trust the destination. For it: '
  + 'the re:Post article "Why does my cross-account copy fail in AWS Backup?" says the source vault key\'s policy must allow '
  + 'the destination account. Against it: AWS\'s guides "Creating backup copies across AWS accounts" and "Encryption for '
  + 'backups" ask to share only the keys of resources encrypted with a customer managed key, and the re:Post article on '
  + '"Given key ID is not accessible" says the source vault key of fully managed types can be an AWS managed key, which '
  + 'cannot be shared with another account.';

/**
 * The source vault key (fully managed resource types) does not let the destination account(s) use it:
 * a warning by default, an error with `requireSourceVaultKeyTrust`. Details as {@link keyPolicyDeniesDestination}.
 */
export function vaultKeyPolicyDeniesDestination(
  key: KeyModel,
  uses: readonly KeyUse[],
  gaps: readonly KeyPolicyGap[],
  required: boolean,
): MessageParts {
  const accounts = gaps.map((g) => g.account);
  return {
    messageId: 'vault-key-policy-denies-destination',
    details: keyPolicyDetails(key, uses, gaps),
    summary: required
      ? `KMS key ${keyId(key)} (of ${usesShort(uses)}) does not let ${accountsText(accounts)} use it, as requireSourceVaultKeyTrust requires.`
      : `KMS key ${keyId(key)} (of ${usesShort(uses)}) may need to let ${accountsText(accounts)} use it; AWS's sources disagree.`,
    shortFix: `use new CopyCompatibleKmsKey(..., { destinationAccounts: ${accountsLiteral(accounts)} }), or acknowledge.`,
    problem: `${keyText(key)} encrypts ${listText(uses.map(useText))}, whose fully managed recovery points are copied `
      + `to ${listText(accounts.map((a) => `account ${a}`))}, and the key policy does not let the destination account's `
      + `AWS Backup service-linked role use it: ${gapDetails(gaps)}. ${SOURCE_VAULT_KEY_CONFLICT} `
      + (required
        ? 'requireSourceVaultKeyTrust: true makes this an error.'
        : 'So this is a warning; requireSourceVaultKeyTrust: true makes it an error.'),
    awsError: required ? KEY_NOT_ACCESSIBLE_ERROR : undefined,
    fix: `${grantFix(gaps)}. The grant is harmless either way: it admits only the account that receives the copies, and `
      + 'grants only for AWS resources. Otherwise acknowledge this warning on the key once a test copy succeeded.',
    docUrl: DOCS.troubleshootCrossAccount,
  };
}
