/**
 * Writes `cross-account-backup-report.json` and `.md` into the cloud assembly. Not part of the jsii API.
 *
 * Called during the validation phase of synthesis, from the run of the checks that also produced the
 * annotations (no second model build). That phase runs before CDK writes the templates and before
 * policy validation plugins fingerprint the assembly, so the files are part of the assembly those see.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { renderJsonReport, stringifyJsonReport } from './render-json';
import { renderMarkdownReport } from './render-markdown';
import { REPORT_JSON_FILE_NAME, REPORT_MARKDOWN_FILE_NAME, ReportJson } from './report-schema';
import { withAcknowledgementReasons } from '../checks/acknowledgement-reasons';
import type { CheckResult } from '../checks/engine';
import type { CheckOptions } from '../checks/model/types';

/**
 * The assembly directory the report of checks run on `scope` goes to: the outdir of `scope` when it
 * is an App or Stage, else of the Stage (or App) that contains it. A nested Stage's outdir is its
 * own nested assembly (`<app outdir>/assembly-<path>`). `undefined` for a tree without any Stage.
 */
export function reportOutdir(scope: IConstruct): string | undefined {
  const stage = Stage.isStage(scope) ? scope : Stage.of(scope);
  return stage?.outdir;
}

/** The report of one run of the checks on `scope`, with the reasons of the acknowledgements. */
export function reportOf(scope: IConstruct, result: CheckResult, options: CheckOptions): ReportJson {
  return renderJsonReport({
    model: result.model,
    findings: result.findings,
    acknowledged: withAcknowledgementReasons(scope, result),
    options,
  });
}

/**
 * Writes both report files for checks run on `scope` into its assembly directory (created when
 * missing). Returns the paths written, or `undefined` when `scope` is in no Stage.
 */
export function writeReport(scope: IConstruct, result: CheckResult, options: CheckOptions): { json: string; markdown: string } | undefined {
  const outdir = reportOutdir(scope);
  if (outdir === undefined) return undefined;
  const report = reportOf(scope, result, options);
  fs.mkdirSync(outdir, { recursive: true });
  const json = path.join(outdir, REPORT_JSON_FILE_NAME);
  const markdown = path.join(outdir, REPORT_MARKDOWN_FILE_NAME);
  fs.writeFileSync(json, stringifyJsonReport(report));
  fs.writeFileSync(markdown, renderMarkdownReport(report));
  return { json, markdown };
}
