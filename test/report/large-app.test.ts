/**
 * The report of a generated large app (the benchmark's `shared-tag` shape: every plan selects the
 * same tagged tables, so every route copies the same resources) is complete and stays small: every
 * route's resources are reachable from the JSON, each resource is listed once, and the Markdown
 * stays under its stated bound, whatever the number of resources.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { env, model, resource, route, vault } from './fixtures';
import { SHAPES } from '../../bench/shapes';
import { CrossAccountBackupReport, CrossAccountCopyChecks } from '../../src';
import { reportOf } from '../../src/frontends/write-report';
import { JSON_PIECE_ELEMENTS } from '../../src/report/json-pieces';
import { renderJsonReport, resourcesOfRoute, stringifyJsonReport } from '../../src/report/render-json';
import { markdownSizeBound, MARKDOWN_LIMITS, renderMarkdownReport } from '../../src/report/render-markdown';
import type { ReportJson } from '../../src/report/report-schema';

function synthShape(name: keyof typeof SHAPES, resources: number) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-large-report-'));
  try {
    const shape = SHAPES[name];
    const checks = new CrossAccountCopyChecks(shape.checksProps(resources));
    const app = shape.build({ outdir, resources, aspect: checks });
    app.synth();
    const json = fs.readFileSync(path.join(outdir, CrossAccountBackupReport.JSON_FILE_NAME), 'utf-8');
    const markdown = fs.readFileSync(path.join(outdir, CrossAccountBackupReport.MARKDOWN_FILE_NAME), 'utf-8');
    const result = checks._lastResult(app)!;
    // what the file would be were it written as one string (it is written in pieces)
    const asOneString = stringifyJsonReport(reportOf(app, result));
    return { result, report: JSON.parse(json) as ReportJson, json, asOneString, markdown };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('the report of a large generated app', () => {
  const big = synthShape('shared-tag', 3000);

  test('every route of the model is in the JSON with every resource it copies, reachable through its resource set', () => {
    const { result, report } = big;
    expect(report.routes).toHaveLength(result.model.routes.length);
    expect(result.model.routes.length).toBe(10);
    let pairs = 0;
    for (const copy of result.model.routes) {
      const inReport = report.routes.find((r) => r.id === copy.id)!;
      const resources = resourcesOfRoute(report, inReport);
      expect(resources.map((r) => r.id)).toEqual(copy.resources.map((r) => r.id).sort());
      expect(resources.map((r) => r.selectedBy)).toEqual(copy.resources.map(() => ['tag backup=daily']));
      expect(inReport.resourceCount).toBe(copy.resources.length);
      pairs += copy.resources.length;
    }
    expect(pairs).toBe(9900); // 10 plans x 990 tagged tables
    expect(report.summary.routeResources).toBe(pairs);
  });

  test('the JSON file, written in pieces, is byte for byte the report serialized as one string', () => {
    expect(big.report.resources.length).toBeGreaterThan(JSON_PIECE_ELEMENTS); // more than one piece of resources
    expect(big.json).toBe(big.asOneString);
  });

  test('each resource is listed once and the routes that copy the same resources share one set', () => {
    const { report } = big;
    expect(report.resources).toHaveLength(990);
    expect(new Set(report.resources.map((r) => r.id)).size).toBe(990);
    expect(report.resourceSets).toHaveLength(1);
    expect(report.resourceSets[0]).toMatchObject({ id: report.routes[0].id, resourceCount: 990 });
    // every key a resource or vault names is in keys
    const keys = new Set(report.keys.map((k) => k.id));
    for (const r of report.resources) if (r.key) expect(keys).toContain(r.key);
    for (const v of report.vaults) if (v.key) expect(keys).toContain(v.key);
  });

  test('the JSON grows with resources + routes, not with their product', () => {
    // 9,900 route-resource pairs in 990 resources: well under what one line per pair would take
    expect(big.json.length).toBeLessThan(990 * 400 + 10 * 6_000 + 100_000);
  });

  test(`the Markdown stays under its bound: the first ${MARKDOWN_LIMITS.resourceRows} resources of a route, counts, and where the rest are`, () => {
    const { report, markdown } = big;
    expect(markdown.length).toBeLessThanOrEqual(markdownSizeBound(report));
    expect(markdown.length).toBeLessThan(100_000);
    expect(markdown).toContain('- **Resources:** 990 (DynamoDB 990); selected by `tag backup=daily` 990');
    expect(markdown).toContain(`The first ${MARKDOWN_LIMITS.resourceRows} of 990 by id; all of them (10 routes copy this set): `
      + `the entry of \`resourceSets\` with id \`${report.resourceSets[0].id}\` in \`cross-account-backup-report.json\`.`);
    expect(markdown.match(/^\| `App\d+\/Table\d+` \|/gm)).toHaveLength(MARKDOWN_LIMITS.resourceRows);
  });

  test('a hundred times the resources on a route: the Markdown grows by the digits of the counts only', () => {
    const markdownWith = (n: number): string => {
      const e = env('111111111111', 'eu-west-1');
      const resources = Array.from({ length: n }, (_, i) => resource(`App/Table${String(i).padStart(5, '0')}`, 'DynamoDB', e, { selectedBy: ['tag backup=daily'] }));
      const r = route({ planPath: 'App/Plan', ruleName: 'Daily', source: vault('App/Vault', e), destination: vault('Central/Vault', env('999999999999', 'eu-west-1')), resources });
      return renderMarkdownReport(renderJsonReport({ model: model([r]), findings: [], acknowledged: [], options: {} }));
    };
    const hundred = markdownWith(100);
    const tenThousand = markdownWith(10_000);
    expect(tenThousand.length - hundred.length).toBeGreaterThan(0);
    expect(tenThousand.length - hundred.length).toBeLessThan(30);
  });
});
