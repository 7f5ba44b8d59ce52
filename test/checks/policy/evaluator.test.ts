import { evaluatePolicy, isAllowed, render, wildcardMatch } from '../../../src/checks/policy/evaluator';

const SRC = '111111111111';
const DST = '222222222222';
const OTHER = '333333333333';
const slr = (account: string) =>
  `arn:aws:iam::${account}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
const req = (account: string, action: string, conditionKeys?: Record<string, string | string[] | boolean>) => ({
  principalArn: slr(account),
  principalAccount: account,
  action,
  conditionKeys,
});

const keyPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SRC}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'Use',
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${DST}:root`]] } },
      Action: ['kms:Decrypt', 'kms:ReEncrypt*'],
      Resource: '*',
    },
    {
      Sid: 'Grants',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${DST}:root`] },
      Action: ['kms:CreateGrant'],
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ],
};

describe('evaluatePolicy', () => {
  test('account root principal admits any principal of that account, rendered through Fn::Join', () => {
    expect(isAllowed(keyPolicy, req(DST, 'kms:Decrypt'))).toBe(true);
    expect(isAllowed(keyPolicy, req(DST, 'kms:ReEncryptFrom'))).toBe(true);
    expect(isAllowed(keyPolicy, req(DST, 'kms:PutKeyPolicy'))).toBe(false);
    expect(isAllowed(keyPolicy, req(OTHER, 'kms:Decrypt'))).toBe(false);
    expect(isAllowed(keyPolicy, req(SRC, 'kms:ScheduleKeyDeletion'))).toBe(true);
  });

  test('Bool condition: CreateGrant only for AWS resources', () => {
    expect(isAllowed(keyPolicy, req(DST, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': true }))).toBe(true);
    expect(isAllowed(keyPolicy, req(DST, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': false }))).toBe(false);
    // key missing from the request: IAM treats the condition as not met
    expect(isAllowed(keyPolicy, req(DST, 'kms:CreateGrant'))).toBe(false);
    // unless the caller asks to assume unknown conditions are met
    expect(isAllowed(keyPolicy, { ...req(DST, 'kms:CreateGrant'), unknownConditions: 'pass' })).toBe(true);
  });

  test('explicit deny wins over allow', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'backup:*' },
        { Sid: 'NoDelete', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'backup:DeleteRecoveryPoint' },
      ],
    };
    const e = evaluatePolicy(policy, req(OTHER, 'backup:DeleteRecoveryPoint'));
    expect(e.decision).toBe('explicit-deny');
    expect(e.matchedStatements).toEqual(['NoDelete']);
    expect(evaluatePolicy(policy, req(OTHER, 'backup:CopyIntoBackupVault')).decision).toBe('allow');
  });

  test('organization conditions on a star principal', () => {
    const policy = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'backup:CopyIntoBackupVault',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } },
        },
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'backup:CopyIntoBackupVault',
          Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/*'] } },
        },
      ],
    });
    expect(isAllowed(policy, req(DST, 'backup:CopyIntoBackupVault', { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }))).toBe(true);
    expect(isAllowed(policy, req(DST, 'backup:CopyIntoBackupVault', { 'aws:PrincipalOrgID': 'o-other00000' }))).toBe(false);
    expect(
      isAllowed(policy, req(DST, 'backup:CopyIntoBackupVault', {
        'aws:PrincipalOrgPaths': ['o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/ou-ab12-22222222/'],
      })),
    ).toBe(true);
    expect(isAllowed(policy, req(DST, 'backup:StartRestoreJob', { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }))).toBe(false);
  });

  test('NotAction, NotPrincipal, IfExists, Null and unknown operators', () => {
    const policy = {
      Statement: [
        { Sid: 'A', Effect: 'Allow', Principal: { AWS: DST }, NotAction: 'kms:PutKeyPolicy' },
        { Sid: 'D', Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${DST}:root` }, Action: '*' },
        {
          Sid: 'C',
          Effect: 'Allow',
          Principal: { AWS: OTHER },
          Action: 'kms:Decrypt',
          Condition: { StringEqualsIfExists: { 'kms:ViaService': 'backup.eu-west-1.amazonaws.com' } },
        },
      ],
    };
    expect(isAllowed(policy, req(DST, 'kms:Encrypt'))).toBe(true);
    expect(isAllowed(policy, req(DST, 'kms:PutKeyPolicy'))).toBe(false);
    expect(evaluatePolicy(policy, req(OTHER, 'kms:Decrypt')).decision).toBe('explicit-deny');
    expect(
      evaluatePolicy({ Statement: [policy.Statement[2]] }, req(OTHER, 'kms:Decrypt')).decision,
    ).toBe('allow');
    const nullCond = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'x:Y', Condition: { Null: { 'aws:PrincipalOrgID': 'false' } } }] };
    expect(isAllowed(nullCond, req(DST, 'x:Y'))).toBe(false);
    expect(isAllowed(nullCond, req(DST, 'x:Y', { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }))).toBe(true);
    const numeric = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'x:Y', Condition: { NumericLessThan: { 'x:n': '3' } } }] };
    const e = evaluatePolicy(numeric, req(DST, 'x:Y', { 'x:n': '1' }));
    expect(e).toEqual({ decision: 'implicit-deny', matchedStatements: [], unknown: true });
  });

  test('a statement without principal or action never applies', () => {
    expect(isAllowed({ Statement: [{ Effect: 'Allow', Action: '*' }] }, req(DST, 'kms:Decrypt'))).toBe(false);
    expect(isAllowed({ Statement: [{ Effect: 'Allow', Principal: '*' }] }, req(DST, 'kms:Decrypt'))).toBe(false);
  });
});

describe('helpers', () => {
  test('wildcardMatch', () => {
    expect(wildcardMatch('kms:ReEncrypt*', 'kms:reencryptfrom', true)).toBe(true);
    expect(wildcardMatch('kms:ReEncrypt*', 'kms:reencryptfrom', false)).toBe(false);
    expect(wildcardMatch('kms:?ecrypt', 'kms:Decrypt', true)).toBe(true);
    expect(wildcardMatch('a.b', 'axb', false)).toBe(false);
  });
  test('render', () => {
    expect(render({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::1:root']] }, { pseudo: { partition: 'aws-cn' } })).toBe('arn:aws-cn:iam::1:root');
    expect(render({ Ref: 'SomeParam' }, {})).toBeUndefined();
    expect(render({ 'Fn::GetAtt': ['A', 'Arn'] }, {})).toBeUndefined();
  });
});
