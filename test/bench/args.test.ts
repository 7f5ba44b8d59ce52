/** The benchmark's arguments (`bench/bench.ts`), `--node` among them. */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { nodeBinary, nodeVersion, parseBenchArgs } from '../../bench/bench';
import { parseCompareArgs } from '../../bench/compare';

describe('benchmark arguments', () => {
  test('the defaults: both sizes, the issue\'s three shapes, 5 runs, this process\'s Node.js', () => {
    expect(parseBenchArgs([])).toMatchObject({
      sizes: [3000, 30000],
      shapes: ['arn-selections', 'many-accounts', 'shared-tag'],
      variants: ['synth', 'checks', 'checks-no-report', 'cdk-nag'],
      runs: 5,
      compile: true,
      node: process.execPath,
    });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ sizes: [3000], runs: 3 });
  });

  test('--node: the binary that runs the measured runs, for bench and bench:compare', () => {
    expect(parseBenchArgs(['--node', process.execPath]).node).toBe(process.execPath);
    expect(parseCompareArgs(['--base', 'HEAD', '--node', process.execPath]).node).toBe(process.execPath);
    expect(nodeVersion(process.execPath)).toBe(process.version);
  });

  test('--node: a path that is missing, a directory or not executable is refused with the value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cab-bench-args-'));
    const notExecutable = join(dir, 'node');
    writeFileSync(notExecutable, '', { mode: 0o644 });
    for (const bad of [join(dir, 'missing'), dir, notExecutable]) {
      expect(() => nodeBinary(bad)).toThrow(`--node needs the path of a Node.js binary that can be run, got '${bad}'`);
    }
    expect(() => parseCompareArgs(['--base', 'HEAD', '--node', dir])).toThrow(`got '${dir}'`);
  });

  test('bad numbers and variants are refused with what was given', () => {
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow("--runs needs a positive integer, got '0'");
    expect(() => parseBenchArgs(['--sizes', '3000,12'])).toThrow("--sizes needs integers >= 100, got '3000,12'");
    expect(() => parseBenchArgs(['--variants', 'checks'])).toThrow('--variants must include synth');
    expect(() => parseBenchArgs(['--variants', 'synth,fast'])).toThrow("unknown variant 'fast'");
  });
});
