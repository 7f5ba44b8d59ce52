/** Message text of CAB-AWS-MANAGED-KEY. */
import { AIR_GAPPED_DOC } from '../capabilities/air-gapped-capabilities';
import { capabilityOf } from '../capabilities/queries';
import type { FindingDetails, MessageParts } from '../finding';
import {
  DOCS, accountsLiteral, accountsText, keyId, listText, planText, resourceId, resourceText, routeText, vaultId, vaultShort,
} from './common';
import type { CopyRoute, KeyModel, ResourceModel, ResourceTypeId } from '../model/types';

/** The job error of RDS-family snapshots under an AWS managed key (facts §2.6). */
export const RDS_ERROR = 'Snapshots encrypted with the AWS managed key can\'t be shared. Specify another snapshot.';
/** The job error of EBS snapshots under an AWS managed key (facts §2.6). */
export const EBS_ERROR = 'Encrypted snapshots with Amazon EBS default key cannot be shared';

/** The job error of a copy under an AWS managed key into a logically air-gapped vault. */
export const AIR_GAPPED_AWS_MANAGED_KEY_ERROR = 'This resource is encrypted with an AWS managed key and cannot be copied to a logically air-gapped backup vault.';

/** The job error per type (facts §2.6); undefined where AWS documents none. */
const AWS_ERROR: Partial<Record<ResourceTypeId, string>> = {
  EC2: EBS_ERROR,
  EBS: EBS_ERROR,
  RDS: RDS_ERROR,
  Aurora: RDS_ERROR,
  DocumentDB: RDS_ERROR,
  Neptune: RDS_ERROR,
  RDSFamilyCluster: RDS_ERROR,
};

/** Where the key goes in plain aws-cdk-lib code. */
const KEY_PROP: Partial<Record<ResourceTypeId, string>> = {
  EC2: 'ec2.BlockDeviceVolume.ebs(size, { encrypted: true, kmsKey: key }) in the instance\'s blockDevices',
  EBS: 'new ec2.Volume(..., { encrypted: true, encryptionKey: key })',
  RDS: 'new rds.DatabaseInstance(..., { storageEncryptionKey: key })',
  Aurora: 'new rds.DatabaseCluster(..., { storageEncryptionKey: key })',
  RDSFamilyCluster: 'the cluster\'s KmsKeyId',
  DocumentDB: 'new docdb.DatabaseCluster(..., { kmsKey: key })',
  Neptune: 'the cluster\'s KmsKeyId (kmsKey of the Neptune L2)',
  FSx: 'the file system\'s kmsKey',
  Redshift: 'the cluster\'s KmsKeyId',
};

/** `aws/ebs`, or `the default AWS managed key` when its alias is not known (short form). */
function keyShort(key: KeyModel): string {
  return key.alias ?? (key.kind === 'service-default' ? 'the default AWS managed key' : key.reference);
}

/** `resources`, `types`, `key`, `keyKind`, `keyAlias`, `accounts`. */
function keyDetails(resource: ResourceModel, key: KeyModel, accounts: readonly string[]): FindingDetails {
  return {
    resources: [resourceId(resource)],
    types: [resource.type],
    key: keyId(key),
    keyKind: key.kind,
    ...(key.alias !== undefined ? { keyAlias: key.alias } : {}),
    accounts: [...accounts],
  };
}

function keyText(key: KeyModel): string {
  if (key.kind === 'service-default') {
    return `the service's default AWS managed key${key.alias ? ` (${key.alias})` : ''} (encryption is on and no key is given)`;
  }
  return `the AWS managed key ${key.alias ?? key.reference}`;
}

/**
 * A resource not fully managed by AWS Backup, encrypted with an AWS managed key, copied across accounts.
 * Details: `resources`, `types`, `key`, `keyKind`, `keyAlias`, `accounts` (the destinations).
 */
export function awsManagedKeyAcrossAccounts(
  route: CopyRoute,
  resource: ResourceModel,
  key: KeyModel,
  destinationAccounts: readonly string[],
): MessageParts {
  const row = capabilityOf(resource.type);
  return {
    messageId: 'aws-managed-key-across-accounts',
    details: keyDetails(resource, key, destinationAccounts),
    summary: `${resourceText(resource)} is encrypted with ${keyShort(key)}, which ${accountsText(destinationAccounts)} cannot use.`,
    shortFix: `re-create it encrypted with new CopyCompatibleKmsKey(..., { destinationAccounts: ${accountsLiteral(destinationAccounts)} }).`,
    problem: `${resourceText(resource)} is encrypted with ${keyText(key)}, and ${planText(route)} copies it ${routeText(route)}. `
      + `Its backups keep that key (AWS Backup does not fully manage the type ${row.displayName}), and AWS managed keys cannot be `
      + 'shared with another account.',
    awsError: AWS_ERROR[resource.type],
    fix: `encrypt it with a customer managed key that ${destinationAccounts.length === 1 ? 'account' : 'accounts'} `
      + `${listText(destinationAccounts)} may use: const key = new CopyCompatibleKmsKey(this, 'Key', { destinationAccounts: `
      + `${accountsLiteral(destinationAccounts)} }), passed as ${KEY_PROP[resource.type] ?? 'its KMS key'}. The key of an existing `
      + 'resource cannot be changed in place: restore a snapshot into a new resource encrypted with the new key.',
    docUrl: DOCS.encryption,
  };
}

/**
 * A resource not fully managed by AWS Backup, encrypted with an AWS managed key, copied into a
 * logically air-gapped vault (any account): such backups "must be encrypted with a customer managed key".
 * Details: `resources`, `types`, `key`, `keyKind`, `keyAlias`, `accounts` (the destinations other than the
 * source account), `vaults` (the air-gapped vault).
 */
export function awsManagedKeyIntoAirGappedVault(
  route: CopyRoute,
  resource: ResourceModel,
  key: KeyModel,
  destinationAccounts: readonly string[],
): MessageParts {
  const row = capabilityOf(resource.type);
  const accounts = destinationAccounts.filter((a) => a !== route.source.env.account);
  const newKey = accounts.length > 0
    ? `const key = new CopyCompatibleKmsKey(this, 'Key', { destinationAccounts: ${accountsLiteral(accounts)} })`
    : 'const key = new kms.Key(this, \'Key\')';
  return {
    messageId: 'aws-managed-key-into-air-gapped-vault',
    details: { ...keyDetails(resource, key, accounts), vaults: [vaultId(route.destination)] },
    summary: `${resourceText(resource)} is encrypted with ${keyShort(key)}; the logically air-gapped `
      + `${vaultShort(route.destination)} needs a customer managed key.`,
    shortFix: `re-create it encrypted with ${accounts.length > 0
      ? `new CopyCompatibleKmsKey(..., { destinationAccounts: ${accountsLiteral(accounts)} })`
      : 'a customer managed key (new kms.Key(...))'}.`,
    problem: `${resourceText(resource)} is encrypted with ${keyText(key)}, and ${planText(route)} copies it ${routeText(route)}, `
      + `a logically air-gapped vault. Backups of types AWS Backup does not fully manage (${row.displayName}) keep the `
      + 'resource\'s key, and a logically air-gapped vault accepts them only encrypted with a customer managed key.',
    awsError: AIR_GAPPED_AWS_MANAGED_KEY_ERROR,
    fix: `encrypt it with a customer managed key${accounts.length > 0 ? ` that ${listText(accounts)} may use` : ''}: `
      + `${newKey}, passed as `
      + `${KEY_PROP[resource.type] ?? 'its KMS key'}. The key of an existing resource cannot be changed in place: restore a `
      + 'snapshot into a new resource encrypted with the new key.',
    docUrl: AIR_GAPPED_DOC,
  };
}
