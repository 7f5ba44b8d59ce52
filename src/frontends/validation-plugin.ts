import * as path from 'path';
import {
  Annotations,
  CfnResource,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolatingResource,
  PolicyViolation,
  Stack,
  Stage,
} from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { errorsThatFailSynthesis } from './annotations';
import { CrossAccountCopyChecks, CrossAccountCopyChecksProps } from './aspect';
import { writeReport } from './write-report';
import type { CheckResult } from '../checks/engine';
import { resolveTarget } from '../checks/engine';
import type { Finding } from '../checks/finding';
import { RuleIds } from '../checks/rule-ids';
import { RULES } from '../checks/rules';
import { REPORT_JSON_FILE_NAME, GENERATOR_VERSION } from '../report/report-schema';

/**
 * The cross-account copy checks as a CDK policy validation plugin: the same rules, options, rule ids
 * and acknowledgements as the `CrossAccountCopyChecks` aspect, with the findings in CDK's policy
 * validation report (printed at synth and written into the cloud assembly: `validation-report.json`,
 * or `policy-validation-report.json` on aws-cdk-lib releases before it) next to those of other plugins.
 *
 * ```ts
 * Validations.of(app).addPlugins(new CrossAccountCopyValidator(app, { organizationId: 'o-a1b2c3d4e5' }));
 * ```
 *
 * - Each finding is one violation: `ruleName` is the rule id (`CAB-...`), `description` the full
 *   message, `fix` how to fix it and the AWS documentation page, `severity` `error` or `warning`.
 *   The violating resource is the CloudFormation resource (template path and logical id) of the
 *   construct to change, or its construct path when it has none.
 * - Errors fail the report (`success: false`). Outside the CDK CLI, aws-cdk-lib then sets the exit
 *   code of the app to 1 (releases writing `policy-validation-report.json`) or throws
 *   `ValidationFailed` (releases writing `validation-report.json`). The CDK CLI sets the context
 *   `@aws-cdk/core:failSynthOnValidationErrors` to `false` and reads `validation-report.json`
 *   itself; on releases that write the old file, which that CLI ignores, the plugin fails
 *   synthesis with one validation error per finding instead, and warns
 *   (`CrossAccountCopyValidator::report-ignored`) that it did. Errors on constructs inside a
 *   nested `Stage` always fail synthesis that way (the CLI reports only the selected stacks).
 *   Warnings (`CAB-UNVERIFIABLE`: what synth cannot know) are violations with severity `warning`
 *   that do not fail the report.
 * - Acknowledge a finding as for the aspect, on the construct or an ancestor:
 *   `Validations.of(scope).acknowledge({ id: 'CAB-KEY-POLICY', reason })`. Acknowledging
 *   `CrossAccountCopyValidator::CAB-KEY-POLICY` instead makes CDK drop that rule's violations in
 *   the whole app.
 * - Unless `report` is `false`, the plugin also writes `cross-account-backup-report.json` and `.md`
 *   into the assembly directory of `scope`. It does so during the validation phase of synthesis
 *   (plugins may not modify the assembly), and the violations come from that same run of the checks.
 */
export class CrossAccountCopyValidator implements IPolicyValidationPlugin {
  /** The name of the plugin in CDK's validation report and in plugin-qualified acknowledgements. */
  public static readonly PLUGIN_NAME: string = 'CrossAccountCopyValidator';

  /** The name of the plugin in CDK's validation report. */
  public readonly name: string = CrossAccountCopyValidator.PLUGIN_NAME;

  /** The version of this library. */
  public readonly version?: string = GENERATOR_VERSION;

  /** The ids of the rules the plugin evaluates. */
  public readonly ruleIds?: string[] = RuleIds.all();

  private readonly scope: IConstruct;
  private readonly checks: CrossAccountCopyChecks;
  /** The result of the run of the validation phase, consumed by the next `validate`. */
  private pending?: CheckResult;

  /**
   * @param scope the App (or Stage) whose constructs are checked; normally the App the plugin is added to
   * @param props the same options as the `CrossAccountCopyChecks` aspect
   */
  constructor(scope: IConstruct, props: CrossAccountCopyChecksProps = {}) {
    this.scope = scope;
    this.checks = new CrossAccountCopyChecks(props);
    scope.node.addValidation({
      validate: () => {
        this.pending = this.checks._run(scope);
        if (this.checks._report) writeReport(scope, this.pending);
        const reportIgnored = cliIgnoresPluginReport(scope);
        if (reportIgnored) {
          // on a stack: the CLI shows the annotations of stacks only
          const stack = Stack.isStack(scope) ? scope : scope.node.findAll().find(c => Stack.isStack(c)) ?? scope;
          Annotations.of(stack).addWarningV2(`${CrossAccountCopyValidator.PLUGIN_NAME}::report-ignored`, REPORT_IGNORED_WARNING);
        }
        return errorsThatFailSynthesis(scope, this.pending, reportIgnored);
      },
    });
  }

  /**
   * Runs the checks on the construct tree of `scope` (or takes the run of the validation phase)
   * and reports the findings as violations of the templates in `context`.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const result = this.pending ?? this.checks._run(this.scope);
    this.pending = undefined;
    const templatePaths = new Set(context.templatePaths.map(p => path.resolve(p)));
    const violations = result.findings.map(f => this.toViolation(f, result, templatePaths));
    const errors = result.findings.filter(f => f.severity === 'error').length;
    return {
      success: errors === 0,
      violations,
      pluginVersion: this.version,
      metadata: {
        routes: String(result.model.routes.length),
        errors: String(errors),
        warnings: String(result.findings.length - errors),
        acknowledged: String(result.acknowledged.length),
        ...(this.checks._report ? { report: REPORT_JSON_FILE_NAME } : {}),
      },
    };
  }

  private toViolation(f: Finding, result: CheckResult, templatePaths: Set<string>): PolicyViolation {
    const target = resolveTarget(this.scope, f, result.constructs);
    const ruleMetadata: Record<string, string> = { constructPath: f.constructPath || target.node.path, docUrl: f.docUrl };
    if (f.routeId) ruleMetadata.routeId = f.routeId;
    return {
      ruleName: f.ruleId,
      description: f.message,
      fix: f.fix ? `${f.fix} See ${f.docUrl}` : f.docUrl,
      severity: f.severity,
      ruleMetadata,
      violatingResources: [violatingResource(f, target, templatePaths)],
    };
  }
}

const REPORT_IGNORED_WARNING = 'CrossAccountCopyValidator: this aws-cdk-lib writes its policy validation report to '
  + 'policy-validation-report.json, which the CDK CLI (it sets @aws-cdk/core:failSynthOnValidationErrors to false) does not read: '
  + 'the plugin reports its errors as synthesis validation errors instead, and its warnings only in the report files. '
  + 'Upgrade aws-cdk-lib to a release that writes validation-report.json, or use the CrossAccountCopyChecks aspect.';

/**
 * True when the policy validation report of this aws-cdk-lib would be lost: the context
 * `@aws-cdk/core:failSynthOnValidationErrors` is `false` (the CDK CLI sets it and renders the report
 * itself) and this aws-cdk-lib writes the report under its old name, `policy-validation-report.json`
 * (releases without `cx-api`'s `VALIDATION_REPORT_FILE`), which that CLI does not read.
 */
function cliIgnoresPluginReport(scope: IConstruct): boolean {
  if (scope.node.tryGetContext(cxapi.FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT) !== false) return false;
  return (cxapi as Record<string, unknown>).VALIDATION_REPORT_FILE === undefined;
}

/** The CloudFormation resource of `target` (itself or its default child), else its construct path. */
function violatingResource(f: Finding, target: IConstruct, templatePaths: Set<string>): PolicyViolatingResource {
  const cfn = cfnResourceOf(target);
  if (!cfn) return { constructPath: target.node.path, locations: [] };
  const stack = Stack.of(cfn);
  return {
    resourceLogicalId: stack.resolve(cfn.logicalId),
    templatePath: templatePathOf(stack, templatePaths),
    locations: locationOf(f.ruleId, cfn.cfnResourceType),
  };
}

function cfnResourceOf(c: IConstruct): CfnResource | undefined {
  if (CfnResource.isCfnResource(c)) return c;
  const child = c.node.defaultChild;
  return child && CfnResource.isCfnResource(child) ? child : undefined;
}

/** The template of `stack`: the entry of the context's paths, else where CDK writes it. */
function templatePathOf(stack: Stack, templatePaths: Set<string>): string {
  const outdir = Stage.of(stack)?.outdir ?? '';
  const file = path.resolve(outdir, stack.templateFile);
  if (templatePaths.has(file)) return file;
  for (const p of templatePaths) {
    if (path.basename(p) === stack.templateFile) return p;
  }
  return file;
}

/** Where in the resource the fix goes, when a rule's finding on that resource type has one place (`RuleDefinition.locations`). */
const LOCATIONS = new Map(RULES.map(r => [r.id, r.locations ?? {}]));

function locationOf(ruleId: string, cfnType: string): string[] {
  if (cfnType === 'AWS::Backup::BackupPlan') return ['Properties/BackupPlan/BackupPlanRule'];
  const location = LOCATIONS.get(ruleId)?.[cfnType];
  return location ? [location] : [];
}
