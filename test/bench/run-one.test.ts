/**
 * The benchmark's floors (`bench/run-one.ts`): `read` reads the L1 properties of each backupable
 * resource and backup selection and nothing else; `model` builds the checks' model and runs no rule.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { runOne } from '../../bench/run-one';
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
