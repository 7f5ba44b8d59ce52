/**
 * The real `aws-cdk` CLI with the `CrossAccountCopyChecks` aspect: `cdk synth` exits 1 for an
 * unacknowledged error wherever its stack lives (the App, a Stage, a nested Stage, a CDK Pipelines
 * stage, a route across two Stages), and 0 once it is acknowledged or fixed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cdkSynth, describeFrontend } from './cdk-synth';

jest.setTimeout(180_000);

describeFrontend('aspect');

test('cdk synth exits 0 once the error is fixed; the report lists the acknowledged warning with its reason', () => {
  const r = cdkSynth({ CAB_FIXTURE_LAYOUT: 'stage', CAB_FIXTURE_FIX: 'fix' });
  expect(r.status).toBe(0);
  expect(r.output).not.toMatch(/CAB-VAULT-POLICY/);
  const report = JSON.parse(fs.readFileSync(path.join(r.outdir, 'cross-account-backup-report.json'), 'utf-8'));
  expect(report.summary.passed).toBe(true);
  expect(report.findings).toEqual([]);
  expect(report.acknowledged.map((a: { ruleId: string; constructPath: string; reason?: string }) => [a.ruleId, a.constructPath, a.reason]))
    .toEqual([['CAB-UNVERIFIABLE', 'Prod/Source/Plan/Tagged', 'only tagged resources of this app are backed up']]);
});
