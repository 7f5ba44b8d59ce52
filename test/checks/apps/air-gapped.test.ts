/**
 * The logically air-gapped vault facts on apps (facts audit §2.1, §2.2): AWS managed keys
 * (CAB-AWS-MANAGED-KEY), unencrypted Aurora clusters, Regions without air-gapped vaults and primary
 * targets in another account or Region (CAB-RESOURCE), primary-target retention (CAB-RETENTION).
 */
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  DST, ISOLATED, OTHER_REGION, REGION, SRC, check, copyApp, copyKey, errorPaths, expectNoError,
  expectSilent, isolatedVpc, selectVolume, theFinding, warningPaths,
} from './app-helpers';
import { AIR_GAPPED_AWS_MANAGED_KEY_ERROR } from '../../../src/checks/messages/cab-aws-managed-key';
import { BACKUP_ERROR } from '../../../src/checks/messages/cab-retention';
import { CrossAccountAirGappedVault } from '../../../src/constructs/cross-account-air-gapped-vault';

const RETENTION = { minRetention: Duration.days(7), maxRetention: Duration.days(35) };

/** A copy app into a logically air-gapped vault of the central stack; copies are kept 30 days. */
function airGappedApp(centralEnv?: StackProps['env']) {
  const a = copyApp({
    centralEnv,
    destination: (central) => new CrossAccountAirGappedVault(central, 'Vault', { backupVaultName: 'air-gapped', sourceAccounts: [SRC], ...RETENTION }),
  });
  (a.plan.node.defaultChild as backup.CfnBackupPlan).addPropertyOverride('BackupPlan.BackupPlanRule.0.CopyActions.0.Lifecycle.DeleteAfterDays', 30);
  return a;
}

const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
const aurora = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });

describe('air-gapped vaults on apps', () => {
  test('compliant: an EBS volume with a CopyCompatibleKmsKey copied into a CrossAccountAirGappedVault', () => {
    const a = airGappedApp();
    selectVolume(a);
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  describe('CAB-AWS-MANAGED-KEY', () => {
    test('non-compliant: an RDS instance under aws/rds copied into an air-gapped vault of its own account: error on the instance', () => {
      const a = airGappedApp({ account: SRC, region: OTHER_REGION });
      const db = new rds.DatabaseInstance(a.source, 'Db', { engine, vpc: isolatedVpc(a.source), vpcSubnets: ISOLATED, storageEncrypted: true });
      a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
      const checks = check(a.app);
      expect(errorPaths(a.source, 'CAB-AWS-MANAGED-KEY')).toEqual(['/Source/Db']);
      // No other account: the fix is a plain customer managed key (no accounts to trust).
      expect(theFinding(checks, 'CAB-AWS-MANAGED-KEY', 'error', 'Source/Db')).toMatchObject({
        messageId: 'aws-managed-key-into-air-gapped-vault',
        details: { resources: ['Source/Db'], types: ['RDS'], keyAlias: 'aws/rds', accounts: [], vaults: ['Central/Vault'] },
        awsError: AIR_GAPPED_AWS_MANAGED_KEY_ERROR,
      });
    });

    test('compliant: the instance under a customer managed key', () => {
      const a = airGappedApp({ account: SRC, region: OTHER_REGION });
      const db = new rds.DatabaseInstance(a.source, 'Db', {
        engine, vpc: isolatedVpc(a.source), vpcSubnets: ISOLATED, storageEncryptionKey: new kms.Key(a.source, 'DbKey'),
      });
      a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
      check(a.app);
      expectNoError([a.source, a.central], 'CAB-AWS-MANAGED-KEY');
    });
  });

  describe('CAB-RESOURCE: unencrypted Aurora cluster', () => {
    const cluster = (a: ReturnType<typeof copyApp>, encrypted: boolean) => new rds.DatabaseCluster(a.source, 'Aurora', {
      engine: aurora,
      writer: rds.ClusterInstance.provisioned('writer'),
      vpc: isolatedVpc(a.source),
      vpcSubnets: ISOLATED,
      ...(encrypted ? { storageEncryptionKey: copyKey(a.source) } : { storageEncrypted: false }),
    });

    test('non-compliant: an unencrypted Aurora cluster copied into an air-gapped vault: error on the cluster', () => {
      const a = airGappedApp();
      a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseCluster(cluster(a, false))] });
      const checks = check(a.app);
      expect(errorPaths(a.source, 'CAB-RESOURCE')).toEqual(['/Source/Aurora']);
      expect(theFinding(checks, 'CAB-RESOURCE', 'error', 'Source/Aurora')).toMatchObject({
        messageId: 'unencrypted-into-air-gapped',
        details: { resources: ['Source/Aurora'], types: ['Aurora'], vaults: ['Central/Vault'] },
      });
    });

    test('compliant: the cluster encrypted with a CopyCompatibleKmsKey', () => {
      const a = airGappedApp();
      a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseCluster(cluster(a, true))] });
      check(a.app);
      expectNoError([a.source, a.central], 'CAB-RESOURCE');
    });

    test('no false positive: the unencrypted cluster copied into a standard vault', () => {
      const a = copyApp();
      a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseCluster(cluster(a, false))] });
      check(a.app);
      expectNoError([a.source, a.central], 'CAB-RESOURCE');
    });
  });

  describe('CAB-RESOURCE: a Region without air-gapped vaults', () => {
    test.each([
      ['ap-southeast-5'],
      ['ca-west-1'],
    ])('non-compliant: the air-gapped vault in %s: error on the vault', (region) => {
      const a = airGappedApp({ account: DST, region });
      selectVolume(a);
      const checks = check(a.app);
      expect(errorPaths(a.central, 'CAB-RESOURCE')).toEqual(['/Central/Vault']);
      expect(theFinding(checks, 'CAB-RESOURCE', 'error', 'Central/Vault')).toMatchObject({
        messageId: 'air-gapped-unavailable',
        details: { vaults: ['Central/Vault'], regions: [region], plans: ['Source/Plan'] },
      });
    });

    test('compliant: the same vault in eu-west-1', () => {
      const a = airGappedApp({ account: DST, region: REGION });
      selectVolume(a);
      check(a.app);
      expectNoError([a.source, a.central], 'CAB-RESOURCE');
    });
  });

  describe('primary target (TargetLogicallyAirGappedBackupVaultArn)', () => {
    /** A plan of the source stack that backs up straight into `vault`, keeping backups `days`. */
    function primaryPlan(source: Stack, a: ReturnType<typeof copyApp>, vault: CrossAccountAirGappedVault, days: number) {
      const plan = new backup.BackupPlan(source, 'Primary', { backupVault: a.sourceVault });
      plan.addRule(new backup.BackupPlanRule({ ruleName: 'Direct', deleteAfter: Duration.days(days) }));
      (plan.node.defaultChild as backup.CfnBackupPlan).addPropertyOverride('BackupPlan.BackupPlanRule.0.TargetLogicallyAirGappedBackupVaultArn', vault.backupVaultArn);
      return plan;
    }

    test('non-compliant: the air-gapped vault in another account: error on the plan', () => {
      const a = airGappedApp();
      selectVolume(a);
      primaryPlan(a.source, a, a.destination as CrossAccountAirGappedVault, 14);
      const checks = check(a.app);
      expect(errorPaths(a.source, 'CAB-RESOURCE')).toEqual(['/Source/Primary']);
      expect(theFinding(checks, 'CAB-RESOURCE', 'error', 'Source/Primary')).toMatchObject({
        messageId: 'primary-target-elsewhere',
        details: { vaults: ['Central/Vault'], plans: ['Source/Primary'], accounts: [DST, SRC], regions: [REGION, REGION] },
      });
    });

    test('compliant: an air-gapped vault of the plan\'s own account and Region', () => {
      const a = airGappedApp();
      selectVolume(a);
      const local = new CrossAccountAirGappedVault(a.source, 'LocalAirGapped', { backupVaultName: 'local-air-gapped', sourceAccounts: [DST], ...RETENTION });
      primaryPlan(a.source, a, local, 14);
      check(a.app);
      expectSilent([a.source, a.central]);
    });

    test('non-compliant: backups kept 3 days, below the vault\'s minimum: CAB-RETENTION on the plan, quoting the backup job error', () => {
      const a = airGappedApp();
      selectVolume(a);
      const local = new CrossAccountAirGappedVault(a.source, 'LocalAirGapped', { backupVaultName: 'local-air-gapped', sourceAccounts: [DST], ...RETENTION });
      primaryPlan(a.source, a, local, 3);
      const checks = check(a.app);
      expect(errorPaths(a.source, 'CAB-RETENTION')).toEqual(['/Source/Primary']);
      expect(theFinding(checks, 'CAB-RETENTION', 'error', 'Source/Primary')).toMatchObject({
        messageId: 'backup-retention-out-of-range',
        details: { cause: 'below-minimum', vaults: ['Source/LocalAirGapped'], retentionDays: 3, minRetentionDays: 7, maxRetentionDays: 35 },
        awsError: BACKUP_ERROR,
      });
      expectNoError([a.source], 'CAB-RESOURCE');
    });
  });

  test('a primary target outside the app: its retention range is not checked, a CAB-UNVERIFIABLE warning on the plan', () => {
    const a = airGappedApp();
    selectVolume(a);
    const plan = new backup.BackupPlan(a.source, 'Primary', { backupVault: a.sourceVault });
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'Direct', deleteAfter: Duration.days(14) }));
    (plan.node.defaultChild as backup.CfnBackupPlan).addPropertyOverride('BackupPlan.BackupPlanRule.0.TargetLogicallyAirGappedBackupVaultArn',
      `arn:aws:backup:${REGION}:${SRC}:backup-vault:elsewhere`);
    const checks = check(a.app);
    expectNoError([a.source], 'CAB-RESOURCE');
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual(['/Source/Primary']);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/Primary').details.skippedChecks).toEqual(['the retention range of the destination vault']);
  });

  test('an L1 CfnLogicallyAirGappedBackupVault named by a literal ARN is read too', () => {
    const a = copyApp({
      destination: (central) => {
        const l1 = new backup.CfnLogicallyAirGappedBackupVault(central, 'L1Vault', {
          backupVaultName: 'l1-air-gapped',
          minRetentionDays: 60,
          maxRetentionDays: 90,
          accessPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SRC}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }] },
        });
        void l1;
        return backup.BackupVault.fromBackupVaultArn(central, 'L1Ref', `arn:aws:backup:${REGION}:${DST}:backup-vault:l1-air-gapped`);
      },
    });
    (a.plan.node.defaultChild as backup.CfnBackupPlan).addPropertyOverride('BackupPlan.BackupPlanRule.0.CopyActions.0.Lifecycle.DeleteAfterDays', 30);
    selectVolume(a);
    check(a.app);
    expect(errorPaths(a.source, 'CAB-RETENTION')).toEqual(['/Source/Plan']);
    expectNoError([a.source, a.central], 'CAB-VAULT-POLICY');
  });
});
