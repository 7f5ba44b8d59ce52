/**
 * `npx projen examples`: synthesizes both example apps and prints, for each, its copy routes and
 * what CrossAccountCopyChecks found. Exits 0 when both behave as documented:
 *
 * - organization: no error (so `cdk synth` succeeds);
 * - mistakes: every CAB-* rule id exactly once, each on the construct to change.
 *
 * The full messages are in the reports written next to the templates
 * (`examples/<name>/cdk.out/cross-account-backup-report.md` and `.json`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects } from 'aws-cdk-lib';
import { CrossAccountCopyChecks, CrossAccountCopyChecksProps, RuleIds } from '../src';
import { buildMistakesApp, EXPECTED_FINDINGS, mistakesChecksProps } from './mistakes/app';
import { buildOrganizationApp, organizationChecksProps } from './organization/app';
import type { CheckResult } from '../src/checks/engine';
import { shortForm, type Finding } from '../src/checks/finding';
import type { CheckOptions } from '../src/checks/model/types';
import { WIDTH, wrap } from '../src/frontends/cli/render-text';
import { renderJsonReport, stringifyJsonReport } from '../src/report/render-json';
import { renderMarkdownReport } from '../src/report/render-markdown';
import { REPORT_JSON_FILE_NAME, REPORT_MARKDOWN_FILE_NAME } from '../src/report/report-schema';

/** One synthesized example. */
export interface ExampleRun {
  readonly name: string;
  readonly app: App;
  readonly outdir: string;
  readonly result: CheckResult;
  readonly options: CheckOptions;
  /** Error annotations in the cloud assembly from anything but the checks (should be none). */
  readonly otherErrors: string[];
  /** Warning annotations in the cloud assembly from anything but the checks (should be none). */
  readonly otherWarnings: string[];
}

/** What the run concluded about one example. */
export interface Verdict {
  readonly ok: boolean;
  /** The summary line, e.g. `organization: 0 errors, 0 warnings — synth succeeds`. */
  readonly summary: string;
  /** One line per deviation from the expected behaviour. */
  readonly deviations: string[];
}

/** Builds and synthesizes an example app, and returns what the checks saw and found. */
export function runExample(name: string, build: (outdir: string) => App, props: CrossAccountCopyChecksProps, outdir: string): ExampleRun {
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = build(outdir);
  const assembly = app.synth();
  const checks = Aspects.of(app).all.find((a): a is CrossAccountCopyChecks => a instanceof CrossAccountCopyChecks);
  const result = checks?._lastResult();
  if (!result) throw new Error(`${name}: the app has no CrossAccountCopyChecks aspect, or the checks did not run`);
  // Annotations of the checks start with their rule id; anything else comes from elsewhere.
  const others = assembly.stacks.flatMap(s => s.messages)
    .filter(m => !/^CAB-[A-Z-]+: /.test(String(m.entry.data)))
    .map(m => ({ level: m.level, text: `${m.id}: ${String(m.entry.data)}` }));
  return {
    name,
    app,
    outdir,
    result,
    options: checkOptions(props),
    otherErrors: others.filter(m => m.level === 'error').map(m => m.text),
    otherWarnings: others.filter(m => m.level === 'warning').map(m => m.text),
  };
}

/** The options as the rules see them (what the aspect derives from its props). */
function checkOptions(props: CrossAccountCopyChecksProps): CheckOptions {
  return {
    organizationId: props.organizationId,
    organizationAccounts: props.organizationAccounts,
    dynamoDbAdvancedFeatures: props.dynamoDbAdvancedFeatures ?? false,
    allowSingleActionCrossRegionCrossAccount: props.allowSingleActionCrossRegionCrossAccount ?? false,
    tagPolicy: props.tagPolicy?._toEvaluator(),
  };
}

/**
 * The report files in the cloud assembly. When the checks did not write them, they are rendered
 * here from the checks' result, with the same renderers.
 */
export function ensureReports(run: ExampleRun): { json: string; markdown: string } {
  const json = path.join(run.outdir, REPORT_JSON_FILE_NAME);
  const markdown = path.join(run.outdir, REPORT_MARKDOWN_FILE_NAME);
  if (!fs.existsSync(json) || !fs.existsSync(markdown)) {
    const report = renderJsonReport({
      model: run.result.model,
      findings: run.result.findings,
      acknowledged: run.result.acknowledged,
      options: run.options,
    });
    fs.writeFileSync(json, stringifyJsonReport(report));
    fs.writeFileSync(markdown, renderMarkdownReport(report));
  }
  return { json, markdown };
}

const errorsOf = (findings: readonly Finding[]) => findings.filter(f => f.severity === 'error');
const warningsOf = (findings: readonly Finding[]) => findings.filter(f => f.severity === 'warning');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The organization example must have no error, from the checks or from anything else. */
export function judgeOrganization(run: ExampleRun): Verdict {
  const errors = errorsOf(run.result.findings);
  const warnings = warningsOf(run.result.findings);
  const deviations = [
    ...errors.map(f => `organization: unexpected error ${f.ruleId} on ${f.constructPath}`),
    ...run.otherErrors.map(e => `organization: unexpected error annotation ${e.slice(0, 160)}`),
  ];
  const ok = deviations.length === 0;
  return {
    ok,
    summary: `organization: ${plural(errors.length + run.otherErrors.length, 'error')}, ${plural(warnings.length, 'warning')} — `
      + (ok ? 'synth succeeds' : '`cdk synth` would FAIL'),
    deviations,
  };
}

/**
 * The mistakes example must report every rule id of a copy failure exactly once, on the construct to
 * change (CAB-DUPLICATE-BACKUP, a cost warning, is not among its mistakes).
 */
export function judgeMistakes(run: ExampleRun): Verdict {
  const findings = run.result.findings;
  const deviations: string[] = [];
  for (const id of RuleIds.all().filter(x => x !== RuleIds.DUPLICATE_BACKUP)) {
    const hits = findings.filter(f => f.ruleId === id);
    if (hits.length !== 1) {
      deviations.push(`mistakes: ${id} reported ${hits.length} times (expected once)${hits.length ? `: ${hits.map(f => f.constructPath).join(', ')}` : ''}`);
    } else if (EXPECTED_FINDINGS[id] !== undefined && hits[0].constructPath !== EXPECTED_FINDINGS[id]) {
      deviations.push(`mistakes: ${id} reported on ${hits[0].constructPath}, expected on ${EXPECTED_FINDINGS[id]}`);
    }
  }
  const known = new Set(RuleIds.all());
  for (const f of findings.filter(x => !known.has(x.ruleId))) deviations.push(`mistakes: unknown rule id ${f.ruleId} on ${f.constructPath}`);
  for (const e of run.otherErrors) deviations.push(`mistakes: unexpected error annotation ${e.slice(0, 160)}`);
  const errors = errorsOf(findings).length + run.otherErrors.length;
  const ok = deviations.length === 0;
  return {
    ok,
    summary: `mistakes: ${plural(findings.length, 'finding')}, ${ok ? 'each rule id once' : 'NOT each rule id once'} — `
      + `\`cdk synth\` would fail with ${plural(errors, 'error')}`,
    deviations,
  };
}

// ---------------------------------------------------------------------------------------------
// Printing

const useColor = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: string) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const red = paint('31');
const green = paint('32');
const yellow = paint('33');

/** The printed section of one example. */
export function describeRun(run: ExampleRun, verdict: Verdict, reports?: { json: string; markdown: string }): string[] {
  const out: string[] = [];
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  const { model, findings, acknowledged } = run.result;
  out.push(bold(`━━ ${run.name} ${'━'.repeat(Math.max(3, WIDTH - run.name.length - 4))}`));
  out.push(dim(`examples/${run.name}/app.ts, synthesized into ${rel(run.outdir)}`));
  out.push('');

  // Copy routes, one line each.
  const routes = [...model.routes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const status = new Map<string, 'error' | 'warning'>();
  const routeRules = new Map<string, string[]>();
  for (const f of findings) {
    if (!f.routeId) continue;
    if (status.get(f.routeId) !== 'error') status.set(f.routeId, f.severity);
    routeRules.set(f.routeId, [...new Set([...(routeRules.get(f.routeId) ?? []), f.ruleId])]);
  }
  const end = (e: { env: { account?: string; region?: string }; name?: string; id: string }) =>
    `${e.env.account ?? '?'}/${e.env.region ?? '?'}/${e.name ?? e.id}`;
  const rows = routes.map(r => {
    const flags = [r.crossAccount ? 'cross-account' : undefined, r.crossRegion ? 'cross-Region' : undefined]
      .filter(x => x).join(' + ') || 'same account and Region';
    const mark = status.get(r.id) === 'error' ? red('✖') : status.get(r.id) === 'warning' ? yellow('!') : green('✔');
    return {
      mark,
      from: end({ env: r.source.env, name: r.source.vault.name, id: r.source.vault.id }),
      to: end({ env: r.destination.env, name: r.destination.name, id: r.destination.id }),
      count: plural(r.resources.length, 'resource'),
      flags,
      rules: (routeRules.get(r.id) ?? []).join(' '),
    };
  });
  const w = (k: 'from' | 'to' | 'count') => Math.max(0, ...rows.map(r => r[k].length));
  out.push(bold(`Copy routes (${routes.length})`));
  for (const r of rows) {
    const line = `  ${r.mark} ${r.from.padEnd(w('from'))} → ${r.to.padEnd(w('to'))}  ${r.count.padEnd(w('count'))}  ${r.flags}`;
    out.push(line);
    if (r.rules) out.push(`    ${dim(`↳ ${r.rules}`)}`);
  }
  out.push('');

  // Findings, grouped by rule id in rule order.
  const byRule = new Map<string, Finding[]>();
  for (const id of RuleIds.all()) byRule.set(id, []);
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const errors = errorsOf(findings).length;
  const warnings = warningsOf(findings).length;
  out.push(bold(`Findings (${findings.length === 0 ? 'none' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`})`));
  for (const [id, list] of byRule) {
    for (const f of list) {
      const sev = f.severity === 'error' ? red('error  ') : yellow('warning');
      out.push(`  ${bold(id.padEnd(20))} ${sev}  ${f.constructPath}`);
      out.push(...wrap(shortForm(f), '      ').map(dim));
    }
  }
  if (acknowledged.length > 0) out.push(dim(`  (${plural(acknowledged.length, 'acknowledged finding')} not shown)`));
  for (const e of run.otherErrors) out.push(`  ${red('error')} (not from the checks) ${e.slice(0, 200)}`);
  for (const e of run.otherWarnings) out.push(`  ${yellow('warning')} (not from the checks) ${e.slice(0, 200)}`);
  out.push('');

  if (reports) {
    out.push(`${bold('Report')}  ${rel(reports.markdown)}  ${dim('(tables per route, Mermaid diagram)')}`);
    out.push(`        ${rel(reports.json)}`);
    out.push('');
  }
  out.push(verdict.ok ? green(`✔ ${verdict.summary}`) : red(`✖ ${verdict.summary}`));
  for (const d of verdict.deviations) out.push(red(`  deviation: ${d}`));
  out.push('');
  return out;
}

function main(): number {
  const root = __dirname;
  const runs: Array<[ExampleRun, Verdict]> = [];
  for (const [name, build, props, judge] of [
    ['organization', buildOrganizationApp, organizationChecksProps(), judgeOrganization],
    ['mistakes', buildMistakesApp, mistakesChecksProps(), judgeMistakes],
  ] as const) {
    const run = runExample(name, build, props, path.join(root, name, 'cdk.out'));
    const verdict = judge(run);
    const reports = ensureReports(run);
    console.log(describeRun(run, verdict, reports).join('\n'));
    runs.push([run, verdict]);
  }
  const failed = runs.filter(([, v]) => !v.ok);
  if (failed.length > 0) {
    console.log(red(bold(`✖ ${failed.map(([r]) => r.name).join(' and ')} did not behave as documented:`)));
    for (const [, v] of failed) for (const d of v.deviations) console.log(red(`  ${d}`));
    return 1;
  }
  console.log(green(bold('✔ Both examples behave as documented.')));
  return 0;
}

if (require.main === module) {
  process.exitCode = main();
}

