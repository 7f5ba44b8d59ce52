import * as fs from 'fs';
import * as path from 'path';
import { ACCOUNTS, finding, largeOrganization, model, resource, route, smallOrganization, vault, env } from './fixtures';
import type { UnknownFact } from '../../src/checks/model/types';
import { RuleIds } from '../../src/checks/rule-ids';
import { renderJsonReport, resourcesOfRoute, stringifyJsonReport } from '../../src/report/render-json';
import { renderMarkdownReport } from '../../src/report/render-markdown';
import { GENERATOR_NAME, GENERATOR_VERSION, REPORT_SCHEMA_VERSION, ReportJson } from '../../src/report/report-schema';

function render(fixture = smallOrganization(), generatedAt?: Date): ReportJson {
  return renderJsonReport({ ...fixture, generatedAt });
}

function shuffled<T>(items: T[]): T[] {
  return [...items].reverse();
}

describe('renderJsonReport', () => {
  test('header: schema version, generator from package.json, no timestamp by default', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));
    const report = render();
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.generator).toEqual({ name: pkg.name, version: pkg.version });
    expect(GENERATOR_NAME).toBe(pkg.name);
    expect(GENERATOR_VERSION).toBe(pkg.version);
    expect(report).not.toHaveProperty('generatedAt');
  });

  test('findings carry their message id, details and short forms (2.1.0)', () => {
    const f = smallOrganization();
    const detailed = { ...finding(RuleIds.KEY_POLICY, 'error', 'WorkloadA/Key'), messageId: 'key-policy-denies-destination', details: { accounts: ['222222222222'], missingActions: ['kms:Decrypt'] } };
    const report = renderJsonReport({ ...f, findings: [detailed] });
    expect(report.findings).toEqual([expect.objectContaining({
      ruleId: RuleIds.KEY_POLICY,
      messageId: 'key-policy-denies-destination',
      details: { accounts: ['222222222222'], missingActions: ['kms:Decrypt'] },
      summary: detailed.summary,
      shortFix: detailed.shortFix,
      message: detailed.message,
    })]);
  });

  test('generatedAt only when asked for', () => {
    const report = render(smallOrganization(), new Date(Date.UTC(2025, 0, 2, 3, 4, 5)));
    expect(report.generatedAt).toBe('2025-01-02T03:04:05.000Z');
  });

  test('summary counts', () => {
    const s = render().summary;
    expect(s).toEqual({
      passed: false,
      routes: 4,
      crossAccountRoutes: 4,
      crossRegionRoutes: 1,
      routesWithErrors: 2,
      routesWithWarnings: 1,
      resources: 4,
      routeResources: 6,
      resourceSets: 3,
      vaults: 4,
      keys: 8,
      errors: 3,
      warnings: 1,
      acknowledged: 1,
      unverifiable: 1,
      byRule: expect.any(Object),
    });
  });

  test('summary per rule id: every rule of the library in rule order, zeros included', () => {
    const { byRule } = render().summary;
    expect(Object.keys(byRule)).toEqual(RuleIds.all());
    expect(byRule[RuleIds.KEY_POLICY]).toEqual({ errors: 1, warnings: 0, acknowledged: 0 });
    expect(byRule[RuleIds.XREGION_XACCOUNT]).toEqual({ errors: 1, warnings: 0, acknowledged: 0 });
    expect(byRule[RuleIds.UNVERIFIABLE]).toEqual({ errors: 0, warnings: 1, acknowledged: 1 });
    expect(byRule[RuleIds.ORG]).toEqual({ errors: 0, warnings: 0, acknowledged: 0 });
  });

  test('a clean app passes', () => {
    const f = smallOrganization();
    const report = renderJsonReport({ ...f, findings: [], acknowledged: [] });
    expect(report.summary.passed).toBe(true);
    expect(report.summary.routesWithErrors).toBe(0);
    expect(report.routes.every((r) => r.findings.status === 'ok')).toBe(true);
  });

  test('routes sorted by id, whatever the model order', () => {
    const report = render();
    expect(report.routes.map((r) => r.id)).toEqual([
      'WorkloadA/Plan/daily -> Central/Vault',
      'WorkloadA/Plan/weekly -> Central/Vault',
      'WorkloadB/Plan/daily -> Central/Vault',
      'WorkloadC/Plan/daily -> Central/Vault',
    ]);
  });

  test('a route: ends, flags, lifecycle, resources sorted by id with their keys', () => {
    const report = render();
    const daily = report.routes[0];
    expect(daily).toMatchObject({
      planPath: 'WorkloadA/Plan',
      planName: 'workload-a-plan',
      ruleName: 'daily',
      source: { account: ACCOUNTS.workloadA, region: 'eu-west-1', partition: 'aws', vault: { id: 'WorkloadA/Vault', name: 'workload-a', inApp: true } },
      destination: { account: ACCOUNTS.central, region: 'eu-west-1', vault: { id: 'Central/Vault', name: 'central', inApp: true } },
      crossAccount: true,
      crossRegion: false,
      continuousBackup: false,
      copyLifecycle: { deleteAfterDays: 35 },
    });
    expect(daily).not.toHaveProperty('ruleLifecycle');
    const resources = resourcesOfRoute(report, daily);
    expect(resources.map((r) => r.id)).toEqual(['WorkloadA/FileSystem/Resource', 'WorkloadA/Volume/Resource']);
    expect(daily.resourceCount).toBe(2);
    expect(resources[1]).toEqual({
      id: 'WorkloadA/Volume/Resource',
      type: 'EBS',
      cfnType: 'AWS::EC2::Volume',
      inApp: true,
      constructPath: 'WorkloadA/Volume',
      account: ACCOUNTS.workloadA,
      region: 'eu-west-1',
      encrypted: true,
      key: 'external:arn:aws:kms:eu-west-1:111111111111:key/imported',
      selectedBy: ['construct'],
    });
    // the key is listed once, with the account and Region its ARN names
    expect(report.keys.find((k) => k.id === resources[1].key)).toEqual({
      id: 'external:arn:aws:kms:eu-west-1:111111111111:key/imported',
      kind: 'external',
      reference: 'arn:aws:kms:eu-west-1:111111111111:key/imported',
      account: ACCOUNTS.workloadA,
      region: 'eu-west-1',
      partition: 'aws',
      policyKnown: false,
    });
  });

  test('per-route findings and checks: error, warning, acknowledged, skipped, no finding', () => {
    const [daily, weekly, dbB, auroraC] = render().routes;

    expect(dbB.findings).toEqual({ status: 'error', errors: 2, warnings: 0, acknowledged: 0, ruleIds: [RuleIds.VAULT_KEY, RuleIds.KEY_POLICY] });
    const dbChecks = Object.fromEntries(dbB.checks.map((c) => [c.ruleId, c.result]));
    expect(dbChecks[RuleIds.KEY_POLICY]).toBe('error');
    expect(dbChecks[RuleIds.VAULT_KEY]).toBe('error');
    expect(dbChecks[RuleIds.ORG]).toBe('no-finding');

    expect(daily.findings).toEqual({ status: 'warning', errors: 0, warnings: 1, acknowledged: 0, ruleIds: [RuleIds.UNVERIFIABLE] });
    expect(daily.checks.find((c) => c.ruleId === RuleIds.KEY_POLICY)?.result).toBe('skipped');

    expect(weekly.findings).toEqual({ status: 'ok', errors: 0, warnings: 0, acknowledged: 1, ruleIds: [] });
    expect(weekly.unresolvedSelections).toEqual(['arn:aws:rds:*:*:db:*']);

    expect(auroraC.crossRegion).toBe(true);
    expect(auroraC.findings.ruleIds).toEqual([RuleIds.XREGION_XACCOUNT]);

    // every rule but CAB-UNVERIFIABLE, in rule order
    expect(daily.checks.map((c) => c.ruleId)).toEqual(RuleIds.all().filter((id) => id !== RuleIds.UNVERIFIABLE));
  });

  test('an acknowledged finding of a rule shows as acknowledged on its route', () => {
    const f = smallOrganization();
    const ack = { ...finding(RuleIds.TAG_POLICY, 'warning', 'WorkloadC/Plan', f.routes.auroraC.id), reason: 'tag policy exception' };
    const report = renderJsonReport({ ...f, acknowledged: [ack] });
    const auroraC = report.routes.find((r) => r.id === f.routes.auroraC.id)!;
    expect(auroraC.checks.find((c) => c.ruleId === RuleIds.TAG_POLICY)?.result).toBe('acknowledged');
    expect(report.acknowledged).toEqual([
      {
        ruleId: RuleIds.TAG_POLICY,
        severity: 'warning',
        constructPath: 'WorkloadC/Plan',
        messageId: ack.messageId,
        details: ack.details,
        summary: ack.summary,
        shortFix: ack.shortFix,
        message: ack.message,
        routeId: f.routes.auroraC.id,
        docUrl: ack.docUrl,
        reason: 'tag policy exception',
      },
    ]);
  });

  test('findings sorted: errors first, then rule order, then construct path', () => {
    const report = render();
    expect(report.findings.map((f) => [f.severity, f.ruleId, f.constructPath])).toEqual([
      ['error', RuleIds.XREGION_XACCOUNT, 'WorkloadC/Plan'],
      ['error', RuleIds.VAULT_KEY, 'WorkloadB/Vault'],
      ['error', RuleIds.KEY_POLICY, 'WorkloadB/DbKey'],
      ['warning', RuleIds.UNVERIFIABLE, 'WorkloadA/Volume'],
    ]);
  });

  test('vaults: in-app vault without a key reports aws/backup, policy only as "known"', () => {
    const report = render();
    expect(report.vaults.map((v) => v.id)).toEqual(['Central/Vault', 'WorkloadA/Vault', 'WorkloadB/Vault', 'WorkloadC/Vault']);
    const [central, , b] = report.vaults;
    expect(central.accessPolicyKnown).toBe(true);
    expect(central.key).toBe('Central/VaultKey');
    expect(b.key).toBe('aws-managed:alias/aws/backup');
    expect(report.keys.find((k) => k.id === b.key)).toEqual({ id: 'aws-managed:alias/aws/backup', kind: 'aws-managed', reference: 'alias/aws/backup', alias: 'aws/backup', policyKnown: false });
    expect(b.accessPolicyKnown).toBe(false);
    // The kind and retention range of a logically air-gapped vault; nothing for a standard vault.
    expect([central.airGapped, central.lock]).toEqual([true, { minRetentionDays: 7, maxRetentionDays: 3650 }]);
    expect([b.airGapped, b.lock]).toEqual([undefined, undefined]);
  });

  test('a vault outside the app has no key (unknown), and routes add vaults the model list misses', () => {
    const src = vault('App/Vault', env('111111111111', 'eu-west-1'));
    const dst = vault('arn:aws:backup:eu-west-1:999999999999:backup-vault:central', env('999999999999', 'eu-west-1'), {
      inApp: false,
      arn: 'arn:aws:backup:eu-west-1:999999999999:backup-vault:central',
    });
    const m = { ...model([route({ planPath: 'App/Plan', ruleName: 'r', source: src, destination: dst })]), vaults: [] };
    const report = renderJsonReport({ model: m, findings: [], acknowledged: [], options: {} });
    expect(report.vaults).toEqual([
      { id: 'App/Vault', inApp: true, constructPath: 'App/Vault', account: '111111111111', region: 'eu-west-1', partition: 'aws', key: 'aws-managed:alias/aws/backup', accessPolicyKnown: false },
      { id: dst.id, inApp: false, arn: dst.arn, account: '999999999999', region: 'eu-west-1', partition: 'aws', accessPolicyKnown: false },
    ]);
  });

  test('keys: every key of the app and every key named, once, sorted, policy reported as known or not, policy text never copied', () => {
    const report = render();
    expect(report.keys.map((k) => [k.id, k.policyKnown])).toEqual([
      ['Central/VaultKey', true],
      ['WorkloadA/FsKey', true],
      ['WorkloadA/VaultKey', true],
      ['WorkloadB/DbKey', false],
      ['WorkloadC/VaultKey', true],
      ['aws-managed:alias/aws/backup', false],
      ['external:arn:aws:kms:eu-west-1:111111111111:key/imported', false],
      ['service-default:alias/aws/rds', false],
    ]);
    // an alias or service default key has no account or Region of its own: those of what names it
    expect(report.keys.find((k) => k.id === 'service-default:alias/aws/rds')).not.toHaveProperty('account');
    const text = stringifyJsonReport(report);
    expect(text).not.toContain('SecretLookingSid');
    expect(text).not.toContain('Statement');
  });

  test('options: plain values only, accounts sorted, tag policy as a boolean', () => {
    const f = smallOrganization();
    const tagPolicy = { evaluateTags: () => [] };
    const report = renderJsonReport({ ...f, options: { ...f.options, tagPolicy, dynamoDbAdvancedFeatures: true } });
    expect(report.options).toEqual({
      organizationId: 'o-abc123',
      managementAccount: ACCOUNTS.central,
      organizationAccounts: [ACCOUNTS.workloadA, ACCOUNTS.workloadB, ACCOUNTS.workloadC, ACCOUNTS.central],
      dynamoDbAdvancedFeatures: true,
      tagPolicy: true,
    });
    expect(renderJsonReport({ ...f, options: {} }).options).toEqual({ tagPolicy: false });
  });

  test('options: the tag policy counts as checked when external facts give the destination accounts\' policies', () => {
    const f = smallOrganization();
    const fromFacts = { evaluateTags: () => [] };
    const withFacts = { ...f.model, accountTagPolicies: new Map([[ACCOUNTS.central, fromFacts]]) };
    const report = renderJsonReport({ ...f, model: withFacts, options: {} });
    expect(report.options.tagPolicy).toBe(true);
    expect(renderMarkdownReport(report)).toContain('- Tag policy: checked');
    expect(renderJsonReport({ ...f, model: { ...f.model, accountTagPolicies: new Map() }, options: {} }).options.tagPolicy).toBe(false);
  });

  test('unverifiable entries and settings are carried over', () => {
    const report = render();
    expect(report.unverifiable).toEqual([
      {
        constructPath: 'WorkloadA/Volume',
        subject: 'the key policy of imported key arn:aws:kms:eu-west-1:111111111111:key/imported',
        reason: 'the key is not defined in this app',
        skippedRules: [RuleIds.KEY_POLICY],
        unknownFacts: ['key-policy'],
        externalArn: 'arn:aws:kms:eu-west-1:111111111111:key/imported',
        routeId: 'WorkloadA/Plan/daily -> Central/Vault',
      },
    ]);
    expect(report.settings).toEqual([{ kind: 'cross-account-backup', constructPath: 'Management/CrossAccountBackup', account: '000000000000', region: 'us-east-1' }]);
  });

  test('unverifiable: the unknown facts sorted and each once; an ARN only when the note is about one', () => {
    const f = smallOrganization();
    const byId = {
      constructPath: 'WorkloadA/Table',
      subject: 'the key policy of key 1234abcd',
      reason: 'the key is not defined in this app',
      unknown: ['vault-key', 'key-policy', 'vault-key'] as UnknownFact[],
      about: '1234abcd-12ab-34cd-56ef-1234567890ab',
    };
    const report = renderJsonReport({ ...f, model: { ...f.model, unverifiable: [byId] } });
    expect(report.unverifiable).toEqual([{
      constructPath: 'WorkloadA/Table',
      subject: byId.subject,
      reason: byId.reason,
      skippedRules: [RuleIds.VAULT_KEY, RuleIds.KEY_POLICY],
      unknownFacts: ['key-policy', 'vault-key'],
    }]);
  });

  test('an unknown rule id (a custom rule) is counted and listed after the library rules', () => {
    const f = smallOrganization();
    const custom = finding('ACME-1', 'error', 'WorkloadA/Plan', f.routes.daily.id);
    const report = renderJsonReport({ ...f, findings: [...f.findings, custom] });
    expect(Object.keys(report.summary.byRule).slice(-1)).toEqual(['ACME-1']);
    expect(report.routes[0].checks.slice(-1)).toEqual([{ ruleId: 'ACME-1', result: 'error' }]);
    expect(report.routes[0].findings.ruleIds).toEqual([RuleIds.UNVERIFIABLE, 'ACME-1']);
  });

  test('deterministic: byte-identical across runs and input orders, no undefined fields', () => {
    const f = smallOrganization();
    const a = stringifyJsonReport(renderJsonReport(f));
    const b = stringifyJsonReport(renderJsonReport(f));
    const c = stringifyJsonReport(
      renderJsonReport({
        ...f,
        model: { ...f.model, routes: shuffled(f.model.routes), vaults: shuffled(f.model.vaults), keys: shuffled(f.model.keys) },
        findings: shuffled(f.findings),
      }),
    );
    expect(b).toBe(a);
    expect(c).toBe(a);
    const report = renderJsonReport(f);
    expect(JSON.parse(a)).toEqual(report);
    expect(a.endsWith('}\n')).toBe(true);
  });

  test('the in-memory report holds no undefined field anywhere (the files and the Markdown read the same object)', () => {
    const undefinedAt: string[] = [];
    const visit = (v: unknown, at: string): void => {
      if (Array.isArray(v)) {
        v.forEach((x, i) => visit(x, `${at}[${i}]`));
      } else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (x === undefined) undefinedAt.push(`${at}.${k}`);
          else visit(x, `${at}.${k}`);
        }
      }
    };
    visit(renderJsonReport(smallOrganization()), 'report');
    visit(renderJsonReport(largeOrganization(5, 2)), 'report');
    expect(undefinedAt).toEqual([]);
  });

  test('groups: one per distinct set of ways, each way once and sorted, whatever order and repeats the model has', () => {
    const e = env(ACCOUNTS.workloadA, 'eu-west-1');
    const src = vault('A/Vault', e);
    const dest = vault('Central/Vault', env(ACCOUNTS.central, 'eu-west-1'));
    const r = (id: string, selectedBy: string[]) => resource(id, 'EBS', e, { selectedBy });
    const resources = [
      r('A/V1', ['tag b=1', 'arn x']), // two ways, out of order
      r('A/V2', ['arn x', 'tag b=1']), // the same two, in order: the same group
      r('A/V3', ['construct', 'construct']), // one way, twice
      r('A/V4', ['construct']),
      r('A/V5', ['tag b=1', 'construct', 'tag b=1']), // three entries, one repeated
      r('A/V6', ['construct', 'tag b=1']),
    ];
    const report = renderJsonReport({ model: model([route({ planPath: 'A/Plan', ruleName: 'r', source: src, destination: dest, resources })]), findings: [], acknowledged: [], options: {} });
    expect(report.resourceSets).toHaveLength(1);
    expect(report.resourceSets[0].resourceCount).toBe(6);
    expect(report.resourceSets[0].groups).toEqual([
      { selectedBy: ['arn x', 'tag b=1'], resources: ['A/V1/Resource', 'A/V2/Resource'] },
      { selectedBy: ['construct'], resources: ['A/V3/Resource', 'A/V4/Resource'] },
      { selectedBy: ['construct', 'tag b=1'], resources: ['A/V5/Resource', 'A/V6/Resource'] },
    ]);
    // the model's own lists are not changed
    expect(resources[0].selectedBy).toEqual(['tag b=1', 'arn x']);
    expect(resources[2].selectedBy).toEqual(['construct', 'construct']);
  });

  test('an empty model renders an empty, passing report', () => {
    const empty = { routes: [], settings: [], unverifiable: [], vaults: [], keys: [] };
    const report = renderJsonReport({ model: empty, findings: [], acknowledged: [], options: {} });
    expect(report.summary).toMatchObject({ passed: true, routes: 0, resources: 0, errors: 0 });
    expect(report.routes).toEqual([]);
  });

  test('scales: 1,000 routes in under 2 s even on a busy machine (about 50 ms when warm)', () => {
    const f = largeOrganization(100, 10);
    const start = Date.now();
    const report = renderJsonReport(f);
    expect(Date.now() - start).toBeLessThan(2000);
    expect(report.summary.routes).toBe(1000);
    expect(report.summary.errors).toBe(10);
  });
});
