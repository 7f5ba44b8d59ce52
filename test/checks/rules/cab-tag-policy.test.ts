import { PLAN, SRC, dataOf, destinationVault, env, model, resource, route } from './model-builder';
import { TAG_COPY_ERROR, TAG_VALUE_ERROR } from '../../../src/checks/messages/cab-tag-policy';
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
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-TAG-POLICY',
      severity: 'error',
      constructPath: 'SourceStack/Volume',
      routeId: r.id,
      messageId: 'enforced-violation',
      details: { cause: 'value', resources: ['SourceStack/Volume'], tagKey: 'CostCenter', tagValue: 'x', policyKey: 'CostCenter', allowedValues: ['a', 'b'] },
      awsError: TAG_VALUE_ERROR('CostCenter'),
    }]);
    expect(findings[0].awsError).toBe("Tag policy does not allow the specified value for the following tag key: 'CostCenter'");
  });

  test('enforced key-casing violation quotes the tag-copy failure', () => {
    const r = route({ resources: [resource('EBS', { tags: [tag('costcenter', 'a')] })] });
    const [f] = cabTagPolicy.check(model([r]), { tagPolicy: policy(true) });
    expect(dataOf(f)).toMatchObject({
      severity: 'error',
      messageId: 'enforced-violation',
      details: { cause: 'key-casing', tagKey: 'costcenter', tagValue: 'a', policyKey: 'CostCenter' },
      awsError: TAG_COPY_ERROR,
    });
  });

  test('not enforced: a warning with the same rule id; unresolved value: a warning', () => {
    const r = route({ resources: [resource('EBS', { tags: [tag('CostCenter', 'x')] }), resource('RDS', { tags: [tag('CostCenter', undefined)] })] });
    const findings = cabTagPolicy.check(model([r]), { tagPolicy: policy(false) });
    expect(findings.map((f) => [f.ruleId, f.severity, f.constructPath])).toEqual([
      ['CAB-TAG-POLICY', 'warning', 'SourceStack/Volume'],
      ['CAB-TAG-POLICY', 'warning', 'SourceStack/Db'],
    ]);
    expect(findings.map((f) => [f.messageId, f.details.cause, f.awsError])).toEqual([
      ['unenforced-violation', 'value', undefined],
      ['unresolved-tag', 'unresolved', undefined],
    ]);
  });

  test('RecoveryPointTags attach to the plan; a resource tag they override is not reported', () => {
    const r = route({
      resources: [resource('EBS', { tags: [tag('CostCenter', 'x')] })],
      recoveryPointTags: [tag('CostCenter', 'zzz', 'recovery-point-tags')],
    });
    const findings = cabTagPolicy.check(model([r]), { tagPolicy: policy(true) });
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-TAG-POLICY',
      severity: 'error',
      constructPath: PLAN,
      routeId: r.id,
      messageId: 'enforced-violation',
      details: { cause: 'value', plans: [PLAN], tagKey: 'CostCenter', tagValue: 'zzz', policyKey: 'CostCenter', allowedValues: ['a', 'b'] },
      awsError: TAG_VALUE_ERROR('CostCenter'),
    }]);
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
