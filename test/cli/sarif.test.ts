/**
 * The SARIF output validates against the SARIF 2.1.0 JSON schema (vendored in sarif-schema/, with
 * its licence) and holds one reportingDescriptor per rule id and one result per finding.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { tempDir, synthInto, ROOT } from './helpers';
import { buildMistakesApp, mistakesChecksProps } from '../../examples/mistakes/app';
import { RuleIds } from '../../src';
import { readAssembly } from '../../src/frontends/cli/inputs';
import { checkStacks } from '../../src/frontends/cli/main';
import { renderSarif, RULE_TITLES, ruleHelpUri } from '../../src/report/render-sarif';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const DRAFT_04 = require('ajv/lib/refs/json-schema-draft-04.json');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, 'sarif-schema', 'sarif-schema-2.1.0.json'), 'utf8'));

function validator() {
  const ajv = new Ajv({ schemaId: 'id', allErrors: true, meta: false });
  ajv.addMetaSchema(DRAFT_04);
  return ajv.compile(SCHEMA);
}

let tmp: ReturnType<typeof tempDir>;
let sarif: any;
let findingCount: number;

beforeAll(() => {
  tmp = tempDir('sarif');
  const outdir = synthInto(buildMistakesApp, path.join(tmp.dir, 'cdk.out'));
  const run = checkStacks(readAssembly(outdir), mistakesChecksProps());
  try {
    findingCount = run.result.findings.length;
    sarif = renderSarif({ findings: run.result.findings, locate: f => run.locate(f, tmp.dir), toolVersion: '1.2.3' });
  } finally {
    run.rebuilt.dispose();
  }
});
afterAll(() => tmp.remove());

test('the SARIF log of the mistakes example validates against the SARIF 2.1.0 schema', () => {
  const validate = validator();
  const ok = validate(JSON.parse(JSON.stringify(sarif)));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
});

test('the schema validator rejects what the schema forbids (the test can fail)', () => {
  const validate = validator();
  const broken = JSON.parse(JSON.stringify(sarif));
  broken.runs[0].results[0].level = 'fatal';
  expect(validate(broken)).toBe(false);
  expect(validate({ ...JSON.parse(JSON.stringify(sarif)), version: '2.0.0' })).toBe(false);
});

test('one reportingDescriptor per rule id, with help text and a link', () => {
  const rules = sarif.runs[0].tool.driver.rules;
  expect(rules.map((r: { id: string }) => r.id)).toEqual(RuleIds.all());
  for (const r of rules) {
    expect(r.shortDescription.text).toBe(`${r.id}: ${RULE_TITLES[r.id]}`);
    expect(r.helpUri).toBe(ruleHelpUri(r.id));
    expect(r.help.text).toContain(r.helpUri);
    expect(r.defaultConfiguration.level).toBe(r.id === RuleIds.UNVERIFIABLE ? 'warning' : 'error');
  }
  expect(sarif.runs[0].tool.driver).toMatchObject({ name: 'cdk-cross-account-backup', version: '1.2.3' });
});

test('one result per finding, with its level, rule index and a location in the template', () => {
  const { results, tool } = sarif.runs[0];
  expect(results).toHaveLength(findingCount);
  for (const r of results) {
    expect(tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(r.level).toBe(r.ruleId === RuleIds.UNVERIFIABLE ? 'warning' : 'error');
    expect(r.message.text.startsWith(`${r.ruleId}: `)).toBe(true);
    const [loc] = r.locations;
    expect(loc.physicalLocation.artifactLocation.uri).toMatch(/^cdk\.out\/[A-Za-z0-9-]+\.template\.json$/);
    const lines = fs.readFileSync(path.join(tmp.dir, loc.physicalLocation.artifactLocation.uri), 'utf8').split('\n');
    expect(lines[loc.physicalLocation.region.startLine - 1].trim()).toBe(`"${loc.logicalLocations[0].name}": {`);
  }
});

test('each rule title is the heading of the rule\'s README section, whose anchor is the help link', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const id of RuleIds.all()) {
    expect(readme).toContain(`\n### ${id} — ${RULE_TITLES[id]}\n`);
  }
  expect(ruleHelpUri(RuleIds.XREGION_XACCOUNT)).toBe(
    'https://github.com/cdk-cross-account-backup/cdk-cross-account-backup#cab-xregion-xaccount--one-copy-action-both-cross-region-and-cross-account-rds-family');
});
