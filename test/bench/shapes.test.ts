/**
 * The benchmark's named shapes (bench/shapes.ts) are what docs/speed.md says they are: generated
 * deterministically, with exactly the stated number of CloudFormation resources, plans and stacks,
 * and selections that select what the shape is about. No timing here.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { SHAPES, SHAPE_NAMES, split } from '../../bench/shapes';
import { CrossAccountCopyChecks } from '../../src';

let outdir: string;
beforeEach(() => { outdir = mkdtempSync(join(tmpdir(), 'cab-bench-shapes-')); });
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

function cfnResources(app: App): CfnResource[] {
  return app.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
}

/** The app's tree as text: construct paths and CloudFormation types, in order. */
function fingerprint(app: App): string {
  return app.node.findAll().map(c => `${c.node.path}${CfnResource.isCfnResource(c) ? ` ${c.cfnResourceType}` : ''}`).join('\n');
}

test('split spreads a total as evenly as possible', () => {
  expect(split(10, 3)).toEqual([4, 3, 3]);
  expect(split(9, 3)).toEqual([3, 3, 3]);
});

describe.each(['arn-selections', 'many-accounts', 'shared-tag'] as const)('shape %s', (name) => {
  const shape = SHAPES[name];

  test.each([600, 3000])('exactly %i CloudFormation resources, one plan per workload stack, under 500 resources per stack', (n) => {
    const app = shape.build({ outdir, resources: n });
    const cfn = cfnResources(app);
    expect(cfn).toHaveLength(n);
    expect(cfn.filter(c => c.cfnResourceType === 'AWS::Backup::BackupPlan')).toHaveLength(shape.plans(n));
    const stacks = app.node.findAll().filter(c => Stack.isStack(c)) as Stack[];
    expect(stacks).toHaveLength(shape.plans(n) + 1); // + the central stack
    for (const s of stacks) expect(cfn.filter(c => Stack.of(c) === s).length).toBeLessThan(500);
  });

  test('deterministic: two builds are the same tree', () => {
    const a = shape.build({ outdir, resources: 600 });
    const b = shape.build({ outdir, resources: 600 });
    expect(fingerprint(a)).toBe(fingerprint(b));
  });
});

test('the issue\'s sizes: 30 plans at 3,000 (arn-selections), 100 stacks over 50 accounts at 30,000 (many-accounts), 100 plans at 30,000 (shared-tag)', () => {
  expect(SHAPES['arn-selections'].plans(3000)).toBe(30);
  expect(SHAPES['many-accounts'].plans(30000)).toBe(100);
  expect(SHAPES['many-accounts'].checksProps(30000).organizationAccounts).toHaveLength(51); // 50 + central
  expect(SHAPES['shared-tag'].plans(30000)).toBe(100);
  expect(SHAPE_NAMES).toEqual(['arn-selections', 'many-accounts', 'shared-tag', 'mixed']);
});

test('the checks see what each shape is about', () => {
  const routesOf = (name: keyof typeof SHAPES, n: number) => {
    const shape = SHAPES[name];
    const checks = new CrossAccountCopyChecks({ ...shape.checksProps(n), report: false });
    shape.build({ outdir, resources: n, aspect: checks }).synth();
    return checks._lastResult()!.model.routes;
  };
  // arn-selections: every data resource of a stack selected by its literal ARN; a quarter by tag too
  const arn = routesOf('arn-selections', 600);
  expect(arn).toHaveLength(6);
  for (const r of arn) {
    expect(r.resources.length).toBeGreaterThan(90);
    expect(r.resources.every(x => x.selectedBy.some(h => h.startsWith('arn ')))).toBe(true);
    expect(r.resources.some(x => x.selectedBy.some(h => h.startsWith('tag team=')))).toBe(true);
  }
  // many-accounts: two plans per account, each selecting only its own stack's resources
  const many = routesOf('many-accounts', 1200);
  expect(new Set(many.map(r => r.source.env.account)).size).toBe(many.length / 2);
  for (const r of many) expect(r.resources.every(x => x.id.startsWith(`${r.planPath.split('/')[0]}/`))).toBe(true);
  // shared-tag: every plan selects every tagged table of the account and Region
  const shared = routesOf('shared-tag', 1200);
  expect(shared).toHaveLength(4);
  const ids = shared.map(r => r.resources.map(x => x.id).sort().join(','));
  expect(new Set(ids).size).toBe(1);
  expect(shared[0].resources).toHaveLength(4 * 99);
});
