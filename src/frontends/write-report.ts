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
import { withAcknowledgementReasons } from './acknowledgements';
import type { CheckResult } from '../checks/engine';
import { emitJsonReport, renderJsonReport } from '../report/render-json';
import { renderMarkdownReport } from '../report/render-markdown';
import { REPORT_JSON_FILE_NAME, REPORT_MARKDOWN_FILE_NAME, ReportJson } from '../report/report-schema';

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
export function reportOf(scope: IConstruct, result: CheckResult): ReportJson {
  return renderJsonReport({
    model: result.model,
    findings: result.findings,
    acknowledged: withAcknowledgementReasons(scope, result),
    options: result.options,
  });
}

/**
 * The file names of the report of checks run on `scope`: `cross-account-backup-report.json` and
 * `.md` when `scope` is an App or Stage (it has an assembly directory of its own), else the same
 * names with the construct path of `scope` (relative to its Stage, `/` as `-`) before the
 * extension, so that checks on two scopes of one assembly (two Stacks, or the App and a Stack)
 * never write into one file.
 */
export function reportFileNames(scope: IConstruct): { json: string; markdown: string } {
  if (Stage.isStage(scope)) return { json: REPORT_JSON_FILE_NAME, markdown: REPORT_MARKDOWN_FILE_NAME };
  const stage = Stage.of(scope);
  const stagePath = stage?.node.path ?? '';
  const rel = stagePath && scope.node.path.startsWith(`${stagePath}/`) ? scope.node.path.slice(stagePath.length + 1) : scope.node.path;
  const suffix = rel.replace(/\//g, '-').replace(/[^A-Za-z0-9._-]/g, '_');
  const insert = (name: string) => name.replace(/(\.[a-z]+)$/, `-${suffix}$1`);
  return { json: insert(REPORT_JSON_FILE_NAME), markdown: insert(REPORT_MARKDOWN_FILE_NAME) };
}

/**
 * Writes both report files for checks run on `scope` into its assembly directory (created when
 * missing), under {@link reportFileNames}. Returns the paths written, or `undefined` when `scope`
 * is in no Stage. A path that cannot be written (a directory, a read-only file or directory) is an
 * error naming the path and the fix.
 */
export function writeReport(scope: IConstruct, result: CheckResult): { json: string; markdown: string } | undefined {
  const outdir = reportOutdir(scope);
  if (outdir === undefined) return undefined;
  const report = reportOf(scope, result);
  const names = reportFileNames(scope);
  const json = path.join(outdir, names.json);
  const markdown = path.join(outdir, names.markdown);
  // The JSON in pieces: at 30,000 resources its text is 18 MB, which need not exist as one string.
  writeFile(outdir, json, (emit) => emitJsonReport(report, emit), true);
  writeFile(outdir, markdown, (emit) => emit(renderMarkdownReport(report)), false);
  return { json, markdown };
}

/** Writes `file` from the pieces `write` emits, in order (the file is replaced). */
function writeFile(outdir: string, file: string, write: (emit: (piece: string) => void) => void, createDir: boolean): void {
  try {
    if (createDir) fs.mkdirSync(outdir, { recursive: true });
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
      throw Object.assign(new Error(`${file} is a directory`), { code: 'EISDIR' });
    }
    const fd = fs.openSync(file, 'w');
    try {
      write((piece) => writeAll(fd, Buffer.from(piece, 'utf8')));
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw new Error(reportWriteError(file, e as NodeJS.ErrnoException));
  }
}

/** `fs.writeSync` until every byte of `bytes` is written (one call may write less). */
function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}

/** One sentence: what could not be written, why, and what to do. */
export function reportWriteError(file: string, e: NodeJS.ErrnoException): string {
  const fix = 'or set `report: false` on CrossAccountCopyChecks / CrossAccountCopyValidator to write no report';
  switch (e.code) {
    case 'EISDIR':
      return `Cannot write the copy-route report to ${file}: a directory of that name is in the way; remove it (rm -r '${file}'), ${fix}.`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Cannot write the copy-route report to ${file}: permission denied (${e.code}); make the file and its directory writable (chmod u+w), remove the file, ${fix}.`;
    case 'ENOTDIR':
      return `Cannot write the copy-route report to ${file}: a file is in the way of its directory (${e.code}); remove it, ${fix}.`;
    default:
      return `Cannot write the copy-route report to ${file}: ${e.message}; ${fix}.`;
  }
}
