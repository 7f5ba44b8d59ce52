/**
 * Benchmark: synth time of a generated app with and without CrossAccountCopyChecks.
 *
 * The app: 32 stacks over 4 accounts and 2 Regions, each with RDS instances, Aurora clusters,
 * EBS volumes, DynamoDB tables, EFS file systems, KMS keys, a CMK vault and a backup plan whose
 * rule copies to a central vault in another account, selecting by construct and by tag.
 * Each run builds a fresh app and synthesizes it into a temporary directory; runs alternate
 * the order (with, without) and the median of each is reported.
 *
 * Wall-clock time is noisy on a shared machine; the CPU time of the process is printed too.
 *
 * Usage: npx projen bench [runs]
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { buildApp } from './bench-app';

function countResources(app: App): number {
  return app.node.findAll().filter(c => CfnResource.isCfnResource(c)).length;
}

interface Sample { total: number; synth: number; cpu: number }

function once(withChecks: boolean): Sample & { resources: number; stacks: number } {
  const outdir = mkdtempSync(join(tmpdir(), 'cab-bench-'));
  try {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const app = buildApp(outdir, withChecks);
    const t1 = process.hrtime.bigint();
    app.synth();
    const t2 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);
    const stacks = app.node.children.filter(c => Stack.isStack(c)).length;
    return { total: Number(t2 - t0) / 1e6, synth: Number(t2 - t1) / 1e6, cpu: (c.user + c.system) / 1e3, resources: countResources(app), stacks };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main(): void {
  const runs = Number(process.argv[2] ?? 7);
  const warm = once(true);
  once(false);
  console.log(`app: ${warm.stacks} stacks, ${warm.resources} CloudFormation resources; ${runs} runs each, alternating order`);
  const withS: Sample[] = [];
  const withoutS: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) { withS.push(once(true)); withoutS.push(once(false)); } else { withoutS.push(once(false)); withS.push(once(true)); }
  }
  const w = { total: median(withS.map(x => x.total)), synth: median(withS.map(x => x.synth)), cpu: median(withS.map(x => x.cpu)) };
  const wo = { total: median(withoutS.map(x => x.total)), synth: median(withoutS.map(x => x.synth)), cpu: median(withoutS.map(x => x.cpu)) };
  console.log(`median build+synth: with ${w.total.toFixed(0)} ms, without ${wo.total.toFixed(0)} ms`);
  console.log(`median app.synth() only: with ${w.synth.toFixed(0)} ms, without ${wo.synth.toFixed(0)} ms (ratio ${(w.synth / wo.synth).toFixed(2)})`);
  console.log(`median CPU time of build+synth: with ${w.cpu.toFixed(0)} ms, without ${wo.cpu.toFixed(0)} ms (ratio ${(w.cpu / wo.cpu).toFixed(2)})`);
  console.log(`ratio (with/without): ${(w.total / wo.total).toFixed(2)}`);
}

main();
