import * as fs from 'fs';
import * as path from 'path';
import { Aspects, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { RuleIds } from '../../src/checks/rule-ids';
import { CrossAccountCopyChecks } from '../../src/frontends/aspect';
import { CrossAccountCopyValidator } from '../../src/frontends/validation-plugin';
import { CrossAccountBackupReport } from '../../src/report/report-files';
import { ACK_REASON, acknowledgedApp, compliantApp, newApp, unverifiableApp, violatingApp } from '../integration/fixtures';
import { readValidationReport, synthReportsPluginFailure, UNIFIED_VALIDATION_REPORT } from '../integration/validation-report';

let consoleError: jest.SpyInstance;
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  consoleError.mockRestore();
  process.exitCode = undefined; // CDK sets it to 1 when a plugin fails (releases before validation-report.json)
});

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
    expect(synthReportsPluginFailure(f.app)).toBe(false);
    expect(readValidationReport(f.app.outdir).flatMap(r => r.violations)).toEqual([]);
    // the report files, written in the validation phase (the plugin may not modify the assembly)
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME))).toBe(true);
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.MARKDOWN_FILE_NAME))).toBe(true);
  });

  test('violations: CDK reports the plugin failure (exit code 1, or ValidationFailed from the releases with validation-report.json) and writes its report', () => {
    const f = violatingApp();
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app));
    expect(synthReportsPluginFailure(f.app)).toBe(true);

    const [plugin, ...others] = readValidationReport(f.app.outdir);
    expect(others).toEqual([]);
    expect(plugin.pluginName).toBe('CrossAccountCopyValidator');
    expect(plugin.status).toBe('failure');
    expect(plugin.metadata).toEqual({ routes: '2', errors: '4', warnings: '0', acknowledged: '0', report: CrossAccountBackupReport.JSON_FILE_NAME });

    const byRule = new Map(plugin.violations.map(v => [v.ruleName, v]));
    expect([...byRule.keys()].sort()).toEqual(['CAB-AWS-MANAGED-KEY', 'CAB-KEY-POLICY', 'CAB-VAULT-POLICY', 'CAB-XREGION-XACCOUNT']);

    const keyPolicy = byRule.get('CAB-KEY-POLICY')!;
    expect(keyPolicy.severity).toBe('error');
    expect(keyPolicy.description.startsWith('CAB-KEY-POLICY: KMS key Source/LegacyKey')).toBe(true);
    expect(keyPolicy.fix).toMatch(/CopyCompatibleKmsKey.* See https:\/\//);
    expect(keyPolicy.ruleMetadata).toEqual(expect.objectContaining({ constructPath: 'Source/LegacyKey', routeId: 'Source/Plan/Daily -> Central/Vault' }));
    // CDK maps the logical id back to the construct
    expect(keyPolicy.constructs).toEqual([{
      constructPath: 'Source/LegacyKey/Resource',
      logicalId: f.source.getLogicalId(f.legacyKey.node.defaultChild as CfnResource),
      template: f.source.templateFile,
      locations: ['Properties/KeyPolicy'],
    }]);
    expect(byRule.get('CAB-VAULT-POLICY')!.constructs).toEqual([{
      constructPath: 'Dr/Vault/Resource',
      logicalId: (f.drVault.stack as Stack).getLogicalId(f.drVault.node.defaultChild as backup.CfnBackupVault),
      template: (f.drVault.stack as Stack).templateFile,
      locations: ['Properties/AccessPolicy'],
    }]);
    expect(byRule.get('CAB-XREGION-XACCOUNT')!.constructs[0]).toEqual(expect.objectContaining({
      logicalId: f.source.getLogicalId(f.drPlan.node.defaultChild as backup.CfnBackupPlan),
      locations: ['Properties/BackupPlan/BackupPlanRule'],
    }));
    expect(byRule.get('CAB-AWS-MANAGED-KEY')!.constructs[0]).toEqual(expect.objectContaining({
      logicalId: f.source.getLogicalId(f.awsManagedDb.node.defaultChild as CfnResource),
      template: f.source.templateFile,
    }));
  });

  test('validate() names the template and logical id of each violating resource', () => {
    const f = violatingApp();
    const plugin = new CrossAccountCopyValidator(f.app, { report: false });
    const sourceTemplate = path.join(f.app.outdir, f.source.templateFile);
    const result = plugin.validate({ templatePaths: [sourceTemplate] });
    const keyPolicy = result.violations.find(v => v.ruleName === 'CAB-KEY-POLICY')!;
    expect(keyPolicy.violatingResources).toEqual([{
      resourceLogicalId: f.source.getLogicalId(f.legacyKey.node.defaultChild as CfnResource),
      templatePath: sourceTemplate,
      locations: ['Properties/KeyPolicy'],
    }]);
  });

  test('with @aws-cdk/core:failSynthOnValidationErrors false (set by the CDK CLI), errors fail synth where the CLI would not read the report', () => {
    const f = violatingApp(newApp({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } }));
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app));
    if (UNIFIED_VALIDATION_REPORT) {
      // the CLI reads validation-report.json and fails on it; the app itself neither throws nor sets the exit code
      expect(synthReportsPluginFailure(f.app)).toBe(false);
      expect(readValidationReport(f.app.outdir)[0].status).toBe('failure');
    } else {
      // policy-validation-report.json, which that CLI ignores: the errors fail synthesis instead
      expect(() => f.app.synth()).toThrow(/\[Source\/LegacyKey\] CAB-KEY-POLICY: .*rule CAB-KEY-POLICY; to accept it: Validations.of\(construct\).acknowledge/);
    }
  });

  test('where the CLI would ignore the report, a warning on a stack says so (releases without validation-report.json only)', () => {
    const f = compliantApp(newApp({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } }));
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app));
    f.app.synth();
    const warnings = [f.source, f.central].flatMap(st => Annotations.fromStack(st).findWarning('*', Match.stringLikeRegexp('^CrossAccountCopyValidator: this aws-cdk-lib writes')));
    expect(warnings).toHaveLength(UNIFIED_VALIDATION_REPORT ? 0 : 1);
  });

  test('acknowledged findings are left out, with the same scoped ids as the aspect; success is computed from errors', () => {
    const f = acknowledgedApp();
    Validations.of(f.drPlan).acknowledge({ id: 'CAB-XREGION-XACCOUNT', reason: 'two-step copy is planned' });
    Validations.of(f.app).addPlugins(new CrossAccountCopyValidator(f.app));
    expect(synthReportsPluginFailure(f.app)).toBe(true);
    const [plugin] = readValidationReport(f.app.outdir);
    expect(plugin.violations.map(v => v.ruleName).sort()).toEqual(['CAB-AWS-MANAGED-KEY', 'CAB-VAULT-POLICY']);
    expect(plugin.status).toBe('failure');
    expect(plugin.metadata).toEqual(expect.objectContaining({ errors: '2', acknowledged: '2' }));
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
    expect(synthReportsPluginFailure(f.app)).toBe(true);
    const [plugin] = readValidationReport(f.app.outdir);
    expect(plugin.violations.map(v => v.ruleName)).not.toContain('CAB-KEY-POLICY');
    expect(plugin.violations).toHaveLength(3);
  });

  test('through synth, a report with only warnings succeeds: exit code untouched', () => {
    const app = unverifiableApp();
    Validations.of(app).addPlugins(new CrossAccountCopyValidator(app));
    expect(synthReportsPluginFailure(app)).toBe(false);
    const [plugin] = readValidationReport(app.outdir);
    expect(plugin.status).toBe('success');
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
