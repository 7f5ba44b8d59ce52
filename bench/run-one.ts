/**
 * One measured run of the benchmark, in a process of its own (bench.ts starts it): build one shape
 * at one size, add one variant, synthesize into a temporary directory, print one JSON line.
 *
 * Every module any variant needs (the library, cdk-nag) is loaded before the measured window in
 * every variant, so the variants differ only in what they do during synth and the baseline memory
 * of the process is the same for all of them.
 *
 * Usage: node bench/run-one.js <shape> <resources> <variant>
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { loadavg, tmpdir } from 'os';
import { join } from 'path';
import { App, CfnResource, IAspect } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { SHAPES, ShapeName } from './shapes';
import { Variant, VARIANTS } from './variants';
import { CrossAccountCopyChecks, CrossAccountBackupReport } from '../src';
import { PROPS_NEEDED } from '../src/checks/model/resource-kinds';
import { _withRules } from '../src/frontends/aspect';

export type { Variant };

export interface RunResult {
  readonly shape: string;
  readonly resources: number;
  readonly variant: Variant;
  /** CPU time (user + system) of `app.synth()`, ms. */
  readonly synthCpuMs: number;
  /** Wall time of `app.synth()`, ms. */
  readonly synthWallMs: number;
  /**
   * CPU time (user + system, every thread) of the variant's own work inside `app.synth()`, ms: the
   * checks' validation with the report (or the model build, or the read), cdk-nag's pack. Measured in
   * the same run as `synthCpuMs`, so `synthCpuMs / (synthCpuMs - windowCpuMs)` is the variant's ratio
   * to a synth without it, free of the run-to-run noise of the machine (see {@link inRunRatio}).
   * It leaves out what the variant costs synth after its window (a larger heap to collect). Zero for `synth`.
   */
  readonly windowCpuMs: number;
  /**
   * `windowCpuMs` split by thread (Linux only, from `/proc/self/task`; undefined elsewhere): the
   * process's main thread, where the variant's own code runs, and every other thread, where V8
   * compiles hot functions (TurboFan) and collects garbage in parallel. 10 ms steps per thread.
   */
  readonly windowMainCpuMs?: number;
  readonly windowHelperCpuMs?: number;
  /** CPU time of building the app and synthesizing it, ms. */
  readonly totalCpuMs: number;
  /** Peak resident set size of the process, MB. */
  readonly peakRssMb: number;
  /** Resident set size after loading every module, before building the app, MB. */
  readonly baselineRssMb: number;
  /** Size of the JSON report and the Markdown report, bytes (checks with report only). */
  readonly jsonBytes?: number;
  readonly markdownBytes?: number;
  /** Findings of the checks by rule id (checks variants), or the number of cdk-nag violations. */
  readonly findings?: Record<string, number>;
  readonly nagViolations?: number;
  /** Copy routes and route-resource pairs the checks saw. */
  readonly routes?: number;
  readonly routeResources?: number;
  /** L1s whose properties the `read` floor read. */
  readonly propertiesRead?: number;
  /** 1-minute load average when the run started. */
  readonly load: number;
}

/** The `read` floor: reads the unresolved L1 properties of each backupable resource and backup selection; how many. */
function readProperties(app: IConstruct): number {
  let read = 0;
  for (const c of app.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    if (c.cfnResourceType !== 'AWS::Backup::BackupSelection' && PROPS_NEEDED[c.cfnResourceType] === undefined) continue;
    if ((c as unknown as { cfnProperties: unknown }).cfnProperties !== undefined) read++;
  }
  return read;
}

/** CPU time of each thread of the process, ms, by thread id (see {@link threadCpu}). */
export type ThreadCpu = Map<string, number>;

/**
 * The CPU time (user + system) of one thread from its `/proc/<pid>/task/<tid>/stat` line, ms: fields
 * 14 and 15, in clock ticks of 10 ms (Linux's `USER_HZ` is 100 on every architecture Node.js runs
 * on). The thread's name (field 2) is in parentheses and may hold spaces and parentheses itself:
 * the fields are counted from the last `)`. Undefined for a line that is not such a line.
 */
export function taskStatCpuMs(stat: string): number | undefined {
  const end = stat.lastIndexOf(')');
  if (end < 0) return undefined;
  const fields = stat.slice(end + 2).trim().split(' '); // field 3 (state) onwards
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) && fields.length > 12 ? (utime + stime) * 10 : undefined;
}

/** {@link ThreadCpu} now; undefined off Linux (no `/proc/self/task`). A thread that ended while it was read is left out. */
export function threadCpu(): ThreadCpu | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const out: ThreadCpu = new Map();
  for (const tid of tids) {
    try {
      const ms = taskStatCpuMs(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'));
      if (ms !== undefined) out.set(tid, ms);
    } catch {
      // the thread ended
    }
  }
  return out;
}

/**
 * Accumulates CPU time between `start()` and `stop()` calls, ms: in all (`ms`), and on Linux split
 * into the main thread's (`mainMs`) and the other threads' (`helperMs`).
 */
export class CpuWindow {
  public ms = 0;
  public mainMs?: number;
  public helperMs?: number;
  private from?: NodeJS.CpuUsage;
  private threadsFrom?: ThreadCpu;

  public start(): void {
    this.threadsFrom = threadCpu();
    this.from = process.cpuUsage();
  }

  public stop(): void {
    if (!this.from) return;
    const d = process.cpuUsage(this.from);
    const threads = threadCpu();
    this.ms += (d.user + d.system) / 1e3;
    if (threads && this.threadsFrom) {
      const main = String(process.pid); // the main thread's id is the process's
      for (const [tid, ms] of threads) {
        const spent = ms - (this.threadsFrom.get(tid) ?? 0);
        if (tid === main) this.mainMs = (this.mainMs ?? 0) + spent;
        else this.helperMs = (this.helperMs ?? 0) + spent;
      }
    }
    this.from = undefined;
    this.threadsFrom = undefined;
  }

  /** `f()`, its CPU time counted. */
  public time<T>(f: () => T): T {
    this.start();
    try {
      return f();
    } finally {
      this.stop();
    }
  }
}

/**
 * `inner`, with the CPU time of its work during synth counted in `window`: on the App, a validation
 * added before `inner` visits it starts the window and one added after stops it (the App runs its
 * validations in the order they were added, and the checks add theirs when they visit the App).
 */
export function timedAspect(inner: IAspect, window: CpuWindow): IAspect {
  return {
    visit(node) {
      const app = App.isApp(node);
      if (app) node.node.addValidation({ validate: () => { window.start(); return []; } });
      inner.visit(node);
      if (app) node.node.addValidation({ validate: () => { window.stop(); return []; } });
    },
  };
}

function fileSize(file: string): number | undefined {
  return statSync(file, { throwIfNoEntry: false })?.size;
}

export function runOne(shapeName: ShapeName, resources: number, variant: Variant): RunResult {
  const shape = SHAPES[shapeName];
  if (!shape) throw new Error(`unknown shape '${shapeName}'`);
  const outdir = mkdtempSync(join(tmpdir(), 'cab-bench-'));
  const load = loadavg()[0];
  try {
    const checks = variant === 'checks' || variant === 'checks-no-report' || variant === 'model'
      ? new CrossAccountCopyChecks({ ...shape.checksProps(resources), report: variant === 'checks' })
      : undefined;
    if (checks && variant === 'model') _withRules(checks, []);
    const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
    const c0 = process.cpuUsage();
    const window = new CpuWindow();
    const app = shape.build({ outdir, resources, aspect: checks ? timedAspect(checks, window) : undefined });
    // cdk-nag 3 is a policy validation plugin that needs `appConstruct` on the validation context,
    // which aws-cdk-lib 2.257 (the floor of this library) does not provide: the pack runs on the
    // synthesized tree with `validateScope(app)` right after `app.synth()`, inside the measured window.
    const nag = variant === 'cdk-nag' ? new AwsSolutionsChecks(app) : undefined;
    let propertiesRead: number | undefined;
    if (variant === 'read') {
      app.node.addValidation({ validate: () => { propertiesRead = window.time(() => readProperties(app)); return []; } });
    }
    const c1 = process.cpuUsage();
    const t1 = process.hrtime.bigint();
    app.synth();
    const nagViolations = nag ? window.time(() => (nag.validateScope(app) as { violations?: unknown[] }).violations?.length) : undefined;
    const t2 = process.hrtime.bigint();
    const c2 = process.cpuUsage();
    const peakRssMb = process.resourceUsage().maxRSS / 1024; // before anything below allocates
    const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number => (b.user - a.user + b.system - a.system) / 1e3;
    let findings: Record<string, number> | undefined;
    let routes: number | undefined;
    let routeResources: number | undefined;
    if (checks) {
      const result = checks._lastResult(app);
      if (!result) throw new Error('the checks did not run');
      findings = {};
      for (const f of result.findings) findings[f.ruleId] = (findings[f.ruleId] ?? 0) + 1;
      routes = result.model.routes.length;
      routeResources = result.model.routes.reduce((n, r) => n + r.resources.length, 0);
    }
    return {
      shape: shapeName,
      resources,
      variant,
      synthCpuMs: cpu(c1, c2),
      synthWallMs: Number(t2 - t1) / 1e6,
      windowCpuMs: window.ms,
      windowMainCpuMs: window.mainMs,
      windowHelperCpuMs: window.helperMs,
      totalCpuMs: cpu(c0, c2),
      peakRssMb,
      baselineRssMb,
      jsonBytes: variant === 'checks' ? fileSize(join(outdir, CrossAccountBackupReport.JSON_FILE_NAME)) : undefined,
      markdownBytes: variant === 'checks' ? fileSize(join(outdir, CrossAccountBackupReport.MARKDOWN_FILE_NAME)) : undefined,
      findings,
      nagViolations,
      routes,
      routeResources,
      propertiesRead,
      load,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [shape, resources, variant] = process.argv.slice(2);
  if (!VARIANTS.includes(variant as Variant)) throw new Error(`variant must be one of ${VARIANTS.join(', ')}, got '${variant}'`);
  const result = runOne(shape as ShapeName, Number(resources), variant as Variant);
  process.stdout.write(JSON.stringify(result) + '\n');
}
