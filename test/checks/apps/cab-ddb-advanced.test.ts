import { Stack } from 'aws-cdk-lib';
import {
  OTHER_REGION, REGION, SRC, check, copyApp, dataOf, errorPaths, expectNoCabError, expectNoError, expectSilent, selectTable,
  theFinding, warningPaths,
} from './app-helpers';
import { featureNotSupportedError } from '../../../src/checks/messages/common';
import { DynamoDbAdvancedBackupSetting } from '../../../src/constructs/dynamodb-advanced-backup-setting';

/** A DynamoDB table (AWS owned key) copied to the central account. */
function tableApp() {
  const a = copyApp();
  return { ...a, table: selectTable(a, 'Orders') };
}

describe('CAB-DDB-ADVANCED on apps', () => {
  test('non-compliant: a table copied to another account with advanced features declared off: error on the table', () => {
    const a = tableApp();
    const checks = check(a.app, { dynamoDbAdvancedFeatures: false });
    expect(errorPaths(a.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Orders']);
    // Declared off in the options: no facts named.
    expect(dataOf(theFinding(checks, 'CAB-DDB-ADVANCED', 'error', 'Source/Orders'))).toEqual({
      ruleId: 'CAB-DDB-ADVANCED',
      severity: 'error',
      constructPath: 'Source/Orders',
      routeId: 'Source/Plan/Daily -> Central/Vault',
      messageId: 'dynamo-db-without-advanced-features',
      details: { resources: ['Source/Orders'], accounts: [SRC], regions: [REGION] },
      awsError: featureNotSupportedError('DynamoDB', REGION, REGION),
    });
    expectNoError([a.central], 'CAB-DDB-ADVANCED');
  });

  test('not declared either way: a warning on the table, not an error', () => {
    const a = tableApp();
    const checks = check(a.app);
    expectNoError([a.source, a.central], 'CAB-DDB-ADVANCED');
    expect(warningPaths(a.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Orders']);
    expect(theFinding(checks, 'CAB-DDB-ADVANCED', 'warning', 'Source/Orders')).toMatchObject({
      messageId: 'dynamo-db-advanced-undeclared',
      details: { resources: ['Source/Orders'], accounts: [SRC], regions: [REGION] },
    });
  });

  test('declared off, but a DynamoDbAdvancedBackupSetting in the source account and Region turns it on: silent', () => {
    const a = tableApp();
    new DynamoDbAdvancedBackupSetting(a.source, 'DynamoDbAdvanced');
    check(a.app, { dynamoDbAdvancedFeatures: false });
    expectSilent([a.source, a.central]);
  });

  test('compliant: a DynamoDbAdvancedBackupSetting in the source stack (same account and Region)', () => {
    const a = tableApp();
    new DynamoDbAdvancedBackupSetting(a.source, 'DynamoDbAdvanced');
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('compliant: the setting in another stack of the same account and Region', () => {
    const a = tableApp();
    const settings = new Stack(a.app, 'AccountSettings', { env: { account: SRC, region: REGION } });
    new DynamoDbAdvancedBackupSetting(settings, 'DynamoDbAdvanced');
    check(a.app);
    expectNoCabError([a.source, a.central, settings]);
  });

  test('non-compliant: the setting in another Region of the account does not count', () => {
    const a = tableApp();
    const elsewhere = new Stack(a.app, 'OtherRegion', { env: { account: SRC, region: OTHER_REGION } });
    new DynamoDbAdvancedBackupSetting(elsewhere, 'DynamoDbAdvanced');
    check(a.app, { dynamoDbAdvancedFeatures: false });
    expect(errorPaths(a.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Orders']);
  });

  test('non-compliant: the setting in another account (the central one) does not count', () => {
    const a = tableApp();
    new DynamoDbAdvancedBackupSetting(a.central, 'DynamoDbAdvanced');
    check(a.app, { dynamoDbAdvancedFeatures: false });
    expect(errorPaths(a.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Orders']);
  });

  test('compliant: dynamoDbAdvancedFeatures: true', () => {
    const a = tableApp();
    check(a.app, { dynamoDbAdvancedFeatures: true });
    expectSilent([a.source, a.central]);
  });

  test('no false positive: a same-account copy in the same Region', () => {
    const a = copyApp({ centralEnv: { account: SRC, region: REGION } });
    selectTable(a, 'Orders');
    check(a.app);
    expectNoError([a.source, a.central], 'CAB-DDB-ADVANCED');
  });
});
