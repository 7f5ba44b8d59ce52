/** The benchmark's table (`bench/bench.ts`): medians, and the spread of the rounds next to them. */
import { inRunRatio, roundRatioRange, table, threadSplit } from '../../bench/bench';
import type { RunResult } from '../../bench/run-one';

const run = (variant: RunResult['variant'], synthCpuMs: number, windowCpuMs = 0): RunResult => ({
  shape: 'many-accounts', resources: 3000, variant, synthCpuMs, windowCpuMs, synthWallMs: synthCpuMs, totalCpuMs: synthCpuMs, peakRssMb: 100, baselineRssMb: 50, load: 1,
});

describe('benchmark table', () => {
  test('roundRatioRange pairs each run with the plain synth of its round', () => {
    const synth = [1000, 2000, 1000].map(ms => run('synth', ms));
    const read = [1100, 1800, 950].map(ms => run('read', ms));
    expect(roundRatioRange(read, synth)).toEqual([0.9, 1.1]);
  });

  test('each ratio is the median ratio, with the rounds\' lowest and highest', () => {
    const runs = {
      synth: [1000, 2000, 1000, 1000, 1000].map(ms => run('synth', ms)),
      read: [1000, 1700, 1200, 1000, 900].map(ms => run('read', ms)),
      model: [1100, 2200, 1100, 1150, 1050].map(ms => run('model', ms)),
    };
    const [head, , row] = table([{ shape: 'many-accounts', size: 3000, runs }], ['synth', 'model', 'read']);
    expect(head).toContain('| model only | read only |');
    expect(row).toContain('| 1.10 (1.05–1.15) | 1.00 (0.85–1.20) |');
  });

  test('the in-run ratio is synth / (synth - window) per run: median, lowest and highest', () => {
    // 1100/(1100-100) = 1.10, 2400/(2400-400) = 1.20, 1050/(1050-50) = 1.05
    expect(inRunRatio([run('checks', 1100, 100), run('checks', 2400, 400), run('checks', 1050, 50)])).toEqual({ median: 1.1, lo: 1.05, hi: 1.2 });
    expect(inRunRatio([run('synth', 1000)])).toBeUndefined();
  });

  test('the table has one in-run cell per timed variant, in the order of the head', () => {
    const runs = {
      synth: [1000, 1000, 1000].map(ms => run('synth', ms)),
      checks: [run('checks', 1100, 100), run('checks', 2400, 400), run('checks', 1050, 50)],
      read: [run('read', 1000, 10), run('read', 1000, 10), run('read', 1000, 10)],
    };
    const [head, , row] = table([{ shape: 'many-accounts', size: 3000, runs }], ['synth', 'checks', 'read']);
    expect(head).toContain('| in-run ratio (checks / read) |');
    expect(row).toContain('| 1.10 (1.05–1.20) / 1.01 (1.01–1.01) |');
  });

  test('the window\'s CPU by thread: medians of the main thread and of the other threads, a cell per timed variant', () => {
    const split = (main: number, helper: number): Partial<RunResult> => ({ windowMainCpuMs: main, windowHelperCpuMs: helper });
    const runs = {
      'synth': [1000, 1000, 1000].map(ms => run('synth', ms)),
      'checks': [[900, 500], [1000, 300], [1100, 400]].map(([m, h]) => ({ ...run('checks', 1400, m + h), ...split(m, h) })),
      'cdk-nag': [[800, 100], [850, 90], [700, 120]].map(([m, h]) => ({ ...run('cdk-nag', 1400, m + h), ...split(m, h) })),
    };
    const [head, , row] = table([{ shape: 'many-accounts', size: 3000, runs }], ['synth', 'checks', 'cdk-nag']);
    expect(head).toContain('| window CPU, main thread + other threads, ms (checks / cdk-nag) |');
    expect(row).toContain('| 1000 + 400 / 800 + 100 |');
    expect(threadSplit([run('checks', 1000, 100)])).toBe('–');
  });

  test('without the split (not Linux) the table has no column for it', () => {
    const runs = { synth: [run('synth', 1000)], checks: [run('checks', 1100, 100)] };
    const [head] = table([{ shape: 'many-accounts', size: 3000, runs }], ['synth', 'checks']);
    expect(head).not.toContain('window CPU');
  });
});
