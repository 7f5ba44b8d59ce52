/**
 * What AWS Backup can do with each resource type when it copies a recovery point.
 *
 * Data only: one row per {@link ResourceTypeId}, each with its source in
 * `docs/backup-facts.md` (section) and the AWS documentation page. The logic that reads
 * these rows lives in `queries.ts`. Not part of the jsii API.
 *
 * Column meanings:
 * - `fullyManaged`: "full AWS Backup management" — the backup is encrypted with the backup
 *   vault's key, independently of the resource's own key (facts §1.1, §2.1).
 * - `crossRegionCopy` / `crossAccountCopy`: whether a copy action to another Region / another
 *   account works. `uncertain` where the AWS documentation does not say (facts §1.4, §8).
 *   By facts S-COPY, a type that supports neither supports no copy action at all, not even a
 *   same-account, same-Region copy to another vault (see `anyCopySupport` in `queries.ts`).
 * - `singleActionCrossRegionCrossAccount`: one copy action that is both cross-Region and
 *   cross-account. `legacy-unsupported` is the RDS / Aurora / DocumentDB / Neptune case: AWS has
 *   supported it since its October 2025 announcement (feature availability page, footnote 3), but the
 *   seed article (re:Post "Why does my cross-account copy fail in AWS Backup?") still documents the
 *   refusal, and the project's users asked for it to stay rejected by default until they lift it with
 *   `allowSingleActionCrossRegionCrossAccount` (facts §1.2).
 * - `requiresServiceOptIn`: AWS Backup backs the type up only when the Region's service opt-in for it
 *   is on, even when a plan selects it by ARN (facts §4.4).
 * - `conflicts`: where AWS sources disagree about this row, which ones and what the checks do about it.
 * - `awsManagedKeyAlias`: the alias of the service's AWS managed key (without `alias/`).
 * - `backupResourceType`: AWS Backup's own ResourceType string, as it appears in its error
 *   messages ("... cannot be initiated for RDS resources ...").
 */
import type { ResourceTypeId } from '../model/types';

/** Whether AWS Backup supports a kind of copy. */
export type CopySupport = 'supported' | 'unsupported' | 'uncertain';

/** Whether one copy action may be both cross-Region and cross-account. */
export type SingleActionSupport = 'supported' | 'legacy-unsupported' | 'unsupported' | 'uncertain';

/** Where a row's facts come from. */
export interface CapabilitySource {
  /** Section(s) of the fact base, e.g. `§1.1, §2.1`. */
  readonly facts: string;
  /** The AWS documentation page. */
  readonly url: string;
}

/** The copy-relevant values of one resource type (or of one of its modes). */
export interface CopyCapabilities {
  readonly fullyManaged: boolean;
  readonly crossRegionCopy: CopySupport;
  readonly crossAccountCopy: CopySupport;
  readonly singleActionCrossRegionCrossAccount: SingleActionSupport;
}

/** One row of the capability table. */
export interface ResourceCapability extends CopyCapabilities {
  readonly type: ResourceTypeId;
  /** Human name used in messages, e.g. `Amazon RDS DB instance`. */
  readonly displayName: string;
  /** AWS Backup's ResourceType string, when one is documented. */
  readonly backupResourceType?: string;
  /** Alias of the service's AWS managed key, e.g. `aws/rds` (no `alias/` prefix). */
  readonly awsManagedKeyAlias?: string;
  /**
   * DynamoDB only: the values that apply once AWS Backup advanced features are enabled for the
   * account and Region (facts §1.1, §4.4).
   */
  readonly withAdvancedFeatures?: CopyCapabilities;
  /**
   * True when the row stands for several types that synth cannot tell apart (an RDS cluster ARN):
   * its `uncertain` values mean "depends on the actual type", not "undocumented", and are not reported.
   */
  readonly ambiguousType?: boolean;
  /**
   * True when AWS Backup ignores a selection of this type, even by ARN, unless the Region's service
   * opt-in (`ResourceTypeOptInPreference`) for `backupResourceType` is on (Aurora, Neptune, DocumentDB).
   */
  readonly requiresServiceOptIn?: boolean;
  /** Sources that disagree about this row, and which one the checks follow. */
  readonly conflicts?: string;
  readonly notes: string;
  readonly source: CapabilitySource;
}

const FA = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html';
const ENC = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html';
const DDB = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html';
const DSQL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-aurora.html';
const TS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/timestream-backup.html';
const EKS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/eks-backups.html';
const CFN = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/applicationstackbackups.html';
const DSQL_UG = 'https://docs.aws.amazon.com/aurora-dsql/latest/userguide/backup-aurora-dsql.html';

/** The conflict of the four RDS-family engines' single-action row (facts §1.2). */
const SINGLE_ACTION_CONFLICT = 'AWS Backup\'s October 2025 announcement and the feature availability page (footnote 3) '
  + 'support one cross-Region and cross-account copy action; the re:Post article "Why does my cross-account copy fail in '
  + 'AWS Backup?" and older copy-guide versions still refuse it. Rejected by default (users asked for it); '
  + 'allowSingleActionCrossRegionCrossAccount: true lifts it.';
const OPT_IN_NOTE = 'Backed up (so copied) only while the Region\'s service opt-in for the type is on, even when selected by ARN.';

/** The capability table: one row per resource type. */
export const RESOURCE_CAPABILITIES: Readonly<Record<ResourceTypeId, ResourceCapability>> = {
  'EC2': {
    type: 'EC2',
    displayName: 'Amazon EC2 instance',
    backupResourceType: 'EC2',
    fullyManaged: false,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    awsManagedKeyAlias: 'aws/ebs',
    notes: 'The AMI\'s EBS snapshots keep the volume keys. AWS Marketplace AMIs cannot be copied cross-account.',
    source: { facts: '§1.1, §2.1', url: FA },
  },
  'EBS': {
    type: 'EBS',
    displayName: 'Amazon EBS volume',
    backupResourceType: 'EBS',
    fullyManaged: false,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    awsManagedKeyAlias: 'aws/ebs',
    notes: 'Snapshots keep the volume key. A copy to a vault with another key is a full copy.',
    source: { facts: '§1.1, §2.1', url: FA },
  },
  'S3': {
    type: 'S3',
    displayName: 'Amazon S3 bucket',
    backupResourceType: 'S3',
    fullyManaged: true,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    awsManagedKeyAlias: 'aws/s3',
    notes: 'Encrypted with the vault key. A copy of a continuous backup becomes a periodic snapshot.',
    source: { facts: '§1.1, §2.1', url: FA },
  },
  'EFS': {
    type: 'EFS',
    displayName: 'Amazon EFS file system',
    backupResourceType: 'EFS',
    fullyManaged: true,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    awsManagedKeyAlias: 'aws/elasticfilesystem',
    notes: 'Encrypted with the vault key: the file system key does not matter for copies.',
    source: { facts: '§1.1, §2.1, §7', url: ENC },
  },
  'DynamoDB': {
    type: 'DynamoDB',
    displayName: 'Amazon DynamoDB table',
    backupResourceType: 'DynamoDB',
    fullyManaged: false,
    crossRegionCopy: 'unsupported',
    crossAccountCopy: 'unsupported',
    singleActionCrossRegionCrossAccount: 'unsupported',
    awsManagedKeyAlias: 'aws/dynamodb',
    withAdvancedFeatures: {
      fullyManaged: true,
      crossRegionCopy: 'supported',
      crossAccountCopy: 'supported',
      singleActionCrossRegionCrossAccount: 'supported',
    },
    notes: 'Without advanced features: no copy at all (backups keep the table key). With advanced features '
      + '(per account and Region): fully managed, every copy supported. On by default where the customer created no '
      + 'backup vault before November 21, 2021; synth cannot know the setting, so undeclared is a warning.',
    source: { facts: '§1.1, §4.4', url: DDB },
  },
  'RDS': {
    type: 'RDS',
    displayName: 'Amazon RDS DB instance',
    backupResourceType: 'RDS',
    fullyManaged: false,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'legacy-unsupported',
    awsManagedKeyAlias: 'aws/rds',
    conflicts: SINGLE_ACTION_CONFLICT,
    notes: 'Single-AZ and Multi-AZ instances. Cross-Region copies do not carry custom option groups.',
    source: { facts: '§1.1, §1.2', url: FA },
  },
  'RDS-MultiAZCluster': {
    type: 'RDS-MultiAZCluster',
    displayName: 'Amazon RDS Multi-AZ DB cluster',
    backupResourceType: 'RDS',
    fullyManaged: false,
    crossRegionCopy: 'unsupported',
    crossAccountCopy: 'unsupported',
    singleActionCrossRegionCrossAccount: 'unsupported',
    awsManagedKeyAlias: 'aws/rds',
    notes: '"Multi-AZ clusters do not currently support any copy operations" (feature availability, footnote 3).',
    source: { facts: '§1.1, §1.2', url: FA },
  },
  'Aurora': {
    type: 'Aurora',
    displayName: 'Amazon Aurora DB cluster',
    backupResourceType: 'Aurora',
    fullyManaged: false,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'legacy-unsupported',
    awsManagedKeyAlias: 'aws/rds',
    requiresServiceOptIn: true,
    conflicts: SINGLE_ACTION_CONFLICT,
    notes: `Copies of unencrypted clusters stay unencrypted. ${OPT_IN_NOTE}`,
    source: { facts: '§1.1, §1.2, §4.4', url: FA },
  },
  'DocumentDB': {
    type: 'DocumentDB',
    displayName: 'Amazon DocumentDB cluster',
    backupResourceType: 'DocumentDB',
    fullyManaged: false,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'legacy-unsupported',
    awsManagedKeyAlias: 'aws/rds',
    requiresServiceOptIn: true,
    conflicts: SINGLE_ACTION_CONFLICT,
    notes: `Instance-based clusters only. No cross-Region and no cross-account copy in opt-in Regions. ${OPT_IN_NOTE}`,
    source: { facts: '§1.1, §1.2, §4.4, §5', url: FA },
  },
  'Neptune': {
    type: 'Neptune',
    displayName: 'Amazon Neptune cluster',
    backupResourceType: 'Neptune',
    fullyManaged: false,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'legacy-unsupported',
    awsManagedKeyAlias: 'aws/rds',
    requiresServiceOptIn: true,
    conflicts: SINGLE_ACTION_CONFLICT,
    notes: `No cross-account copy in opt-in Regions; cross-Region copy only in some of them. ${OPT_IN_NOTE}`,
    source: { facts: '§1.1, §1.2, §4.4, §5', url: FA },
  },
  'RDSFamilyCluster': {
    type: 'RDSFamilyCluster',
    displayName: 'Amazon RDS-family cluster (Aurora, DocumentDB, Neptune or RDS Multi-AZ)',
    backupResourceType: 'RDS',
    fullyManaged: false,
    crossRegionCopy: 'uncertain',
    crossAccountCopy: 'uncertain',
    singleActionCrossRegionCrossAccount: 'legacy-unsupported',
    awsManagedKeyAlias: 'aws/rds',
    ambiguousType: true,
    conflicts: SINGLE_ACTION_CONFLICT,
    notes: 'An arn:aws:rds:...:cluster:... outside the app. Copies work unless it is a Multi-AZ DB cluster; '
      + 'the single cross-Region and cross-account action is treated as for Aurora.',
    source: { facts: '§1.1, §1.2', url: FA },
  },
  'AuroraDSQL': {
    type: 'AuroraDSQL',
    displayName: 'Amazon Aurora DSQL cluster',
    fullyManaged: true,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'uncertain',
    singleActionCrossRegionCrossAccount: 'uncertain',
    conflicts: `The Aurora DSQL user guide (${DSQL_UG}) lists "Cross-Region and cross-account capabilities" of AWS Backup; `
      + 'no AWS Backup page documents a cross-account copy of DSQL. Warned, not rejected.',
    notes: 'Probably fully managed (recovery points are arn:aws:backup ARNs). Multi-Region restore needs a copy in '
      + 'another Region of the same Regional triplet.',
    source: { facts: '§1.1', url: DSQL },
  },
  'FSx': {
    type: 'FSx',
    displayName: 'Amazon FSx file system (Lustre, Windows File Server, OpenZFS)',
    backupResourceType: 'FSx',
    fullyManaged: false,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    awsManagedKeyAlias: 'aws/fsx',
    notes: 'No cross-Region copy in opt-in Regions.',
    source: { facts: '§1.1, §5', url: FA },
  },
  'FSx-ONTAP': {
    type: 'FSx-ONTAP',
    displayName: 'Amazon FSx for NetApp ONTAP volume',
    backupResourceType: 'FSx',
    fullyManaged: false,
    crossRegionCopy: 'uncertain',
    crossAccountCopy: 'uncertain',
    singleActionCrossRegionCrossAccount: 'uncertain',
    awsManagedKeyAlias: 'aws/fsx',
    conflicts: 'The flattened feature table shows no copy checkmark and an older copy guide says copy "is not yet available '
      + 'for Amazon FSx for NetApp ONTAP volumes"; AWS\'s September 2026 announcement copies ONTAP backups into '
      + 'logically air-gapped vaults across accounts and Regions, and the feature page lists ONTAP among the FSx types '
      + 'without cross-Region copy in opt-in Regions only. Warned, not rejected, until AWS documents it either way.',
    notes: 'No cross-Region copy in opt-in Regions.',
    source: { facts: '§1.1, §5', url: FA },
  },
  'StorageGateway': {
    type: 'StorageGateway',
    displayName: 'AWS Storage Gateway volume',
    backupResourceType: 'Storage Gateway',
    fullyManaged: false,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    notes: 'No service AWS managed key: copies need a user-created destination vault with a KMS key.',
    source: { facts: '§1.1, §2.6', url: ENC },
  },
  'Redshift': {
    type: 'Redshift',
    displayName: 'Amazon Redshift cluster',
    backupResourceType: 'Redshift',
    fullyManaged: false,
    crossRegionCopy: 'uncertain',
    crossAccountCopy: 'uncertain',
    singleActionCrossRegionCrossAccount: 'uncertain',
    awsManagedKeyAlias: 'aws/redshift',
    notes: 'The feature table shows no copy checkmarks and the Redshift page never mentions copy: every copy, '
      + 'the single cross-Region and cross-account action included, is treated as unverified (a warning), not as unsupported.',
    source: { facts: '§1.1, §1.4, §8', url: FA },
  },
  'RedshiftServerless': {
    type: 'RedshiftServerless',
    displayName: 'Amazon Redshift Serverless namespace',
    fullyManaged: false,
    crossRegionCopy: 'uncertain',
    crossAccountCopy: 'uncertain',
    singleActionCrossRegionCrossAccount: 'uncertain',
    awsManagedKeyAlias: 'aws/redshift',
    notes: 'Its single checkmark is most likely item-level restore; copy support unverified.',
    source: { facts: '§1.1, §1.4, §8', url: FA },
  },
  'Timestream': {
    type: 'Timestream',
    displayName: 'Amazon Timestream for LiveAnalytics table',
    backupResourceType: 'Timestream',
    fullyManaged: true,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    notes: 'Cross-Region copy to "several other AWS Regions" only; no cross-account copy in opt-in Regions.',
    source: { facts: '§1.1, §5', url: TS },
  },
  'SAPHANA': {
    type: 'SAPHANA',
    displayName: 'SAP HANA database on Amazon EC2',
    backupResourceType: 'SAP HANA on Amazon EC2',
    fullyManaged: true,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    notes: 'Copies from full backups.',
    source: { facts: '§1.1', url: FA },
  },
  'VirtualMachine': {
    type: 'VirtualMachine',
    displayName: 'VMware virtual machine (Backup gateway)',
    backupResourceType: 'VirtualMachine',
    fullyManaged: true,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    notes: 'Always encrypted with the vault key.',
    source: { facts: '§1.1, §2.1', url: FA },
  },
  'CloudFormation': {
    type: 'CloudFormation',
    displayName: 'AWS CloudFormation stack',
    backupResourceType: 'CloudFormation',
    fullyManaged: true,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    notes: 'Composite: nested recovery points that cannot be copied are left out (status Partial). '
      + 'No cross-account copy in opt-in Regions.',
    source: { facts: '§1.1, §5', url: CFN },
  },
  'EKS': {
    type: 'EKS',
    displayName: 'Amazon EKS cluster',
    backupResourceType: 'EKS',
    fullyManaged: true,
    crossRegionCopy: 'supported',
    crossAccountCopy: 'supported',
    singleActionCrossRegionCrossAccount: 'supported',
    notes: 'Composite: the cluster state uses the vault key; persistent volumes follow their own types '
      + '(EFS volumes in EKS backups cannot be copied cross-account).',
    source: { facts: '§1.1', url: EKS },
  },
};
