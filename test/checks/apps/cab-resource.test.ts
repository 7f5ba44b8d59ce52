import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  OTHER_REGION, REGION, SRC, check, copyApp, copyKey, dataOf, errorPaths, expectNoError, expectSilent, selectAurora, selectTable,
  theFinding, warningPaths,
} from './app-helpers';
import { featureNotSupportedError } from '../../../src/checks/messages/common';
import { ResourceTypeOptInSetting } from '../../../src/constructs/resource-type-opt-in-setting';

/** An RDS Multi-AZ DB cluster (not Aurora): L1, since aws-cdk-lib has no L2 for it. */
function multiAzCluster(a: ReturnType<typeof copyApp>): rds.CfnDBCluster {
  return new rds.CfnDBCluster(a.source, 'MultiAz', {
    engine: 'postgres',
    dbClusterInstanceClass: 'db.m6gd.large',
    storageType: 'io1',
    allocatedStorage: 100,
    iops: 1000,
    masterUsername: 'admin',
    manageMasterUserPassword: true,
    storageEncrypted: true,
    kmsKeyId: copyKey(a.source).keyArn,
  });
}

describe('CAB-RESOURCE on apps', () => {
  test('non-compliant: an RDS Multi-AZ DB cluster: error on the cluster', () => {
    const a = copyApp();
    const cluster = multiAzCluster(a);
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(cluster)] });
    check(a.app);
    expect(errorPaths(a.source, 'CAB-RESOURCE')).toEqual(['/Source/MultiAz']);
    expectNoError([a.central], 'CAB-RESOURCE');
  });

  test('compliant: an Aurora cluster in its place', () => {
    const a = copyApp();
    selectAurora(a);
    new ResourceTypeOptInSetting(a.source, 'ServiceOptIn', { resourceTypes: ['Aurora'] });
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('the Aurora cluster without the service opt-in declared for its account and Region: a warning on the cluster', () => {
    const a = copyApp();
    selectAurora(a);
    // The opt-in in the central account does not count for the source account.
    new ResourceTypeOptInSetting(a.central, 'ServiceOptIn', { resourceTypes: ['Aurora'] });
    const checks = check(a.app);
    expectNoError([a.source, a.central], 'CAB-RESOURCE');
    expect(warningPaths(a.source, 'CAB-RESOURCE')).toEqual(['/Source/Aurora']);
    // Judged where the backups are made: the source account and Region.
    expect(theFinding(checks, 'CAB-RESOURCE', 'warning', 'Source/Aurora')).toMatchObject({
      messageId: 'service-opt-in-undeclared',
      details: { resources: ['Source/Aurora'], types: ['Aurora'], accounts: [SRC], regions: [REGION] },
    });
    // Declared everywhere with the option: silent.
    const b = copyApp();
    selectAurora(b);
    check(b.app, { optedInResourceTypes: ['Aurora'] });
    expectSilent([b.source, b.central]);
  });

  test('non-compliant: DynamoDB with advanced features declared off copied to another Region of the same account: error on the table', () => {
    const a = copyApp({ centralEnv: { account: SRC, region: OTHER_REGION } });
    selectTable(a);
    const checks = check(a.app, { dynamoDbAdvancedFeatures: false });
    expect(errorPaths(a.source, 'CAB-RESOURCE')).toEqual(['/Source/Table']);
    // Without advanced features DynamoDB backups cannot be copied at all.
    expect(dataOf(theFinding(checks, 'CAB-RESOURCE', 'error', 'Source/Table'))).toEqual({
      ruleId: 'CAB-RESOURCE',
      severity: 'error',
      constructPath: 'Source/Table',
      routeId: 'Source/Plan/Daily -> Central/Vault',
      messageId: 'unsupported-copy',
      details: { cause: 'any-copy', resources: ['Source/Table'], types: ['DynamoDB'] },
      awsError: featureNotSupportedError('DynamoDB', REGION, OTHER_REGION),
    });
  });

  test('compliant: the same copy with dynamoDbAdvancedFeatures', () => {
    const a = copyApp({ centralEnv: { account: SRC, region: OTHER_REGION } });
    const table = new ddb.Table(a.source, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromArn(table.tableArn)] });
    check(a.app, { dynamoDbAdvancedFeatures: true });
    expectSilent([a.source, a.central]);
  });

  test('an FSx volume outside the app, selected by its ARN, is an ONTAP volume: a warning (copy support unverified), not silence', () => {
    const a = copyApp();
    const arn = `arn:aws:fsx:${REGION}:${SRC}:volume/fsvol-0123456789abcdef0`;
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromArn(arn)] });
    const checks = check(a.app);
    expect(theFinding(checks, 'CAB-RESOURCE', 'warning', 'Source/Plan/Selection')).toMatchObject({
      messageId: 'uncertain-copy',
      details: { resources: [arn], types: ['FSx-ONTAP'] },
    });
    expectNoError([a.source, a.central], 'CAB-RESOURCE');
  });

  test('an FSx file system outside the app, selected by its ARN (Lustre, Windows File Server or OpenZFS): no CAB-RESOURCE finding', () => {
    const a = copyApp();
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromArn(`arn:aws:fsx:${REGION}:${SRC}:file-system/fs-0123456789abcdef0`)] });
    const checks = check(a.app);
    expect(checks._lastResult()!.findings.filter((f) => f.ruleId === 'CAB-RESOURCE')).toEqual([]);
  });

  test('no false positive: a resource selected by nothing', () => {
    const a = copyApp();
    multiAzCluster(a);
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
    check(a.app);
    expectNoError([a.source, a.central], 'CAB-RESOURCE');
  });
});
