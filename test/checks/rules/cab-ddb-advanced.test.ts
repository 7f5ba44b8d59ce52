import { DST, OTHER_REGION, REGION, SELECTION, SRC, dataOf, destinationVault, env, model, resource, route } from './model-builder';
import { featureNotSupportedError } from '../../../src/checks/messages/common';
import { cabDdbAdvanced } from '../../../src/checks/rules/cab-ddb-advanced';

const table = resource('DynamoDB', { key: undefined });

describe('CAB-DDB-ADVANCED', () => {
  const off = { dynamoDbAdvancedFeatures: false };

  test('error on the table copied to another account with advanced features declared off', () => {
    const r = route({ resources: [table] });
    const findings = cabDdbAdvanced.check(model([r]), off);
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-DDB-ADVANCED',
      severity: 'error',
      constructPath: 'SourceStack/Table',
      routeId: r.id,
      messageId: 'dynamo-db-without-advanced-features',
      details: { resources: ['SourceStack/Table'], accounts: [SRC], regions: [REGION] },
      awsError: featureNotSupportedError('DynamoDB', REGION, REGION),
    }]);
    expect(findings[0].awsError).toBe(`Copy job from ${REGION} to ${REGION} cannot be initiated for DynamoDB resources. Feature is not supported for provided resource type.`);
    expect(findings[0].docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html');
  });

  test('warning when nothing declares the features', () => {
    const r = route({ resources: [table] });
    expect(cabDdbAdvanced.check(model([r]), {}).map(dataOf)).toEqual([{
      ruleId: 'CAB-DDB-ADVANCED',
      severity: 'warning',
      constructPath: 'SourceStack/Table',
      routeId: r.id,
      messageId: 'dynamo-db-advanced-undeclared',
      details: { resources: ['SourceStack/Table'], accounts: [SRC], regions: [REGION] },
      awsError: undefined,
    }]);
  });

  test('also across Regions (one finding, same fix)', () => {
    const r = route({ resources: [table], destination: destinationVault({ env: env(DST, OTHER_REGION) }) });
    const findings = cabDdbAdvanced.check(model([r, route({ resources: [table], ruleName: 'Other' })]), off);
    expect(findings.map((f) => [f.messageId, f.routeId, f.awsError])).toEqual([
      ['dynamo-db-without-advanced-features', r.id, featureNotSupportedError('DynamoDB', REGION, OTHER_REGION)],
    ]);
  });

  test('tables selected by ARN attach to the selection, one finding per table', () => {
    const a = resource('DynamoDB', { inApp: false, arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/a', key: undefined });
    const b = resource('DynamoDB', { inApp: false, arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/b', key: undefined });
    const findings = cabDdbAdvanced.check(model([route({ resources: [a, b] })]), off);
    expect(findings.map((f) => f.constructPath)).toEqual([SELECTION, SELECTION]);
  });

  test('silent when declared with the option', () => {
    expect(cabDdbAdvanced.check(model([route({ resources: [table] })]), { dynamoDbAdvancedFeatures: true })).toEqual([]);
  });

  test('silent when a DynamoDbAdvancedBackupSetting covers the account and Region; not for another Region', () => {
    const here = { kind: 'dynamodb-advanced' as const, constructPath: 'Org/Ddb', env: env(SRC, REGION) };
    const there = { kind: 'dynamodb-advanced' as const, constructPath: 'Org/Ddb', env: env(SRC, 'eu-west-1') };
    const crossAccountSetting = { kind: 'cross-account-backup' as const, constructPath: 'Org/Xa', env: env(SRC, REGION) };
    for (const options of [{}, off]) {
      expect(cabDdbAdvanced.check(model([route({ resources: [table] })], { settings: [here] }), options)).toEqual([]);
      expect(cabDdbAdvanced.check(model([route({ resources: [table] })], { settings: [there, crossAccountSetting] }), options)).toHaveLength(1);
    }
  });

  test('silent for same-account copies, unknown accounts and other types', () => {
    const same = route({ resources: [table], destination: destinationVault({ env: env(SRC, OTHER_REGION) }) });
    const unknown = route({ resources: [table], crossAccount: null });
    const other = route({ resources: [resource('EFS')] });
    expect(cabDdbAdvanced.check(model([same, unknown, other]), {})).toEqual([]);
    expect(cabDdbAdvanced.check(model([same, unknown, other]), off)).toEqual([]);
  });
});
