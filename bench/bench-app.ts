/**
 * The generated app of the benchmark (see bench.ts): workload stacks over 4 accounts and 2 Regions
 * plus a central vault account. With the default size: 32 workload stacks + 1 central stack,
 * 3,106 CloudFormation resources, 32 cross-account copy routes.
 *
 * Each workload stack holds RDS instances (a third with a customer managed key, a third with
 * `alias/aws/rds`, a third with the RDS default key), EBS volumes, DynamoDB tables (a quarter tagged
 * `backup=daily`), Aurora clusters, EFS file systems, L2 DynamoDB tables, a KMS key, a vault with that
 * key and a backup plan whose rule copies to the central vault in another account, selecting half the
 * RDS instances by construct and the tagged tables by tag. The app is deliberately not compliant, so
 * the checks report findings of several rules (CAB-AWS-MANAGED-KEY, CAB-XREGION-XACCOUNT,
 * CAB-KEY-POLICY, CAB-VAULT-POLICY, CAB-UNVERIFIABLE).
 */
import { App, Aspects, IAspect, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { CrossAccountCopyChecks } from '../src';

export const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];
export const REGIONS = ['eu-west-1', 'us-east-1'];
export const CENTRAL = { account: '999999999999', region: 'eu-west-1' };

export interface BenchAppOptions {
  /** Directory of the cloud assembly. */
  readonly outdir: string;
  /** Number of workload stacks (plus one central stack). @default 32 */
  readonly stacks?: number;
  /** RDS instances, EBS volumes and DynamoDB tables per workload stack (each). @default 27 */
  readonly perStack?: number;
  /** An aspect to add to the app (the checks, a no-op aspect, or none). @default - none */
  readonly aspect?: IAspect;
}

/** The checks as the benchmark configures them: every account in the organization, DynamoDB advanced features on. */
export function benchChecks(): CrossAccountCopyChecks {
  return new CrossAccountCopyChecks({ organizationAccounts: [...ACCOUNTS, CENTRAL.account], dynamoDbAdvancedFeatures: true });
}

export function buildApp(options: BenchAppOptions): App {
  const stacks = options.stacks ?? 32;
  const perStack = options.perStack ?? 27;
  const app = new App({ outdir: options.outdir });
  const central = new Stack(app, 'Central', { env: CENTRAL });
  const centralKey = new kms.Key(central, 'Key');
  new backup.BackupVault(central, 'Vault', { backupVaultName: 'central', encryptionKey: centralKey });
  for (let i = 0; i < stacks; i++) {
    const env = { account: ACCOUNTS[i % ACCOUNTS.length], region: REGIONS[Math.floor(i / ACCOUNTS.length) % REGIONS.length] };
    const s = new Stack(app, `Workload${i}`, { env });
    const key = new kms.Key(s, 'DataKey');
    const keys = [key.keyArn, 'alias/aws/rds', undefined];
    const resources: backup.BackupResource[] = [];
    for (let r = 0; r < perStack; r++) {
      const db = new rds.CfnDBInstance(s, `Db${r}`, {
        dbInstanceClass: 'db.t3.micro',
        engine: 'postgres',
        allocatedStorage: '20',
        storageEncrypted: true,
        kmsKeyId: keys[r % 3],
      });
      if (r % 2 === 0) resources.push(backup.BackupResource.fromConstruct(db));
      new ec2.CfnVolume(s, `Vol${r}`, { availabilityZone: `${env.region}a`, size: 10, encrypted: true, kmsKeyId: r % 2 ? key.keyArn : undefined });
      const table = new ddb.CfnTable(s, `Table${r}`, {
        keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
        attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
        billingMode: 'PAY_PER_REQUEST',
      });
      if (r % 4 === 0) Tags.of(table).add('backup', 'daily');
    }
    for (let r = 0; r < 3; r++) {
      new rds.CfnDBCluster(s, `Aurora${r}`, { engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: key.keyArn });
      new efs.CfnFileSystem(s, `Fs${r}`, { encrypted: true });
      new ddb.Table(s, `L2Table${r}`, { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    }
    const vault = new backup.BackupVault(s, 'Vault', { encryptionKey: key });
    const plan = new backup.BackupPlan(s, 'Plan', { backupVault: vault });
    plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(s, 'Central', `arn:aws:backup:${CENTRAL.region}:${CENTRAL.account}:backup-vault:central`) }],
    }));
    plan.addSelection('ByConstruct', { resources });
    plan.addSelection('ByTag', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
  }
  Tags.of(app).add('owner', 'platform');
  if (options.aspect) Aspects.of(app).add(options.aspect);
  return app;
}
