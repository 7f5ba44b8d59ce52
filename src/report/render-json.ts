/**
 * Renders the checks' model and findings into the machine-readable report.
 *
 * Deterministic: every list is sorted by a stable key with a locale-independent comparison and
 * there is no timestamp unless the caller passes `generatedAt`, so the report of an unchanged app
 * is byte-identical from one synth to the next and diffs cleanly in code review.
 */
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
  ReportKeyRef,
  ReportLifecycle,
  ReportOptions,
  ReportOrgSetting,
  ReportResource,
  ReportRoute,
  ReportRouteEnd,
  ReportRuleCount,
  ReportSummary,
  ReportUnverifiable,
  ReportVault,
} from './report-schema';
import type { Finding } from '../checks/finding';
import type { CheckModel, CheckOptions, CopyRoute, Env, KeyModel, ResourceModel, VaultModel } from '../checks/model/types';
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
const AWS_BACKUP_DEFAULT_KEY: ReportKeyRef = {
  id: 'alias/aws/backup',
  kind: 'aws-managed',
  reference: 'alias/aws/backup',
  alias: 'aws/backup',
};

export function renderJsonReport(input: RenderJsonInput): ReportJson {
  const { model } = input;
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
        findingsByRoute.get(route.id) ?? [],
        acknowledgedByRoute.get(route.id) ?? [],
        unverifiableByRoute.get(route.id) ?? [],
      ),
    );
  const vaults = collectVaults(model);
  const keys = uniqueSorted(model.keys.map(toReportKey));
  // Settings the facts say are off are not settings of the app (their findings say so).
  const settings = model.settings
    .filter((s) => !s.off)
    .map((s): ReportOrgSetting => ({ kind: s.kind, constructPath: s.constructPath, account: s.env.account, region: s.env.region }))
    .sort((a, b) => compareStrings(a.constructPath, b.constructPath) || compareStrings(a.kind, b.kind));

  const summary = summarize(routes, vaults, keys, findings, acknowledged, unverifiable);

  return prune({
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: { name: GENERATOR_NAME, version: GENERATOR_VERSION },
    generatedAt: input.generatedAt?.toISOString(),
    options: toReportOptions(input.options),
    summary,
    routes,
    vaults,
    keys,
    settings,
    findings,
    acknowledged,
    unverifiable,
    exports: renderExports(model),
  });
}

/** Serializes a report as written to the cloud assembly: 2-space indent, trailing newline. */
export function stringifyJsonReport(report: ReportJson): string {
  return JSON.stringify(report, undefined, 2) + '\n';
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

function uniqueSorted<T extends { readonly id: string }>(items: T[]): T[] {
  const byId = new Map<string, T>();
  for (const item of items) {
    if (!byId.has(item.id)) byId.set(item.id, item);
  }
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

// ---------------------------------------------------------------------------------------------
// Conversions

function toReportOptions(options: CheckOptions): ReportOptions {
  return {
    organizationId: options.organizationId,
    organizationAccounts: options.organizationAccounts ? [...options.organizationAccounts].sort(compareStrings) : undefined,
    dynamoDbAdvancedFeatures: options.dynamoDbAdvancedFeatures,
    allowSingleActionCrossRegionCrossAccount: options.allowSingleActionCrossRegionCrossAccount,
    managementAccount: options.managementAccount,
    tagPolicy: options.tagPolicy !== undefined,
  };
}

function toReportFinding(f: Finding): ReportFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    constructPath: f.constructPath,
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
    routeId: u.routeId,
  };
}

function keyId(key: KeyModel): string {
  return key.constructPath ?? key.reference;
}

function toKeyRef(key: KeyModel): ReportKeyRef {
  return { id: keyId(key), kind: key.kind, reference: key.reference, alias: key.alias };
}

function toReportKey(key: KeyModel): ReportKey {
  return {
    ...toKeyRef(key),
    constructPath: key.constructPath,
    ...envFields(key.env),
    policyKnown: key.policy !== undefined,
  };
}

function envFields(env: Env): { account?: string; region?: string; partition?: string } {
  return { account: env.account, region: env.region, partition: env.partition };
}

function toReportVault(vault: VaultModel): ReportVault {
  return {
    id: vault.id,
    inApp: vault.inApp,
    constructPath: vault.constructPath,
    name: vault.name,
    arn: vault.arn,
    ...envFields(vault.env),
    key: vault.key ? toKeyRef(vault.key) : vault.inApp ? AWS_BACKUP_DEFAULT_KEY : undefined,
    accessPolicyKnown: vault.accessPolicy !== undefined,
    lock: vault.lock ? { minRetentionDays: vault.lock.minRetentionDays, maxRetentionDays: vault.lock.maxRetentionDays } : undefined,
    airGapped: vault.airGapped ? true : undefined,
  };
}

/** The model's vaults plus any vault a route names that the model's list misses. */
function collectVaults(model: CheckModel): ReportVault[] {
  const all: VaultModel[] = [...model.vaults];
  for (const route of model.routes) {
    all.push(route.source.vault, route.destination);
  }
  return uniqueSorted(all.map(toReportVault));
}

function toRouteEnd(env: Env, vault: VaultModel): ReportRouteEnd {
  return {
    ...envFields(env),
    vault: { id: vault.id, name: vault.name, arn: vault.arn, inApp: vault.inApp },
  };
}

function toReportResource(r: ResourceModel): ReportResource {
  return {
    id: r.id,
    type: r.type,
    cfnType: r.cfnType,
    inApp: r.inApp,
    constructPath: r.constructPath,
    arn: r.arn,
    account: r.env.account,
    region: r.env.region,
    encrypted: r.encrypted,
    key: r.key ? toKeyRef(r.key) : undefined,
    selectedBy: [...new Set(r.selectedBy)].sort(compareStrings),
  };
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
  const resources = uniqueSorted(route.resources.map(toReportResource));
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
    resources,
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
    resources: new Set(routes.flatMap((r) => r.resources.map((res) => res.id))).size,
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
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = prune(v);
    }
    return out as T;
  }
  return value;
}
