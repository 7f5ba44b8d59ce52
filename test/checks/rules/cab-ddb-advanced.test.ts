import { DST, OTHER_REGION, REGION, SELECTION, SRC, destinationVault, env, model, resource, route } from './model-builder';
import { cabDdbAdvanced } from '../../../src/checks/rules/cab-ddb-advanced';

const table = resource('DynamoDB', { key: undefined });

describe('CAB-DDB-ADVANCED', () => {
  const off = { dynamoDbAdvancedFeatures: false };

  test('error on the table copied to another account with advanced features declared off', () => {
    const r = route({ resources: [table] });
    const findings = cabDdbAdvanced.check(model([r]), off);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.ruleId).toBe('CAB-DDB-ADVANCED');
    expect(f.severity).toBe('error');
    expect(f.constructPath).toBe('SourceStack/Table');
    expect(f.routeId).toBe(r.id);
    expect(f.message.startsWith('CAB-DDB-ADVANCED: Amazon DynamoDB table SourceStack/Table is selected by backup plan SourceStack/Plan (rule Daily)')).toBe(true);
    expect(f.message).toContain(`declared off (dynamoDbAdvancedFeatures: false) and no DynamoDbAdvancedBackupSetting enables them for account ${SRC} in ${REGION}`);
    expect(f.message).toContain(`to vault "Vault" (BackupStack/Vault) in account ${DST} in ${REGION}`);
    expect(f.message).toContain(`"Copy job from ${REGION} to ${REGION} cannot be initiated for DynamoDB resources. Feature is not supported for provided resource type."`);
    expect(f.message).toContain('Fix: enable advanced DynamoDB backup in account 111111111111 in us-east-1 with a DynamoDbAdvancedBackupSetting');
    expect(f.docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html');
  });

  test('warning when nothing declares the features: says who has them by default and how to declare them', () => {
    const r = route({ resources: [table] });
    const [f, ...rest] = cabDdbAdvanced.check(model([r]), {});
    expect(rest).toEqual([]);
    expect(f.severity).toBe('warning');
    expect(f.constructPath).toBe('SourceStack/Table');
    expect(f.message).toContain(`nothing declares whether AWS Backup advanced features for DynamoDB are on in account ${SRC} in ${REGION}`);
    expect(f.message).toContain('had not created a backup vault before November 21, 2021');
    expect(f.message).toContain('declare dynamoDbAdvancedFeatures: true');
    expect(f.message).toContain('DynamoDbAdvancedBackupSetting');
    expect(f.message).not.toContain('At run time AWS Backup fails');
  });

  test('also across Regions (one finding, same fix)', () => {
    const r = route({ resources: [table], destination: destinationVault({ env: env(DST, OTHER_REGION) }) });
    expect(cabDdbAdvanced.check(model([r, route({ resources: [table], ruleName: 'Other' })]), off)).toHaveLength(1);
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
