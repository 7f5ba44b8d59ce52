import { DST, PLAN, SRC, destinationVault, env, model, resource, route } from './model-builder';
import type { TagModel, TagPolicyEvaluator, TagPolicyViolation } from '../../../src/checks/model/types';
import { cabTagPolicy } from '../../../src/checks/rules/cab-tag-policy';

/** A tiny evaluator: key `CostCenter` (case-sensitive), values a/b, enforced when `enforced`. */
function policy(enforced: boolean): TagPolicyEvaluator & { calls: Array<{ tags: TagModel[]; type: string }> } {
  const calls: Array<{ tags: TagModel[]; type: string }> = [];
  return {
    calls,
    evaluateTags(tags, type) {
      calls.push({ tags, type });
      const out: TagPolicyViolation[] = [];
      for (const t of tags) {
        if (t.key.toLowerCase() !== 'costcenter') continue;
        const base = { tagKey: t.key, tagValue: t.value, policyKey: 'CostCenter', allowedValues: ['a', 'b'], enforced };
        if (t.value === undefined) out.push({ ...base, reason: 'unresolved' });
        else if (t.key !== 'CostCenter') out.push({ ...base, reason: 'key-casing' });
        else if (!['a', 'b'].includes(t.value)) out.push({ ...base, reason: 'value' });
      }
      return out;
    },
  };
}

const tag = (key: string, value: string | undefined, source: TagModel['source'] = 'resource'): TagModel => ({ key, value, source });

describe('CAB-TAG-POLICY', () => {
  test('silent without a tag policy, and for compliant tags', () => {
    const r = route({ resources: [resource('EBS', { tags: [tag('CostCenter', 'x')] })] });
    expect(cabTagPolicy.check(model([r]), {})).toEqual([]);
    const ok = route({ resources: [resource('EBS', { tags: [tag('CostCenter', 'a')] })] });
    const p = policy(true);
    expect(cabTagPolicy.check(model([ok]), { tagPolicy: p })).toEqual([]);
    expect(p.calls[0].type).toBe('backup:recovery-point');
  });

  test('enforced value violation: error on the resource quoting the AWS error with the tag key', () => {
    const r = route({ resources: [resource('EBS', { tags: [tag('CostCenter', 'x')] })] });
    const findings = cabTagPolicy.check(model([r]), { tagPolicy: policy(true) });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.ruleId).toBe('CAB-TAG-POLICY');
    expect(f.severity).toBe('error');
    expect(f.constructPath).toBe('SourceStack/Volume');
    expect(f.routeId).toBe(r.id);
    expect(f.message.startsWith("CAB-TAG-POLICY: Amazon EBS volume SourceStack/Volume carries tag 'CostCenter'='x'")).toBe(true);
    expect(f.message).toContain(`from account ${SRC} in us-east-1 to vault "Vault" (BackupStack/Vault) in account ${DST} in us-east-1`);
    expect(f.message).toContain("the tag policy's key 'CostCenter' with values 'a', 'b'");
    expect(f.message).toContain("\"Tag policy does not allow the specified value for the following tag key: 'CostCenter'\"");
    expect(f.message).toContain("Tags.of(resource).add('CostCenter', 'a')");
  });

  test('enforced key-casing violation quotes the tag-copy failure', () => {
    const r = route({ resources: [resource('EBS', { tags: [tag('costcenter', 'a')] })] });
    const [f] = cabTagPolicy.check(model([r]), { tagPolicy: policy(true) });
    expect(f.severity).toBe('error');
    expect(f.message).toContain('"We are unable to copy resource tags to your backup because of the internal failure"');
    expect(f.message).toContain("and remove the tag 'costcenter'");
  });

  test('not enforced: a warning with the same rule id; unresolved value: a warning', () => {
    const r = route({ resources: [resource('EBS', { tags: [tag('CostCenter', 'x')] }), resource('RDS', { tags: [tag('CostCenter', undefined)] })] });
    const findings = cabTagPolicy.check(model([r]), { tagPolicy: policy(false) });
    expect(findings.map((f) => [f.ruleId, f.severity, f.constructPath])).toEqual([
      ['CAB-TAG-POLICY', 'warning', 'SourceStack/Volume'],
      ['CAB-TAG-POLICY', 'warning', 'SourceStack/Db'],
    ]);
    expect(findings[0].message).toContain('does not enforce it');
    expect(findings[1].message).toContain('not known at synth time');
    expect(findings.every((f) => !f.message.includes('At run time'))).toBe(true);
  });

  test('RecoveryPointTags attach to the plan; a resource tag they override is not reported', () => {
    const r = route({
      resources: [resource('EBS', { tags: [tag('CostCenter', 'x')] })],
      recoveryPointTags: [tag('CostCenter', 'zzz', 'recovery-point-tags')],
    });
    const findings = cabTagPolicy.check(model([r]), { tagPolicy: policy(true) });
    expect(findings).toHaveLength(1);
    expect(findings[0].constructPath).toBe(PLAN);
    expect(findings[0].message).toContain('the RecoveryPointTags of backup plan SourceStack/Plan (rule Daily)');
    expect(findings[0].message).toContain("set the rule's recoveryPointTags to { 'CostCenter': 'a' }");
  });

  test('cross-account copies only; a resource on several routes is evaluated and reported once', () => {
    const volume = resource('EBS', { tags: [tag('CostCenter', 'x')] });
    const p = policy(true);
    const routes = [
      route({ resources: [volume], destination: destinationVault({ env: env(SRC, 'us-west-2') }) }),
      route({ resources: [volume], crossAccount: null }),
      route({ resources: [volume] }),
      route({ resources: [volume], ruleName: 'Weekly' }),
    ];
    expect(cabTagPolicy.check(model(routes), { tagPolicy: p })).toHaveLength(1);
    expect(p.calls).toHaveLength(1);
  });
});
