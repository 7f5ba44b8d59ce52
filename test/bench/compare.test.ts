/** The side-by-side comparison of two revisions (`bench/compare.ts`): its arguments, its order, its figures, its file comparison. */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseCompareArgs, reportFiles, roundOrder, sameFiles, summarize } from '../../bench/compare';
import type { RunResult } from '../../bench/run-one';

const run = (synthCpuMs: number, windowCpuMs: number): RunResult => ({
  shape: 'arn-selections', resources: 30000, variant: 'checks', synthCpuMs, windowCpuMs, synthWallMs: synthCpuMs, totalCpuMs: synthCpuMs, peakRssMb: 100, baselineRssMb: 50, load: 1,
});

describe('bench:compare', () => {
  test('arguments: --base is required, the rest has defaults', () => {
    expect(() => parseCompareArgs([])).toThrow(/--base <rev> is required/);
    expect(parseCompareArgs(['--base', 'HEAD~1'])).toEqual({ base: 'HEAD~1', shape: 'arn-selections', size: 30000, runs: 5, sameSize: 3000, node: process.execPath });
    expect(parseCompareArgs(['--base', 'main', '--shape', 'many-accounts', '--size', '3000', '--runs', '7', '--no-same']))
      .toEqual({ base: 'main', shape: 'many-accounts', size: 3000, runs: 7, sameSize: undefined, node: process.execPath });
  });

  test('arguments: a bad shape or number is refused with what was given', () => {
    expect(() => parseCompareArgs(['--base', 'x', '--shape', 'huge'])).toThrow("unknown shape 'huge' (one of arn-selections, many-accounts, shared-tag, mixed)");
    expect(() => parseCompareArgs(['--base', 'x', '--runs', '0'])).toThrow("--runs needs an integer >= 1, got '0'");
    expect(() => parseCompareArgs(['--base', 'x', '--size', '12.5'])).toThrow("--size needs an integer >= 100, got '12.5'");
  });

  test('the builds alternate which runs first', () => {
    expect([0, 1, 2, 3].map(i => roundOrder(i, 'base', 'head'))).toEqual([['base', 'head'], ['head', 'base'], ['base', 'head'], ['head', 'base']]);
  });

  test('the summary: median windows, in-run ratios and head / base', () => {
    const base = [run(12000, 2000), run(13000, 2100), run(11000, 1900)];
    const head = [run(11800, 1800), run(12600, 1700), run(11000, 1600)];
    const s = summarize(base, head);
    expect(s.base.windowMs).toBe(2000);
    expect(s.head.windowMs).toBe(1700);
    expect(s.windowRatio).toBeCloseTo(0.85, 10);
    expect(s.base.windowsMs).toEqual([2000, 2100, 1900]);
    // per run: 11800 / 10000 = 1.180, 12600 / 10900 = 1.156, 11000 / 9400 = 1.170
    expect(s.head.inRun.median).toBeCloseTo(11000 / 9400, 10);
    expect(s.head.inRun.lo).toBeCloseTo(12600 / 10900, 10);
    expect(s.head.inRun.hi).toBeCloseTo(11800 / 10000, 10);
  });

  test('a build that timed no window is refused', () => {
    expect(() => summarize([run(12000, 0)], [run(12000, 100)])).toThrow(/the base build timed no window/);
  });

  test('report files: equal bytes are the same; different bytes or a missing file are not', () => {
    const a = mkdtempSync(join(tmpdir(), 'cab-cmp-a-'));
    const b = mkdtempSync(join(tmpdir(), 'cab-cmp-b-'));
    writeFileSync(join(a, 'cross-account-backup-report.json'), '{"a":1}\n');
    writeFileSync(join(b, 'cross-account-backup-report.json'), '{"a":1}\n');
    writeFileSync(join(a, 'cross-account-backup-report.md'), '# A\n');
    writeFileSync(join(b, 'cross-account-backup-report.md'), '# B\n');
    writeFileSync(join(a, 'cross-account-backup-report.sarif'), '{}');
    writeFileSync(join(a, 'manifest.json'), '{}');
    expect(reportFiles(a)).toEqual(['cross-account-backup-report.json', 'cross-account-backup-report.md', 'cross-account-backup-report.sarif']);
    expect(reportFiles(join(a, 'missing'))).toEqual([]);
    expect(sameFiles(a, b, reportFiles(a))).toEqual([
      { file: 'cross-account-backup-report.json', same: true },
      { file: 'cross-account-backup-report.md', same: false },
      { file: 'cross-account-backup-report.sarif', same: false },
    ]);
  });
});
