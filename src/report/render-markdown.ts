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
  ReportKey,
  ReportResource,
  ReportResourceGroup,
  ReportResourceSet,
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

/**
 * Size bounds of the Markdown report: a route's section shows its first
 * `MARKDOWN_LIMITS.resourceRows` resources (with counts by type and by selection, and where the
 * full list is in the JSON report) and its first `routeFindings` findings; a route that copies the
 * same resource set as an earlier one refers to that route's table; the lists of findings,
 * acknowledged findings, what was not checked, vaults and keys show their first `listEntries`
 * entries. So the report's size grows with the number of routes, never with the number of
 * resources a route copies (see {@link markdownSizeBound}).
 */
export const MARKDOWN_LIMITS = {
  resourceRows: 20,
  routeFindings: 5,
  listEntries: 200,
} as const;

/**
 * An upper bound of the Markdown report's length (characters) for messages of at most 2,000
 * characters and names (construct paths, ARNs) of at most 300: 64 KB plus, per route, its section
 * (header, the rows and finding lines above), its row in the route table and its part of the
 * diagram, plus the capped lists.
 */
export function markdownSizeBound(report: Pick<ReportJson, 'routes'>): number {
  const L = MARKDOWN_LIMITS;
  const perRoute = 4_000 + L.resourceRows * 1_000 + L.routeFindings * 2_400;
  const lists = 5 * L.listEntries * 2_400;
  return 64_000 + report.routes.length * perRoute + lists;
}

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
  const context: RouteContext = {
    vaultsById,
    resourcesById: new Map(report.resources.map((r) => [r.id, r])),
    keysById: new Map(report.keys.map((k) => [k.id, k])),
    setsById: new Map(report.resourceSets.map((set) => [set.id, set])),
    setUsers: new Map(),
    countsText: new Map(),
    selectedByText: new Map(),
  };
  for (const r of report.routes) context.setUsers.set(r.resourceSet, (context.setUsers.get(r.resourceSet) ?? 0) + 1);
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
  const shown = new Set<string>();
  for (const route of report.routes) {
    const fold = collapseClean && route.findings.status === 'ok';
    if (fold) out.push('<details>', `<summary>${STATUS_MARK.ok} ${escapeHtml(route.id)}</summary>`, '');
    renderRoute(route, findingsByRoute.get(route.id) ?? [], context, shown, out);
    if (fold) out.push('</details>', '');
  }
}

interface RouteContext {
  readonly vaultsById: Map<string, ReportVault>;
  readonly resourcesById: Map<string, ReportResource>;
  readonly keysById: Map<string, ReportKey>;
  readonly setsById: Map<string, ReportResourceSet>;
  /** Resource set id -> number of routes that copy it. */
  readonly setUsers: Map<string, number>;
  /** Resource set id -> its counts, as text. */
  readonly countsText: Map<string, string>;
  /** A `selectedBy` entry -> its inline code (the groups of a large app repeat a few entries thousands of times). */
  readonly selectedByText: Map<string, string>;
}

function renderRoute(route: ReportRoute, routeFindings: ReportFinding[], ctx: RouteContext, shownSets: Set<string>, out: string[]): void {
  out.push(`### ${STATUS_MARK[route.findings.status]} ${inlineCode(route.id)}`, '');
  out.push(`- **Plan:** ${inlineCode(route.planPath)}${route.planName ? ` (${inlineCode(route.planName)})` : ''}, rule ${inlineCode(route.ruleName)}`);
  if (route.policy) {
    const p = route.policy;
    out.push(`- **Backup policy:** ${inlineCode(p.policyName)} attached to ${inlineCode(p.targetId)}, in account ${inlineCode(p.account)} ${inlineCode(p.region)}`);
  }
  out.push(`- **From:** ${endText(route.source)}`);
  out.push(`- **To:** ${endText(route.destination)}${vaultKeyText(ctx.vaultsById.get(route.destination.vault.id), ctx.keysById)}`);
  out.push(
    `- **Copy:** ${yesNo(route.crossAccount, 'cross-account', 'same account', 'accounts unknown')}, ` +
      `${yesNo(route.crossRegion, 'cross-Region', 'same Region', 'Regions unknown')}` +
      `${route.continuousBackup ? ', continuous backup' : ''}${lifecycleText(route)}`,
  );
  out.push(`- **Checks:** ${route.checks.map((c) => `${RESULT_MARK[c.result]} ${c.ruleId}`).join(' · ')}`);
  if (route.unresolvedSelections.length > 0) {
    out.push(`- **Not checked** (may select resources outside this app): ${route.unresolvedSelections.map((e) => inlineCode(e)).join(', ')}`);
  }
  const set = ctx.setsById.get(route.resourceSet);
  if (set && set.resourceCount > 0) out.push(`- **Resources:** ${resourceCounts(set, ctx)}`);
  out.push('');

  if (!set || set.resourceCount === 0) {
    out.push('No resource of this app is selected by the plan.', '');
  } else if (shownSets.has(set.id)) {
    out.push(`The same ${plural(set.resourceCount, 'resource')} as route ${inlineCode(set.id)} (listed there).`, '');
  } else {
    shownSets.add(set.id);
    const users = ctx.setUsers.get(set.id) ?? 1;
    const ids = set.groups.flatMap((g) => g.resources.slice(0, MARKDOWN_LIMITS.resourceRows)).sort().slice(0, MARKDOWN_LIMITS.resourceRows);
    if (set.resourceCount > ids.length || users > 1) {
      out.push(
        `${set.resourceCount > ids.length ? `The first ${ids.length} of ${set.resourceCount} by id; all of them` : 'All of them'}` +
          `${users > 1 ? ` (${users} routes copy this set)` : ''}: the entry of ${inlineCode('resourceSets')} with id ${inlineCode(set.id)} in ${inlineCode(REPORT_JSON_FILE_NAME)}.`,
        '',
      );
    }
    out.push('| Resource | Type | Encrypted | Key | Findings |', '|---|---|---|---|---|');
    for (const id of ids) {
      const res = ctx.resourcesById.get(id);
      if (!res) continue;
      const onResource = routeFindings.filter((f) => attachesTo(f, res));
      out.push(
        `| ${inlineCode(res.constructPath ?? res.arn ?? res.id)} | ${res.type}${res.cfnType ? ` (${inlineCode(res.cfnType)})` : ''} | ` +
          `${res.encrypted === undefined ? 'unknown' : res.encrypted ? 'yes' : 'no'} | ${keyText(res.key, ctx.keysById)} | ${findingMarks(onResource)} |`,
      );
    }
    out.push('');
  }
  for (const f of routeFindings.slice(0, MARKDOWN_LIMITS.routeFindings)) {
    out.push(`- ${findingLine(f)}`);
  }
  if (routeFindings.length > MARKDOWN_LIMITS.routeFindings) {
    out.push(`- … and ${routeFindings.length - MARKDOWN_LIMITS.routeFindings} more findings on this route (see "Findings", all of them in ${inlineCode(REPORT_JSON_FILE_NAME)}).`);
  }
  out.push('');
}

/** `9,900 (DynamoDB 9,900); selected by tag backup=daily 9,900`, once per set. */
function resourceCounts(set: ReportResourceSet, ctx: RouteContext): string {
  let text = ctx.countsText.get(set.id);
  if (text === undefined) ctx.countsText.set(set.id, text = countsOf(set, ctx));
  return text;
}

function countsOf(set: ReportResourceSet, ctx: RouteContext): string {
  const byType = new Map<string, number>();
  // How the resources were selected, most resources first: groups that differ only in the ARN each
  // resource is listed by are one way here (see `howLabel`).
  const ways = new Map<string, number>();
  for (const g of set.groups) {
    for (const id of g.resources) {
      const type = ctx.resourcesById.get(id)?.type ?? 'unknown';
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    const how = howLabel(g, ctx);
    ways.set(how, (ways.get(how) ?? 0) + g.resources.length);
  }
  const types = countList([...byType].sort(mostFirst));
  const how = countList([...ways].sort(mostFirst), 5);
  const moreHow = ways.size > 5 ? `, and ${ways.size - 5} more ways` : '';
  return `${count(set.resourceCount)} (${types}); selected by ${how}${moreHow}`;
}

/**
 * `name count, name count, …` of the first `limit` entries (all of them by default). A loop, not
 * `.map().join()`: on the hundreds of routes of a large app V8 compiled that chain for one kind of
 * array and left its optimized code at the `join` for another, route after route (149 times at
 * 30,000 resources).
 */
function countList(entries: ReadonlyArray<[string, number]>, limit = entries.length): string {
  let text = '';
  for (let i = 0; i < entries.length && i < limit; i++) text += `${i > 0 ? ', ' : ''}${entries[i][0]} ${count(entries[i][1])}`;
  return text;
}

/** Orders `[name, count]` entries by count, largest first, then by name. */
function mostFirst(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
}

/**
 * How a group's resources were selected, for people: its `selectedBy` entries, except that a
 * literal ARN entry that names the group's only resource by its own ARN reads "its ARN". A plan
 * that lists a hundred resources one ARN each then reads "its ARN 100", not a hundred ways.
 */
function howLabel(g: ReportResourceGroup, ctx: RouteContext): string {
  const arn = g.resources.length === 1 ? ctx.resourcesById.get(g.resources[0])?.arn : undefined;
  let text = '';
  for (let i = 0; i < g.selectedBy.length; i++) {
    const h = g.selectedBy[i];
    text += `${i > 0 ? ' + ' : ''}${arn !== undefined && isArnEntryOf(h, arn) ? 'its ARN' : selectedByText(h, ctx)}`;
  }
  return text;
}

/** True when the `selectedBy` entry is `arn <arn>` (tested without building that string for every group). */
function isArnEntryOf(entry: string, arn: string): boolean {
  return entry.length === arn.length + 4 && entry.startsWith('arn ') && entry.endsWith(arn);
}

/** {@link inlineCode} of a `selectedBy` entry, once per entry. */
function selectedByText(entry: string, ctx: RouteContext): string {
  let text = ctx.selectedByText.get(entry);
  if (text === undefined) ctx.selectedByText.set(entry, text = inlineCode(entry));
  return text;
}

function renderFindings(report: ReportJson, out: string[]): void {
  out.push('## Findings', '');
  if (report.findings.length === 0) out.push('None.', '');
  for (const f of capped(report.findings)) {
    out.push(`- ${findingLine(f)}${f.routeId ? ` (route ${inlineCode(f.routeId)})` : ''}`);
  }
  more(report.findings.length, 'findings', 'findings', out);
  out.push('');
  if (report.acknowledged.length > 0) {
    out.push('## Acknowledged', '');
    for (const f of capped(report.acknowledged)) {
      out.push(`- ${RESULT_MARK.acknowledged} ${findingLine(f, false)}${f.reason ? ` **Reason:** ${inlineText(f.reason)}` : ''}`);
    }
    more(report.acknowledged.length, 'acknowledged findings', 'acknowledged', out);
    out.push('');
  }
}

function renderUnverifiable(report: ReportJson, out: string[]): void {
  if (report.unverifiable.length === 0) return;
  out.push('## Not checked', '', 'What synth cannot know, so the rules listed did not check it (each is a `CAB-UNVERIFIABLE` warning unless acknowledged).', '');
  out.push('| Construct | What | Why | Rules skipped |', '|---|---|---|---|');
  for (const u of capped(report.unverifiable)) {
    out.push(`| ${inlineCode(u.constructPath)} | ${cell(u.subject)} | ${cell(u.reason)} | ${ruleIdList(u.skippedRules)} |`);
  }
  out.push('');
  more(report.unverifiable.length, 'entries', 'unverifiable', out);
}

function renderVaults(report: ReportJson, out: string[]): void {
  if (report.vaults.length === 0) return;
  out.push('## Vaults', '');
  out.push('| Vault | Account | Region | In this app | Key | Access policy |', '|---|---|---|---|---|---|');
  const keysById = new Map(report.keys.map((k) => [k.id, k]));
  for (const v of capped(report.vaults)) {
    out.push(
      `| ${inlineCode(v.constructPath ?? v.arn ?? v.id)}${v.name ? ` (${inlineCode(v.name)})` : ''}${retentionRangeText(v)} | ${orUnknown(v.account)} | ${orUnknown(v.region)} | ` +
        `${v.inApp ? 'yes' : 'no'} | ${v.inApp ? keyText(v.key, keysById) : 'unknown'} | ${v.accessPolicyKnown ? 'known' : v.inApp ? 'none' : 'unknown'} |`,
    );
  }
  out.push('');
  more(report.vaults.length, 'vaults', 'vaults', out);
}

function renderKeys(report: ReportJson, out: string[]): void {
  if (report.keys.length === 0) return;
  out.push('## Keys', '');
  out.push('| Key | Kind | Account | Region | Key policy |', '|---|---|---|---|---|');
  for (const k of capped(report.keys)) {
    out.push(`| ${inlineCode(k.id)} | ${k.kind} | ${orUnknown(k.account)} | ${orUnknown(k.region)} | ${k.policyKnown ? 'known' : 'unknown'} |`);
  }
  out.push('');
  more(report.keys.length, 'keys', 'keys', out);
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
  const paths = [res.constructPath, res.key].filter((p): p is string => p !== undefined);
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

/** `, logically air-gapped, 7 to 35 days` or `, Vault Lock at least 30 days`; empty for an unlocked vault. */
function retentionRangeText(v: ReportVault): string {
  const kind = v.airGapped ? 'logically air-gapped' : 'Vault Lock';
  if (!v.lock) return v.airGapped ? `, ${kind}` : '';
  const { minRetentionDays: min, maxRetentionDays: max } = v.lock;
  const range = min !== undefined && max !== undefined ? `${min} to ${max} days`
    : min !== undefined ? `at least ${min} days` : max !== undefined ? `at most ${max} days` : 'retention unknown';
  return `, ${kind} ${range}`;
}

function vaultKeyText(vault: ReportVault | undefined, keysById: Map<string, ReportKey>): string {
  if (!vault || !vault.inApp) return '';
  return `, key ${keyText(vault.key, keysById)}`;
}

function keyText(keyId: string | undefined, keysById: Map<string, ReportKey>): string {
  if (keyId === undefined) return '';
  const key = keysById.get(keyId);
  if (!key) return inlineCode(keyId);
  return key.alias ? `${key.kind} ${inlineCode(key.alias)}` : `${key.kind} ${inlineCode(key.constructPath ?? key.reference)}`;
}

/** The first `MARKDOWN_LIMITS.listEntries` entries of a list section. */
function capped<T>(list: readonly T[]): readonly T[] {
  return list.length > MARKDOWN_LIMITS.listEntries ? list.slice(0, MARKDOWN_LIMITS.listEntries) : list;
}

/** The line under a capped list: how many are not shown and where they are. */
function more(total: number, what: string, field: string, out: string[]): void {
  if (total <= MARKDOWN_LIMITS.listEntries) return;
  out.push(`… and ${count(total - MARKDOWN_LIMITS.listEntries)} more ${what}: all ${count(total)} are in ${inlineCode(field)} of ${inlineCode(REPORT_JSON_FILE_NAME)}.`, '');
}

/** A count with thousands separators (`9,900`), the same on every machine. */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
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
