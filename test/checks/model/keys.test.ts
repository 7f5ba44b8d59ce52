import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { model, newApp, onlyRoute, planWithCopy, stack } from './helpers';
import type { ResourceModel } from '../../../src/checks/model/types';
import { skippedRuleIds } from '../../../src/checks/rules';

/** Select `resources` (built by `make`) in a cross-account plan and return their models by construct id. */
function selected(make: (s: Stack) => void): Map<string, ResourceModel> & { unverifiable: string[] } {
  const app = newApp();
  const s = stack(app, 'S');
  make(s);
  const { plan } = planWithCopy(s);
  plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn('*')] });
  const m = model(app);
  const out = new Map(onlyRoute(m).resources.map(r => [r.id.split('/')[1], r])) as any;
  out.unverifiable = m.unverifiable.map(u => `${u.constructPath}: ${u.subject}`);
  return out;
}

describe('encryption keys', () => {
  test('RDS: unencrypted, default key (aws/rds), explicit alias id and alias ARN, CMK in app, alias in app, imported key, parameter token, snapshot restore', () => {
    const r = selected(s => {
      const cmk = new kms.Key(s, 'Cmk');
      const alias = new kms.Alias(s, 'Alias', { aliasName: 'alias/db', targetKey: cmk });
      const param = new CfnParameter(s, 'KeyParam');
      const base = { dbInstanceClass: 'db.t3.micro', engine: 'postgres' };
      new rds.CfnDBInstance(s, 'Plain', base);
      new rds.CfnDBInstance(s, 'DefKey', { ...base, storageEncrypted: true });
      new rds.CfnDBInstance(s, 'AliasId', { ...base, storageEncrypted: true, kmsKeyId: 'alias/aws/rds' });
      new rds.CfnDBInstance(s, 'AliasArn', { ...base, storageEncrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:alias/aws/rds' });
      new rds.CfnDBInstance(s, 'Cmk1', { ...base, storageEncrypted: true, kmsKeyId: cmk.keyArn });
      new rds.CfnDBInstance(s, 'ViaAlias', { ...base, storageEncrypted: true, kmsKeyId: alias.aliasName });
      new rds.CfnDBInstance(s, 'AliasLiteral', { ...base, storageEncrypted: true, kmsKeyId: 'alias/db' });
      new rds.CfnDBInstance(s, 'Imported', { ...base, storageEncrypted: true, kmsKeyId: kms.Key.fromKeyArn(s, 'Imp', 'arn:aws:kms:eu-west-1:111111111111:key/abcd').keyArn });
      new rds.CfnDBInstance(s, 'Token', { ...base, storageEncrypted: true, kmsKeyId: param.valueAsString });
      new rds.CfnDBInstance(s, 'Restored', { ...base, dbSnapshotIdentifier: 'snap' });
      const over = new rds.CfnDBInstance(s, 'Override', base);
      over.addPropertyOverride('StorageEncrypted', true);
      over.addPropertyOverride('KmsKeyId', 'alias/aws/rds');
    });
    expect(r.get('Plain')).toMatchObject({ encrypted: false, key: undefined });
    expect(r.get('DefKey')).toMatchObject({ encrypted: true, key: { kind: 'service-default', alias: 'aws/rds' } });
    expect(r.get('AliasId')!.key).toMatchObject({ kind: 'aws-managed', alias: 'aws/rds', reference: 'alias/aws/rds' });
    expect(r.get('AliasArn')!.key).toMatchObject({ kind: 'aws-managed', alias: 'aws/rds', env: { account: '111111111111' } });
    expect(r.get('Cmk1')!.key).toMatchObject({ kind: 'customer-managed', constructPath: 'S/Cmk' });
    expect(r.get('Cmk1')!.key!.policy!.Statement.length).toBeGreaterThan(0);
    expect(r.get('ViaAlias')!.key).toMatchObject({ kind: 'customer-managed', constructPath: 'S/Cmk' });
    expect(r.get('AliasLiteral')!.key).toMatchObject({ kind: 'customer-managed', constructPath: 'S/Cmk' });
    expect(r.get('Imported')!.key).toMatchObject({ kind: 'external', reference: 'arn:aws:kms:eu-west-1:111111111111:key/abcd' });
    expect(r.get('Token')!.key!.kind).toBe('unresolved');
    expect(r.get('Restored')).toMatchObject({ encrypted: undefined, key: undefined });
    expect(r.get('Override')!.key).toMatchObject({ kind: 'aws-managed', alias: 'aws/rds' });
    expect(r.unverifiable).toEqual(expect.arrayContaining([
      'S/Imported: the encryption key arn:aws:kms:eu-west-1:111111111111:key/abcd of S/Imported',
      'S/Restored: the encryption of S/Restored',
    ]));
    expect(r.unverifiable.some(u => u.startsWith('S/Token: the encryption key'))).toBe(true);
    expect(r.unverifiable.some(u => u.startsWith('S/Cmk1'))).toBe(false);
  });

  test('DynamoDB: default (AWS owned), AWS_MANAGED, CUSTOMER_MANAGED', () => {
    const r = selected(s => {
      const pk = { name: 'pk', type: ddb.AttributeType.STRING };
      new ddb.Table(s, 'Owned', { partitionKey: pk });
      new ddb.Table(s, 'Managed', { partitionKey: pk, encryption: ddb.TableEncryption.AWS_MANAGED });
      new ddb.Table(s, 'Cmk', { partitionKey: pk, encryption: ddb.TableEncryption.CUSTOMER_MANAGED });
    });
    expect(r.get('Owned')!.key!.kind).toBe('aws-owned');
    expect(r.get('Managed')!.key).toMatchObject({ kind: 'service-default', alias: 'aws/dynamodb' });
    expect(r.get('Cmk')!.key).toMatchObject({ kind: 'customer-managed', constructPath: 'S/Cmk/Key' });
  });

  test('EBS volumes and EC2 instance block devices', () => {
    const r = selected(s => {
      const cmk = new kms.Key(s, 'K');
      new ec2.CfnVolume(s, 'Unenc', { availabilityZone: 'eu-west-1a', size: 1 });
      new ec2.CfnVolume(s, 'AcctDefault', { availabilityZone: 'eu-west-1a', size: 1, encrypted: true });
      new ec2.CfnVolume(s, 'Ebs', { availabilityZone: 'eu-west-1a', size: 1, encrypted: true, kmsKeyId: 'alias/aws/ebs' });
      new ec2.CfnVolume(s, 'WithCmk', { availabilityZone: 'eu-west-1a', size: 1, encrypted: true, kmsKeyId: cmk.keyId });
      new ec2.CfnInstance(s, 'NoMappings', { imageId: 'ami-1' });
      new ec2.CfnInstance(s, 'Mapped', { imageId: 'ami-1', blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: true, kmsKeyId: cmk.keyArn } }] });
    });
    expect(r.get('Unenc')).toMatchObject({ type: 'EBS', encrypted: undefined });
    expect(r.get('AcctDefault')!.key).toMatchObject({ kind: 'account-default', alias: 'aws/ebs' });
    expect(r.get('Ebs')!.key).toMatchObject({ kind: 'aws-managed', alias: 'aws/ebs' });
    expect(r.get('WithCmk')!.key).toMatchObject({ kind: 'customer-managed', constructPath: 'S/K' });
    expect(r.get('NoMappings')).toMatchObject({ type: 'EC2', encrypted: undefined });
    expect(r.get('Mapped')!.key).toMatchObject({ kind: 'customer-managed', constructPath: 'S/K' });
    expect(r.unverifiable).toEqual(expect.arrayContaining([
      'S/AcctDefault: the encryption key alias/aws/ebs of S/AcctDefault',
      'S/Unenc: the encryption of S/Unenc',
    ]));
  });

  test('the reason an encryption is unknown does not repeat the resource path (the subject names it)', () => {
    const app = newApp();
    const s = stack(app, 'S');
    new ec2.CfnInstance(s, 'NoMappings', { imageId: 'ami-1' });
    const { plan } = planWithCopy(s);
    plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn('*')] });
    const u = model(app).unverifiable.find(x => x.subject === 'the encryption of S/NoMappings')!;
    expect(u.reason).toBe('its volumes come from the AMI (no BlockDeviceMappings), whose encryption synth cannot see');
  });

  test('the reason of an unknown encryption does not repeat the resource path', () => {
    const app = newApp();
    const s = stack(app, 'S');
    new ec2.CfnVolume(s, 'Unenc', { availabilityZone: 'eu-west-1a', size: 1 });
    const { plan } = planWithCopy(s);
    plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn('*')] });
    const entry = model(app).unverifiable.find(u => u.subject === 'the encryption of S/Unenc');
    expect(entry!.reason).toBe('it is not explicitly encrypted, and EBS encryption by default (with the account\'s default key) may apply');
  });

  test('DocumentDB L2 defaults to the service key; types of other resources', () => {
    const r = selected(s => {
      const vpc = new ec2.Vpc(s, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      new docdb.DatabaseCluster(s, 'Doc', { masterUser: { username: 'u' }, instanceType: ec2.InstanceType.of(ec2.InstanceClass.R5, ec2.InstanceSize.LARGE), vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
      new s3.Bucket(s, 'Bucket');
      new rds.CfnDBCluster(s, 'MultiAz', { engine: 'postgres', dbClusterInstanceClass: 'db.m6gd.large', storageEncrypted: true });
      new rds.CfnDBCluster(s, 'Aurora', { engine: 'aurora-mysql' });
      new rds.CfnDBInstance(s, 'Member', { dbInstanceClass: 'db.r5.large', engine: 'aurora-mysql', dbClusterIdentifier: 'x' });
    });
    expect(r.get('Doc')).toMatchObject({ type: 'DocumentDB', encrypted: true, key: { kind: 'service-default', alias: 'aws/rds' } });
    expect(r.get('Bucket')!.type).toBe('S3');
    expect(r.get('MultiAz')!.type).toBe('RDS-MultiAZCluster');
    expect(r.get('Aurora')).toMatchObject({ type: 'Aurora', encrypted: false });
    expect(r.has('Member')).toBe(false);
  });

  test('vault keys: CMK by reference, CMK via alias ARN is external, none = undefined', () => {
    const app = newApp();
    const s = stack(app, 'S');
    const { vault } = planWithCopy(s);
    expect(vault).toBeDefined();
    const r = onlyRoute(model(app));
    expect(r.source.vault.key!.kind).toBe('customer-managed');
    const app2 = newApp();
    const s2 = stack(app2, 'S');
    const v2 = new backup.CfnBackupVault(s2, 'V', { backupVaultName: 'v2', encryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/1234' });
    const plan = new backup.CfnBackupPlan(s2, 'P', { backupPlan: { backupPlanName: 'p', backupPlanRule: [{ ruleName: 'r', targetBackupVault: v2.ref, copyActions: [{ destinationBackupVaultArn: 'arn:aws:backup:eu-west-1:222222222222:backup-vault:d' }] }] } });
    expect(plan).toBeDefined();
    const m2 = model(app2);
    expect(onlyRoute(m2).source.vault.key).toMatchObject({ kind: 'external', reference: 'arn:aws:kms:eu-west-1:111111111111:key/1234' });
    expect(skippedRuleIds(m2.unverifiable.find(u => u.subject.includes('the key of source vault'))!)).toEqual(['CAB-KEY-POLICY']);
  });
});
