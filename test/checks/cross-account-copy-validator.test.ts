import * as fs from 'fs';
import * as path from 'path';
import { Aspects, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { CrossAccountCopyChecks } from '../../src/checks/cross-account-copy-checks';
import { CrossAccountCopyValidator } from '../../src/checks/cross-account-copy-validator';
import { RuleIds } from '../../src/checks/rule-ids';
import { CrossAccountBackupReport } from '../../src/report/report-files';
import { ACK_REASON, acknowledgedApp, compliantApp, newApp, unverifiableApp, violatingApp } from '../integration/fixtures';

const POLICY_REPORT = 'policy-validation-report.json';

let consoleError: jest.SpyInstance;
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  consoleError.mockRestore();
  process.exitCode = undefined; // CDK sets it to 1 when a plugin fails
});

interface PolicyReportJson {
  pluginReports: Array<{
    summary: { pluginName: string; status: string; metadata?: Record<string, string> };
    violations: Array<{
      ruleName: string;
      description: string;
      fix?: string;
      severity?: string;
      ruleMetadata?: Record<string, string>;
      violatingResources: Array<{ resourceLogicalId?: string; templatePath?: string; constructPath?: string; locations: string[] }>;
      violatingConstructs: Array<{ constructPath?: string; resourceLogicalId: string; templatePath: string }>;
    }>;
  }>;
}

function policyReport(outdir: string): PolicyReportJson {
  return JSON.parse(fs.readFileSync(path.join(outdir, POLICY_REPORT), 'utf-8'));
}

describe('CrossAccountCopyValidator', () => {
  test('identifies itself: name, version, rule ids', () => {
    const plugin = new CrossAccountCopyValidator(newApp());
    expect(plugin.name).toBe('CrossAccountCopyValidator');
    expect(plugin.name).toBe(CrossAccountCopyValidator.PLUGIN_NAME);
    expect(plugin.ruleIds).toEqual(RuleIds.all());
    expect(plugin.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('validates props eagerly, like the aspect', () => {
    expect(() => new CrossAccountCopyValidator(newApp(), { organizationAccounts: ['1234'] })).toThrow(/'1234' is not an AWS account id/);
    expect(() => new CrossAccountCopyValidator(newApp(), { organizationId: 'org-1' })).toThrow(/'org-1' is not an AWS Organizations organization id/);
  });

  test('a compliant app: synth succeeds, the exit code is untouched, no violations', () => {
    const f = compliantApp();
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app));
    f.app.synth();
    expect(process.exitCode).toBeUndefined();
    expect(policyReport(f.app.outdir).pluginReports).toEqual([]);
    // the report files, written in the validation phase (the plugin may not modify the assembly)
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME))).toBe(true);
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.MARKDOWN_FILE_NAME))).toBe(true);
  });

  test('violations: synth does not throw, CDK prints the report, writes policy-validation-report.json and sets exit code 1', () => {
    const f = violatingApp();
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app));
    expect(() => f.app.synth()).not.toThrow();
    expect(process.exitCode).toBe(1);
    expect(consoleError.mock.calls.map(c => String(c[0])).join('\n')).toContain('Validation failed');

    const [plugin, ...others] = policyReport(f.app.outdir).pluginReports;
    expect(others).toEqual([]);
    expect(plugin.summary.pluginName).toBe('CrossAccountCopyValidator');
    expect(plugin.summary.status).toBe('failure');
    expect(plugin.summary.metadata).toEqual({ routes: '2', errors: '4', warnings: '0', acknowledged: '0', report: CrossAccountBackupReport.JSON_FILE_NAME });

    const sourceTemplate = path.join(f.app.outdir, f.source.templateFile);
    const drTemplate = path.join(f.app.outdir, (f.drVault.stack as Stack).templateFile);
    const byRule = new Map(plugin.violations.map(v => [v.ruleName, v]));
    expect([...byRule.keys()].sort()).toEqual(['CAB-AWS-MANAGED-KEY', 'CAB-KEY-POLICY', 'CAB-VAULT-POLICY', 'CAB-XREGION-XACCOUNT']);

    const keyPolicy = byRule.get('CAB-KEY-POLICY')!;
    expect(keyPolicy.severity).toBe('error');
    expect(keyPolicy.description.startsWith('CAB-KEY-POLICY: KMS key Source/LegacyKey')).toBe(true);
    expect(keyPolicy.fix).toMatch(/CopyCompatibleKmsKey.* See https:\/\//);
    expect(keyPolicy.violatingResources).toEqual([{
      resourceLogicalId: f.source.getLogicalId(f.legacyKey.node.defaultChild as CfnResource),
      templatePath: sourceTemplate,
      locations: ['Properties/KeyPolicy'],
    }]);
    expect(keyPolicy.ruleMetadata).toEqual(expect.objectContaining({ constructPath: 'Source/LegacyKey', routeId: 'Source/Plan/Daily -> Central/Vault' }));
    // CDK maps the logical id back to the construct
    expect(keyPolicy.violatingConstructs[0].constructPath).toBe('Source/LegacyKey/Resource');

    expect(byRule.get('CAB-VAULT-POLICY')!.violatingResources).toEqual([{
      resourceLogicalId: (f.drVault.stack as Stack).getLogicalId(f.drVault.node.defaultChild as backup.CfnBackupVault),
      templatePath: drTemplate,
      locations: ['Properties/AccessPolicy'],
    }]);
    expect(byRule.get('CAB-XREGION-XACCOUNT')!.violatingResources).toEqual([{
      resourceLogicalId: f.source.getLogicalId(f.drPlan.node.defaultChild as backup.CfnBackupPlan),
      templatePath: sourceTemplate,
      locations: ['Properties/BackupPlan/BackupPlanRule'],
    }]);
    expect(byRule.get('CAB-AWS-MANAGED-KEY')!.violatingResources[0]).toEqual(expect.objectContaining({
      resourceLogicalId: f.source.getLogicalId(f.awsManagedDb.node.defaultChild as CfnResource),
      templatePath: sourceTemplate,
    }));
  });

  test('with @aws-cdk/core:failSynthOnValidationErrors false, CDK only writes the report file', () => {
    const f = violatingApp(newApp({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } }));
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app));
    f.app.synth();
    expect(process.exitCode).toBeUndefined();
    expect(policyReport(f.app.outdir).pluginReports[0].summary.status).toBe('failure');
  });

  test('acknowledged findings are left out, with the same scoped ids as the aspect; success is computed from errors', () => {
    const f = acknowledgedApp();
    Validations.of(f.drPlan).acknowledge({ id: 'CAB-XREGION-XACCOUNT', reason: 'two-step copy is planned' });
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app));
    f.app.synth();
    const [plugin] = policyReport(f.app.outdir).pluginReports;
    expect(plugin.violations.map(v => v.ruleName).sort()).toEqual(['CAB-AWS-MANAGED-KEY', 'CAB-VAULT-POLICY']);
    expect(plugin.summary.status).toBe('failure');
    expect(plugin.summary.metadata).toEqual(expect.objectContaining({ errors: '2', acknowledged: '2' }));
    const report = JSON.parse(fs.readFileSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME), 'utf-8'));
    expect(report.acknowledged.map((a: { ruleId: string; reason?: string }) => [a.ruleId, a.reason])).toEqual([
      ['CAB-XREGION-XACCOUNT', 'two-step copy is planned'],
      ['CAB-KEY-POLICY', ACK_REASON],
    ]);
  });

  test('a plugin-qualified acknowledgement is applied by CDK to the whole app', () => {
    const f = violatingApp();
    Validations.of(f.app).acknowledge({ id: 'CrossAccountCopyValidator::CAB-KEY-POLICY', reason: 'all keys are migrated next sprint' });
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app));
    f.app.synth();
    const [plugin] = policyReport(f.app.outdir).pluginReports;
    expect(plugin.violations.map(v => v.ruleName)).not.toContain('CAB-KEY-POLICY');
    expect(plugin.violations).toHaveLength(3);
  });

  test('through synth, a report with only warnings succeeds: exit code untouched', () => {
    const app = unverifiableApp();
    Validations.of(app).addPlugins(new CrossAccountCopyValidator(app));
    app.synth();
    expect(process.exitCode).toBeUndefined();
    const [plugin] = policyReport(app.outdir).pluginReports;
    expect(plugin.summary.status).toBe('success');
    expect(plugin.violations.map(v => v.severity)).toEqual(['warning', 'warning']);
  });

  test('warnings (CAB-UNVERIFIABLE) are violations with severity warning that do not fail the report', () => {
    const app = unverifiableApp();
    const plugin = new CrossAccountCopyValidator(app, { report: false });
    const result = plugin.validate({ templatePaths: [] });
    expect(result.violations.map(v => [v.ruleName, v.severity])).toEqual([['CAB-UNVERIFIABLE', 'warning'], ['CAB-UNVERIFIABLE', 'warning']]);
    expect(result.success).toBe(true);
    expect(result.metadata).toEqual(expect.objectContaining({ errors: '0', warnings: '2' }));
    // without an L1 behind the finding's construct, the construct path names it
    for (const v of result.violations) {
      for (const r of v.violatingResources) expect(r.resourceLogicalId !== undefined || r.constructPath !== undefined).toBe(true);
    }
  });

  test('report: false writes no report files; added with the aspect, both write the same files without breaking synth', () => {
    const f = compliantApp();
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app, { report: false }));
    f.app.synth();
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME))).toBe(false);

    const g = compliantApp();
    Aspects.of(g.app).add(new CrossAccountCopyChecks());
    Validations.of(g.app).addPlugins(new CrossAccountCopyValidator(g.app));
    expect(() => g.app.synth()).not.toThrow();
    expect(JSON.parse(fs.readFileSync(path.join(g.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME), 'utf-8')).summary.passed).toBe(true);
  });
});
