/**
 * Small apps shared by the integration tests: one source account with RDS, a central vault account,
 * and a plan copying into the central vault.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { CopyCompatibleKmsKey } from '../../src/constructs/copy-compatible-kms-key';
import { CrossAccountBackupVault } from '../../src/constructs/cross-account-backup-vault';
import { DST, SRC } from '../fixtures';

export const SOURCE = { account: SRC, region: 'eu-west-1' };
export const CENTRAL = { account: DST, region: 'eu-west-1' };
export const OTHER_REGION = 'eu-central-1';

/** A fresh temporary outdir (not created: the checks must create it). */
export function freshOutdir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cab-it-')), 'cdk.out');
}

export function newApp(props: AppProps = {}): App {
  return new App({ outdir: freshOutdir(), ...props });
}

export interface Fixture {
  readonly app: App;
  readonly source: Stack;
  readonly central: Stack;
  readonly plan: backup.BackupPlan;
  readonly db: rds.DatabaseInstance;
  readonly dbKey: CopyCompatibleKmsKey;
  readonly vault: CrossAccountBackupVault;
}

function database(scope: Stack, id: string, vpc: ec2.IVpc, key: kms.IKey): rds.DatabaseInstance {
  return new rds.DatabaseInstance(scope, id, {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    storageEncrypted: true,
    storageEncryptionKey: key,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/**
 * Compliant: a CopyCompatibleKmsKey-encrypted RDS instance in account 1111, a CMK-encrypted source
 * vault, a plan copying to a CrossAccountBackupVault in account 2222 (same Region) admitting 1111.
 */
export function compliantApp(app: App = newApp()): Fixture {
  const central = new Stack(app, 'Central', { env: CENTRAL });
  const vault = new CrossAccountBackupVault(central, 'Vault', { backupVaultName: 'central', sourceAccounts: [SOURCE.account] });

  const source = new Stack(app, 'Source', { env: SOURCE });
  const vpc = new ec2.Vpc(source, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const dbKey = new CopyCompatibleKmsKey(source, 'DbKey', { destinationAccounts: [CENTRAL.account] });
  const db = database(source, 'Db', vpc, dbKey);
  const localVault = new backup.BackupVault(source, 'LocalVault', {
    backupVaultName: 'local',
    encryptionKey: new CopyCompatibleKmsKey(source, 'LocalVaultKey', { destinationAccounts: [CENTRAL.account] }),
  });
  const plan = new backup.BackupPlan(source, 'Plan', { backupVault: localVault });
  plan.addRule(new backup.BackupPlanRule({
    ruleName: 'Daily',
    copyActions: [{ destinationBackupVault: vault }],
  }));
  plan.addSelection('Databases', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
  return { app, source, central, plan, db, dbKey, vault };
}

/**
 * Several violations on top of {@link compliantApp}:
 * - `Source/LegacyDb`, encrypted with a plain `kms.Key` the central account may not use (CAB-KEY-POLICY on `Source/LegacyKey`);
 * - `Source/AwsManagedDb`, encrypted with `aws/rds` (CAB-AWS-MANAGED-KEY);
 * - a second plan `Source/DrPlan` copying the database to a vault of account 2222 in another Region,
 *   a single cross-Region and cross-account copy of RDS (CAB-XREGION-XACCOUNT), into a vault whose
 *   access policy does not admit 1111 (CAB-VAULT-POLICY).
 */
export interface ViolatingFixture extends Fixture {
  readonly legacyKey: kms.Key;
  readonly awsManagedDb: rds.DatabaseInstance;
  readonly drVault: backup.BackupVault;
  readonly drPlan: backup.BackupPlan;
}

export function violatingApp(app: App = newApp()): ViolatingFixture {
  const f = compliantApp(app);
  const vpc = f.source.node.findChild('Vpc') as ec2.Vpc;
  const legacyKey = new kms.Key(f.source, 'LegacyKey');
  const legacy = database(f.source, 'LegacyDb', vpc, legacyKey);
  const awsManagedDb = new rds.DatabaseInstance(f.source, 'AwsManagedDb', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    storageEncrypted: true,
  });
  f.plan.addSelection('More', {
    resources: [backup.BackupResource.fromRdsDatabaseInstance(legacy), backup.BackupResource.fromRdsDatabaseInstance(awsManagedDb)],
  });

  const dr = new Stack(app, 'Dr', { env: { account: CENTRAL.account, region: OTHER_REGION } });
  const drVault = new backup.BackupVault(dr, 'Vault', {
    backupVaultName: 'dr',
    encryptionKey: new kms.Key(dr, 'VaultKey'),
  });
  const drPlan = new backup.BackupPlan(f.source, 'DrPlan', { backupVault: f.source.node.findChild('LocalVault') as backup.BackupVault });
  drPlan.addRule(new backup.BackupPlanRule({ ruleName: 'Weekly', copyActions: [{ destinationBackupVault: drVault }] }));
  drPlan.addSelection('Db', { resources: [backup.BackupResource.fromRdsDatabaseInstance(f.db)] });
  return { ...f, legacyKey, awsManagedDb, drVault, drPlan };
}

/** {@link violatingApp} with the CAB-KEY-POLICY finding acknowledged on the legacy key, with a reason. */
export const ACK_REASON = 'LegacyDb is migrated to a CopyCompatibleKmsKey in Q3; its copies are not needed until then';
export function acknowledgedApp(app: App = newApp()): ViolatingFixture {
  const f = violatingApp(app);
  Validations.of(f.legacyKey).acknowledge({ id: 'CAB-KEY-POLICY', reason: ACK_REASON });
  return f;
}

/**
 * Only warnings (CAB-UNVERIFIABLE): a plan copying resources selected by tag (which may match
 * resources outside the app) to a vault imported by ARN (its policy and key are unknown).
 */
export function unverifiableApp(app: App = newApp()): App {
  const s = new Stack(app, 'Source', { env: SOURCE });
  const vault = new backup.BackupVault(s, 'Vault', { backupVaultName: 'local', encryptionKey: new kms.Key(s, 'VaultKey') });
  const plan = new backup.BackupPlan(s, 'Plan', { backupVault: vault });
  plan.addRule(new backup.BackupPlanRule({
    ruleName: 'Daily',
    copyActions: [{
      destinationBackupVault: backup.BackupVault.fromBackupVaultArn(s, 'Central', `arn:aws:backup:${CENTRAL.region}:${CENTRAL.account}:backup-vault:central`),
    }],
  }));
  plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
  return app;
}
