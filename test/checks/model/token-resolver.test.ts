import { App, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { describeTarget, flattenString, RefTable } from '../../../src/checks/model/token-resolver';

const ENV = { partition: 'aws', region: 'eu-west-1', account: '111111111111' };

describe('flattenString', () => {
  test.each([
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:backup:${AWS::Region}:${AWS::AccountId}:backup-vault:v' }, 'arn:aws:backup:eu-west-1:111111111111:backup-vault:v'],
    [{ 'Fn::Sub': ['arn:${AWS::Partition}:backup:${R}:222222222222:backup-vault:${Name}', { R: { Ref: 'AWS::Region' }, Name: 'central' }] },
      'arn:aws:backup:eu-west-1:222222222222:backup-vault:central'],
    [{ 'Fn::Sub': 'literal ${!NotAVariable}' }, 'literal ${NotAVariable}'],
    [{ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'backup', { Ref: 'AWS::Region' }]] }, 'arn:aws:backup:eu-west-1'],
  ])('%j -> %s once the env is known', (value, text) => {
    expect(flattenString(value, ENV)).toBe(text);
  });

  test.each([
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:backup:${AWS::Region}:x' }, {}],
    [{ 'Fn::Sub': 'arn:aws:backup:${Param}:x' }, ENV],
    [{ 'Fn::If': ['C', 'a', 'b'] }, ENV],
  ])('%j stays unknown', (value, env) => {
    expect(flattenString(value, env)).toBeUndefined();
  });
});

describe('RefTable.describe', () => {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
  const param = new CfnParameter(stack, 'DestAccount');
  const ssmValue = ssm.StringParameter.valueForStringParameter(stack, '/org/dest');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
  const refs = new RefTable();

  test.each([
    ['a CloudFormation parameter', () => param.valueAsString, 'CloudFormation parameter DestAccount'],
    ['an SSM parameter', () => ssmValue, 'SSM parameter /org/dest'],
    ['an attribute of a resource', () => role.roleArn, 'the Arn of S/Role/Resource (AWS::IAM::Role)'],
    ['a string embedding a parameter', () => `arn:aws:iam::${param.valueAsString}:root`, 'arn:aws:iam::${CloudFormation parameter DestAccount}:root'],
    ['an Fn::If', () => Fn.conditionIf('IsProd', 'a', 'b'), 'Fn::If on condition IsProd (a or b)'],
    ['a dynamic reference', () => '{{resolve:ssm:/org/x:2}}', 'SSM parameter /org/x'],
  ])('%s', (_what, value, text) => {
    expect(refs.describe(refs.resolve(value(), stack))).toBe(text);
  });

  test('describeTarget names a parameter by its logical id', () => {
    expect(describeTarget(param)).toBe('CloudFormation parameter DestAccount');
  });
});
