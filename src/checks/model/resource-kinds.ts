/**
 * Per CloudFormation type: the AWS Backup resource type, where the encryption key is written
 * (facts §7, §2.5), and the shape of the resource's ARN (for ARN and wildcard selections).
 */
import type { ResourceTypeId } from './types';

/** How a resource's encryption is written in its properties. */
export type EncryptionSpec =
  /** Not encrypted / encrypted: known from the properties. `key` is the resolved key property, if any. */
  | { readonly state: 'encrypted'; readonly key?: unknown; readonly defaultAlias?: string; readonly defaultKind?: 'service-default' | 'account-default' | 'aws-owned' }
  | { readonly state: 'unencrypted' }
  /** Cannot be known at synth time (snapshot restore, EBS encryption by default, ...). `why` says why. */
  | { readonly state: 'unknown'; readonly why: string; readonly key?: unknown };

export interface KindInfo {
  readonly type: ResourceTypeId;
  /** ARN service and resource prefix (`db:`, `table/`, ...); the name follows the prefix. */
  readonly arnService: string;
  readonly arnPrefix: string;
  /** True when the ARN has no region and account (S3). */
  readonly globalArn?: boolean;
  /** Property holding the physical name used in the ARN, when the template may set it. */
  readonly nameProp?: (p: any) => unknown;
  readonly encryption: (p: any, region: string | undefined) => EncryptionSpec;
}

const rdsLike = (restoreProps: string[], defaultAlias: string) => (p: any): EncryptionSpec => {
  const restored = restoreProps.find(k => p[k] !== undefined);
  if (p.KmsKeyId !== undefined && p.StorageEncrypted !== false) return { state: 'encrypted', key: p.KmsKeyId };
  if (restored) return { state: 'unknown', why: `it is restored from ${restored} and inherits that encryption` };
  if (p.StorageEncrypted === true) return { state: 'encrypted', defaultAlias, defaultKind: 'service-default' };
  if (p.StorageEncrypted === undefined || p.StorageEncrypted === false) return { state: 'unencrypted' };
  return { state: 'unknown', why: 'StorageEncrypted is not known at synth time' };
};

const ebsVolume = (p: any): EncryptionSpec => {
  if (p.KmsKeyId !== undefined) return { state: 'encrypted', key: p.KmsKeyId };
  if (p.SnapshotId !== undefined) return { state: 'unknown', why: 'it is created from a snapshot and inherits its encryption' };
  if (p.Encrypted === true) return { state: 'encrypted', defaultAlias: 'aws/ebs', defaultKind: 'account-default' };
  return { state: 'unknown', why: 'it is not explicitly encrypted, and EBS encryption by default (with the account\'s default key) may apply' };
};

const ec2Instance = (p: any): EncryptionSpec => {
  const mappings: any[] = Array.isArray(p.BlockDeviceMappings) ? p.BlockDeviceMappings.filter((m: any) => m && m.Ebs) : [];
  if (mappings.length === 0) {
    return { state: 'unknown', why: 'its volumes come from the AMI (no BlockDeviceMappings), whose encryption synth cannot see' };
  }
  // Report the first explicit key; the builder also reports every mapping key (see `keys` in the model).
  const withKey = mappings.find(m => m.Ebs.KmsKeyId !== undefined);
  if (withKey) return { state: 'encrypted', key: withKey.Ebs.KmsKeyId };
  if (mappings.some(m => m.Ebs.Encrypted === true)) return { state: 'encrypted', defaultAlias: 'aws/ebs', defaultKind: 'account-default' };
  return { state: 'unknown', why: 'its volumes are not explicitly encrypted, and EBS encryption by default may apply' };
};

const ddbTable = (sse: any, key: unknown): EncryptionSpec => {
  if (!sse || sse.SSEEnabled === false || sse.SSEEnabled === undefined) return { state: 'encrypted', defaultKind: 'aws-owned' };
  if (key !== undefined) return { state: 'encrypted', key };
  if (sse.SSEEnabled === true) return { state: 'encrypted', defaultAlias: 'aws/dynamodb', defaultKind: 'service-default' };
  return { state: 'unknown', why: 'SSEEnabled is not known at synth time' };
};

const simpleKey = (prop: string, defaultAlias: string | undefined) => (p: any): EncryptionSpec =>
  p[prop] !== undefined
    ? { state: 'encrypted', key: p[prop] }
    : defaultAlias ? { state: 'encrypted', defaultAlias, defaultKind: 'service-default' } : { state: 'encrypted', defaultKind: 'aws-owned' };

const RDS_INSTANCE_RESTORE = ['DBSnapshotIdentifier', 'SourceDBInstanceIdentifier', 'SourceDbiResourceId', 'SourceDBInstanceAutomatedBackupsArn', 'SourceDBClusterIdentifier'];
const CLUSTER_RESTORE = ['SnapshotIdentifier', 'SourceDBClusterIdentifier', 'RestoreToTime', 'UseLatestRestorableTime'];

// The kinds that depend on the type alone, made once (the most common types of large apps).
const RDS_INSTANCE: KindInfo = { type: 'RDS', arnService: 'rds', arnPrefix: 'db:', nameProp: x => x.DBInstanceIdentifier, encryption: rdsLike(RDS_INSTANCE_RESTORE, 'aws/rds') };
const EBS_VOLUME: KindInfo = { type: 'EBS', arnService: 'ec2', arnPrefix: 'volume/', encryption: ebsVolume };
const DYNAMODB_TABLE: KindInfo = { type: 'DynamoDB', arnService: 'dynamodb', arnPrefix: 'table/', nameProp: x => x.TableName, encryption: x => ddbTable(x.SSESpecification, x.SSESpecification?.KMSMasterKeyId) };

/**
 * The kind of a CloudFormation resource, or undefined when AWS Backup does not back it up
 * (or, for Aurora member instances, when it is backed up as part of its cluster).
 */
export function kindOf(cfnType: string, p: any): KindInfo | undefined {
  switch (cfnType) {
    case 'AWS::RDS::DBInstance':
      if (p.DBClusterIdentifier !== undefined) return undefined; // Aurora / cluster member: the cluster is the resource.
      return RDS_INSTANCE;
    case 'AWS::RDS::DBCluster': {
      const engine = typeof p.Engine === 'string' ? p.Engine.toLowerCase() : undefined;
      const type: ResourceTypeId = engine === undefined
        ? (p.DBClusterInstanceClass !== undefined ? 'RDS-MultiAZCluster' : 'RDSFamilyCluster')
        : engine.startsWith('aurora') ? 'Aurora' : 'RDS-MultiAZCluster';
      return { type, arnService: 'rds', arnPrefix: 'cluster:', nameProp: x => x.DBClusterIdentifier, encryption: rdsLike(CLUSTER_RESTORE, 'aws/rds') };
    }
    case 'AWS::DocDB::DBCluster':
      return { type: 'DocumentDB', arnService: 'rds', arnPrefix: 'cluster:', nameProp: x => x.DBClusterIdentifier, encryption: rdsLike(CLUSTER_RESTORE, 'aws/rds') };
    case 'AWS::Neptune::DBCluster':
      return { type: 'Neptune', arnService: 'rds', arnPrefix: 'cluster:', nameProp: x => x.DBClusterIdentifier, encryption: rdsLike(CLUSTER_RESTORE, 'aws/rds') };
    case 'AWS::EC2::Instance':
      return { type: 'EC2', arnService: 'ec2', arnPrefix: 'instance/', encryption: ec2Instance };
    case 'AWS::EC2::Volume':
      return EBS_VOLUME;
    case 'AWS::DynamoDB::Table':
      return DYNAMODB_TABLE;
    case 'AWS::DynamoDB::GlobalTable':
      return {
        type: 'DynamoDB',
        arnService: 'dynamodb',
        arnPrefix: 'table/',
        nameProp: x => x.TableName,
        encryption: (x, region) => {
          const replicas: any[] = Array.isArray(x.Replicas) ? x.Replicas : [];
          const replica = replicas.find(r => r && r.Region === region) ?? replicas[0];
          return ddbTable(x.SSESpecification, replica?.SSESpecification?.KMSMasterKeyId);
        },
      };
    case 'AWS::EFS::FileSystem':
      return {
        type: 'EFS',
        arnService: 'elasticfilesystem',
        arnPrefix: 'file-system/',
        encryption: x => x.Encrypted === true || x.KmsKeyId !== undefined
          ? (x.KmsKeyId !== undefined ? { state: 'encrypted', key: x.KmsKeyId } : { state: 'encrypted', defaultAlias: 'aws/elasticfilesystem', defaultKind: 'service-default' })
          : x.Encrypted === false || x.Encrypted === undefined ? { state: 'unencrypted' } : { state: 'unknown', why: 'Encrypted is not known at synth time' },
      };
    case 'AWS::S3::Bucket':
      return {
        type: 'S3',
        arnService: 's3',
        arnPrefix: '',
        globalArn: true,
        nameProp: x => x.BucketName,
        encryption: x => {
          const d = x.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
          if (d && d.KMSMasterKeyID !== undefined) return { state: 'encrypted', key: d.KMSMasterKeyID };
          if (d && typeof d.SSEAlgorithm === 'string' && d.SSEAlgorithm.startsWith('aws:kms')) return { state: 'encrypted', defaultAlias: 'aws/s3', defaultKind: 'service-default' };
          return { state: 'encrypted', defaultKind: 'aws-owned' };
        },
      };
    case 'AWS::FSx::FileSystem':
      return {
        type: p.FileSystemType === 'ONTAP' ? 'FSx-ONTAP' : 'FSx',
        arnService: 'fsx',
        arnPrefix: 'file-system/',
        encryption: simpleKey('KmsKeyId', 'aws/fsx'),
      };
    case 'AWS::FSx::Volume':
      return {
        type: p.VolumeType === 'ONTAP' ? 'FSx-ONTAP' : 'FSx',
        arnService: 'fsx',
        arnPrefix: 'volume/',
        encryption: () => ({ state: 'unknown', why: 'an FSx volume is encrypted with the key of its file system' }),
      };
    case 'AWS::Redshift::Cluster':
      return {
        type: 'Redshift',
        arnService: 'redshift',
        arnPrefix: 'cluster:',
        nameProp: x => x.ClusterIdentifier,
        encryption: x => x.Encrypted === false ? { state: 'unencrypted' } : x.KmsKeyId !== undefined ? { state: 'encrypted', key: x.KmsKeyId } : { state: 'encrypted', defaultAlias: 'aws/redshift', defaultKind: 'service-default' },
      };
    case 'AWS::RedshiftServerless::Namespace':
      return { type: 'RedshiftServerless', arnService: 'redshift-serverless', arnPrefix: 'namespace/', encryption: simpleKey('KmsKeyId', undefined) };
    case 'AWS::Timestream::Table':
      return { type: 'Timestream', arnService: 'timestream', arnPrefix: 'database/', encryption: () => ({ state: 'encrypted', defaultKind: 'aws-owned' }) };
    case 'AWS::DSQL::Cluster':
      return {
        type: 'AuroraDSQL',
        arnService: 'dsql',
        arnPrefix: 'cluster/',
        encryption: x => {
          const k = x.EncryptionDetails?.KmsKeyId ?? x.KmsEncryptionKey;
          return k !== undefined && k !== 'AWS_OWNED_KMS_KEY' ? { state: 'encrypted', key: k } : { state: 'encrypted', defaultKind: 'aws-owned' };
        },
      };
    case 'AWS::EKS::Cluster':
      return { type: 'EKS', arnService: 'eks', arnPrefix: 'cluster/', nameProp: x => x.Name, encryption: () => ({ state: 'encrypted', defaultKind: 'aws-owned' }) };
    case 'AWS::CloudFormation::Stack':
      return { type: 'CloudFormation', arnService: 'cloudformation', arnPrefix: 'stack/', encryption: () => ({ state: 'encrypted', defaultKind: 'aws-owned' }) };
    default:
      return undefined;
  }
}

/** The CloudFormation types {@link kindOf} knows. */
export const BACKUPABLE_CFN_TYPES = new Set([
  'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster',
  'AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable',
  'AWS::EFS::FileSystem', 'AWS::S3::Bucket', 'AWS::FSx::FileSystem', 'AWS::FSx::Volume',
  'AWS::Redshift::Cluster', 'AWS::RedshiftServerless::Namespace', 'AWS::Timestream::Table',
  'AWS::DSQL::Cluster', 'AWS::EKS::Cluster', 'AWS::CloudFormation::Stack',
]);

/** The resource type an ARN (outside the app) names, or undefined when AWS Backup does not know it. */
export function typeFromArn(service: string, resource: string): ResourceTypeId | undefined {
  const head = resource.split(/[:/]/)[0];
  switch (service) {
    case 'rds': return head === 'db' ? 'RDS' : head === 'cluster' ? 'RDSFamilyCluster' : undefined;
    case 'ec2': return head === 'instance' ? 'EC2' : head === 'volume' ? 'EBS' : undefined;
    case 'dynamodb': return head === 'table' ? 'DynamoDB' : undefined;
    case 'elasticfilesystem': return head === 'file-system' ? 'EFS' : undefined;
    case 's3': return 'S3';
    // Amazon FSx backs up ONTAP volumes and Lustre, Windows File Server and OpenZFS file systems (FSx API
    // reference, `Backup`): a volume ARN names an ONTAP volume. A file system ARN does not tell its type
    // (an ONTAP file system among them): read as the other types, whose copies are documented.
    case 'fsx': return head === 'volume' ? 'FSx-ONTAP' : head === 'file-system' ? 'FSx' : undefined;
    case 'redshift': return head === 'cluster' ? 'Redshift' : undefined;
    case 'redshift-serverless': return 'RedshiftServerless';
    case 'timestream': return 'Timestream';
    case 'dsql': return 'AuroraDSQL';
    case 'eks': return 'EKS';
    case 'cloudformation': return 'CloudFormation';
    case 'storagegateway': return 'StorageGateway';
    case 'backup-gateway': return 'VirtualMachine';
    case 'ssm-sap': return 'SAPHANA';
    default: return undefined;
  }
}

const RDS_CLUSTER_KEYS = ['Engine', 'DBClusterInstanceClass', 'KmsKeyId', 'StorageEncrypted', 'DBClusterIdentifier', ...CLUSTER_RESTORE];

/**
 * The properties {@link kindOf} and the tag reader need, per CloudFormation type (the builder resolves
 * only these for resources, which keeps the model build cheap on large apps).
 */
export const PROPS_NEEDED: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['DBClusterIdentifier', 'KmsKeyId', 'StorageEncrypted', 'DBInstanceIdentifier', ...RDS_INSTANCE_RESTORE],
  'AWS::RDS::DBCluster': RDS_CLUSTER_KEYS,
  'AWS::DocDB::DBCluster': RDS_CLUSTER_KEYS,
  'AWS::Neptune::DBCluster': RDS_CLUSTER_KEYS,
  'AWS::EC2::Instance': ['BlockDeviceMappings'],
  'AWS::EC2::Volume': ['KmsKeyId', 'Encrypted', 'SnapshotId'],
  'AWS::DynamoDB::Table': ['SSESpecification', 'TableName'],
  'AWS::DynamoDB::GlobalTable': ['SSESpecification', 'Replicas', 'TableName'],
  'AWS::EFS::FileSystem': ['Encrypted', 'KmsKeyId'],
  'AWS::S3::Bucket': ['BucketEncryption', 'BucketName'],
  'AWS::FSx::FileSystem': ['FileSystemType', 'KmsKeyId'],
  'AWS::FSx::Volume': ['VolumeType'],
  'AWS::Redshift::Cluster': ['Encrypted', 'KmsKeyId', 'ClusterIdentifier'],
  'AWS::RedshiftServerless::Namespace': ['KmsKeyId'],
  'AWS::Timestream::Table': [],
  'AWS::DSQL::Cluster': ['KmsEncryptionKey', 'EncryptionDetails'],
  'AWS::EKS::Cluster': ['Name'],
  'AWS::CloudFormation::Stack': [],
};
