import * as backup from 'aws-cdk-lib/aws-backup';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DST, ISOLATED, check, copyApp, errorPaths, expectNoError, expectSilent, isolatedVpc, theFinding, warningPaths } from './app-helpers';
import { SNAPSHOT_KEY_ERROR } from '../../../src/checks/messages/cab-key-policy';
import { CopyCompatibleKmsKey } from '../../../src/constructs/copy-compatible-kms-key';
import { CrossAccountCopyChecks } from '../../../src/frontends/aspect';
import { backupServiceRole } from '../../fixtures';

const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });

function dbApp(key: (a: ReturnType<typeof copyApp>) => kms.IKey) {
  const a = copyApp();
  const db = new rds.DatabaseInstance(a.source, 'Db', {
    engine, vpc: isolatedVpc(a.source), vpcSubnets: ISOLATED, storageEncryptionKey: key(a),
  });
  a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
  return a;
}

describe('CAB-KEY-POLICY on apps', () => {
  test('non-compliant: an RDS instance encrypted with a kms.Key the central account may not use: error on the key', () => {
    const a = dbApp((x) => new kms.Key(x.source, 'DbKey'));
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-KEY-POLICY')).toEqual(['/Source/DbKey']);
    expect(theFinding(checks, 'CAB-KEY-POLICY', 'error', 'Source/DbKey')).toMatchObject({
      messageId: 'key-policy-denies-destination',
      details: {
        key: 'Source/DbKey',
        resources: ['Source/Db'],
        accounts: [DST],
        principals: [backupServiceRole(DST)],
        missingActions: expect.arrayContaining(['kms:Decrypt', 'kms:CreateGrant']),
      },
      awsError: SNAPSHOT_KEY_ERROR('Source/DbKey/Resource (AWS::KMS::Key)'),
    });
    expectNoError([a.central], 'CAB-KEY-POLICY');
  });

  test('compliant: the kms.Key with the two statements of the AWS article, written by hand', () => {
    const a = dbApp((x) => {
      const key = new kms.Key(x.source, 'DbKey');
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'Allow use of the key',
        principals: [new iam.AccountPrincipal(DST)],
        actions: ['kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'],
        resources: ['*'],
      }));
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'Allow attachment of persistent resources',
        principals: [new iam.AccountPrincipal(DST)],
        actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        resources: ['*'],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
      }));
      return key;
    });
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('compliant: a CopyCompatibleKmsKey', () => {
    const a = dbApp((x) => new CopyCompatibleKmsKey(x.source, 'DbKey', { destinationAccounts: [DST] }));
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('EFS (fully managed) out of a vault whose kms.Key the central account may not use: a warning on the vault key; an error when required', () => {
    const a = copyApp({ sourceVaultKey: 'none' });
    const vaultKey = new kms.Key(a.source, 'BackupKey');
    const vault = new backup.BackupVault(a.source, 'EfsVault', { backupVaultName: 'efs', encryptionKey: vaultKey });
    const plan = new backup.BackupPlan(a.source, 'EfsPlan', { backupVault: vault });
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', copyActions: [{ destinationBackupVault: a.destination }] }));
    const fs = new efs.FileSystem(a.source, 'Fs', { vpc: isolatedVpc(a.source), vpcSubnets: ISOLATED });
    plan.addSelection('Selection', { resources: [backup.BackupResource.fromEfsFileSystem(fs)] });
    check(a.app);
    expect(errorPaths(a.source, 'CAB-KEY-POLICY')).toEqual([]);
    expect(warningPaths(a.source, 'CAB-KEY-POLICY')).toEqual(['/Source/BackupKey']);
    const strict = new CrossAccountCopyChecks({ requireSourceVaultKeyTrust: true });
    expect(strict._run(a.app).findings.filter((f) => f.ruleId === 'CAB-KEY-POLICY').map((f) => [f.severity, f.constructPath]))
      .toEqual([['error', 'Source/BackupKey']]);
  });

  test('no false positive: a same-account copy with a kms.Key', () => {
    const a = copyApp({ centralEnv: { account: '111111111111', region: 'us-east-1' } });
    const db = new rds.DatabaseInstance(a.source, 'Db', {
      engine, vpc: isolatedVpc(a.source), vpcSubnets: ISOLATED, storageEncryptionKey: new kms.Key(a.source, 'DbKey'),
    });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
    check(a.app);
    expectNoError([a.source, a.central], 'CAB-KEY-POLICY');
  });
});
