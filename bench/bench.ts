/**
 * Benchmark: the cost of CrossAccountCopyChecks on the synth of large generated apps (shapes.ts),
 * side by side with cdk-nag's AwsSolutions pack on the same apps. See docs/speed.md.
 *
 * For each size and shape, every run is a process of its own (run-one.ts), so that each run's peak
 * memory is its own and no run inherits another's heap or JIT state. Runs are interleaved: each
 * round runs every variant once, in an order rotated from round to round, so that a change of
 * machine load spreads over all variants instead of landing on one.
 *
 * Variants: `synth` (no checks), `checks` (CrossAccountCopyChecks, report on: the default),
 * `checks-no-report` (`report: false`), `cdk-nag` (`Validations.of(app).addPlugins(new
 * AwsSolutionsChecks(app))`), and the floors `model` and `read` (`--variants`). Reported per shape
 * and size: medians of the CPU time of `app.synth()`, the ratios to `synth` with the rounds' range,
 * the in-run ratio of each timed variant (`inRunRatio`: its own window inside the same run's synth),
 * the median peak RSS and its ratio, the report sizes, and the load average.
 *
 * The sources are compiled once into `.bench/js` (plain `node` runs the children: no compiler in
 * their memory or their time).
 *
 * Usage: npx projen bench [--sizes 3000,30000] [--shapes arn-selections,many-accounts,shared-tag]
 *                         [--runs 5] [--variants synth,checks,...] [--quick] [--out FILE] [--build DIR]
 *                         [--node PATH]
 *   --quick: sizes 3000, 3 runs (a smoke run).
 *   --node: the Node.js binary that runs the children (default: the one running this script), to
 *           measure on another Node.js version than the machine's (docs/speed.md, "Another Node.js").
 */
import { execFileSync, spawnSync } from 'child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'fs';
import { loadavg } from 'os';
import { join } from 'path';
import type { RunResult } from './run-one';
import { Variant, VARIANTS } from './variants';

const ROOT = join(__dirname, '..');
/** The default variants; `model` and `read` (the floors) are asked for with `--variants`. */
const ALL_VARIANTS: Variant[] = ['synth', 'checks', 'checks-no-report', 'cdk-nag'];
const ISSUE_SHAPES = ['arn-selections', 'many-accounts', 'shared-tag'];

export interface BenchArgs {
  readonly sizes: number[];
  readonly shapes: string[];
  readonly variants: Variant[];
  readonly runs: number;
  readonly out?: string;
  readonly compile: boolean;
  /** Where the compiled sources go (a run in progress keeps its own copy). */
  readonly build: string;
  /** The Node.js binary that runs each measured run. */
  readonly node: string;
}

/** The value after `flag` in `argv` (`--runs 5`), undefined when the flag is not given. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const quick = argv.includes('--quick');
  const value = (flag: string): string | undefined => flagValue(argv, flag);
  const list = (flag: string, dflt: string[]): string[] => value(flag)?.split(',').filter(Boolean) ?? dflt;
  const runs = Number(value('--runs') ?? (quick ? 3 : 5));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a positive integer, got '${value('--runs')}'`);
  const sizes = list('--sizes', quick ? ['3000'] : ['3000', '30000']).map(Number);
  if (sizes.some(n => !Number.isInteger(n) || n < 100)) throw new Error(`--sizes needs integers >= 100, got '${value('--sizes')}'`);
  const variants = list('--variants', ALL_VARIANTS) as Variant[];
  for (const v of variants) if (!VARIANTS.includes(v)) throw new Error(`unknown variant '${v}' (one of ${VARIANTS.join(', ')})`);
  if (!variants.includes('synth')) throw new Error('--variants must include synth (the denominator of every ratio)');
  return {
    sizes,
    shapes: list('--shapes', ISSUE_SHAPES),
    variants,
    runs,
    out: value('--out'),
    compile: !argv.includes('--no-compile'),
    build: value('--build') ?? join(ROOT, '.bench', 'js'),
    node: nodeBinary(value('--node')),
  };
}

/** `--node`'s binary (this process's own when not given); one that is not an executable file is refused. */
export function nodeBinary(given: string | undefined): string {
  if (given === undefined) return process.execPath;
  if (!isExecutableFile(given)) throw new Error(`--node needs the path of a Node.js binary that can be run, got '${given}'`);
  return given;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `node -v` of a binary, e.g. `v24.22.3`. */
export function nodeVersion(node: string): string {
  return execFileSync(node, ['-v'], { encoding: 'utf-8' }).trim();
}

/**
 * Compiles bench/ and src/ of `root` (this checkout, or another revision's tree: `compare.ts`) to
 * plain JavaScript under `build`, with the package.json the report reads its version from.
 */
export function compile(build: string, root = ROOT): void {
  process.stderr.write(`compiling bench/ and src/ of ${root} into ${build} ...\n`);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'bench', 'tsconfig.json'),
    '--noEmit', 'false', '--outDir', build, '--rootDir', root, '--declaration', 'false', '--sourceMap', 'false',
    '--inlineSourceMap', 'false', '--inlineSources', 'false', '--incremental', 'false', '--noEmitOnError', 'false'], { stdio: 'inherit', cwd: root });
  copyFileSync(join(root, 'package.json'), join(build, 'package.json'));
}

/** One run of `run-one.js` of the compiled sources in `build`, in a process of its own (of the Node.js binary `node`). */
export function child(build: string, shape: string, size: number, variant: Variant, node = process.execPath): RunResult {
  const r = spawnSync(node, ['--max-old-space-size=12288', join(build, 'bench', 'run-one.js'), shape, String(size), variant], {
    cwd: ROOT,
    encoding: 'utf-8',
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  if (r.status !== 0) throw new Error(`run ${shape} ${size} ${variant} failed (${r.status ?? r.signal}):\n${r.stderr.slice(-4000)}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as RunResult;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Row {
  readonly shape: string;
  readonly size: number;
  readonly runs: Record<string, RunResult[]>;
}

export function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf-8' }).trim();
  } catch {
    return `load average: ${loadavg().map(x => x.toFixed(2)).join(', ')}`;
  }
}

const f2 = (x: number): string => x.toFixed(2);
const mb = (bytes: number | undefined): string => (bytes === undefined ? '–' : bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`);

/**
 * The lowest and highest ratio of a variant's run to the plain synth's run of the same round (the
 * rounds are interleaved, so a round's two runs met the same load): how far one median may be off.
 */
export function roundRatioRange(runs: readonly Pick<RunResult, 'synthCpuMs'>[], base: readonly Pick<RunResult, 'synthCpuMs'>[]): [number, number] {
  const ratios = runs.slice(0, base.length).map((r, i) => r.synthCpuMs / base[i].synthCpuMs);
  return [Math.min(...ratios), Math.max(...ratios)];
}

/**
 * Per run, the variant's ratio to a synth without it from its own CPU window: `synthCpuMs / (synthCpuMs
 * - windowCpuMs)`; the median and the lowest and highest run. Both terms come from one process, so the
 * machine's run-to-run noise (which moves whole runs) cancels out; what the variant costs synth after
 * its window is left out (compare with the ratio of medians).
 */
export function inRunRatio(runs: readonly Pick<RunResult, 'synthCpuMs' | 'windowCpuMs'>[]): { median: number; lo: number; hi: number } | undefined {
  const ratios = runs.filter(r => r.windowCpuMs > 0).map(r => r.synthCpuMs / (r.synthCpuMs - r.windowCpuMs));
  if (ratios.length === 0) return undefined;
  return { median: median(ratios), lo: Math.min(...ratios), hi: Math.max(...ratios) };
}

/**
 * The medians of a variant's window CPU on the main thread and on the other threads (V8's compiler
 * and garbage collector helpers), `main + other`; `–` without the split (not Linux).
 */
export function threadSplit(runs: readonly Pick<RunResult, 'windowMainCpuMs' | 'windowHelperCpuMs'>[]): string {
  const split = runs.filter(r => r.windowMainCpuMs !== undefined && r.windowHelperCpuMs !== undefined);
  if (split.length === 0) return '–';
  return `${median(split.map(r => r.windowMainCpuMs!)).toFixed(0)} + ${median(split.map(r => r.windowHelperCpuMs!)).toFixed(0)}`;
}

/** The variants whose own work inside synth the runs time (`windowCpuMs`). */
const TIMED: Variant[] = ['checks', 'checks-no-report', 'cdk-nag', 'model', 'read'];

/** The table of one benchmark: one line per shape and size. */
export function table(rows: Row[], variants: Variant[]): string[] {
  const has = (v: Variant): boolean => variants.includes(v);
  const head = ['shape', 'resources', 'routes / route-resources', 'synth CPU (median)'];
  if (has('checks')) head.push('checks + report', 'peak RSS (checks / synth)');
  if (has('checks-no-report')) head.push('checks, no report', 'peak RSS no report');
  if (has('cdk-nag')) head.push('cdk-nag AwsSolutions', 'peak RSS cdk-nag');
  if (has('model')) head.push('model only');
  if (has('read')) head.push('read only');
  const timed = TIMED.filter(has);
  if (timed.length > 0) head.push(`in-run ratio (${timed.join(' / ')})`);
  const split = timed.length > 0 && rows.some(row => timed.some(v => row.runs[v]?.some(r => r.windowHelperCpuMs !== undefined)));
  if (split) head.push(`window CPU, main thread + other threads, ms (${timed.join(' / ')})`);
  if (has('checks')) head.push('JSON report', 'Markdown report', 'findings');
  head.push('load (median, max)');
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const cpu = (v: Variant): number => median(row.runs[v].map(r => r.synthCpuMs));
    const rss = (v: Variant): number => median(row.runs[v].map(r => r.peakRssMb));
    const base = cpu('synth');
    const baseRss = rss('synth');
    /** The ratio of medians (in bold when `strong`), with the rounds' lowest and highest ratio. */
    const ratio = (v: Variant, strong = false): string => {
      const [lo, hi] = roundRatioRange(row.runs[v], row.runs.synth);
      const r = f2(cpu(v) / base);
      return `${strong ? `**${r}**` : r} (${f2(lo)}–${f2(hi)})`;
    };
    const any = row.runs.checks?.[0] ?? row.runs['checks-no-report']?.[0];
    const cells = [row.shape, row.size.toLocaleString('en-US'), any ? `${any.routes} / ${any.routeResources}` : '–', `${(base / 1000).toFixed(2)} s`];
    if (has('checks')) cells.push(ratio('checks', true), `${rss('checks').toFixed(0)} / ${baseRss.toFixed(0)} MB = **${f2(rss('checks') / baseRss)}**`);
    if (has('checks-no-report')) cells.push(ratio('checks-no-report'), f2(rss('checks-no-report') / baseRss));
    if (has('cdk-nag')) cells.push(ratio('cdk-nag'), f2(rss('cdk-nag') / baseRss));
    if (has('model')) cells.push(ratio('model'));
    if (has('read')) cells.push(ratio('read'));
    if (timed.length > 0) {
      cells.push(timed.map((v) => {
        const r = inRunRatio(row.runs[v]);
        return r ? `${f2(r.median)} (${f2(r.lo)}–${f2(r.hi)})` : '–';
      }).join(' / '));
    }
    if (split) cells.push(timed.map((v) => threadSplit(row.runs[v] ?? [])).join(' / '));
    if (has('checks')) {
      const c = row.runs.checks[0];
      cells.push(mb(c.jsonBytes), mb(c.markdownBytes), Object.entries(c.findings ?? {}).map(([k, n]) => `${k} ${n}`).join(', ') || 'none');
    }
    const loads = Object.values(row.runs).flat().map(r => r.load);
    cells.push(`${f2(median(loads))}, ${f2(Math.max(...loads))}`);
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out;
}

function main(): void {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.compile || !existsSync(join(args.build, 'bench', 'run-one.js'))) compile(args.build);
  const started = uptime();
  const node = nodeVersion(args.node);
  console.log(`start: ${started}`);
  console.log(`Node.js ${node} (${args.node})`);
  console.log(`${args.runs} runs per variant, each in its own process, variants interleaved (order rotated each round); CPU time of app.synth()`);
  const rows: Row[] = [];
  for (const size of args.sizes) {
    for (const shape of args.shapes) {
      const runs: Record<string, RunResult[]> = Object.fromEntries(args.variants.map(v => [v, []]));
      for (let i = 0; i < args.runs; i++) {
        const order = args.variants.map((_, j) => args.variants[(i + j) % args.variants.length]);
        for (const v of order) {
          const r = child(args.build, shape, size, v, args.node);
          runs[v].push(r);
          process.stderr.write(`${shape} ${size} ${v} #${i + 1}: synth CPU ${r.synthCpuMs.toFixed(0)} ms, peak RSS ${r.peakRssMb.toFixed(0)} MB, load ${f2(r.load)}\n`);
        }
      }
      rows.push({ shape, size, runs });
      for (const line of table([{ shape, size, runs }], args.variants)) process.stderr.write(line + '\n');
    }
  }
  const ended = uptime();
  console.log('');
  for (const line of table(rows, args.variants)) console.log(line);
  console.log('');
  console.log('Ratios: median CPU time of app.synth() of the variant / of plain synth, with (in parentheses) the lowest and highest ratio');
  console.log('of one round\'s run to the plain synth\'s run of the same round; peak RSS: median of the peaks of separate processes.');
  console.log('In-run ratio: per run, synth CPU / (synth CPU - the CPU time of the variant\'s own work inside it, timed in the same process);');
  console.log('median (lowest–highest run). It does not move with the machine\'s load, and leaves out what the variant costs synth afterwards.');
  console.log('Window CPU (Linux): medians of that window\'s CPU on the main thread, where the variant\'s own code runs, + on every other');
  console.log('thread of the process, where V8 compiles hot functions and collects garbage in parallel.');
  if (args.variants.includes('read')) {
    console.log('`read` touches the properties and resolves nothing: its true ratio is 1.00, and what it measures is the benchmark\'s error.');
  }
  console.log(`end: ${ended}`);
  const out = args.out ?? join(ROOT, '.bench', `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(out, JSON.stringify({ started, ended, node, args, rows }, undefined, 2) + '\n');
  console.log(`raw results: ${out}`);
}

if (require.main === module) main();
