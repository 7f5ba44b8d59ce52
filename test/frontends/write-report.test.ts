import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Lazy, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CrossAccountCopyChecks } from '../../src/frontends/aspect';
import { CrossAccountBackupReport } from '../../src/report/report-files';
import type { ReportJson } from '../../src/report/report-schema';
import { ACK_REASON, acknowledgedApp, CENTRAL, compliantApp, freshOutdir, newApp, OTHER_REGION, SOURCE } from '../integration/fixtures';

function readJson(dir: string): ReportJson {
  return JSON.parse(fs.readFileSync(path.join(dir, CrossAccountBackupReport.JSON_FILE_NAME), 'utf-8'));
}

function readMarkdown(dir: string): string {
  return fs.readFileSync(path.join(dir, CrossAccountBackupReport.MARKDOWN_FILE_NAME), 'utf-8');
}

/** The Mermaid blocks of a Markdown document. */
function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map(m => m[1]);
}

describe('the report in the cloud assembly', () => {
  test('the report states the options as the rules saw them: Lazy accounts resolved, not token text', () => {
    const outdir = freshOutdir();
    const f = compliantApp(newApp({ outdir }));
    const accounts = [Lazy.string({ produce: () => SOURCE.account }), Lazy.string({ produce: () => CENTRAL.account })];
    Aspects.of(f.app).add(new CrossAccountCopyChecks({ organizationAccounts: accounts }));
    f.app.synth();

    expect(readJson(outdir).options.organizationAccounts).toEqual([SOURCE.account, CENTRAL.account].sort());
  });

  test('a compliant app: JSON with its route, resource, keys and rule results; Markdown with the route table', () => {
    const outdir = freshOutdir();
    const f = compliantApp(newApp({ outdir }));
    Aspects.of(f.app).add(new CrossAccountCopyChecks({ organizationAccounts: [SOURCE.account, CENTRAL.account] }));
    // The App creates its outdir when constructed; remove it: the checks run before CDK writes
    // anything, and must create it (else writing the report throws ENOENT).
    fs.rmSync(outdir, { recursive: true, force: true });
    f.app.synth();

    expect(f.app.outdir).toBe(outdir);
    const report = readJson(outdir);
    expect(report.schemaVersion).toBe(CrossAccountBackupReport.SCHEMA_VERSION);
    expect(report.generatedAt).toBeUndefined();
    expect(report.options).toEqual({
      organizationAccounts: [SOURCE.account, CENTRAL.account],
      allowSingleActionCrossRegionCrossAccount: false,
      tagPolicy: false,
    });
    expect(report.summary).toMatchObject({
      passed: true,
      routes: 1,
      crossAccountRoutes: 1,
      crossRegionRoutes: 0,
      routesWithErrors: 0,
      routesWithWarnings: 0,
      resources: 1,
      vaults: 2,
      keys: 3,
      errors: 0,
      warnings: 0,
      acknowledged: 0,
      unverifiable: 0,
    });
    expect(report.routes).toHaveLength(1);
    const [route] = report.routes;
    expect(route.id).toBe('Source/Plan/Daily -> Central/Vault');
    expect(route.planPath).toBe('Source/Plan');
    expect(route.ruleName).toBe('Daily');
    expect(route.source).toEqual({
      account: SOURCE.account,
      region: SOURCE.region,
      partition: 'aws',
      vault: { id: 'Source/LocalVault', name: 'local', arn: `arn:aws:backup:${SOURCE.region}:${SOURCE.account}:backup-vault:local`, inApp: true },
    });
    expect(route.destination).toEqual({
      account: CENTRAL.account,
      region: CENTRAL.region,
      partition: 'aws',
      vault: { id: 'Central/Vault', name: 'central', arn: `arn:aws:backup:${CENTRAL.region}:${CENTRAL.account}:backup-vault:central`, inApp: true },
    });
    expect([route.crossAccount, route.crossRegion]).toEqual([true, false]);
    expect(route.resources).toEqual([expect.objectContaining({
      id: 'Source/Db/Resource',
      type: 'RDS',
      cfnType: 'AWS::RDS::DBInstance',
      constructPath: 'Source/Db',
      account: SOURCE.account,
      region: SOURCE.region,
      encrypted: true,
      key: expect.objectContaining({ id: 'Source/DbKey', kind: 'customer-managed' }),
    })]);
    expect(route.checks.every(c => c.result === 'no-finding')).toBe(true);
    expect(route.checks.map(c => c.ruleId)).toContain('CAB-ORG'); // checked: organizationAccounts was given
    expect(route.findings).toEqual({ status: 'ok', errors: 0, warnings: 0, acknowledged: 0, ruleIds: [] });
    expect(report.vaults.map(v => [v.id, v.key?.id, v.accessPolicyKnown])).toEqual([
      ['Central/Vault', 'Central/Vault/EncryptionKey', true],
      ['Source/LocalVault', 'Source/LocalVaultKey', false],
    ]);
    expect(report.keys.map(k => [k.id, k.account, k.region, k.policyKnown])).toEqual([
      ['Central/Vault/EncryptionKey', CENTRAL.account, CENTRAL.region, true],
      ['Source/DbKey', SOURCE.account, SOURCE.region, true],
      ['Source/LocalVaultKey', SOURCE.account, SOURCE.region, true],
    ]);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged).toEqual([]);

    const md = readMarkdown(outdir);
    expect(md).toContain('> ✅ **No errors** on 1 copy route.');
    expect(md).toContain('| | Route | From | To | Findings |');
    expect(md).toContain('### ✅ `Source/Plan/Daily -> Central/Vault`');
    expect(md).toMatch(/^\| `Source\/Db` \| RDS \(`AWS::RDS::DBInstance`\) \| yes \| customer-managed `Source\/DbKey` \|/m);
  });

  test('an app with errors and an acknowledgement: findings, reasons, per-route results and counts; the Markdown diagram parses', () => {
    const f = acknowledgedApp();
    Aspects.of(f.app).add(new CrossAccountCopyChecks());
    f.app.synth();

    const report = readJson(f.app.outdir);
    const daily = 'Source/Plan/Daily -> Central/Vault';
    const weekly = 'Source/DrPlan/Weekly -> Dr/Vault';
    expect(report.routes.map(r => [r.id, r.source.account, r.source.region, r.destination.account, r.destination.region, r.crossRegion]))
      .toEqual([
        [weekly, SOURCE.account, SOURCE.region, CENTRAL.account, OTHER_REGION, true],
        [daily, SOURCE.account, SOURCE.region, CENTRAL.account, CENTRAL.region, false],
      ]);
    expect(report.findings.map(x => [x.ruleId, x.severity, x.constructPath, x.routeId])).toEqual([
      ['CAB-XREGION-XACCOUNT', 'error', 'Source/DrPlan', weekly],
      ['CAB-AWS-MANAGED-KEY', 'error', 'Source/AwsManagedDb', daily],
      ['CAB-VAULT-POLICY', 'error', 'Dr/Vault', weekly],
    ]);
    expect(report.acknowledged).toEqual([expect.objectContaining({
      ruleId: 'CAB-KEY-POLICY', constructPath: 'Source/LegacyKey', routeId: daily, reason: ACK_REASON,
    })]);
    const results = (id: string) => Object.fromEntries(report.routes.find(r => r.id === id)!.checks.map(c => [c.ruleId, c.result]));
    expect(results(daily)).toMatchObject({ 'CAB-AWS-MANAGED-KEY': 'error', 'CAB-KEY-POLICY': 'acknowledged', 'CAB-XREGION-XACCOUNT': 'no-finding', 'CAB-VAULT-POLICY': 'no-finding' });
    expect(results(weekly)).toMatchObject({ 'CAB-XREGION-XACCOUNT': 'error', 'CAB-VAULT-POLICY': 'error', 'CAB-AWS-MANAGED-KEY': 'no-finding', 'CAB-KEY-POLICY': 'no-finding' });
    expect(report.routes.find(r => r.id === daily)!.resources.map(r => r.constructPath)).toEqual(['Source/AwsManagedDb', 'Source/Db', 'Source/LegacyDb']);
    expect(report.summary).toMatchObject({
      passed: false,
      routes: 2,
      crossAccountRoutes: 2,
      crossRegionRoutes: 1,
      routesWithErrors: 2,
      resources: 3,
      errors: 3,
      warnings: 0,
      acknowledged: 1,
    });
    expect(report.summary.byRule['CAB-KEY-POLICY']).toEqual({ errors: 0, warnings: 0, acknowledged: 1 });
    expect(report.summary.byRule['CAB-VAULT-POLICY']).toEqual({ errors: 1, warnings: 0, acknowledged: 0 });

    // the report comes from the same run that reported the errors
    Annotations.fromStack(f.source).hasError('/Source/AwsManagedDb', Match.stringLikeRegexp('^CAB-AWS-MANAGED-KEY'));
    Annotations.fromStack(f.source).hasNoError('/Source/LegacyKey', Match.anyValue());

    const md = readMarkdown(f.app.outdir);
    expect(md).toContain('> ❌ **3 errors** on 2 copy routes of 2.');
    expect(md).toContain('| | Route | From | To | Findings |');
    expect(md).toContain(`### ❌ \`${weekly}\``);
    expect(md).toContain(ACK_REASON);
    const diagrams = mermaidBlocks(md);
    expect(diagrams).toHaveLength(1);
    expect(diagrams[0].startsWith('flowchart')).toBe(true);
    const parsed = spawnSync(process.execPath, [path.join(__dirname, '..', 'report', 'parse-mermaid.mjs')], { input: JSON.stringify(diagrams), encoding: 'utf-8', timeout: 60_000 });
    expect(parsed.status).toBe(0);
    expect(JSON.parse(parsed.stdout)).toEqual([{ ok: true, diagramType: 'flowchart-v2' }]);
  });

  test('synth twice (also forced) keeps the files; an unchanged app gives byte-identical files', () => {
    const f = compliantApp();
    Aspects.of(f.app).add(new CrossAccountCopyChecks());
    f.app.synth();
    const first = fs.readFileSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME), 'utf-8');
    expect(() => f.app.synth()).not.toThrow();
    fs.rmSync(f.app.outdir, { recursive: true, force: true });
    f.app.synth({ force: true });
    expect(fs.readFileSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME), 'utf-8')).toBe(first);
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.MARKDOWN_FILE_NAME))).toBe(true);
  });

  test('report: false writes nothing, and the checks still run', () => {
    const f = compliantApp();
    const checks = new CrossAccountCopyChecks({ report: false });
    Aspects.of(f.app).add(checks);
    f.app.synth();
    expect(checks.lastFindingCount).toBe(0);
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME))).toBe(false);
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.MARKDOWN_FILE_NAME))).toBe(false);
  });

  test('added to a stack, the report goes to the App outdir, named after the stack, and covers that stack', () => {
    const f = compliantApp();
    Aspects.of(f.source).add(new CrossAccountCopyChecks());
    f.app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(f.app.outdir, 'cross-account-backup-report-Source.json'), 'utf-8')) as ReportJson;
    expect(report.routes.map(r => r.id)).toEqual(['Source/Plan/Daily -> Central/Vault']);
    expect(fs.existsSync(path.join(f.app.outdir, 'cross-account-backup-report-Source.md'))).toBe(true);
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME))).toBe(false);
  });

  test('added to a nested Stage, the report goes to that Stage\'s assembly directory', () => {
    const app = newApp();
    const stage = new Stage(app, 'Prod');
    compliantApp(stage as unknown as App);
    new Stack(app, 'Unrelated');
    Aspects.of(stage).add(new CrossAccountCopyChecks());
    app.synth();
    expect(stage.outdir).toBe(path.join(app.outdir, 'assembly-Prod'));
    expect(readJson(stage.outdir).routes.map(r => r.id)).toEqual(['Prod/Source/Plan/Daily -> Prod/Central/Vault']);
    expect(fs.existsSync(path.join(app.outdir, CrossAccountBackupReport.JSON_FILE_NAME))).toBe(false);
  });
});
