/**
 * The benchmark's floors (`bench/run-one.ts`): `read` reads the L1 properties of each backupable
 * resource and backup selection and nothing else; `model` builds the checks' model and runs no rule.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { CpuWindow, runOne, taskStatCpuMs, threadCpu, timedAspect } from '../../bench/run-one';
import { SHAPES } from '../../bench/shapes';

/** The L1s of the shape that the `read` floor must read: its backupable resources and its selections. */
function readable(resources: number): number {
  const outdir = mkdtempSync(join(tmpdir(), 'cab-bench-test-'));
  try {
    const app = SHAPES['many-accounts'].build({ outdir, resources });
    const types = new Set(['AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::EC2::Volume', 'AWS::Backup::BackupSelection']);
    return app.node.findAll().filter(c => CfnResource.isCfnResource(c) && types.has(c.cfnResourceType)).length;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

jest.setTimeout(60_000);

describe('benchmark floors', () => {
  test('read: one read per backupable resource and backup selection, no checks', () => {
    const r = runOne('many-accounts', 600, 'read');
    expect(r.propertiesRead).toBe(readable(600));
    expect(r.propertiesRead).toBeGreaterThan(500);
    // a second run in the same process counts its own reads only
    expect(runOne('many-accounts', 600, 'read').propertiesRead).toBe(r.propertiesRead);
    expect(r.findings).toBeUndefined();
    expect(r.jsonBytes).toBeUndefined();
  });

  test('model: the model is built (routes and their resources), no rule runs, no report', () => {
    const model = runOne('many-accounts', 600, 'model');
    const checks = runOne('many-accounts', 600, 'checks-no-report');
    expect(model.routes).toBe(checks.routes);
    expect(model.routeResources).toBe(checks.routeResources);
    expect(model.routeResources).toBeGreaterThan(0);
    expect(model.findings).toEqual({});
    expect(Object.keys(checks.findings ?? {}).length).toBeGreaterThan(0);
    expect(model.jsonBytes).toBeUndefined();
  });
});

describe('in-run window (windowCpuMs)', () => {
  test('times the checks\' validation with the report: the checks ran inside it, and it is part of synth', () => {
    const r = runOne('many-accounts', 600, 'checks');
    expect(r.routes).toBeGreaterThan(0); // the wrapped checks ran
    expect(r.jsonBytes).toBeGreaterThan(0);
    expect(r.windowCpuMs).toBeGreaterThan(0);
    expect(r.windowCpuMs).toBeLessThan(r.synthCpuMs);
  });

  test('is zero for plain synth, and times cdk-nag\'s pack and the read floor', () => {
    expect(runOne('many-accounts', 600, 'synth').windowCpuMs).toBe(0);
    for (const variant of ['cdk-nag', 'read'] as const) {
      const r = runOne('many-accounts', 600, variant);
      expect(r.windowCpuMs).toBeGreaterThan(0);
      expect(r.windowCpuMs).toBeLessThan(r.synthCpuMs);
    }
  });

  test('timedAspect counts what the inner aspect\'s validation on the App does, and only that', () => {
    /** Work that costs CPU, and the CPU it cost, ms. */
    const work = (rounds: number): number => {
      const c0 = process.cpuUsage();
      let x = 0;
      for (let i = 0; i < rounds * 1e6; i++) x = (x * 31 + i) % 1000003;
      const c = process.cpuUsage(c0);
      return x >= 0 ? (c.user + c.system) / 1e3 : 0;
    };
    const app = new App();
    const window = new CpuWindow();
    let inner = 0;
    let other = 0;
    const busy: IAspect = {
      visit(node) {
        if (App.isApp(node)) node.node.addValidation({ validate: () => { inner = work(5); return []; } });
      },
    };
    new Stack(app, 'S');
    Aspects.of(app).add(timedAspect(busy, window));
    // a validation outside the timed aspect (it runs first: it was added before the aspects ran)
    app.node.addValidation({ validate: () => { other = work(25); return []; } });
    app.synth();
    expect(inner).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(2 * inner);
    expect(window.ms).toBeGreaterThanOrEqual(inner * 0.9);
    expect(window.ms).toBeLessThan(inner + other / 2);
  });
});

describe('window CPU by thread (Linux /proc/self/task)', () => {
  const linux = process.platform === 'linux';

  test('taskStatCpuMs reads utime + stime (fields 14 and 15) in 10 ms ticks, past a name with spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const line = '4242 (V8 Worker (2)) S 1 4242 4242 0 -1 4194368 100 0 0 0 123 45 0 0 20 0 11 0 9 1 2';
    expect(taskStatCpuMs(line)).toBe((123 + 45) * 10);
    expect(taskStatCpuMs('4242 (node) R 1')).toBeUndefined();
    expect(taskStatCpuMs('')).toBeUndefined();
  });

  test('threadCpu has the main thread, whose id is the process id, on Linux; nothing elsewhere', () => {
    const threads = threadCpu();
    if (!linux) {
      expect(threads).toBeUndefined();
      return;
    }
    expect(threads!.has(String(process.pid))).toBe(true);
    expect(threads!.size).toBeGreaterThan(1); // V8 and libuv start helper threads
  });

  test('busy work on the main thread lands in mainMs, and the split adds up to the window', () => {
    const window = new CpuWindow();
    window.time(() => {
      const end = process.cpuUsage().user + 300_000; // 300 ms of CPU
      let x = 0;
      while (process.cpuUsage().user < end) x = (x * 31 + 7) % 1000003;
      return x;
    });
    expect(window.ms).toBeGreaterThanOrEqual(300);
    if (!linux) {
      expect(window.mainMs).toBeUndefined();
      return;
    }
    expect(window.mainMs).toBeGreaterThanOrEqual(200);
    expect(window.helperMs).toBeGreaterThanOrEqual(0);
    // ticks of 10 ms per thread, and process.cpuUsage counts every thread
    expect(Math.abs(window.mainMs! + window.helperMs! - window.ms)).toBeLessThan(100);
  });

  test('runOne records the split of the checks\' window (on Linux); plain synth has none', () => {
    const r = runOne('many-accounts', 600, 'checks');
    if (linux) {
      expect(r.windowMainCpuMs).toBeGreaterThan(0);
      expect(r.windowHelperCpuMs).toBeGreaterThanOrEqual(0);
    } else {
      expect(r.windowMainCpuMs).toBeUndefined();
    }
    expect(runOne('many-accounts', 600, 'synth').windowMainCpuMs).toBeUndefined();
  });
});
