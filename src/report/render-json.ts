/**
 * Renders the checks' model and findings into the machine-readable report.
 *
 * Deterministic: every list is sorted by a stable key with a locale-independent comparison and
 * there is no timestamp unless the caller passes `generatedAt`, so the report of an unchanged app
 * is byte-identical from one synth to the next and diffs cleanly in code review.
 */
import { emitJsonPieces } from './json-pieces';
import { renderExports } from './render-exports';
import {
  GENERATOR_NAME,
  GENERATOR_VERSION,
  REPORT_SCHEMA_VERSION,
  ReportAcknowledgedFinding,
  ReportCheckResult,
  ReportFinding,
  ReportJson,
  ReportKey,
  ReportLifecycle,
  ReportOptions,
  ReportOrgSetting,
  ReportResource,
  ReportResourceGroup,
  ReportResourceSet,
  ReportRoute,
  ReportRouteEnd,
  ReportRuleCount,
  ReportSummary,
  ReportUnverifiable,
  ReportVault,
} from './report-schema';
import type { Finding } from '../checks/finding';
import { externalArnOf, type CheckModel, type CheckOptions, type CopyRoute, type Env, type KeyModel, type ResourceModel, type VaultModel } from '../checks/model/types';
import { RuleIds } from '../checks/rule-ids';
import { RULES, skippedRuleIds } from '../checks/rules';

/** A finding that was acknowledged, with the reason when the caller knows it. */
export interface AcknowledgedFinding extends Finding {
  readonly reason?: string;
}

export interface RenderJsonInput {
  readonly model: CheckModel;
  /** Findings that were reported (errors and warnings). */
  readonly findings: readonly Finding[];
  /** Findings that were acknowledged and so not reported. */
  readonly acknowledged: readonly AcknowledgedFinding[];
  /** The options the checks ran with. */
  readonly options: CheckOptions;
  /** Time of the synth, written as `generatedAt`. Omit for a report that diffs cleanly. */
  readonly generatedAt?: Date;
}

/** The key AWS Backup uses for an in-app vault created without `EncryptionKeyArn`. */
const AWS_BACKUP_DEFAULT_KEY: ReportKey = {
  id: 'aws-managed:alias/aws/backup',
  kind: 'aws-managed',
  reference: 'alias/aws/backup',
  alias: 'aws/backup',
  policyKnown: false,
};

/**
 * The report of one run of the checks. Linear in resources + routes: each resource is converted once
 * (by id), each distinct resource list of the model once (routes that share a list share its set),
 * and no string is built per route-resource pair.
 */
export function renderJsonReport(input: RenderJsonInput): ReportJson {
  const { model } = input;
  const keys = new KeyTable();
  for (const k of model.keys) keys.add(k);
  const resources = new Map<string, ReportResource>();
  const sets = new ResourceSetTable(resources, keys);
  const findings = [...input.findings].sort(compareFindings).map(toReportFinding);
  const acknowledged = [...input.acknowledged].sort(compareFindings).map(toReportAcknowledged);
  const unverifiable = model.unverifiable.map(toReportUnverifiable).sort(compareUnverifiable);

  const findingsByRoute = groupByRoute(findings);
  const acknowledgedByRoute = groupByRoute(acknowledged);
  const unverifiableByRoute = groupByRoute(unverifiable);
  const routes = [...model.routes]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((route) =>
      toReportRoute(
        route,
        sets.of(route),
        findingsByRoute.get(route.id) ?? [],
        acknowledgedByRoute.get(route.id) ?? [],
        unverifiableByRoute.get(route.id) ?? [],
      ),
    );
  const vaults = collectVaults(model, keys);
  const resourceSets = sets.all();
  const resourceList = [...resources.values()].sort((a, b) => compareStrings(a.id, b.id));
  const keyList = keys.all();
  // Settings the facts say are off are not settings of the app (their findings say so).
  const settings = model.settings
    .filter((s) => !s.off)
    .map((s): ReportOrgSetting => ({ kind: s.kind, constructPath: s.constructPath, account: s.env.account, region: s.env.region }))
    .sort((a, b) => compareStrings(a.constructPath, b.constructPath) || compareStrings(a.kind, b.kind));

  const summary = summarize(routes, resourceList.length, resourceSets.length, vaults, keyList, findings, acknowledged, unverifiable);

  // resources and resourceSets are built without undefined fields: prune the rest only
  const pruned = prune({
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: { name: GENERATOR_NAME, version: GENERATOR_VERSION },
    generatedAt: input.generatedAt?.toISOString(),
    options: toReportOptions(input.options, model),
    summary,
    routes,
    resourceSets: [],
    resources: [],
    vaults,
    keys: keyList,
    settings,
    findings,
    acknowledged,
    unverifiable,
    exports: renderExports(model),
  });
  return { ...pruned, resourceSets, resources: resourceList };
}

/** Serializes a report as written to the cloud assembly: 2-space indent, trailing newline. */
export function stringifyJsonReport(report: ReportJson): string {
  return JSON.stringify(report, undefined, 2) + '\n';
}

/**
 * {@link stringifyJsonReport} in consecutive pieces, the same bytes (see {@link emitJsonPieces}):
 * what the report file is written from, without the whole text in memory at once.
 */
export function emitJsonReport(report: ReportJson, emit: (piece: string) => void): void {
  emitJsonPieces(report, emit);
  emit('\n');
}

// ---------------------------------------------------------------------------------------------
// Ordering

/** Code-unit comparison: unlike `localeCompare`, identical on every machine. */
export function compareStrings(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Position of a rule id: the library's rules in the order they run, then other ids alphabetically. */
export function compareRuleIds(a: string, b: string): number {
  const ia = RULE_ORDER.get(a);
  const ib = RULE_ORDER.get(b);
  if (ia !== undefined && ib !== undefined) return ia - ib;
  if (ia !== undefined) return -1;
  if (ib !== undefined) return 1;
  return compareStrings(a, b);
}

const RULE_ORDER = new Map(RULES.map((r, i) => [r.id, i]));

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1 };

function compareFindings(a: Finding, b: Finding): number {
  return (
    (SEVERITY_ORDER[a.severity] ?? 2) - (SEVERITY_ORDER[b.severity] ?? 2) ||
    compareRuleIds(a.ruleId, b.ruleId) ||
    compareStrings(a.constructPath, b.constructPath) ||
    compareStrings(a.routeId, b.routeId) ||
    compareStrings(a.message, b.message)
  );
}

function compareUnverifiable(a: ReportUnverifiable, b: ReportUnverifiable): number {
  return (
    compareStrings(a.constructPath, b.constructPath) ||
    compareStrings(a.routeId, b.routeId) ||
    compareStrings(a.subject, b.subject) ||
    compareStrings(a.reason, b.reason)
  );
}

// ---------------------------------------------------------------------------------------------
// Conversions

/** The options in effect; a tag policy is checked when declared or when external facts give the destination accounts' policies. */
function toReportOptions(options: CheckOptions, model: Pick<CheckModel, 'accountTagPolicies'>): ReportOptions {
  return {
    organizationId: options.organizationId,
    organizationAccounts: options.organizationAccounts ? [...options.organizationAccounts].sort(compareStrings) : undefined,
    dynamoDbAdvancedFeatures: options.dynamoDbAdvancedFeatures,
    allowSingleActionCrossRegionCrossAccount: options.allowSingleActionCrossRegionCrossAccount,
    managementAccount: options.managementAccount,
    tagPolicy: options.tagPolicy !== undefined || (model.accountTagPolicies?.size ?? 0) > 0,
  };
}

function toReportFinding(f: Finding): ReportFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    constructPath: f.constructPath,
    messageId: f.messageId,
    details: f.details,
    summary: f.summary,
    shortFix: f.shortFix,
    message: f.message,
    routeId: f.routeId,
    docUrl: f.docUrl,
  };
}

function toReportAcknowledged(f: AcknowledgedFinding): ReportAcknowledgedFinding {
  return { ...toReportFinding(f), reason: f.reason };
}

function toReportUnverifiable(u: CheckModel['unverifiable'][number]): ReportUnverifiable {
  return {
    constructPath: u.constructPath,
    subject: u.subject,
    reason: u.reason,
    skippedRules: skippedRuleIds(u).sort(compareRuleIds),
    unknownFacts: [...new Set(u.unknown)].sort(compareStrings),
    externalArn: externalArnOf(u),
    routeId: u.routeId,
  };
}

/** A key's id in the report: its construct path for a key of the app, else `<kind>:<reference>`. */
export function reportKeyId(key: Pick<KeyModel, 'constructPath' | 'kind' | 'reference'>): string {
  return key.constructPath ?? `${key.kind}:${key.reference}`;
}

/**
 * Every key the report names, once. A key of the app, or one named by its ARN, has the account and
 * Region it lives in; a key named by alias or by the service default has none: it is the key of that
 * alias in the account and Region of the resource or vault that names it.
 */
class KeyTable {
  private readonly byId = new Map<string, ReportKey>();

  /** Adds the key (the first entry of an id wins) and returns its id. */
  public add(key: KeyModel): string {
    const id = reportKeyId(key);
    if (!this.byId.has(id)) {
      const located = key.constructPath !== undefined || key.reference.startsWith('arn:');
      this.byId.set(id, {
        id,
        kind: key.kind,
        reference: key.reference,
        alias: key.alias,
        constructPath: key.constructPath,
        ...(located ? envFields(key.env) : {}),
        policyKnown: key.policy !== undefined,
      });
    }
    return id;
  }

  public addReport(key: ReportKey): string {
    if (!this.byId.has(key.id)) this.byId.set(key.id, key);
    return key.id;
  }

  public all(): ReportKey[] {
    return [...this.byId.values()].sort((a, b) => compareStrings(a.id, b.id));
  }
}

/**
 * The resource sets of the routes. A list the model shares between routes (the same array) is
 * converted once; lists with equal content share a set too (found by count and end ids, then compared).
 */
class ResourceSetTable {
  private readonly byList = new Map<readonly ResourceModel[], ReportResourceSet>();
  private readonly byShape = new Map<string, ReportResourceSet[]>();
  private readonly sets: ReportResourceSet[] = [];

  constructor(private readonly resources: Map<string, ReportResource>, private readonly keys: KeyTable) {}

  /** The set of the route's resources (routes must come in route order: a set is named after its first route). */
  public of(route: CopyRoute): ReportResourceSet {
    const cached = this.byList.get(route.resources);
    if (cached) return cached;
    // Label (`selectedBy` sorted, joined by newlines) -> the group: one object per group, built once
    // in the shape the report keeps (a route that names each resource by its own ARN has a group per resource).
    const groups = new Map<string, ReportResourceGroup>();
    for (const r of route.resources) {
      if (!this.resources.has(r.id)) this.resources.set(r.id, toReportResource(r, this.keys));
      const how = r.selectedBy;
      let label: string;
      let selectedBy: string[] | undefined;
      if (how.length === 1) {
        label = how[0];
      } else if (how.length === 2 && how[0] !== how[1]) {
        // The common case of more than one way (an ARN and a tag): no set, no sort.
        selectedBy = how[0] < how[1] ? [how[0], how[1]] : [how[1], how[0]];
        label = `${selectedBy[0]}\n${selectedBy[1]}`;
      } else {
        selectedBy = sortedUnique(how);
        label = selectedBy.join('\n');
      }
      const group = groups.get(label);
      if (group) group.resources.push(r.id);
      else groups.set(label, { selectedBy: selectedBy ?? [...how], resources: [r.id] });
    }
    // Sorted by label, the map's key (`selectedBy` joined by newlines, so not joined again per
    // comparison); the default sort of strings is the code-unit order of `compareStrings`.
    const sorted: ReportResourceGroup[] = [];
    for (const label of [...groups.keys()].sort()) {
      const g = groups.get(label)!;
      g.resources.sort();
      sorted.push(g);
    }
    let count = 0;
    for (const g of sorted) count += g.resources.length;
    const first = sorted[0]?.resources[0] ?? '';
    const last = sorted[sorted.length - 1]?.resources.slice(-1)[0] ?? '';
    const shape = `${count}|${sorted.length}|${first}|${last}`;
    const candidates = this.byShape.get(shape) ?? [];
    let set = candidates.find((c) => sameGroups(c.groups, sorted));
    if (!set) {
      set = { id: route.id, resourceCount: count, groups: sorted };
      this.sets.push(set);
      candidates.push(set);
      this.byShape.set(shape, candidates);
    }
    this.byList.set(route.resources, set);
    return set;
  }

  public all(): ReportResourceSet[] {
    return [...this.sets].sort((a, b) => compareStrings(a.id, b.id));
  }
}

/** The strings of `list` once each, in code-unit order. */
function sortedUnique(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}

function sameGroups(a: readonly ReportResourceGroup[], b: readonly ReportResourceGroup[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.resources.length !== y.resources.length || x.selectedBy.length !== y.selectedBy.length) return false;
    for (let j = 0; j < x.selectedBy.length; j++) if (x.selectedBy[j] !== y.selectedBy[j]) return false;
    for (let j = 0; j < x.resources.length; j++) if (x.resources[j] !== y.resources[j]) return false;
  }
  return true;
}

function envFields(env: Env): { account?: string; region?: string; partition?: string } {
  return { account: env.account, region: env.region, partition: env.partition };
}

function toReportVault(vault: VaultModel, keys: KeyTable): ReportVault {
  return {
    id: vault.id,
    inApp: vault.inApp,
    constructPath: vault.constructPath,
    name: vault.name,
    arn: vault.arn,
    ...envFields(vault.env),
    key: vault.key ? keys.add(vault.key) : vault.inApp ? keys.addReport(AWS_BACKUP_DEFAULT_KEY) : undefined,
    accessPolicyKnown: vault.accessPolicy !== undefined,
    lock: vault.lock ? { minRetentionDays: vault.lock.minRetentionDays, maxRetentionDays: vault.lock.maxRetentionDays } : undefined,
    airGapped: vault.airGapped ? true : undefined,
  };
}

/** The model's vaults plus any vault a route names that the model's list misses. */
function collectVaults(model: CheckModel, keys: KeyTable): ReportVault[] {
  const byId = new Map<string, VaultModel>();
  const add = (v: VaultModel): void => {
    if (!byId.has(v.id)) byId.set(v.id, v);
  };
  model.vaults.forEach(add);
  for (const route of model.routes) {
    add(route.source.vault);
    add(route.destination);
  }
  return [...byId.values()].map((v) => toReportVault(v, keys)).sort((a, b) => compareStrings(a.id, b.id));
}

function toRouteEnd(env: Env, vault: VaultModel): ReportRouteEnd {
  return {
    ...envFields(env),
    vault: { id: vault.id, name: vault.name, arn: vault.arn, inApp: vault.inApp },
  };
}

/** A resource of the report, without undefined fields (the largest list: built pruned, not pruned afterwards). */
function toReportResource(r: ResourceModel, keys: KeyTable): ReportResource {
  const out = { id: r.id, type: r.type } as { -readonly [K in keyof ReportResource]: ReportResource[K] };
  if (r.cfnType !== undefined) out.cfnType = r.cfnType;
  out.inApp = r.inApp;
  if (r.constructPath !== undefined) out.constructPath = r.constructPath;
  if (r.arn !== undefined) out.arn = r.arn;
  if (r.env.account !== undefined) out.account = r.env.account;
  if (r.env.region !== undefined) out.region = r.env.region;
  if (r.encrypted !== undefined) out.encrypted = r.encrypted;
  if (r.key) out.key = keys.add(r.key);
  return out;
}

function toLifecycle(l: CopyRoute['copyLifecycle']): ReportLifecycle | undefined {
  return l ? { deleteAfterDays: l.deleteAfterDays, moveToColdStorageAfterDays: l.moveToColdStorageAfterDays } : undefined;
}

/** The rules whose outcome a route lists: all but CAB-UNVERIFIABLE (reported as `skipped`). */
function routeRuleIds(): string[] {
  return RuleIds.all().filter((id) => id !== RuleIds.UNVERIFIABLE);
}

function groupByRoute<T extends { readonly routeId?: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    if (item.routeId === undefined) continue;
    const list = out.get(item.routeId);
    if (list) list.push(item);
    else out.set(item.routeId, [item]);
  }
  return out;
}

/** Builds one route; `own`, `ownAck` and `ownUnverifiable` are the entries whose `routeId` is the route's. */
function toReportRoute(
  route: CopyRoute,
  resourceSet: ReportResourceSet,
  own: ReportFinding[],
  ownAck: ReportAcknowledgedFinding[],
  ownUnverifiable: ReportUnverifiable[],
): ReportRoute {
  const skipped = new Set(ownUnverifiable.flatMap((u) => u.skippedRules));

  const extraRuleIds = [...own, ...ownAck].map((f) => f.ruleId).filter((id) => !RULE_ORDER.has(id));
  const checkedIds = [...routeRuleIds(), ...new Set(extraRuleIds)].sort(compareRuleIds);
  const checks = checkedIds.map((ruleId) => {
    let result: ReportCheckResult = 'no-finding';
    if (own.some((f) => f.ruleId === ruleId && f.severity === 'error')) result = 'error';
    else if (own.some((f) => f.ruleId === ruleId)) result = 'warning';
    else if (ownAck.some((f) => f.ruleId === ruleId)) result = 'acknowledged';
    else if (skipped.has(ruleId)) result = 'skipped';
    return { ruleId, result };
  });

  const errors = own.filter((f) => f.severity === 'error').length;
  const warnings = own.length - errors;
  const unresolvedSelections = [...new Set(route.selections.flatMap((s) => s.unresolvedEntries))].sort(compareStrings);

  return {
    id: route.id,
    planPath: route.planPath,
    planName: route.planName,
    ruleName: route.ruleName,
    policy: route.policy ? { ...route.policy } : undefined,
    source: toRouteEnd(route.source.env, route.source.vault),
    destination: toRouteEnd(route.destination.env, route.destination),
    crossAccount: route.crossAccount,
    crossRegion: route.crossRegion,
    continuousBackup: route.continuousBackup,
    copyLifecycle: toLifecycle(route.copyLifecycle),
    ruleLifecycle: toLifecycle(route.ruleLifecycle),
    resourceSet: resourceSet.id,
    resourceCount: resourceSet.resourceCount,
    unresolvedSelections,
    checks,
    findings: {
      status: errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'ok',
      errors,
      warnings,
      acknowledged: ownAck.length,
      ruleIds: [...new Set(own.map((f) => f.ruleId))].sort(compareRuleIds),
    },
  };
}

function summarize(
  routes: ReportRoute[],
  resources: number,
  resourceSets: number,
  vaults: ReportVault[],
  keys: ReportKey[],
  findings: ReportFinding[],
  acknowledged: ReportAcknowledgedFinding[],
  unverifiable: ReportUnverifiable[],
): ReportSummary {
  const counts = new Map<string, { errors: number; warnings: number; acknowledged: number }>();
  const countFor = (ruleId: string) => {
    let c = counts.get(ruleId);
    if (!c) {
      c = { errors: 0, warnings: 0, acknowledged: 0 };
      counts.set(ruleId, c);
    }
    return c;
  };
  for (const id of RuleIds.all()) countFor(id);
  for (const f of findings) {
    if (f.severity === 'error') countFor(f.ruleId).errors++;
    else countFor(f.ruleId).warnings++;
  }
  for (const f of acknowledged) countFor(f.ruleId).acknowledged++;

  const byRule: { [ruleId: string]: ReportRuleCount } = {};
  for (const id of [...counts.keys()].sort(compareRuleIds)) {
    byRule[id] = { ...counts.get(id)! };
  }

  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    passed: errors === 0,
    routes: routes.length,
    crossAccountRoutes: routes.filter((r) => r.crossAccount === true).length,
    crossRegionRoutes: routes.filter((r) => r.crossRegion === true).length,
    routesWithErrors: routes.filter((r) => r.findings.status === 'error').length,
    routesWithWarnings: routes.filter((r) => r.findings.status === 'warning').length,
    resources,
    routeResources: routes.reduce((n, r) => n + r.resourceCount, 0),
    resourceSets,
    vaults: vaults.length,
    keys: keys.length,
    errors,
    warnings: findings.length - errors,
    acknowledged: acknowledged.length,
    unverifiable: unverifiable.length,
    byRule,
  };
}

/** Drops `undefined` fields everywhere, so the object equals what `JSON.parse(JSON.stringify(...))` gives. */
function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map(prune) as unknown as T;
  if (value !== null && typeof value === 'object') {
    // `for...in` rather than `Object.entries`: no pair array per property (the report's objects
    // are plain literals, without inherited enumerable properties).
    const out: Record<string, unknown> = {};
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = prune(v);
    }
    return out as T;
  }
  return value;
}

/**
 * The resources a route copies, with how its selections picked each, read from a report the way
 * any program reading the JSON does: the route's `resourceSet`, its groups, the ids in `resources`.
 * Sorted by id. Throws when the report does not hold what the route names (a broken report).
 */
export function resourcesOfRoute(report: Pick<ReportJson, 'resourceSets' | 'resources'>, route: Pick<ReportRoute, 'id' | 'resourceSet'>): Array<ReportResource & { readonly selectedBy: string[] }> {
  const set = report.resourceSets.find((s) => s.id === route.resourceSet);
  if (!set) throw new Error(`route ${route.id} names resource set ${route.resourceSet}, which the report does not hold`);
  const byId = new Map(report.resources.map((r) => [r.id, r]));
  const out: Array<ReportResource & { readonly selectedBy: string[] }> = [];
  for (const g of set.groups) {
    for (const id of g.resources) {
      const r = byId.get(id);
      if (!r) throw new Error(`resource set ${set.id} names resource ${id}, which the report does not hold`);
      out.push({ ...r, selectedBy: g.selectedBy });
    }
  }
  return out.sort((a, b) => compareStrings(a.id, b.id));
}
