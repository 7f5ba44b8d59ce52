/**
 * The organization example as a real team might first write it, with plain aws-cdk-lib, and with
 * ONE instance of each failure the AWS articles list. Every CAB-* rule id but CAB-DUPLICATE-BACKUP (a
 * cost warning, not a failure) fires exactly once, on the construct to change. Each mistake is marked
 * `MISTAKE <rule id>` with its fix.
 *
 *   Management account   111111111111  us-east-1     CrossAccountBackupSetting
 *   Central backup       222222222222  eu-west-1     CrossAccountBackupVault "central-copies" (correct)
 *                                      eu-central-1  plain backup.BackupVault "central-copies"   CAB-VAULT-POLICY
 *                                      eu-central-1  CrossAccountAirGappedVault (90-3650 days)
 *   Workload A           333333333333  eu-west-1     RDS (aws/rds)                               CAB-AWS-MANAGED-KEY
 *                                                    EBS volume (plain kms.Key)                  CAB-KEY-POLICY
 *                                                    EC2 instance (no block device mappings)     CAB-UNVERIFIABLE (warning)
 *   Workload B           444444444444  eu-west-1     source vault "Default" imported by ARN      CAB-VAULT-KEY
 *                                                    RDS Multi-AZ DB cluster                     CAB-RESOURCE
 *                                                    DynamoDB, no advanced features              CAB-DDB-ADVANCED
 *                                                    EFS tagged CostCenter=marketing             CAB-TAG-POLICY
 *   Workload C           555555555555  eu-central-1  RDS + Aurora, one cross-Region AND
 *                                                    cross-account copy action                   CAB-XREGION-XACCOUNT
 *                                                    DynamoDB copied for 35 days into the
 *                                                    air-gapped vault                            CAB-RETENTION
 *   Acquired company     666666666666  eu-west-1     not (yet) in the organization               CAB-ORG
 *
 * `cdk synth` fails with 10 errors and 1 warning.
 */
import { App, Aspects, Duration, Size, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  CrossAccountAirGappedVault, CrossAccountBackupSetting, CrossAccountBackupVault, CrossAccountCopyChecks, CrossAccountCopyChecksProps,
} from '../../src';
import {
  CENTRAL, MANAGEMENT, ORGANIZATION_ID, PRIMARY_REGION, SECOND_REGION, WORKLOAD_A, WORKLOAD_B, WORKLOAD_C,
  Workload, organizationChecksProps,
} from '../shared/organization';

/** An acquired company's account: it has not accepted the organization's invitation yet. */
export const ACQUIRED = '666666666666';

/**
 * The options the checks run with: the same as in the organization example. The acquired
 * company's account is not in `organizationAccounts`: it is not a member yet.
 */
export function mistakesChecksProps(): CrossAccountCopyChecksProps {
  return organizationChecksProps();
}

/**
 * The construct each rule id is reported on, relative to the app (the tests assert these).
 * Errors unless marked otherwise.
 */
export const EXPECTED_FINDINGS: Record<string, string> = {
  'CAB-ORG': 'Acquired/DailyPlan',
  'CAB-RESOURCE': 'WorkloadB/InventoryCluster',
  'CAB-XREGION-XACCOUNT': 'WorkloadC/DatabasePlan',
  'CAB-DDB-ADVANCED': 'WorkloadB/Catalog',
  'CAB-AWS-MANAGED-KEY': 'WorkloadA/OrdersDb',
  'CAB-VAULT-KEY': 'WorkloadB/DailyPlan',
  'CAB-KEY-POLICY': 'WorkloadA/VolumeKey',
  'CAB-VAULT-POLICY': 'CentralBackup-eu-central-1/CentralVault',
  'CAB-TAG-POLICY': 'WorkloadB/SharedFiles',
  'CAB-RETENTION': 'WorkloadC/ArchivePlan',
  'CAB-UNVERIFIABLE': 'WorkloadA/AppServer', // warning
};

/**
 * Builds the app (not synthesized). `outdir`: the CDK CLI's `CDK_OUTDIR`, else a temporary directory;
 * `checksProps`: the props of its `CrossAccountCopyChecks` (the example's by default).
 */
export function buildMistakesApp(outdir?: string, checksProps: CrossAccountCopyChecksProps = mistakesChecksProps()): App {
  const app = new App({ outdir });

  const management = new Stack(app, 'Management', { env: { account: MANAGEMENT, region: 'us-east-1' } });
  new CrossAccountBackupSetting(management, 'CrossAccountBackup');

  // --- Central backup account ---
  const centralWest = new Stack(app, `CentralBackup-${PRIMARY_REGION}`, { env: { account: CENTRAL, region: PRIMARY_REGION } });
  const centralVaultWest = new CrossAccountBackupVault(centralWest, 'CentralVault', {
    backupVaultName: 'central-copies',
    sourceOrganizationId: ORGANIZATION_ID,
  });

  const centralCentral = new Stack(app, `CentralBackup-${SECOND_REGION}`, { env: { account: CENTRAL, region: SECOND_REGION } });
  // MISTAKE CAB-VAULT-POLICY: a plain vault has no access policy, so no other account may
  // backup:CopyIntoBackupVault ("Access Denied trying to call AWS Backup service").
  // Fix: new CrossAccountBackupVault(centralCentral, 'CentralVault', { backupVaultName: 'central-copies',
  //      sourceOrganizationId: ORGANIZATION_ID }), or vault.addToAccessPolicy(...) for backup:CopyIntoBackupVault.
  new backup.BackupVault(centralCentral, 'CentralVault', {
    backupVaultName: 'central-copies',
    encryptionKey: new kms.Key(centralCentral, 'CentralVaultKey', { enableKeyRotation: true }),
  });
  // A logically air-gapped vault for the archive copies: it keeps recovery points 90 days to 10 years.
  const airGapped = new CrossAccountAirGappedVault(centralCentral, 'AirGappedVault', {
    backupVaultName: 'air-gapped-copies',
    sourceOrganizationId: ORGANIZATION_ID,
    minRetention: Duration.days(90),
    maxRetention: Duration.days(3650),
  });

  // --- Workload A (eu-west-1) ---
  {
    const w = new Workload(app, 'WorkloadA', WORKLOAD_A, PRIMARY_REGION);
    // MISTAKE CAB-AWS-MANAGED-KEY: storageEncrypted without a key means aws/rds, an AWS managed key
    // that cannot be shared with the central account.
    // Fix: storageEncryptionKey: a CopyCompatibleKmsKey (for an existing database: restore a snapshot
    //      into a new instance with that key).
    const db = new rds.DatabaseInstance(w, 'OrdersDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_9 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
    });
    // MISTAKE CAB-KEY-POLICY: a plain kms.Key trusts only its own account; the central account
    // cannot use it to copy the snapshot ("Given key ID is not accessible").
    // Fix: new CopyCompatibleKmsKey(w, 'VolumeKey', { destinationAccounts: [CENTRAL] }), or add the
    //      two statements of the AWS article to this key's policy.
    const volumeKey = new kms.Key(w, 'VolumeKey', { enableKeyRotation: true });
    const volume = new ec2.Volume(w, 'DataVolume', {
      availabilityZone: `${PRIMARY_REGION}a`,
      size: Size.gibibytes(20),
      encrypted: true,
      encryptionKey: volumeKey,
    });
    // MISTAKE CAB-UNVERIFIABLE (a warning): without blockDevices the root volume comes from the AMI,
    // encrypted (or not) by the account's EBS defaults, which synth cannot see.
    // Fix: blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(20,
    //      { encrypted: true, kmsKey: w.key }) }], or acknowledge the warning with a reason.
    const server = new ec2.Instance(w, 'AppServer', {
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
    });
    const table = w.table('Sessions');
    w.plan('DailyPlan', w.vault, [centralVaultWest], [
      backup.BackupResource.fromRdsDatabaseInstance(db),
      backup.BackupResource.fromConstruct(volume),
      backup.BackupResource.fromEc2Instance(server),
      backup.BackupResource.fromDynamoDbTable(table),
    ]);
    Tags.of(w).add('CostCenter', '100');
  }

  // --- Workload B (eu-west-1) ---
  {
    // MISTAKE CAB-DDB-ADVANCED: no DynamoDbAdvancedBackupSetting in this account and Region, and the
    // checks' options declare advanced features off elsewhere (dynamoDbAdvancedFeatures: false), so the
    // Catalog table's backups are plain DynamoDB backups, which cannot be copied.
    // Fix: advancedDynamoDb: true (a DynamoDbAdvancedBackupSetting in this stack).
    const w = new Workload(app, 'WorkloadB', WORKLOAD_B, PRIMARY_REGION, { advancedDynamoDb: false });
    const cluster = new rds.DatabaseCluster(w, 'CatalogCluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_9 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      serverlessV2MaxCapacity: 2,
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncryptionKey: w.key,
    });
    // MISTAKE CAB-RESOURCE: an RDS Multi-AZ DB cluster (a non-Aurora engine with a cluster instance
    // class; the L2 has no support, so it is an L1). AWS Backup supports no copy at all of it.
    // Fix: leave it out of plans that copy (back it up with a plan without copy actions), or use a
    //      Multi-AZ DB instance or an Aurora cluster.
    const subnets = new rds.SubnetGroup(w, 'InventorySubnets', {
      description: 'Inventory cluster',
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const inventory = new rds.CfnDBCluster(w, 'InventoryCluster', {
      engine: 'postgres',
      engineVersion: '16.9',
      dbClusterInstanceClass: 'db.m6gd.large',
      storageType: 'io2',
      allocatedStorage: 100,
      iops: 3000,
      masterUsername: 'inventory',
      manageMasterUserPassword: true,
      dbSubnetGroupName: subnets.subnetGroupName,
      storageEncrypted: true,
      kmsKeyId: w.key.keyArn,
    });
    // MISTAKE CAB-TAG-POLICY: the tag policy allows CostCenter 100, 200 or 300*, and enforces it for
    // backup:recovery-point, so the copied tags are rejected.
    // Fix: Tags.of(fileSystem).add('CostCenter', '200').
    const fileSystem = new efs.FileSystem(w, 'SharedFiles', {
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    Tags.of(fileSystem).add('CostCenter', 'marketing', { priority: 200 });
    const table = w.table('Catalog');
    // MISTAKE CAB-VAULT-KEY: the plan backs up into the account's Default vault, imported by ARN. It is
    // encrypted with aws/backup, so nothing in it can be copied to another account.
    // Fix: backupVault: w.vault (a vault with a customer managed key, e.g. a CopyCompatibleKmsKey).
    const defaultVault = backup.BackupVault.fromBackupVaultArn(w, 'DefaultVault',
      `arn:aws:backup:${PRIMARY_REGION}:${WORKLOAD_B}:backup-vault:Default`);
    w.plan('DailyPlan', defaultVault, [centralVaultWest], [
      backup.BackupResource.fromRdsDatabaseCluster(cluster),
      backup.BackupResource.fromConstruct(inventory),
      backup.BackupResource.fromEfsFileSystem(fileSystem),
      backup.BackupResource.fromDynamoDbTable(table),
    ]);
    Tags.of(w).add('CostCenter', '200');
  }

  // --- Workload C (eu-central-1) ---
  {
    const w = new Workload(app, 'WorkloadC', WORKLOAD_C, SECOND_REGION);
    const db = new rds.DatabaseInstance(w, 'LedgerDb', {
      engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncryptionKey: w.key,
    });
    const cluster = new rds.DatabaseCluster(w, 'PaymentsCluster', {
      engine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      serverlessV2MaxCapacity: 2,
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncryptionKey: w.key,
    });
    const table = w.table('Transactions');
    // MISTAKE CAB-XREGION-XACCOUNT: one copy action from eu-central-1 straight into the central
    // account's eu-west-1 vault is cross-Region AND cross-account. AWS has supported this for RDS and
    // Aurora since October 2025, but the checks reject it by default (the project's users asked for it)
    // until allowSingleActionCrossRegionCrossAccount says it works in your accounts and Regions.
    // Fix: copy into the central vault of eu-central-1 (cross-account) and, for a second Region, add a
    //      copy action into a vault of this account in eu-west-1 (cross-Region), as the organization
    //      example does; or set allowSingleActionCrossRegionCrossAccount once it works in your Regions.
    w.plan('DatabasePlan', w.vault, [centralVaultWest], [
      backup.BackupResource.fromRdsDatabaseInstance(db),
      backup.BackupResource.fromRdsDatabaseCluster(cluster),
    ]);
    // The tables go to the second Region's central vault, the one with the missing access policy,
    // named by its ARN (a plain BackupVault of another account cannot be referenced as an object).
    const centralCopies = backup.BackupVault.fromBackupVaultArn(w, 'CentralCopies',
      `arn:aws:backup:${SECOND_REGION}:${CENTRAL}:backup-vault:central-copies`);
    w.plan('TablePlan', w.vault, [centralCopies], [
      backup.BackupResource.fromDynamoDbTable(table),
    ]);
    // MISTAKE CAB-RETENTION: the plan keeps its copies 35 days, but the air-gapped vault accepts only
    // 90 to 3650 days ("Copy job failed. The retention specified in the job is not within the range
    // specified for the target Backup Vault.").
    // Fix: copyActions: [{ destinationBackupVault: airGapped, deleteAfter: Duration.days(90) }].
    w.plan('ArchivePlan', w.vault, [airGapped], [
      backup.BackupResource.fromDynamoDbTable(w.table('AuditLog')),
    ]);
    Tags.of(w).add('CostCenter', '300-payments');
  }

  // --- An acquired company's account, not in the organization yet ---
  {
    // MISTAKE CAB-ORG: copies between accounts of different organizations (or none) always fail
    // ("Both source and destination account must be a member of the same organization").
    // Fix: invite the account into the organization (then add it to organizationAccounts), or keep
    //      its copies in its own accounts until it has joined.
    const w = new Workload(app, 'Acquired', ACQUIRED, PRIMARY_REGION, { advancedDynamoDb: false }); // no tables here
    const fileSystem = new efs.FileSystem(w, 'Uploads', {
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    w.plan('DailyPlan', w.vault, [centralVaultWest], [backup.BackupResource.fromEfsFileSystem(fileSystem)]);
    Tags.of(w).add('CostCenter', '200');
  }

  Tags.of(app).add('Environment', 'prod');
  Aspects.of(app).add(new CrossAccountCopyChecks(checksProps));
  return app;
}
