import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { buildMistakesApp, EXPECTED_FINDINGS, mistakesChecksProps } from '../../examples/mistakes/app';
import { judgeMistakes, runExample } from '../../examples/run';
import { RuleIds } from '../../src';

describe('examples/mistakes', () => {
  let outdir: string;
  let run: ReturnType<typeof runExample>;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cab-example-mistakes-'));
    run = runExample('mistakes', buildMistakesApp, mistakesChecksProps(), outdir);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  // The example shows every way a copy fails; CAB-DUPLICATE-BACKUP is a cost warning (its own app tests).
  const COPY_RULES = RuleIds.all().filter(id => id !== RuleIds.DUPLICATE_BACKUP);

  test('every rule id of a copy failure is reported exactly once', () => {
    expect(run.result.findings.map(f => f.ruleId).sort()).toEqual([...COPY_RULES].sort());
    expect(Object.keys(EXPECTED_FINDINGS).sort()).toEqual([...COPY_RULES].sort());
  });

  test.each(Object.entries(EXPECTED_FINDINGS))('%s is reported on %s', (ruleId, path) => {
    const finding = run.result.findings.find(f => f.ruleId === ruleId)!;
    expect(finding.constructPath).toBe(path);
    expect(finding.severity).toBe(ruleId === RuleIds.UNVERIFIABLE ? 'warning' : 'error');
    expect(finding.message.startsWith(`${ruleId}: `)).toBe(true);
  });

  test('the annotations are on those constructs: 10 errors and 1 warning, nothing else', () => {
    const stacks = run.app.node.children.filter((c): c is Stack => Stack.isStack(c));
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const s of stacks) {
      const a = Annotations.fromStack(s);
      for (const m of a.findError('*', Match.anyValue())) errors.push(`${m.id.slice(1)} ${String(m.entry.data).split(':')[0]}`);
      for (const m of a.findWarning('*', Match.anyValue())) warnings.push(`${m.id.slice(1)} ${String(m.entry.data).split(':')[0]}`);
    }
    const expected = (severity: 'error' | 'warning') => Object.entries(EXPECTED_FINDINGS)
      .filter(([id]) => (id === RuleIds.UNVERIFIABLE) === (severity === 'warning'))
      .map(([id, path]) => `${path} ${id}`).sort();
    expect(errors.sort()).toEqual(expected('error'));
    expect(warnings.sort()).toEqual(expected('warning'));
  });

  test('the run judges it as documented', () => {
    expect(judgeMistakes(run)).toEqual({
      ok: true,
      summary: 'mistakes: 11 findings, each rule id once — `cdk synth` would fail with 10 errors',
      deviations: [],
    });
  });
});
