import { evaluatePolicy } from '../../../src/checks/policy/evaluator';

const DST = '222222222222';
const req = {
  principalArn: `arn:aws:iam::${DST}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`,
  principalAccount: DST,
  action: 'backup:CopyIntoBackupVault',
};

const policy = {
  Statement: [
    {
      Sid: 'OrgOnly',
      Effect: 'Allow',
      Principal: '*',
      Action: 'backup:CopyIntoBackupVault',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa' } },
    },
    {
      Sid: 'DenyOutsideOrg',
      Effect: 'Deny',
      Principal: '*',
      Action: 'backup:CopyIntoBackupVault',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa' } },
    },
  ],
};

describe("unknownConditions: 'lenient'", () => {
  test('an unknown condition is met in an Allow and not met in a Deny', () => {
    const result = evaluatePolicy(policy, { ...req, unknownConditions: 'lenient' });
    expect(result.decision).toBe('allow');
    expect(result.matchedStatements).toEqual(['OrgOnly']);
    expect(result.unknown).toBe(true);
  });

  test("'pass' lets the unknown Deny apply, 'fail' lets no statement apply", () => {
    expect(evaluatePolicy(policy, { ...req, unknownConditions: 'pass' }).decision).toBe('explicit-deny');
    expect(evaluatePolicy(policy, { ...req, unknownConditions: 'fail' }).decision).toBe('implicit-deny');
  });

  test('known conditions are evaluated as usual', () => {
    const inOrg = { ...req, unknownConditions: 'lenient' as const, conditionKeys: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa' } };
    expect(evaluatePolicy(policy, inOrg).decision).toBe('allow');
    const outside = { ...inOrg, conditionKeys: { 'aws:PrincipalOrgID': 'o-bbbbbbbbbb' } };
    expect(evaluatePolicy(policy, outside).decision).toBe('explicit-deny');
  });
});
