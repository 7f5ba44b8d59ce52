import * as fs from 'fs';
import * as path from 'path';
import { env, finding, largeOrganization, route, smallOrganization, vault } from './fixtures';
import { validate } from './json-schema-subset';
import { CrossAccountBackupReport } from '../../src';
import type { FindingDetails } from '../../src/checks/finding';
import { UNKNOWN_FACTS } from '../../src/checks/model/types';
import { renderJsonReport, stringifyJsonReport } from '../../src/report/render-json';
import { REPORT_SCHEMA_VERSION } from '../../src/report/report-schema';

const root = path.join(__dirname, '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'docs', 'cross-account-backup-report.schema.json'), 'utf-8'));
const doc = fs.readFileSync(path.join(root, 'docs', 'report-schema.md'), 'utf-8');

/** A report that has every optional field at least once. */
function fullReport() {
  const f = smallOrganization();
  const external = vault('arn:aws:backup:us-east-1:999999999999:backup-vault:dr', env('999999999999', 'us-east-1'), {
    inApp: false,
    arn: 'arn:aws:backup:us-east-1:999999999999:backup-vault:dr',
    name: 'dr',
  });
  const toExternal = route({
    planPath: 'WorkloadC/Plan',
    ruleName: 'dr',
    source: f.model.routes[1].source.vault,
    destination: external,
    policy: { policyPath: 'WorkloadC/Plan', policyName: 'org-backups', targetId: 'ou-ab12-workload', organizationalUnit: 'ou-ab12-workload', account: '999999999999', region: 'us-east-1' },
  });
  // exports: a vault with a known ARN, a readable access policy, a lock and a customer managed key of the app
  const central = env('111111111111', 'eu-west-1');
  const exported = vault('Central/Exported', central, {
    name: 'exported',
    arn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:exported',
    accessPolicy: { Statement: [] },
    key: { kind: 'customer-managed', reference: 'Central/Key (AWS::KMS::Key)', constructPath: 'Central/Key', env: central, policy: { Statement: [] } },
    lock: { minRetentionDays: 7, maxRetentionDays: 35 },
    airGapped: true,
  });
  // a finding whose details have every key (each key is documented and typed in the schema)
  const detailed = {
    ...finding('CAB-KEY-POLICY', 'error' as const, 'Central/Key', toExternal.id),
    messageId: 'key-policy-denies-destination',
    details: EVERY_DETAIL,
  };
  const json = renderJsonReport({
    ...f,
    findings: [...f.findings, detailed],
    model: { ...f.model, routes: [...f.model.routes, toExternal], inAppVaults: [exported] },
    options: { ...f.options, dynamoDbAdvancedFeatures: true, allowSingleActionCrossRegionCrossAccount: false, tagPolicy: { evaluateTags: () => [] } },
    generatedAt: new Date(0),
  });
  return JSON.parse(stringifyJsonReport(json));
}

/** Every key of `FindingDetails`, with a value of its type. */
const EVERY_DETAIL: FindingDetails = {
  cause: 'denied',
  resources: ['Workload/Db'],
  resourceCount: 3,
  types: ['RDS'],
  vaults: ['Central/Vault'],
  plans: ['Workload/Plan'],
  planCount: 2,
  key: 'Central/Key',
  keyKind: 'customer-managed',
  keyAlias: 'alias/app',
  accounts: ['222222222222'],
  principals: ['arn:aws:iam::222222222222:root'],
  regions: ['eu-west-1'],
  partitions: ['aws'],
  missingActions: ['kms:Decrypt'],
  deniedActions: ['kms:CreateGrant'],
  statements: [{ Effect: 'Deny', Action: 'kms:CreateGrant' }],
  organization: 'o-abc123',
  foreignOrganizations: ['o-zzz999'],
  managementAccount: '111111111111',
  facts: 'facts.json',
  retentionDays: 35,
  minRetentionDays: 90,
  maxRetentionDays: 3650,
  schedule: 'cron(0 5 ? * * *)',
  tagKey: 'CostCenter',
  tagValue: 'marketing',
  policyKey: 'CostCenter',
  allowedValues: ['100', '200'],
  subject: 'the key policy of imported key',
  reasons: ['the key is not defined in this app'],
  skippedChecks: ['KMS key policies'],
  unknownFacts: ['key-policy'],
  externalArns: ['arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
};

/** The keys `FindingDetails` declares in src/checks/finding.ts, read from the source. */
function findingDetailsKeys(): string[] {
  const source = fs.readFileSync(path.join(root, 'src', 'checks', 'finding.ts'), 'utf-8');
  const start = source.indexOf('export interface FindingDetails {');
  const body = source.slice(start, source.indexOf('\n}\n', start));
  return [...body.matchAll(/^\s*readonly (\w+)\?:/gm)].map((m) => m[1]).sort();
}

describe('report JSON Schema (docs/cross-account-backup-report.schema.json)', () => {
  test('findings[].details: the schema names exactly the keys of FindingDetails', () => {
    const keys = findingDetailsKeys();
    expect(keys.length).toBeGreaterThan(20);
    expect(Object.keys(schema.$defs.findingDetails.properties).sort()).toEqual(keys);
    expect(Object.keys(EVERY_DETAIL).sort()).toEqual(keys);
  });


  test('is a draft 2020-12 schema of the version the library writes', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.schemaVersion.const).toBe(REPORT_SCHEMA_VERSION);
    expect(CrossAccountBackupReport.SCHEMA_VERSION).toBe(REPORT_SCHEMA_VERSION);
    expect(REPORT_SCHEMA_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(CrossAccountBackupReport.JSON_FILE_NAME).toBe('cross-account-backup-report.json');
    expect(CrossAccountBackupReport.MARKDOWN_FILE_NAME).toBe('cross-account-backup-report.md');
  });

  test('rendered reports validate, with every object closed (the schema names every field written)', () => {
    for (const report of [fullReport(), renderJsonReport(largeOrganization(5, 2))]) {
      expect(validate(schema, report, { closed: true })).toEqual([]);
    }
  });

  test('the full fixture exercises every optional field of the schema', () => {
    // walk the schema and the report together: each property the schema names appears somewhere
    const seen = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { seen.add(k); walk(x); }
    };
    walk(fullReport());
    const missing = schemaPropertyNames().filter((name) => !seen.has(name));
    expect(missing).toEqual([]);
  });

  test('the validator rejects what the schema forbids (so the test above can fail)', () => {
    const report = fullReport();
    expect(validate(schema, { ...report, schemaVersion: '1.0.0' })).toEqual([`$.schemaVersion: expected "${REPORT_SCHEMA_VERSION}", got "1.0.0"`]);
    const { resourceSets, ...noSets } = report;
    expect(validate(schema, noSets)).toEqual(['$: missing required "resourceSets"']);
    expect(validate(schema, { ...report, resources: [{ ...report.resources[0], key: { id: 'x' } }] })).toEqual([
      '$.resources[0].key: expected string, got {"id":"x"}',
    ]);
    const { summary, ...noSummary } = report;
    expect(validate(schema, noSummary)).toEqual(['$: missing required "summary"']);
    const badRoute = { ...report.routes[0], findings: { ...report.routes[0].findings, status: 'fine' } };
    expect(validate(schema, { ...report, routes: [badRoute] })).toEqual([
      '$.routes[0].findings.status: "fine" is not one of ["error","warning","ok"]',
    ]);
    expect(validate(schema, { ...report, summary: { ...summary, errors: -1 } })).toEqual(['$.summary.errors: -1 < 0']);
    expect(validate(schema, { ...report, summary: { ...summary, errors: '3' } })).toEqual(['$.summary.errors: expected integer, got "3"']);
    // open by default (a 1.0 reader accepts what 1.x adds), closed in the strict mode the test uses
    expect(validate(schema, { ...report, addedInMinor: true })).toEqual([]);
    expect(validate(schema, { ...report, addedInMinor: true }, { closed: true })).toEqual(['$: unexpected property "addedInMinor"']);
    expect(() => validate({ oneOf: [] }, {})).toThrow(/unsupported JSON Schema keyword "oneOf"/);
  });
});

describe('docs/report-schema.md', () => {
  test('documents every field of the schema and the version', () => {
    const undocumented = schemaPropertyNames().filter((name) => !doc.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
    expect(doc).toContain(`\`${REPORT_SCHEMA_VERSION}\``);
  });

  test('lists exactly the unknown facts the model names, each with its meaning (UNKNOWN_FACTS)', () => {
    const start = doc.indexOf('### Unknown facts');
    const table = doc.slice(start, doc.indexOf('\n## ', start));
    const rows = [...table.matchAll(/^\| `([a-z-]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(UNKNOWN_FACTS));
    // the JSON Schema's description names the same values
    const described = schema.$defs.unverifiable.properties.unknownFacts.items.description as string;
    for (const fact of Object.keys(UNKNOWN_FACTS)) expect(described).toContain(fact);
  });
});

function schemaPropertyNames(): string[] {
  const names = new Set<string>();
  const walk = (s: unknown) => {
    if (Array.isArray(s)) {s.forEach(walk);} else if (s && typeof s === 'object') {
      const o = s as Record<string, unknown>;
      if (o.properties && typeof o.properties === 'object') Object.keys(o.properties).forEach((k) => names.add(k));
      Object.values(o).forEach(walk);
    }
  };
  walk(schema);
  return [...names].sort();
}
