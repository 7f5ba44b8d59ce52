import { DST, OTHER, SRC, awsManagedKey, dataOf, destinationVault, env, model, resource, route } from './model-builder';
import { EBS_ERROR, RDS_ERROR } from '../../../src/checks/messages/cab-aws-managed-key';
import { cabAwsManagedKey } from '../../../src/checks/rules/cab-aws-managed-key';

describe('CAB-AWS-MANAGED-KEY', () => {
  test('error on an RDS instance encrypted with the default aws/rds key', () => {
    const db = resource('RDS', { key: awsManagedKey('aws/rds', 'service-default') });
    const r = route({ resources: [db] });
    const findings = cabAwsManagedKey.check(model([r]), {});
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-AWS-MANAGED-KEY',
      severity: 'error',
      constructPath: 'SourceStack/Db',
      routeId: r.id,
      messageId: 'aws-managed-key-across-accounts',
      details: { resources: ['SourceStack/Db'], types: ['RDS'], key: '(none)', keyKind: 'service-default', keyAlias: 'aws/rds', accounts: [DST] },
      awsError: RDS_ERROR,
    }]);
    expect(findings[0].docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html');
  });

  test('EBS volume with an explicit alias/aws/ebs, copied to two accounts: one finding naming both', () => {
    const volume = resource('EBS', { key: awsManagedKey('aws/ebs') });
    const routes = [route({ resources: [volume] }), route({ resources: [volume], destination: destinationVault({ env: env(OTHER), path: 'OtherStack/Vault' }) })];
    const findings = cabAwsManagedKey.check(model(routes), {});
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-AWS-MANAGED-KEY',
      severity: 'error',
      constructPath: 'SourceStack/Volume',
      routeId: routes[0].id,
      messageId: 'aws-managed-key-across-accounts',
      details: { resources: ['SourceStack/Volume'], types: ['EBS'], key: 'alias/aws/ebs', keyKind: 'aws-managed', keyAlias: 'aws/ebs', accounts: [DST, OTHER] },
      awsError: EBS_ERROR,
    }]);
  });

  test('no documented job error for FSx: the message says what is wrong without quoting one', () => {
    const fs = resource('FSx', { key: awsManagedKey('aws/fsx', 'service-default') });
    const findings = cabAwsManagedKey.check(model([route({ resources: [fs] })]), {});
    expect(findings.map((f) => [f.messageId, f.details.types, f.awsError])).toEqual([['aws-managed-key-across-accounts', ['FSx'], undefined]]);
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
