/**
 * CDK's policy validation report as the tests read it, on every tested aws-cdk-lib release:
 * - up to the releases without `cx-api`'s `VALIDATION_REPORT_FILE`: `policy-validation-report.json`
 *   (`pluginReports[].summary.{pluginName,status,metadata}`, violations with `fix`,
 *   `violatingResources` and `violatingConstructs[].{constructPath,resourceLogicalId,templatePath}`),
 *   and a failing plugin sets `process.exitCode = 1` without throwing;
 * - from then on: `validation-report.json` (`pluginReports[].{pluginName,conclusion,metadata}`,
 *   violations with `suggestedFix` and `violatingConstructs[].{constructPath,cloudFormationResource}`),
 *   and a failing plugin makes `app.synth()` throw `ValidationFailed`.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { App } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';

/** True on aws-cdk-lib releases that write `validation-report.json`. */
export const UNIFIED_VALIDATION_REPORT = typeof (cxapi as Record<string, unknown>).VALIDATION_REPORT_FILE === 'string';
export const VALIDATION_REPORT_FILE = UNIFIED_VALIDATION_REPORT ? String((cxapi as Record<string, unknown>).VALIDATION_REPORT_FILE) : 'policy-validation-report.json';

export interface ViolatingConstruct {
  /** Without a leading slash. */
  readonly constructPath?: string;
  readonly logicalId?: string;
  /** File name of the template. */
  readonly template?: string;
  readonly locations: string[];
}

export interface Violation {
  readonly ruleName: string;
  readonly description: string;
  readonly fix?: string;
  readonly severity?: string;
  readonly ruleMetadata?: Record<string, string>;
  readonly constructs: ViolatingConstruct[];
}

export interface PluginReport {
  readonly pluginName: string;
  readonly status: string;
  readonly metadata?: Record<string, string>;
  readonly violations: Violation[];
}

/** The plugin reports of the validation report in `outdir`, in one shape for every release. */
export function readValidationReport(outdir: string): PluginReport[] {
  const json = JSON.parse(fs.readFileSync(path.join(outdir, VALIDATION_REPORT_FILE), 'utf-8'));
  return (json.pluginReports as any[]).map(r => ({
    pluginName: r.summary?.pluginName ?? r.pluginName,
    status: r.summary?.status ?? r.conclusion,
    metadata: r.summary?.metadata ?? r.metadata,
    violations: (r.violations as any[]).map(v => ({
      ruleName: v.ruleName,
      description: v.description,
      fix: v.fix ?? v.suggestedFix,
      severity: v.severity,
      ruleMetadata: v.ruleMetadata,
      constructs: (v.violatingConstructs as any[]).map((c, i) => {
        const template: string | undefined = c.templatePath ?? c.cloudFormationResource?.templatePath;
        return {
          constructPath: c.constructPath === undefined ? undefined : String(c.constructPath).replace(/^\//, ''),
          logicalId: c.resourceLogicalId ?? c.cloudFormationResource?.logicalId,
          template: template === undefined ? undefined : path.basename(template),
          locations: c.cloudFormationResource?.propertyPaths ?? v.violatingResources?.[i]?.locations ?? [],
        };
      }),
    })),
  }));
}

/**
 * Synthesize `app` and tell whether CDK reported a failing validation plugin: by setting
 * `process.exitCode` to 1 (older releases) or by throwing `ValidationFailed` (newer ones).
 * Any other error is rethrown.
 */
export function synthReportsPluginFailure(app: App): boolean {
  try {
    app.synth();
  } catch (e) {
    if (UNIFIED_VALIDATION_REPORT && (e as Error).name === 'ValidationFailed') return true;
    throw e;
  }
  return process.exitCode === 1;
}
