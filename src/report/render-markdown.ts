/**
 * Renders the human-readable report `cross-account-backup-report.md` from the JSON report, so the
 * two never disagree: a summary, the Mermaid diagram of the copy routes, a section with a table per
 * route (what was checked, the resources, their keys, the findings), then all findings, the
 * acknowledged ones, what could not be checked, the vaults and the keys.
 *
 * Everything the user named (construct paths, vault names, tags, ARNs) is written as code spans,
 * so no name can break a table or inject Markdown or HTML.
 */
import { renderMermaidDiagram } from './mermaid';
import {
  REPORT_JSON_FILE_NAME,
  ReportCheckResult,
  ReportFinding,
  ReportJson,
  ReportKeyRef,
  ReportResource,
  ReportRoute,
  ReportRouteEnd,
  ReportVault,
} from './report-schema';

const RESULT_MARK: Record<ReportCheckResult, string> = {
  'error': '❌',
  'warning': '⚠️',
  'acknowledged': '🔕',
  'skipped': '❔',
  'no-finding': '✅',
};

/** Above this many routes, the sections of routes without findings are folded (`<details>`). */
export const MAX_EXPANDED_ROUTES = 25;

const STATUS_MARK: Record<ReportRoute['findings']['status'], string> = {
  error: '❌',
  warning: '⚠️',
  ok: '✅',
};

export function renderMarkdownReport(report: ReportJson): string {
  const out: string[] = [];
  const s = report.summary;

  out.push('# Cross-account backup report', '');
  out.push(
    `Written by ${inlineCode(report.generator.name)} ${inlineCode(report.generator.version)} ` +
      `(report schema ${report.schemaVersion})${report.generatedAt ? ` at ${report.generatedAt}` : ''}. ` +
      `The same content, machine-readable: ${inlineCode(REPORT_JSON_FILE_NAME)}.`,
    '',
  );
  out.push(
    s.passed
      ? `> ✅ **No errors** on ${plural(s.routes, 'copy route')}${s.warnings ? `; ${plural(s.warnings, 'warning')}` : ''}.`
      : `> ❌ **${plural(s.errors, 'error')}** on ${plural(s.routesWithErrors, 'copy route')} of ${s.routes}` +
          `${s.warnings ? `; ${plural(s.warnings, 'warning')}` : ''}. These copy jobs would fail after deployment.`,
    '',
  );

  renderSummary(report, out);
  renderDiagram(report, out);
  renderRoutes(report, out);
  renderFindings(report, out);
  renderUnverifiable(report, out);
  renderVaults(report, out);
  renderKeys(report, out);
  renderOptions(report, out);

  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function renderSummary(report: ReportJson, out: string[]): void {
  const s = report.summary;
  out.push('## Summary', '');
  out.push(
    '| Copy routes | Cross-account | Cross-Region | Resources | Vaults | Errors | Warnings | Acknowledged | Not checked |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${s.routes} | ${s.crossAccountRoutes} | ${s.crossRegionRoutes} | ${s.resources} | ${s.vaults} | ${s.errors} | ${s.warnings} | ${s.acknowledged} | ${s.unverifiable} |`,
    '',
  );
  out.push('| Rule | Errors | Warnings | Acknowledged |', '|---|---:|---:|---:|');
  for (const [ruleId, c] of Object.entries(s.byRule)) {
    out.push(`| ${inlineCode(ruleId)} | ${c.errors} | ${c.warnings} | ${c.acknowledged} |`);
  }
  out.push('');
}

function renderDiagram(report: ReportJson, out: string[]): void {
  out.push('## Copy routes diagram', '');
  if (report.routes.length === 0) {
    out.push('No copy routes: no backup plan rule in this app copies to another vault.', '');
    return;
  }
  out.push(
    'Accounts and Regions are boxes, vaults are cylinders, arrows are copy actions labelled with their plan rules. ' +
      'Red: errors; yellow: warnings (with their rule ids); dashed: a vault outside this app.',
    '',
  );
  out.push('```mermaid', renderMermaidDiagram(report), '```', '');
}

function renderRoutes(report: ReportJson, out: string[]): void {
  if (report.routes.length === 0) return;
  out.push('## Copy routes', '');
  out.push('| | Route | From | To | Findings |', '|---|---|---|---|---|');
  for (const r of report.routes) {
    out.push(
      `| ${STATUS_MARK[r.findings.status]} | ${inlineCode(r.planPath)} rule ${inlineCode(r.ruleName)} | ${endText(r.source)} | ${endText(r.destination)} | ${ruleIdList(r.findings.ruleIds)} |`,
    );
  }
  out.push('');
  out.push(
    `Checks: ${RESULT_MARK['no-finding']} no finding, ${RESULT_MARK.error} error, ${RESULT_MARK.warning} warning, ` +
      `${RESULT_MARK.acknowledged} acknowledged, ${RESULT_MARK.skipped} not checked (see "Not checked").`,
    '',
  );

  const vaultsById = new Map(report.vaults.map((v) => [v.id, v]));
  const findingsByRoute = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    if (f.routeId === undefined) continue;
    const list = findingsByRoute.get(f.routeId);
    if (list) list.push(f);
    else findingsByRoute.set(f.routeId, [f]);
  }
  const collapseClean = report.routes.length > MAX_EXPANDED_ROUTES;
  if (collapseClean) {
    out.push(`Routes without findings are folded (${report.routes.length} routes); open them to see what was checked.`, '');
  }
  for (const route of report.routes) {
    const fold = collapseClean && route.findings.status === 'ok';
    if (fold) out.push('<details>', `<summary>${STATUS_MARK.ok} ${escapeHtml(route.id)}</summary>`, '');
    renderRoute(route, findingsByRoute.get(route.id) ?? [], vaultsById, out);
    if (fold) out.push('</details>', '');
  }
}

function renderRoute(route: ReportRoute, routeFindings: ReportFinding[], vaultsById: Map<string, ReportVault>, out: string[]): void {
  out.push(`### ${STATUS_MARK[route.findings.status]} ${inlineCode(route.id)}`, '');
  out.push(`- **Plan:** ${inlineCode(route.planPath)}${route.planName ? ` (${inlineCode(route.planName)})` : ''}, rule ${inlineCode(route.ruleName)}`);
  if (route.policy) {
    const p = route.policy;
    out.push(`- **Backup policy:** ${inlineCode(p.policyName)} attached to ${inlineCode(p.targetId)}, in account ${inlineCode(p.account)} ${inlineCode(p.region)}`);
  }
  out.push(`- **From:** ${endText(route.source)}`);
  out.push(`- **To:** ${endText(route.destination)}${vaultKeyText(vaultsById.get(route.destination.vault.id))}`);
  out.push(
    `- **Copy:** ${yesNo(route.crossAccount, 'cross-account', 'same account', 'accounts unknown')}, ` +
      `${yesNo(route.crossRegion, 'cross-Region', 'same Region', 'Regions unknown')}` +
      `${route.continuousBackup ? ', continuous backup' : ''}${lifecycleText(route)}`,
  );
  out.push(`- **Checks:** ${route.checks.map((c) => `${RESULT_MARK[c.result]} ${c.ruleId}`).join(' · ')}`);
  if (route.unresolvedSelections.length > 0) {
    out.push(`- **Not checked** (may select resources outside this app): ${route.unresolvedSelections.map((e) => inlineCode(e)).join(', ')}`);
  }
  out.push('');

  if (route.resources.length === 0) {
    out.push('No resource of this app is selected by the plan.', '');
  } else {
    out.push('| Resource | Type | Encrypted | Key | Findings |', '|---|---|---|---|---|');
    for (const res of route.resources) {
      const onResource = routeFindings.filter((f) => attachesTo(f, res));
      out.push(
        `| ${inlineCode(res.constructPath ?? res.arn ?? res.id)} | ${res.type}${res.cfnType ? ` (${inlineCode(res.cfnType)})` : ''} | ` +
          `${res.encrypted === undefined ? 'unknown' : res.encrypted ? 'yes' : 'no'} | ${keyText(res.key)} | ${findingMarks(onResource)} |`,
      );
    }
    out.push('');
  }
  for (const f of routeFindings) {
    out.push(`- ${findingLine(f)}`);
  }
  out.push('');
}

function renderFindings(report: ReportJson, out: string[]): void {
  out.push('## Findings', '');
  if (report.findings.length === 0) out.push('None.', '');
  for (const f of report.findings) {
    out.push(`- ${findingLine(f)}${f.routeId ? ` (route ${inlineCode(f.routeId)})` : ''}`);
  }
  out.push('');
  if (report.acknowledged.length > 0) {
    out.push('## Acknowledged', '');
    for (const f of report.acknowledged) {
      out.push(`- ${RESULT_MARK.acknowledged} ${findingLine(f, false)}${f.reason ? ` **Reason:** ${inlineText(f.reason)}` : ''}`);
    }
    out.push('');
  }
}

function renderUnverifiable(report: ReportJson, out: string[]): void {
  if (report.unverifiable.length === 0) return;
  out.push('## Not checked', '', 'What synth cannot know, so the rules listed did not check it (each is a `CAB-UNVERIFIABLE` warning unless acknowledged).', '');
  out.push('| Construct | What | Why | Rules skipped |', '|---|---|---|---|');
  for (const u of report.unverifiable) {
    out.push(`| ${inlineCode(u.constructPath)} | ${cell(u.subject)} | ${cell(u.reason)} | ${ruleIdList(u.skippedRules)} |`);
  }
  out.push('');
}

function renderVaults(report: ReportJson, out: string[]): void {
  if (report.vaults.length === 0) return;
  out.push('## Vaults', '');
  out.push('| Vault | Account | Region | In this app | Key | Access policy |', '|---|---|---|---|---|---|');
  for (const v of report.vaults) {
    out.push(
      `| ${inlineCode(v.constructPath ?? v.arn ?? v.id)}${v.name ? ` (${inlineCode(v.name)})` : ''} | ${orUnknown(v.account)} | ${orUnknown(v.region)} | ` +
        `${v.inApp ? 'yes' : 'no'} | ${v.inApp ? keyText(v.key) : 'unknown'} | ${v.accessPolicyKnown ? 'known' : v.inApp ? 'none' : 'unknown'} |`,
    );
  }
  out.push('');
}

function renderKeys(report: ReportJson, out: string[]): void {
  if (report.keys.length === 0) return;
  out.push('## Keys', '');
  out.push('| Key | Kind | Account | Region | Key policy |', '|---|---|---|---|---|');
  for (const k of report.keys) {
    out.push(`| ${inlineCode(k.id)} | ${k.kind} | ${orUnknown(k.account)} | ${orUnknown(k.region)} | ${k.policyKnown ? 'known' : 'unknown'} |`);
  }
  out.push('');
}

function renderOptions(report: ReportJson, out: string[]): void {
  const o = report.options;
  out.push('## Options', '');
  out.push(`- Organization: ${o.organizationId ? inlineCode(o.organizationId) : 'not declared'}`);
  if (o.organizationAccounts) out.push(`- Organization accounts: ${o.organizationAccounts.map((a) => inlineCode(a)).join(', ') || 'none'}`);
  out.push(`- DynamoDB advanced features: ${o.dynamoDbAdvancedFeatures === undefined ? 'not declared' : o.dynamoDbAdvancedFeatures ? 'on' : 'off'}`);
  if (o.allowSingleActionCrossRegionCrossAccount !== undefined) {
    out.push(`- Single-action cross-Region and cross-account copies allowed: ${o.allowSingleActionCrossRegionCrossAccount ? 'yes' : 'no'}`);
  }
  out.push(`- Tag policy: ${o.tagPolicy ? 'checked' : 'not given'}`);
  out.push('');
}

// ---------------------------------------------------------------------------------------------
// Pieces

function attachesTo(f: ReportFinding, res: ReportResource): boolean {
  const paths = [res.constructPath, res.key?.id].filter((p): p is string => p !== undefined);
  return paths.some((p) => f.constructPath === p || f.constructPath.startsWith(p + '/'));
}

function findingLine(f: ReportFinding, mark = true): string {
  // messages start with their rule id, which the line already shows in bold
  const prefix = `${f.ruleId}: `;
  const message = f.message.startsWith(prefix) ? f.message.slice(prefix.length) : f.message;
  return `${mark ? (f.severity === 'error' ? '❌' : '⚠️') + ' ' : ''}**${f.ruleId}** on ${inlineCode(f.constructPath)}: ${inlineText(message)}`;
}

function findingMarks(findings: ReportFinding[]): string {
  if (findings.length === 0) return '';
  return [...new Set(findings.map((f) => `${f.severity === 'error' ? '❌' : '⚠️'} ${f.ruleId}`))].join(', ');
}

function ruleIdList(ids: readonly string[]): string {
  return ids.length === 0 ? '' : ids.join(', ');
}

function endText(end: ReportRouteEnd): string {
  const vault = inlineCode(end.vault.name ?? end.vault.arn ?? end.vault.id);
  return `${orUnknown(end.account, 'account')} / ${orUnknown(end.region, 'Region')} / ${vault}${end.vault.inApp ? '' : ' (outside this app)'}`;
}

function vaultKeyText(vault: ReportVault | undefined): string {
  if (!vault || !vault.inApp) return '';
  return `, key ${keyText(vault.key)}`;
}

function keyText(key: ReportKeyRef | undefined): string {
  if (!key) return '';
  return key.alias ? `${key.kind} ${inlineCode(key.alias)}` : `${key.kind} ${inlineCode(key.id)}`;
}

function lifecycleText(route: ReportRoute): string {
  const l = route.copyLifecycle ?? route.ruleLifecycle;
  if (!l) return '';
  const parts: string[] = [];
  if (l.moveToColdStorageAfterDays !== undefined) parts.push(`cold storage after ${l.moveToColdStorageAfterDays} days`);
  if (l.deleteAfterDays !== undefined) parts.push(`deleted after ${l.deleteAfterDays} days`);
  if (parts.length === 0) return '';
  return `; copies: ${parts.join(', ')}${route.copyLifecycle ? '' : " (the rule's lifecycle)"}`;
}

function yesNo(value: boolean | undefined, yes: string, no: string, unknown: string): string {
  return value === undefined ? unknown : value ? `**${yes}**` : no;
}

function orUnknown(value: string | undefined, what?: string): string {
  return value ? inlineCode(value) : what ? `unknown ${what}` : 'unknown';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * An inline code span that holds any text: a fence longer than any backtick run inside, padded when
 * the text starts or ends with a backtick; `|` escaped (GFM tables split on it even in code spans).
 */
export function inlineCode(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Plain text that can sit in a list item or a table cell: URLs untouched (so they stay links),
 * Markdown and HTML punctuation escaped elsewhere.
 */
export function inlineText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .split(/(https?:\/\/[^\s|<>]+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\`*_[\]<>|#~&]/g, (ch) => `\\${ch}`)))
    .join('');
}

function escapeHtml(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return text.replace(/[&<>"']/g, (ch) => entities[ch]);
}

function cell(text: string): string {
  return inlineText(text);
}
