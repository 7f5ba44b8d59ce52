/**
 * The default output of `check`: the copy routes, then the findings grouped by rule id, each with
 * its construct path, its template location and its short form, `<summary> Fix: <short fix>` (as the
 * examples print them, `npx projen examples`).
 */
import { fileURLToPath } from 'url';
import type { CheckResult } from '../../checks/engine';
import { shortForm, type Finding } from '../../checks/finding';
import { RuleIds } from '../../checks/rule-ids';
import type { SarifLocation } from '../../report/render-sarif';

/** The width of the text output (and of the examples' output). */
export const WIDTH = 100;

export interface TextInput {
  readonly result: Pick<CheckResult, 'model' | 'findings' | 'acknowledged'>;
  readonly locate: (f: Finding) => SarifLocation;
  /** What was checked, for the heading (`cdk.out`, or the template files). */
  readonly checked: string;
  readonly stackCount: number;
  readonly color: boolean;
  /** Print whole messages rather than their short forms. */
  readonly verbose?: boolean;
}

export function renderText(input: TextInput): string {
  const paint = (code: string) => (text: string) => (input.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const bold = paint('1');
  const dim = paint('2');
  const red = paint('31');
  const green = paint('32');
  const yellow = paint('33');
  const { model, findings, acknowledged } = input.result;
  const out: string[] = [];
  out.push(bold(`cdk-cross-account-backup check: ${input.checked} (${plural(input.stackCount, 'stack')})`));
  out.push('');

  const status = new Map<string, 'error' | 'warning'>();
  const routeRules = new Map<string, Set<string>>();
  for (const f of findings) {
    if (!f.routeId) continue;
    if (status.get(f.routeId) !== 'error') status.set(f.routeId, f.severity);
    const set = routeRules.get(f.routeId) ?? new Set<string>();
    set.add(f.ruleId);
    routeRules.set(f.routeId, set);
  }
  const end = (e: { env: { account?: string; region?: string }; name?: string; id: string }) =>
    `${e.env.account ?? '?'}/${e.env.region ?? '?'}/${e.name ?? e.id}`;
  const routes = [...model.routes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows = routes.map(r => ({
    mark: status.get(r.id) === 'error' ? red('✖') : status.get(r.id) === 'warning' ? yellow('!') : green('✔'),
    from: end({ env: r.source.env, name: r.source.vault.name, id: r.source.vault.id }),
    to: end({ env: r.destination.env, name: r.destination.name, id: r.destination.id }),
    count: plural(r.resources.length, 'resource'),
    flags: [r.crossAccount ? 'cross-account' : undefined, r.crossRegion ? 'cross-Region' : undefined].filter(x => x).join(' + ')
      || (r.crossAccount === undefined || r.crossRegion === undefined ? 'accounts or Regions unknown' : 'same account and Region'),
    rules: [...(routeRules.get(r.id) ?? [])].join(' '),
  }));
  const w = (k: 'from' | 'to' | 'count') => Math.max(0, ...rows.map(r => r[k].length));
  out.push(bold(`Copy routes (${routes.length})`));
  for (const r of rows) {
    out.push(`  ${r.mark} ${r.from.padEnd(w('from'))} → ${r.to.padEnd(w('to'))}  ${r.count.padEnd(w('count'))}  ${r.flags}`);
    if (r.rules) out.push(`    ${dim(`↳ ${r.rules}`)}`);
  }
  out.push('');

  const errors = findings.filter(f => f.severity === 'error').length;
  const warnings = findings.length - errors;
  out.push(bold(`Findings (${findings.length === 0 ? 'none' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`})`));
  const order = new Map(RuleIds.all().map((id, i) => [id, i]));
  const sorted = [...findings].sort((a, b) => (order.get(a.ruleId) ?? 99) - (order.get(b.ruleId) ?? 99)
    || (a.constructPath < b.constructPath ? -1 : a.constructPath > b.constructPath ? 1 : 0));
  for (const f of sorted) {
    const sev = f.severity === 'error' ? red('error  ') : yellow('warning');
    out.push(`  ${bold(f.ruleId.padEnd(20))} ${sev}  ${f.constructPath}`);
    const loc = input.locate(f);
    if (loc.uri !== undefined) {
      const file = loc.uri.startsWith('file:') ? fileURLToPath(loc.uri) : loc.uri;
      out.push(dim(`      ${file}${loc.line !== undefined ? `:${loc.line}` : ''}${loc.logicalId !== undefined ? ` (${loc.logicalId})` : ''}`));
    }
    const text = input.verbose ? f.message : shortForm(f);
    out.push(...wrap(text, '      ').map(dim));
  }
  if (acknowledged.length > 0) out.push(dim(`  (${plural(acknowledged.length, 'acknowledged finding')} not shown)`));
  out.push('');
  out.push(errors > 0
    ? red(`✖ ${plural(errors, 'error')}: these copy jobs would fail.`)
    : green(`✔ no errors${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}.`));
  return `${out.join('\n')}\n`;
}

/** `text` broken into lines of at most the output width, each starting with `indent`. */
export function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
