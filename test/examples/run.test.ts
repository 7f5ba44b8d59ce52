import { EXPECTED_FINDINGS } from '../../examples/mistakes/app';
import { judgeMistakes, judgeOrganization, type ExampleRun } from '../../examples/run';
import { shortForm, type Finding } from '../../src/checks/finding';

function fakeRun(findings: Array<Pick<Finding, 'ruleId' | 'constructPath' | 'severity'>>, otherErrors: string[] = []): ExampleRun {
  return {
    name: 'x',
    otherErrors,
    otherWarnings: [],
    result: { findings: findings.map(f => ({ ...f, message: `${f.ruleId}: m.`, docUrl: '' })), acknowledged: [] },
  } as unknown as ExampleRun;
}

const allAsExpected = () => Object.entries(EXPECTED_FINDINGS).map(([ruleId, constructPath]) => ({
  ruleId, constructPath, severity: ruleId === 'CAB-UNVERIFIABLE' ? 'warning' as const : 'error' as const,
}));

describe('examples/run verdicts', () => {
  test('organization: an error from the checks or from elsewhere is a deviation; warnings are not', () => {
    expect(judgeOrganization(fakeRun([{ ruleId: 'CAB-UNVERIFIABLE', constructPath: 'S/X', severity: 'warning' }])))
      .toEqual({ ok: true, summary: 'organization: 0 errors, 1 warning — synth succeeds', deviations: [] });
    const bad = judgeOrganization(fakeRun([{ ruleId: 'CAB-ORG', constructPath: 'S/Plan', severity: 'error' }], ['/S: boom']));
    expect(bad.ok).toBe(false);
    expect(bad.summary).toBe('organization: 2 errors, 0 warnings — `cdk synth` would FAIL');
    expect(bad.deviations).toEqual(['organization: unexpected error CAB-ORG on S/Plan', 'organization: unexpected error annotation /S: boom']);
  });

  test('mistakes: a missing, duplicated or misplaced rule id is a deviation', () => {
    expect(judgeMistakes(fakeRun(allAsExpected())).ok).toBe(true);
    const findings = allAsExpected().filter(f => f.ruleId !== 'CAB-ORG');
    findings.push({ ruleId: 'CAB-KEY-POLICY', constructPath: 'WorkloadB/Other', severity: 'error' });
    findings.find(f => f.ruleId === 'CAB-TAG-POLICY')!.constructPath = 'WorkloadB';
    const v = judgeMistakes(fakeRun(findings));
    expect(v.ok).toBe(false);
    expect(v.summary).toBe('mistakes: 11 findings, NOT each rule id once — `cdk synth` would fail with 10 errors');
    expect(v.deviations).toEqual([
      'mistakes: CAB-ORG reported 0 times (expected once)',
      'mistakes: CAB-KEY-POLICY reported 2 times (expected once): WorkloadA/VolumeKey, WorkloadB/Other',
      'mistakes: CAB-TAG-POLICY reported on WorkloadB, expected on WorkloadB/SharedFiles',
    ]);
  });

  test('shortForm is the summary and the short fix, as the annotation reads them', () => {
    expect(shortForm({ summary: 'Account 1 is outside the organization.', shortFix: 'add it.' }))
      .toBe('Account 1 is outside the organization. Fix: add it.');
  });
});
