import { DST, OTHER, REGION, SRC, awsManagedKey, destinationVault, env, model, resource, route } from './model-builder';
import { cabAwsManagedKey } from '../../../src/checks/rules/cab-aws-managed-key';

describe('CAB-AWS-MANAGED-KEY', () => {
  test('error on an RDS instance encrypted with the default aws/rds key', () => {
    const db = resource('RDS', { key: awsManagedKey('aws/rds', 'service-default') });
    const r = route({ resources: [db] });
    const findings = cabAwsManagedKey.check(model([r]), {});
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.ruleId).toBe('CAB-AWS-MANAGED-KEY');
    expect(f.severity).toBe('error');
    expect(f.constructPath).toBe('SourceStack/Db');
    expect(f.routeId).toBe(r.id);
    expect(f.message.startsWith('CAB-AWS-MANAGED-KEY: Amazon RDS DB instance SourceStack/Db is encrypted with the service\'s default AWS managed key (aws/rds)')).toBe(true);
    expect(f.message).toContain(`from account ${SRC} in ${REGION} to vault "Vault" (BackupStack/Vault) in account ${DST} in ${REGION}`);
    expect(f.message).toContain('"Snapshots encrypted with the AWS managed key can\'t be shared. Specify another snapshot."');
    expect(f.message).toContain(`new CopyCompatibleKmsKey(this, 'Key', { destinationAccounts: ['${DST}'] })`);
    expect(f.message).toContain('storageEncryptionKey: key');
    expect(f.docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html');
  });

  test('EBS volume with an explicit alias/aws/ebs, copied to two accounts: one finding naming both', () => {
    const volume = resource('EBS', { key: awsManagedKey('aws/ebs') });
    const routes = [route({ resources: [volume] }), route({ resources: [volume], destination: destinationVault({ env: env(OTHER), path: 'OtherStack/Vault' }) })];
    const findings = cabAwsManagedKey.check(model(routes), {});
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('the AWS managed key aws/ebs');
    expect(findings[0].message).toContain('"Encrypted snapshots with Amazon EBS default key cannot be shared"');
    expect(findings[0].message).toContain(`destinationAccounts: ['${DST}', '${OTHER}']`);
  });

  test('no documented job error for FSx: the message says what is wrong without quoting one', () => {
    const fs = resource('FSx', { key: awsManagedKey('aws/fsx', 'service-default') });
    const [f] = cabAwsManagedKey.check(model([route({ resources: [fs] })]), {});
    expect(f.message).not.toContain('At run time');
    expect(f.message).toContain('AWS managed keys cannot be shared with another account');
  });

  test('silent: fully managed resources with their own AWS managed key (EFS aws/elasticfilesystem, DynamoDB advanced)', () => {
    const efs = resource('EFS', { key: awsManagedKey('aws/elasticfilesystem', 'service-default') });
    const table = resource('DynamoDB', { key: awsManagedKey('aws/dynamodb', 'service-default') });
    expect(cabAwsManagedKey.check(model([route({ resources: [efs, table] })]), { dynamoDbAdvancedFeatures: true })).toEqual([]);
  });

  test('silent: DynamoDB without advanced features (its copy is impossible anyway) and Multi-AZ clusters', () => {
    const table = resource('DynamoDB', { key: awsManagedKey('aws/dynamodb', 'service-default') });
    const cluster = resource('RDS-MultiAZCluster', { key: awsManagedKey('aws/rds', 'service-default') });
    expect(cabAwsManagedKey.check(model([route({ resources: [table, cluster] })]), {})).toEqual([]);
  });

  test('silent: unencrypted, customer managed, account-default, external and unresolved keys', () => {
    const resources = [
      resource('RDS', { constructPath: 'S/a', encrypted: false, key: undefined }),
      resource('RDS', { constructPath: 'S/b' }),
      resource('EBS', { constructPath: 'S/c', key: { kind: 'account-default', reference: '(none)', env: env() } }),
      resource('EBS', { constructPath: 'S/d', key: { kind: 'external', reference: 'arn:aws:kms:us-east-1:111111111111:key/x', env: env() } }),
      resource('EBS', { constructPath: 'S/e', encrypted: undefined, key: { kind: 'unresolved', reference: '${Token}', env: env() } }),
    ];
    expect(cabAwsManagedKey.check(model([route({ resources })]), {})).toEqual([]);
  });

  test('silent: same-account copies and unknown accounts', () => {
    const db = resource('RDS', { key: awsManagedKey('aws/rds') });
    const same = route({ resources: [db], destination: destinationVault({ env: env(SRC, 'us-west-2') }) });
    const unknown = route({ resources: [db], destination: destinationVault({ env: env(null) }) });
    expect(cabAwsManagedKey.check(model([same, unknown]), {})).toEqual([]);
  });
});
