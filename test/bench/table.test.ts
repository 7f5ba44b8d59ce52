/** The benchmark's table (`bench/bench.ts`): medians, and the spread of the rounds next to them. */
import { roundRatioRange, table } from '../../bench/bench';
import type { RunResult } from '../../bench/run-one';

const run = (variant: RunResult['variant'], synthCpuMs: number): RunResult => ({
  shape: 'many-accounts', resources: 3000, variant, synthCpuMs, synthWallMs: synthCpuMs, totalCpuMs: synthCpuMs, peakRssMb: 100, baselineRssMb: 50, load: 1,
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
});
