/**
 * Side by side: the checks' cost at a base git revision against this checkout, on one shape and
 * size, and whether the two write the same reports. The way each change of docs/speed.md was
 * measured: a change is worth keeping when the window (the checks' own CPU time inside the synth,
 * every thread) drops by more than its spread, and the reports stay the same byte for byte.
 *
 * The base revision's tree is taken with `git archive` into a temporary directory and compiled
 * there with this checkout's `node_modules` (linked), the working tree is compiled to
 * `.bench/compare-head`: both run the same dependencies, each with its own `run-one.js`. The runs
 * alternate between the two builds (base, head, head, base, ...), each in a process of its own
 * with the `checks` variant (report on); per run the window and the in-run ratio
 * (`synth CPU / (synth CPU - window)`), then their medians and the ratio of the median windows.
 * Then each build writes the reports of every shape (of this checkout) at `--same-size`
 * resources and the files are compared; a difference makes the exit code 1.
 *
 * Usage: npx projen bench:compare --base <rev> [--shape arn-selections] [--size 30000] [--runs 5]
 *                                 [--same-size 3000] [--no-same] [--node PATH]
 */
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { child, compile, flagValue, inRunRatio, median, nodeBinary, nodeVersion, threadSplit, uptime } from './bench';
import type { RunResult } from './run-one';
import { SHAPE_NAMES } from './shape-names';

const ROOT = join(__dirname, '..');

export interface CompareArgs {
  /** The git revision to compare with (a commit, branch or tag). */
  readonly base: string;
  readonly shape: string;
  readonly size: number;
  readonly runs: number;
  /** Resources of the apps whose reports are compared; undefined with `--no-same`. */
  readonly sameSize?: number;
  /** The Node.js binary that runs each measured run (`--node`, as in `bench`). */
  readonly node: string;
}

export function parseCompareArgs(argv: string[]): CompareArgs {
  const value = (flag: string): string | undefined => flagValue(argv, flag);
  const base = value('--base');
  if (!base) throw new Error('--base <rev> is required: the git revision to compare this checkout with (e.g. --base HEAD~1)');
  const int = (flag: string, dflt: number, min: number): number => {
    const raw = value(flag);
    const n = raw === undefined ? dflt : Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer >= ${min}, got '${raw}'`);
    return n;
  };
  const shape = value('--shape') ?? 'arn-selections';
  if (!(SHAPE_NAMES as readonly string[]).includes(shape)) throw new Error(`unknown shape '${shape}' (one of ${SHAPE_NAMES.join(', ')})`);
  return {
    base,
    shape,
    size: int('--size', 30000, 100),
    runs: int('--runs', 5, 1),
    sameSize: argv.includes('--no-same') ? undefined : int('--same-size', 3000, 100),
    node: nodeBinary(value('--node')),
  };
}

/** Which build runs first in round `i`: they alternate, so that a change of load falls on both. */
export function roundOrder<T>(i: number, base: T, head: T): [T, T] {
  return i % 2 === 0 ? [base, head] : [head, base];
}

export interface BuildSummary {
  /** Median window, ms. */
  readonly windowMs: number;
  readonly windowsMs: number[];
  readonly inRun: { median: number; lo: number; hi: number };
}

export interface CompareSummary {
  readonly base: BuildSummary;
  readonly head: BuildSummary;
  /** Median window of head / median window of base: below 1 is cheaper. */
  readonly windowRatio: number;
}

export function summarize(baseRuns: readonly RunResult[], headRuns: readonly RunResult[]): CompareSummary {
  const one = (runs: readonly RunResult[], which: string): BuildSummary => {
    const inRun = inRunRatio(runs);
    if (!inRun) throw new Error(`the ${which} build timed no window: is its run-one.js older than the in-run ratio?`);
    return { windowMs: median(runs.map(r => r.windowCpuMs)), windowsMs: runs.map(r => r.windowCpuMs), inRun };
  };
  const base = one(baseRuns, 'base');
  const head = one(headRuns, 'head');
  return { base, head, windowRatio: head.windowMs / base.windowMs };
}

export interface SameFile {
  readonly file: string;
  readonly same: boolean;
}

/** The files of `names` in two directories, compared byte for byte (a file missing on one side differs). */
export function sameFiles(a: string, b: string, names: readonly string[]): SameFile[] {
  return names.map((file) => {
    const x = existsSync(join(a, file)) ? readFileSync(join(a, file)) : undefined;
    const y = existsSync(join(b, file)) ? readFileSync(join(b, file)) : undefined;
    return { file, same: x !== undefined && y !== undefined && x.equals(y) };
  });
}

/** The report files in an output directory: the ones the checks write (JSON and Markdown, SARIF when asked). */
export function reportFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter(f => f.startsWith('cross-account-backup-report')).sort() : [];
}

/** The base revision's tree in a temporary directory, with this checkout's node_modules linked in. */
function checkout(rev: string): { sha: string; dir: string } {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf-8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), `cab-compare-${sha.slice(0, 7)}-`));
  const tar = execFileSync('git', ['archive', '--format=tar', sha], { cwd: ROOT, maxBuffer: 1024 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { sha, dir };
}

/** The reports of `shape` written by the sources of `build`, with the head build's `report-of.js` (the base revision may have none). */
function reportsOf(headBuild: string, build: string, shape: string, size: number, outdir: string): void {
  const r = spawnSync(process.execPath, ['--max-old-space-size=12288', join(headBuild, 'bench', 'report-of.js'), build, shape, String(size), outdir], {
    cwd: ROOT,
    encoding: 'utf-8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  if (r.status !== 0) throw new Error(`the reports of ${shape} at ${size} (${build}) failed (${r.status ?? r.signal}):\n${r.stderr.slice(-4000)}`);
}

const s2 = (ms: number): string => (ms / 1000).toFixed(3);
const f3 = (x: number): string => x.toFixed(3);

function main(): void {
  const args = parseCompareArgs(process.argv.slice(2));
  const { sha, dir } = checkout(args.base);
  const baseBuild = join(dir, '.js');
  const headBuild = join(ROOT, '.bench', 'compare-head');
  compile(baseBuild, dir);
  compile(headBuild, ROOT);
  console.log(`base ${args.base} = ${sha.slice(0, 12)} (${dir}), head: this checkout's working tree`);
  console.log(`start: ${uptime()}`);
  console.log(`Node.js ${nodeVersion(args.node)} (${args.node})`);
  console.log(`${args.shape} at ${args.size} resources, ${args.runs} runs of each build, alternating, checks with the report`);
  const runs: Record<'base' | 'head', RunResult[]> = { base: [], head: [] };
  for (let i = 0; i < args.runs; i++) {
    for (const which of roundOrder(i, 'base' as const, 'head' as const)) {
      const r = child(which === 'base' ? baseBuild : headBuild, args.shape, args.size, 'checks', args.node);
      runs[which].push(r);
      console.log(`#${i + 1} ${which}: window ${s2(r.windowCpuMs)} s, in-run ${f3(r.synthCpuMs / (r.synthCpuMs - r.windowCpuMs))}, load ${r.load.toFixed(2)}`);
    }
  }
  const summary = summarize(runs.base, runs.head);
  console.log('');
  console.log('| build | window, median (s) | windows (s) | in-run ratio, median (lowest–highest) | window CPU, main thread + other threads (ms) |');
  console.log('|---|---|---|---|---|');
  for (const which of ['base', 'head'] as const) {
    const b = summary[which];
    console.log(`| ${which} | ${s2(b.windowMs)} | ${b.windowsMs.map(s2).join(' ')} | ${f3(b.inRun.median)} (${f3(b.inRun.lo)}–${f3(b.inRun.hi)}) | ${threadSplit(runs[which])} |`);
  }
  console.log(`head / base, median window: ${f3(summary.windowRatio)}`);
  let differ = false;
  const same: Record<string, SameFile[]> = {};
  if (args.sameSize !== undefined) {
    console.log('');
    console.log(`reports at ${args.sameSize} resources, base against head:`);
    for (const shape of SHAPE_NAMES) {
      const out = { base: join(dir, 'reports', 'base', shape), head: join(dir, 'reports', 'head', shape) };
      reportsOf(headBuild, baseBuild, shape, args.sameSize, out.base);
      reportsOf(headBuild, headBuild, shape, args.sameSize, out.head);
      const files = [...new Set([...reportFiles(out.base), ...reportFiles(out.head)])].sort();
      same[shape] = sameFiles(out.base, out.head, files);
      if (files.length === 0 || same[shape].some(f => !f.same)) differ = true;
      console.log(`  ${shape}: ${files.length === 0 ? 'no report written' : same[shape].map(f => `${f.file} ${f.same ? 'same' : 'DIFFERENT'}`).join(', ')}`);
    }
    if (differ) console.log(`the reports differ: compare the directories under ${join(dir, 'reports')}`);
  }
  console.log(`end: ${uptime()}`);
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const out = join(ROOT, '.bench', `compare-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify({ args, baseSha: sha, summary, same, runs }, undefined, 2) + '\n');
  console.log(`raw results: ${out}`);
  if (differ) process.exitCode = 1;
}

if (require.main === module) main();
