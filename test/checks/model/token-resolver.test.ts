import { App, Aws, CfnParameter, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { describeTarget, flattenString, isUnresolved, RefTable } from '../../../src/checks/model/token-resolver';

const ENV = { partition: 'aws', region: 'eu-west-1', account: '111111111111' };

describe('isUnresolved', () => {
  test('agrees with Token.isUnresolved on literals and every kind of token', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const param = new CfnParameter(stack, 'P');
    const count = new CfnParameter(stack, 'N', { type: 'Number' });
    const list = new CfnParameter(stack, 'L', { type: 'CommaDelimitedList' });
    const values: unknown[] = [
      'plain', '', 'arn:aws:dynamodb:eu-west-1:111111111111:table/t', '${Token[', 'Token[1]', 'e+289', '-1.8881545897087626e+289x',
      param.valueAsString, `arn:aws:s3:::${param.valueAsString}`, Aws.ACCOUNT_ID, Token.asString(count.valueAsNumber),
      String(count.valueAsNumber), `prefix-${String(count.valueAsNumber)}`, count.valueAsNumber, 42, list.valueAsList, list.valueAsList[0],
      Fn.split(',', param.valueAsString), [param.valueAsString], Lazy.string({ produce: () => 'x' }), Lazy.any({ produce: () => 1 }),
      { Ref: 'X' }, undefined, null, true,
    ];
    for (const v of values) expect([v, isUnresolved(v)]).toEqual([v, Token.isUnresolved(v)]);
    expect(values.filter(isUnresolved).length).toBeGreaterThan(8);
  });
});

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

describe('RefTable.resolve: plain intrinsics resolved once per stack', () => {
  // `Aws.PARTITION` is one `Intrinsic` the whole app shares: its value is memoized per stack, and every
  // string that embeds it must still resolve as CDK resolves it (in each stack, next to a reference).
  const app = new App();
  const a = new Stack(app, 'A', { env: { account: '111111111111', region: 'eu-west-1' } });
  const b = new Stack(app, 'B', { env: { account: '222222222222', region: 'eu-west-1' } });
  const roleA = new iam.Role(a, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
  const roleB = new iam.Role(b, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
  const refs = new RefTable();

  test('the same intrinsic in two stacks and many strings resolves the same way each time', () => {
    const arnIn = (s: Stack, name: string): string => `arn:${Aws.PARTITION}:dynamodb:${s.region}:${s.account}:table/${name}`;
    const first = refs.resolve([arnIn(a, 't1'), arnIn(a, 't2'), `${arnIn(a, 't3')}|${roleA.roleName}`], roleA);
    const second = refs.resolve([arnIn(b, 't1'), `${arnIn(b, 't3')}|${roleB.roleName}`], roleB);
    expect(refs.toIntrinsics(first)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:111111111111:table/t1']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:111111111111:table/t2']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, { 'Fn::Join': ['', [':dynamodb:eu-west-1:111111111111:table/t3|', { Ref: 'A/Role/Resource' }]] }]] },
    ]);
    expect(refs.toIntrinsics(second)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:222222222222:table/t1']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, { 'Fn::Join': ['', [':dynamodb:eu-west-1:222222222222:table/t3|', { Ref: 'B/Role/Resource' }]] }]] },
    ]);
    expect(refs.resolve(Aws.PARTITION, roleB)).toEqual({ Ref: 'AWS::Partition' });
  });

  test('an intrinsic whose value depends on the stack is resolved in each stack', () => {
    const named = Token.asString({ Name: Lazy.uncachedString({ produce: (ctx) => Stack.of(ctx.scope).stackName }) });
    expect(refs.resolve(`x-${named}`, roleA)).toEqual({ 'Fn::Join': ['', ['x-', { Name: 'A' }]] });
    expect(refs.resolve(`y-${named}`, roleB)).toEqual({ 'Fn::Join': ['', ['y-', { Name: 'B' }]] });
  });
});
