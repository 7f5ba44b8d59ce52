/**
 * The generated app of the benchmark (see bench.ts): 32 workload stacks over 4 accounts and 2 Regions
 * plus a central vault account.
 */
import { App, Aspects, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { CrossAccountCopyChecks } from '../src';

const STACKS = 32;
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];
const REGIONS = ['eu-west-1', 'us-east-1'];
const CENTRAL = { account: '999999999999', region: 'eu-west-1' };

export function buildApp(outdir: string, withChecks: boolean): App {
  const app = new App({ outdir });
  const central = new Stack(app, 'Central', { env: CENTRAL });
  const centralKey = new kms.Key(central, 'Key');
  new backup.BackupVault(central, 'Vault', { backupVaultName: 'central', encryptionKey: centralKey });
  for (let i = 0; i < STACKS; i++) {
    const env = { account: ACCOUNTS[i % ACCOUNTS.length], region: REGIONS[Math.floor(i / ACCOUNTS.length) % REGIONS.length] };
    const s = new Stack(app, `Workload${i}`, { env });
    const key = new kms.Key(s, 'DataKey');
    const keys = [key.keyArn, 'alias/aws/rds', undefined];
    const resources: backup.BackupResource[] = [];
    for (let r = 0; r < 26; r++) {
      const db = new rds.CfnDBInstance(s, `Db${r}`, {
        dbInstanceClass: 'db.t3.micro', engine: 'postgres', allocatedStorage: '20',
        storageEncrypted: true, kmsKeyId: keys[r % 3],
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
  if (withChecks) {
    Aspects.of(app).add(new CrossAccountCopyChecks({ organizationAccounts: [...ACCOUNTS, CENTRAL.account], dynamoDbAdvancedFeatures: true }));
  }
  return app;
}

