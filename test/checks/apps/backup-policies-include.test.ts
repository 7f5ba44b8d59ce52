import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-organizations';
import * as include from 'aws-cdk-lib/cloudformation-include';
import { check } from './app-helpers';
import { MANAGEMENT_ENV, POLICY_CHECKS, WORKLOADS_OU, policyApp } from './policy-helpers';

/**
 * The same backup policy three ways: built with OrganizationBackupPolicy, written as a plain
 * CfnPolicy, and loaded from a raw CloudFormation template with CfnInclude. The findings must be
 * the same, apart from the construct path of the policy.
 */
function findingsOf(variant: 'construct' | 'cfn' | 'include', key: 'copy-compatible' | 'none') {
  const a = policyApp({ memberVaultKey: key });
  const content = JSON.parse(a.policy.policy.toJson());
  let policyPath = 'Management/Backups';
  if (variant !== 'construct') {
    a.management.node.tryRemoveChild('Backups');
    const stack = new Stack(a.app, 'Raw', { env: MANAGEMENT_ENV });
    if (variant === 'cfn') {
      new CfnPolicy(stack, 'Policy', { name: 'org-backups', type: 'BACKUP_POLICY', content, targetIds: [WORKLOADS_OU] });
      policyPath = 'Raw/Policy';
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-include-'));
      const file = path.join(dir, 'policy.json');
      fs.writeFileSync(file, JSON.stringify({
        Resources: {
          Backups: { Type: 'AWS::Organizations::Policy', Properties: { Name: 'org-backups', Type: 'BACKUP_POLICY', Content: content, TargetIds: [WORKLOADS_OU] } },
        },
      }));
      new include.CfnInclude(stack, 'Template', { templateFile: file });
      policyPath = 'Raw/Template/Backups';
    }
  }
  const checks = check(a.app, POLICY_CHECKS);
  const result = checks._lastResult()!;
  const normalize = (s: string) => s.split(policyPath).join('<policy>');
  return {
    findings: result.findings
      .map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        path: normalize(f.constructPath),
        messageId: f.messageId,
        details: JSON.parse(normalize(JSON.stringify(f.details))),
        message: normalize(f.message),
      }))
      .sort((x, y) => (x.ruleId + x.path).localeCompare(y.ruleId + y.path)),
    routes: result.model.routes.map((r) => normalize(r.id)),
  };
}

describe('a backup policy loaded with CfnInclude', () => {
  test.each(['copy-compatible', 'none'] as const)('gets the same findings as the same policy built with OrganizationBackupPolicy (member vault key: %s)', (key) => {
    const built = findingsOf('construct', key);
    expect(built.routes).toHaveLength(1);
    expect(findingsOf('include', key)).toEqual(built);
    expect(findingsOf('cfn', key)).toEqual(built);
    if (key === 'none') expect(built.findings.map((f) => f.ruleId)).toContain('CAB-VAULT-KEY');
  });

  test('a policy of another type is not read', () => {
    const a = policyApp();
    a.management.node.tryRemoveChild('Backups');
    new CfnPolicy(a.management, 'Tags', { name: 't', type: 'TAG_POLICY', content: { tags: {} }, targetIds: [WORKLOADS_OU] });
    expect(check(a.app, POLICY_CHECKS)._lastResult()!.model.routes).toEqual([]);
  });

  test('content that is not a valid backup policy: CAB-UNVERIFIABLE with the parse error', () => {
    const a = policyApp();
    new CfnPolicy(a.management, 'Broken', { name: 'b', type: 'BACKUP_POLICY', content: { plans: { p: { regions: ['Ireland'] } } }, targetIds: [WORKLOADS_OU] });
    const checks = check(a.app, POLICY_CHECKS);
    const u = checks._lastResult()!.model.unverifiable.find((x) => x.constructPath === 'Management/Broken');
    expect(u?.reason).toMatch(/plans\.p\.regions\[0\].*not a Region code/);
  });
});
