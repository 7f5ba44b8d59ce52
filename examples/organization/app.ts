/**
 * A realistic multi-account AWS Backup setup that passes every cross-account copy check.
 *
 *   Management account   111111111111  us-east-1     CrossAccountBackupSetting (organization-wide switch),
 *                                                    OrganizationBackupPolicy for the ledger OU (Workload A)
 *   Central backup       222222222222  eu-west-1     CrossAccountBackupVault "central-copies"
 *                                      eu-central-1  CrossAccountBackupVault "central-copies"
 *   Workload A           333333333333  eu-west-1     RDS PostgreSQL, EBS volume, EC2 instance, DynamoDB
 *   Workload B           444444444444  eu-west-1     Aurora PostgreSQL, EFS, DynamoDB
 *   Workload C           555555555555  eu-central-1  RDS MySQL, Aurora MySQL, DynamoDB
 *                                      eu-west-1     its own disaster-recovery vault
 *
 * Copy routes (all into vaults that admit the whole organization):
 *   A, B (eu-west-1)        -> central eu-west-1                 cross-account
 *   C databases             -> central eu-central-1              cross-account (same Region)
 *                           -> C's own vault in eu-west-1        cross-Region (same account)
 *     RDS and Aurora are copied with TWO copy actions, one cross-account and one cross-Region,
 *     instead of one action that is both (see `allowSingleActionCrossRegionCrossAccount`).
 *   C DynamoDB              -> central eu-west-1                 cross-account AND cross-Region:
 *     fine in one action, because DynamoDB with advanced features is fully managed by AWS Backup.
 *
 *   Ledger OU policy        A ledger table -> central eu-west-1  cross-account (a route of the backup policy)
 *
 * Synthesizes with zero errors and zero warnings.
 */
import { App, Aspects, Duration, RemovalPolicy, Size, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { BackupPolicy, CrossAccountBackupSetting, CrossAccountBackupVault, CrossAccountCopyChecks, OrganizationBackupPolicy } from '../../src';
import {
  CENTRAL, LEDGER_OU, MANAGEMENT, ORGANIZATION_ID, PRIMARY_REGION, SECOND_REGION, WORKLOAD_A, WORKLOAD_B, WORKLOAD_C, Workload,
  organizationChecksProps,
} from '../shared/organization';

export { CENTRAL, organizationChecksProps } from '../shared/organization';

export function buildOrganizationApp(outdir?: string): App {
  const app = new App({ outdir });

  // --- Management account: switch on cross-account backup for the whole organization (once). ---
  const management = new Stack(app, 'Management', { env: { account: MANAGEMENT, region: 'us-east-1' } });
  new CrossAccountBackupSetting(management, 'CrossAccountBackup');

  // --- Central backup account: one vault per Region, admitting every account of the organization. ---
  const centralVaults: Record<string, CrossAccountBackupVault> = {};
  for (const region of [PRIMARY_REGION, SECOND_REGION]) {
    const stack = new Stack(app, `CentralBackup-${region}`, { env: { account: CENTRAL, region } });
    centralVaults[region] = new CrossAccountBackupVault(stack, 'CentralVault', {
      backupVaultName: 'central-copies',
      sourceOrganizationId: ORGANIZATION_ID,
      // Its encryption key is a CopyCompatibleKmsKey created by the vault (never aws/backup).
      lockConfiguration: { minRetention: Duration.days(7) },
    });
  }

  // --- Workload A (eu-west-1): RDS PostgreSQL, an EBS data volume, an EC2 instance, DynamoDB. ---
  {
    const w = new Workload(app, 'WorkloadA', WORKLOAD_A, PRIMARY_REGION);
    const db = new rds.DatabaseInstance(w, 'OrdersDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_9 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncryptionKey: w.key, // not aws/rds: the central account must be able to use the key
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    const volume = new ec2.Volume(w, 'DataVolume', {
      availabilityZone: `${PRIMARY_REGION}a`,
      size: Size.gibibytes(20),
      encrypted: true,
      encryptionKey: w.key, // not aws/ebs
    });
    const server = new ec2.Instance(w, 'AppServer', {
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      // The root volume is named explicitly, so synth can see its key (otherwise: CAB-UNVERIFIABLE).
      blockDevices: [{
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(20, { encrypted: true, kmsKey: w.key }),
      }],
    });
    const table = w.table('Sessions');
    w.plan('DailyPlan', w.vault, [centralVaults[PRIMARY_REGION]], [
      backup.BackupResource.fromRdsDatabaseInstance(db),
      backup.BackupResource.fromConstruct(volume),
      backup.BackupResource.fromEc2Instance(server),
      backup.BackupResource.fromDynamoDbTable(table),
    ]);
    // Backed up by the organization's backup policy (see the management account below), not by this stack's plan.
    new dynamodb.Table(w, 'Ledger', {
      tableName: 'ledger',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
    // The role the policy's selection names: it must exist in every account that receives the policy.
    new iam.Role(w, 'LedgerBackupRole', {
      roleName: 'ledger-backup',
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup')],
    });
    Tags.of(w).add('CostCenter', '100');
  }

  // --- Management account: a backup policy for the ledger OU. AWS Backup creates its plan in every
  // account under the OU; the checks verify the copy route it creates in Workload A (whose vault
  // "workloada-backups" and ledger table are in this app) like a plan's. ---
  new OrganizationBackupPolicy(management, 'LedgerBackups', {
    policy: BackupPolicy.fromPlans([{
      name: 'ledger',
      regions: [PRIMARY_REGION],
      rules: [{
        name: 'nightly',
        scheduleExpression: 'cron(0 4 ? * * *)',
        targetBackupVaultName: 'workloada-backups',
        lifecycle: { deleteAfterDays: 35 },
        copyActions: [{
          destinationVaultArn: `arn:aws:backup:${PRIMARY_REGION}:${CENTRAL}:backup-vault:central-copies`,
          lifecycle: { deleteAfterDays: 35 },
        }],
      }],
      selections: [{
        name: 'ledger',
        iamRoleArn: 'arn:aws:iam::$account:role/ledger-backup',
        resources: [`arn:aws:dynamodb:${PRIMARY_REGION}:$account:table/ledger`],
      }],
    }], 'ledger-backups'),
    targetIds: [LEDGER_OU],
    policyName: 'ledger-backups',
    description: 'Nightly backups of the ledger tables, copied to the central backup account',
  });

  // --- Workload B (eu-west-1): Aurora PostgreSQL, EFS, DynamoDB. ---
  {
    const w = new Workload(app, 'WorkloadB', WORKLOAD_B, PRIMARY_REGION);
    const cluster = new rds.DatabaseCluster(w, 'CatalogCluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_9 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      serverlessV2MaxCapacity: 2,
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncryptionKey: w.key,
    });
    // EFS keeps its default key (aws/elasticfilesystem): AWS Backup fully manages EFS backups and
    // encrypts them with the vault key, so the file system key does not matter for copies.
    const fileSystem = new efs.FileSystem(w, 'SharedFiles', {
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const table = w.table('Catalog');
    w.plan('DailyPlan', w.vault, [centralVaults[PRIMARY_REGION]], [
      backup.BackupResource.fromRdsDatabaseCluster(cluster),
      backup.BackupResource.fromEfsFileSystem(fileSystem),
      backup.BackupResource.fromDynamoDbTable(table),
    ]);
    Tags.of(w).add('CostCenter', '200');
  }

  // --- Workload C (eu-central-1): RDS MySQL, Aurora MySQL, DynamoDB; DR vault in eu-west-1. ---
  {
    const w = new Workload(app, 'WorkloadC', WORKLOAD_C, SECOND_REGION);
    const db = new rds.DatabaseInstance(w, 'LedgerDb', {
      engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc: w.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncryptionKey: w.key,
      removalPolicy: RemovalPolicy.SNAPSHOT,
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

    // A disaster-recovery vault of the same account in the primary Region. Same account: a plain
    // kms.Key is enough (no other account ever uses it).
    const dr = new Stack(app, 'WorkloadC-DR', { env: { account: WORKLOAD_C, region: PRIMARY_REGION } });
    const drVault = new backup.BackupVault(dr, 'DrVault', {
      backupVaultName: 'dr-copies',
      encryptionKey: new kms.Key(dr, 'DrVaultKey', { enableKeyRotation: true, alias: 'alias/backup-dr' }),
    });

    // RDS and Aurora: two copy actions. One crosses the account (same Region), one the Region
    // (same account). A single action doing both is refused by CAB-XREGION-XACCOUNT unless
    // allowSingleActionCrossRegionCrossAccount is set (AWS added that in late 2025).
    w.plan('DatabasePlan', w.vault, [centralVaults[SECOND_REGION], drVault], [
      backup.BackupResource.fromRdsDatabaseInstance(db),
      backup.BackupResource.fromRdsDatabaseCluster(cluster),
    ]);
    // DynamoDB with advanced features is fully managed: one action may cross both.
    w.plan('TablePlan', w.vault, [centralVaults[PRIMARY_REGION]], [
      backup.BackupResource.fromDynamoDbTable(table),
    ]);
    Tags.of(w).add('CostCenter', '300-payments');
    Tags.of(dr).add('CostCenter', '300-payments');
  }

  Tags.of(app).add('Environment', 'prod');
  Aspects.of(app).add(new CrossAccountCopyChecks(organizationChecksProps()));
  return app;
}
