/**
 * Logically air-gapped vaults: where they exist and what they accept (facts audit §2.1, §2.2, §2.4).
 * Data only, with sources; the queries at the end read it. Not part of the jsii API.
 */
import type { CapabilitySource } from './resource-capabilities';
import type { Env, ResourceModel, ResourceTypeId } from '../model/types';

/** The AWS Backup developer guide page on logically air-gapped vaults. */
export const AIR_GAPPED_DOC = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html';
/** The page on primary backups straight into a logically air-gapped vault. */
export const AIR_GAPPED_PRIMARY_DOC = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/lag-vault-primary-backup.html';
/** The Vault Lock page (retention ranges of locked vaults). */
export const VAULT_LOCK_DOC = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html';
const FA_REGION = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-region';

/** A Region, or a whole partition, without logically air-gapped vaults. */
export interface AirGappedUnavailability {
  /** A Region code, or undefined for a whole partition. */
  readonly region?: string;
  /** A partition (`aws-cn`, `aws-us-gov`), or undefined for one Region. */
  readonly partition?: string;
  readonly displayName: string;
  readonly source: CapabilitySource;
}

/**
 * Feature availability by Region, footnote 1 ("not available in Asia Pacific (Malaysia), Canada West
 * (Calgary), Mexico (Central), Asia Pacific (Thailand), Asia Pacific (Taipei), Asia Pacific (New
 * Zealand), China Regions, or AWS GovCloud (US) Regions"); the same list on the air-gapped vault page.
 */
export const AIR_GAPPED_UNAVAILABLE: readonly AirGappedUnavailability[] = [
  { region: 'ap-southeast-5', displayName: 'Asia Pacific (Malaysia)', source: { facts: '§2.1', url: FA_REGION } },
  { region: 'ca-west-1', displayName: 'Canada West (Calgary)', source: { facts: '§2.1', url: FA_REGION } },
  { region: 'mx-central-1', displayName: 'Mexico (Central)', source: { facts: '§2.1', url: FA_REGION } },
  { region: 'ap-southeast-7', displayName: 'Asia Pacific (Thailand)', source: { facts: '§2.1', url: FA_REGION } },
  { region: 'ap-east-2', displayName: 'Asia Pacific (Taipei)', source: { facts: '§2.1', url: FA_REGION } },
  { region: 'ap-southeast-6', displayName: 'Asia Pacific (New Zealand)', source: { facts: '§2.1', url: FA_REGION } },
  { partition: 'aws-cn', displayName: 'China Regions', source: { facts: '§2.1', url: FA_REGION } },
  { partition: 'aws-us-gov', displayName: 'AWS GovCloud (US) Regions', source: { facts: '§2.1', url: FA_REGION } },
];

/**
 * Types whose unencrypted clusters a logically air-gapped vault does not accept: "Unencrypted Amazon
 * Aurora, Amazon DocumentDB, and Amazon Neptune clusters are not supported for logically air-gapped
 * vault, as they do not support encryption of unencrypted DB cluster snapshots." (facts D7: the newer
 * version of the page).
 */
export const AIR_GAPPED_UNENCRYPTED_UNSUPPORTED: readonly ResourceTypeId[] = ['Aurora', 'DocumentDB', 'Neptune'];
export const AIR_GAPPED_UNENCRYPTED_SOURCE: CapabilitySource = { facts: '§2.1, D7', url: AIR_GAPPED_DOC };

/**
 * The smallest `MinRetentionDays` of a logically air-gapped vault ("The minimum value accepted is 7
 * days.", API CreateLogicallyAirGappedBackupVault). AWS documents no upper bound of its
 * `MaxRetentionDays`, so none is enforced.
 */
export const AIR_GAPPED_MIN_RETENTION_DAYS = 7;

/** Why a logically air-gapped vault is not available in `env`, or undefined (available, or the Region is unknown). */
export function airGappedUnavailableIn(env: Env): AirGappedUnavailability | undefined {
  return AIR_GAPPED_UNAVAILABLE.find(u =>
    (u.region !== undefined && u.region === env.region) || (u.partition !== undefined && u.partition === env.partition));
}

/** True when `resource` is an unencrypted cluster of a type a logically air-gapped vault refuses unencrypted. */
export function unencryptedRefusedByAirGapped(resource: ResourceModel): boolean {
  return resource.encrypted === false && AIR_GAPPED_UNENCRYPTED_UNSUPPORTED.includes(resource.type);
}
