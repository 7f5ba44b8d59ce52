/**
 * Benchmark: the cost of CrossAccountCopyChecks on the synth of a large generated app (bench-app.ts).
 *
 * Three variants of the same app, each built fresh for every run and synthesized into a temporary
 * directory, in the same process:
 *   none    - no aspect added by us
 *   noop    - a do-nothing aspect added to the app the way the checks are (the floor: what CDK's
 *             aspect invocation costs for any aspect on the app)
 *   checks  - CrossAccountCopyChecks added to the app
 * Each round runs the three variants in a rotated order (every variant takes every position equally
 * often); the first rounds are warm-up and discarded. With `--expose-gc` (the projen task sets it) a
 * full garbage collection runs before each run, so no run pays for the garbage of the one before.
 *
 * Reported per variant: median and minimum of build+synth wall time, of `app.synth()` alone, and of
 * the process CPU time (user+system) of build+synth. Then the ratios, the time of each phase of the
 * checks (model, each rule, annotations), and the size of the app with what the checks found.
 *
 * Usage: npx projen bench [--runs N] [--warmup N] [--quick]
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { benchChecks, buildApp, BenchAppOptions } from './bench-app';
import { CrossAccountCopyChecks } from '../src';
import { runChecks } from '../src/checks/engine';
import { buildModel } from '../src/checks/model/build-from-constructs';
import { ALL_RULES } from '../src/checks/rules';
import { emitAnnotations } from '../src/frontends/annotations';

type Variant = 'none' | 'noop' | 'checks';
const VARIANTS: Variant[] = ['none', 'noop', 'checks'];

interface Sample {
  /** build + synth, wall ms */
  readonly total: number;
  /** app.synth() alone, wall ms */
  readonly synth: number;
  /** build + synth, CPU ms of the process (user + system) */
  readonly cpu: number;
}

interface Args {
  readonly runs: number;
  readonly warmup: number;
  readonly size: Omit<BenchAppOptions, 'outdir' | 'aspect'>;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const num = (flag: string, dflt: number): number => {
    const i = argv.indexOf(flag);
    const v = i >= 0 ? Number(argv[i + 1]) : dflt;
    if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a non-negative integer, got '${argv[i + 1]}'`);
    return v;
  };
  return {
    runs: num('--runs', quick ? 3 : 11),
    warmup: num('--warmup', quick ? 1 : 2),
    size: quick ? { stacks: 8 } : {},
  };
}

const noopAspect = (): IAspect => ({ visit: () => undefined });

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

let lastChecks: CrossAccountCopyChecks | undefined;
let lastApp: App | undefined;

function once(variant: Variant, args: Args): Sample {
  const outdir = mkdtempSync(join(tmpdir(), 'cab-bench-'));
  try {
    const aspect = variant === 'checks' ? benchChecks() : variant === 'noop' ? noopAspect() : undefined;
    gc();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const app = buildApp({ ...args.size, outdir, aspect });
    const t1 = process.hrtime.bigint();
    app.synth();
    const t2 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);
    if (aspect instanceof CrossAccountCopyChecks) {
      lastChecks = aspect;
      lastApp = app;
    }
    return { total: Number(t2 - t0) / 1e6, synth: Number(t2 - t1) / 1e6, cpu: (c.user + c.system) / 1e3 };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const ratio = (a: number, b: number): string => (a / b).toFixed(3);
const ratio2 = (a: number, b: number): string => (a / b).toFixed(2);

/** Wall and CPU time of each phase of the checks on a synthesized app without them (medians of `n`). */
function phases(args: Args, n: number): Array<[string, number, number]> {
  const outdir = mkdtempSync(join(tmpdir(), 'cab-bench-'));
  try {
    const app = buildApp({ ...args.size, outdir });
    app.synth(); // run the aspects (Tags, BackupSelection) so the tree is what the checks see
    const options = (benchChecks() as unknown as { options: Parameters<typeof runChecks>[1] }).options;
    const times = new Map<string, number[]>();
    const cpu = new Map<string, number[]>();
    let c0 = process.cpuUsage();
    const add = (k: string, t: bigint): void => {
      const c = process.cpuUsage(c0);
      const l = times.get(k) ?? [];
      l.push(Number(process.hrtime.bigint() - t) / 1e6);
      times.set(k, l);
      const lc = cpu.get(k) ?? [];
      lc.push((c.user + c.system) / 1e3);
      cpu.set(k, lc);
    };
    const start = (): bigint => {
      c0 = process.cpuUsage();
      return process.hrtime.bigint();
    };
    for (let i = 0; i < n; i++) {
      gc();
      let t = start();
      const { model } = buildModel(app);
      add('model (one walk + resolution)', t);
      for (const rule of ALL_RULES) {
        t = start();
        rule(model, options);
        add(`rule ${rule.name}`, t);
      }
      t = start();
      const result = runChecks(app, options);
      add('runChecks (model + rules + acknowledgements)', t);
      if (i === n - 1) {
        t = start();
        emitAnnotations(app, result);
        add('annotations (once)', t);
      }
    }
    return [...times].map(([k, v]) => [k, median(v), median(cpu.get(k)!)]);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function describeApp(app: App, checks: CrossAccountCopyChecks): string[] {
  const all: IConstruct[] = app.node.findAll();
  const cfn = all.filter(c => CfnResource.isCfnResource(c)) as CfnResource[];
  const metadata = cfn.filter(c => c.cfnResourceType === 'AWS::CDK::Metadata').length;
  const stacks = all.filter(c => Stack.isStack(c)).length;
  const result = checks._lastResult(app)!;
  const routes = result.model.routes;
  const selected = routes.reduce((n, r) => n + r.resources.length, 0);
  const byRule = new Map<string, number>();
  for (const f of result.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const errors = result.findings.filter(f => f.severity === 'error').length;
  return [
    `app: ${stacks} stacks, ${cfn.length - metadata} CloudFormation resources${metadata ? ` (+${metadata} AWS::CDK::Metadata)` : ''}, ${all.length} constructs`,
    `checks: ${routes.length} copy routes, ${selected} selected resources on them, ${result.findings.length} findings `
      + `(${errors} errors, ${result.findings.length - errors} warnings: ${[...byRule].map(([k, v]) => `${k} ${v}`).join(', ')})`,
  ];
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  const samples = new Map<Variant, Sample[]>(VARIANTS.map(v => [v, []]));
  const rounds = args.warmup + args.runs;
  for (let i = 0; i < rounds; i++) {
    const order = VARIANTS.map((_, j) => VARIANTS[(i + j) % VARIANTS.length]);
    for (const v of order) {
      const s = once(v, args);
      if (i >= args.warmup) samples.get(v)!.push(s);
    }
    process.stderr.write(`.${i + 1 === rounds ? '\n' : ''}`);
  }

  for (const line of describeApp(lastApp!, lastChecks!)) console.log(line);
  console.log(`${args.runs} runs per variant after ${args.warmup} warm-up rounds, order rotated each round; `
    + `forced GC before each run: ${hasGc ? 'yes' : 'no (run node with --expose-gc)'}`);
  console.log('');

  const stat = (v: Variant, k: keyof Sample): { med: number; min: number } => {
    const xs = samples.get(v)!.map(s => s[k]);
    return { med: median(xs), min: Math.min(...xs) };
  };
  const rows: Array<[string, keyof Sample]> = [['build+synth (wall)', 'total'], ['app.synth() only (wall)', 'synth'], ['build+synth (CPU)', 'cpu']];
  console.log(`${''.padEnd(26)}${'none'.padEnd(20)}${'noop'.padEnd(20)}${'checks'.padEnd(20)}checks/none  noop/none  checks/noop`);
  for (const [label, k] of rows) {
    const [n, o, c] = VARIANTS.map(v => stat(v, k));
    const cell = (x: { med: number; min: number }): string => `${ms(x.med)} (min ${x.min.toFixed(0)})`.padEnd(20);
    console.log(`${label.padEnd(26)}${cell(n)}${cell(o)}${cell(c)}${ratio(c.med, n.med).padEnd(13)}${ratio(o.med, n.med).padEnd(11)}${ratio(c.med, o.med)}`);
  }
  console.log('(medians, min in parentheses; ratios of medians)\n');

  console.log('phases of the checks on this app (median of 5, on a synthesized app):        wall       CPU');
  const ph = phases(args, 5);
  for (const [k, t, c] of ph) console.log(`  ${k.padEnd(72)}${t.toFixed(1).padStart(8)} ms${c.toFixed(1).padStart(8)} ms`);
  const phase = (prefix: string, i: 1 | 2): number => ph.find(([k]) => k.startsWith(prefix))![i];
  const estimateWall = (stat('none', 'total').med + phase('runChecks', 1) + phase('annotations', 1)) / stat('none', 'total').med;
  const estimate = (stat('none', 'cpu').med + phase('runChecks', 2) + phase('annotations', 2)) / stat('none', 'cpu').med;
  console.log(`  estimate: (build+synth without checks + runChecks + annotations) / build+synth without = ${estimateWall.toFixed(3)} (wall), ${estimate.toFixed(3)} (CPU)`);
  console.log('  (process CPU time includes V8\'s parallel GC threads, which the forced GC before each phase keeps busy: the CPU estimate errs high)');
  console.log('');

  const total = (v: Variant): number => stat(v, 'total').med;
  console.log(`ratio (with/without): ${ratio2(total('checks'), total('none'))} (median of ${args.runs}; `
    + `synth() only ${ratio2(stat('checks', 'synth').med, stat('none', 'synth').med)}, `
    + `CPU ${ratio2(stat('checks', 'cpu').med, stat('none', 'cpu').med)}, `
    + `no-op aspect floor ${ratio2(total('noop'), total('none'))}; from phase times ${estimateWall.toFixed(2)} wall, ${estimate.toFixed(2)} CPU)`);
}

main();
