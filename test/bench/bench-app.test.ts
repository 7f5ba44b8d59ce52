/**
 * The benchmark's generated app keeps the shape the benchmark promises (issue: at least 3,000
 * resources over at least 30 stacks), and the checks do real work on it: copy routes with
 * resources selected by construct and by tag, and findings of several rules. No timing here.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { benchChecks, buildApp } from '../../bench/bench-app';
import { RuleIds } from '../../src';

let outdir: string;
beforeEach(() => { outdir = mkdtempSync(join(tmpdir(), 'cab-bench-test-')); });
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

test('the default app has at least 30 stacks and 3,000 resources (before CDK adds its metadata resources)', () => {
  const app = buildApp({ outdir });
  const all = app.node.findAll();
  expect(all.filter(c => Stack.isStack(c)).length).toBeGreaterThanOrEqual(30);
  expect(all.filter(c => CfnResource.isCfnResource(c)).length).toBeGreaterThanOrEqual(3000);
});

test('on a reduced app the checks find one route per workload stack, resources by construct and by tag, and findings', () => {
  const checks = benchChecks();
  const app = buildApp({ outdir, stacks: 4, perStack: 4, aspect: checks });
  app.synth();
  const result = checks._lastResult(app)!;
  expect(result).toBeDefined();
  const routes = result.model.routes;
  expect(routes).toHaveLength(4);
  for (const r of routes) {
    expect(r.crossAccount).toBe(true);
    expect(r.destination.name).toBe('central');
    const how = new Set(r.resources.flatMap(x => x.selectedBy));
    expect(how).toContain('construct');
    expect(how).toContain('tag backup=daily');
    expect(r.resources.filter(x => x.type === 'RDS')).toHaveLength(2); // every other of 4 instances
    expect(r.resources.filter(x => x.type === 'DynamoDB')).toHaveLength(1); // every fourth of 4 tables
  }
  const ids = new Set(result.findings.map(f => f.ruleId));
  for (const id of [RuleIds.AWS_MANAGED_KEY, RuleIds.KEY_POLICY, RuleIds.VAULT_POLICY, RuleIds.UNVERIFIABLE]) expect(ids).toContain(id);
  expect(result.findings.some(f => f.severity === 'error')).toBe(true);
});
