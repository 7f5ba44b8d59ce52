import { Size } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  DST, ISOLATED, REGION, SRC, check, copyApp, copyKey, errorPaths, expectNoError, expectSilent, isolatedVpc, theFinding,
} from './app-helpers';
import { RDS_ERROR } from '../../../src/checks/messages/cab-aws-managed-key';

const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });

describe('CAB-AWS-MANAGED-KEY on apps', () => {
  test('non-compliant: an RDS instance encrypted with the service default key (aws/rds): error on the instance', () => {
    const a = copyApp();
    const db = new rds.DatabaseInstance(a.source, 'Db', { engine, vpc: isolatedVpc(a.source), vpcSubnets: ISOLATED, storageEncrypted: true });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-AWS-MANAGED-KEY')).toEqual(['/Source/Db']);
    expect(theFinding(checks, 'CAB-AWS-MANAGED-KEY', 'error', 'Source/Db')).toMatchObject({
      messageId: 'aws-managed-key-across-accounts',
      details: { resources: ['Source/Db'], types: ['RDS'], keyKind: 'service-default', keyAlias: 'aws/rds', accounts: [DST] },
      awsError: RDS_ERROR,
    });
  });

  test('non-compliant: an EBS volume with an explicit alias/aws/ebs (L1 escape hatch and imported alias)', () => {
    const a = copyApp();
    const volume = new ec2.Volume(a.source, 'Volume', {
      availabilityZone: `${REGION}a`,
      size: Size.gibibytes(10),
      encrypted: true,
      encryptionKey: kms.Alias.fromAliasName(a.source, 'AwsEbs', 'alias/aws/ebs'),
    });
    const cfn = new ec2.CfnVolume(a.source, 'L1Volume', { availabilityZone: `${REGION}a`, size: 10, encrypted: true, kmsKeyId: `arn:aws:kms:${REGION}:${SRC}:alias/aws/ebs` });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume), backup.BackupResource.fromConstruct(cfn)] });
    check(a.app);
    expect(errorPaths(a.source, 'CAB-AWS-MANAGED-KEY')).toEqual(['/Source/L1Volume', '/Source/Volume']);
  });

  test('compliant: the same resources encrypted with a CopyCompatibleKmsKey', () => {
    const a = copyApp();
    const key = copyKey(a.source);
    const db = new rds.DatabaseInstance(a.source, 'Db', { engine, vpc: isolatedVpc(a.source), vpcSubnets: ISOLATED, storageEncryptionKey: key });
    const volume = new ec2.Volume(a.source, 'Volume', { availabilityZone: `${REGION}a`, size: Size.gibibytes(10), encrypted: true, encryptionKey: key });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db), backup.BackupResource.fromConstruct(volume)] });
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('no false positive: EFS with its AWS managed key aws/elasticfilesystem (fully managed: the vault key counts)', () => {
    const a = copyApp();
    const vpc = isolatedVpc(a.source);
    const fs = new efs.FileSystem(a.source, 'Fs', {
      vpc,
      vpcSubnets: ISOLATED,
      encrypted: true,
      kmsKey: kms.Alias.fromAliasName(a.source, 'AwsEfs', 'alias/aws/elasticfilesystem'),
    });
    // Encrypted by default, with aws/elasticfilesystem.
    const plainFs = new efs.FileSystem(a.source, 'DefaultFs', { vpc, vpcSubnets: ISOLATED });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromEfsFileSystem(fs), backup.BackupResource.fromEfsFileSystem(plainFs)] });
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('no false positive: unencrypted resources', () => {
    const a = copyApp();
    new rds.DatabaseInstance(a.source, 'Db', { engine, vpc: isolatedVpc(a.source), vpcSubnets: ISOLATED });
    new ec2.Volume(a.source, 'Volume', { availabilityZone: `${REGION}a`, size: Size.gibibytes(10) });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(a.source)] });
    check(a.app);
    expectNoError([a.source, a.central], 'CAB-AWS-MANAGED-KEY');
  });

  test('no false positive: a same-account copy of an aws/rds instance', () => {
    const a = copyApp({ centralEnv: { account: SRC, region: 'us-east-1' } });
    const db = new rds.DatabaseInstance(a.source, 'Db', { engine, vpc: isolatedVpc(a.source), vpcSubnets: ISOLATED, storageEncrypted: true });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
    check(a.app);
    expectNoError([a.source, a.central], 'CAB-AWS-MANAGED-KEY');
  });
});

