import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackupPolicy, OrganizationBackupPolicy } from '../../src';

const MANAGEMENT = '111111111111';
const ROLE = 'arn:aws:iam::$account:role/BackupRole';
const policy = BackupPolicy.fromPlans([{
  name: 'daily',
  regions: ['eu-west-1'],
  rules: [{ name: 'nightly', scheduleExpression: 'cron(0 5 ? * * *)', targetBackupVaultName: 'local' }],
  selections: [{ name: 'tagged', iamRoleArn: ROLE, tagKey: 'backup', tagValues: ['daily'] }],
}]);

function makeStack(): Stack {
  return new Stack(new App(), 'Management', { env: { account: MANAGEMENT, region: 'us-east-1' } });
}

describe('OrganizationBackupPolicy', () => {
  test('emits a BACKUP_POLICY with the document as Content and the targets', () => {
    const stack = makeStack();
    const p = new OrganizationBackupPolicy(stack, 'Backups', {
      policy, targetIds: ['r-ab12', 'ou-ab12-cdefgh34', '222222222222'], policyName: 'org-backups', description: 'Nightly backups',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'org-backups',
      Type: 'BACKUP_POLICY',
      Content: JSON.parse(policy.toJson()),
      TargetIds: ['r-ab12', 'ou-ab12-cdefgh34', '222222222222'],
      Description: 'Nightly backups',
    });
    expect(p.targetIds).toEqual(['r-ab12', 'ou-ab12-cdefgh34', '222222222222']);
    expect(stack.resolve(p.policyId)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(p.node.defaultChild as any), 'Id'] });
  });

  test('names the policy after the construct path by default', () => {
    const stack = makeStack();
    new OrganizationBackupPolicy(stack, 'Backups', { policy, targetIds: ['r-ab12'] });
    const [res] = Object.values(Template.fromStack(stack).findResources('AWS::Organizations::Policy'));
    expect(res.Properties.Name).toMatch(/^ManagementBackups/);
    expect(res.Properties.Description).toBeUndefined();
  });

  test.each([
    [['o-a1b2c3d4e5'], /targetIds\[0\]: 'o-a1b2c3d4e5' is not a root id.*attach the policy to the root/],
    [['12345'], /targetIds\[0\].*exactly 12 digits/],
    [['arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cdefgh34'], /Give the id, not the ARN/],
    [['r-ab12', 'r-ab12'], /'r-ab12' is listed more than once/],
    [[], /the list is empty/],
  ])('refuses targetIds %j', (targetIds, message) => {
    expect(() => new OrganizationBackupPolicy(makeStack(), 'Backups', { policy, targetIds })).toThrow(message);
  });

  test('accepts token target ids', () => {
    const stack = makeStack();
    new OrganizationBackupPolicy(stack, 'Backups', { policy, targetIds: [Lazy.string({ produce: () => 'r-ab12' })] });
    Template.fromStack(stack).hasResourceProperties('AWS::Organizations::Policy', { TargetIds: ['r-ab12'] });
  });

  test('refuses a name or description Organizations would refuse, and a policy that is not a BackupPolicy', () => {
    expect(() => new OrganizationBackupPolicy(makeStack(), 'B', { policy, targetIds: ['r-ab12'], policyName: 'x'.repeat(129) }))
      .toThrow(/policyName .* has 129 characters; a policy name has 1 to 128/);
    expect(() => new OrganizationBackupPolicy(makeStack(), 'B', { policy, targetIds: ['r-ab12'], description: 'x'.repeat(513) }))
      .toThrow(/description has 513 characters, at most 512/);
    expect(() => new OrganizationBackupPolicy(makeStack(), 'B', { policy: '{"plans": {}}' as any, targetIds: ['r-ab12'] }))
      .toThrow(/policy must be a BackupPolicy/);
  });
});
