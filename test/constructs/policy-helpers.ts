import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RequestContext, evaluatePolicy } from '../../src/checks/policy/evaluator';

/** The AWS Backup service-linked role of an account: the principal that performs copies. */
export const backupRole = (account: string) =>
  `arn:aws:iam::${account}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;

/** The only resource of `type` in `stack` (fails the test when there is not exactly one). */
export function onlyResource(stack: Stack, type: string): { Properties: Record<string, any>; [k: string]: any } {
  const resources = Object.values(Template.fromStack(stack).findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0] as any;
}

/** The synthesized key policy of the only AWS::KMS::Key in `stack`. */
export function keyPolicyOf(stack: Stack): any {
  return onlyResource(stack, 'AWS::KMS::Key').Properties.KeyPolicy;
}

/** The synthesized access policy of the only AWS::Backup::BackupVault in `stack`. */
export function accessPolicyOf(stack: Stack): any {
  return onlyResource(stack, 'AWS::Backup::BackupVault').Properties.AccessPolicy;
}

/** Decision of `policy` for `action` by the AWS Backup role of `account`, with extra condition keys. */
export function decide(
  policy: unknown,
  account: string,
  action: string,
  conditionKeys?: RequestContext['conditionKeys'],
): 'allow' | 'explicit-deny' | 'implicit-deny' {
  // A condition key absent from the request is "not met", as in IAM (unknownConditions: 'fail').
  return evaluatePolicy(policy, {
    principalArn: backupRole(account),
    principalAccount: account,
    action,
    conditionKeys,
    unknownConditions: 'fail',
  }).decision;
}
