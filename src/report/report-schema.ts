/**
 * The machine-readable report `cross-account-backup-report.json`: its TypeScript types.
 *
 * Not part of the jsii API (the public names are in `report-files.ts`). The JSON Schema of the
 * same shape is `docs/cross-account-backup-report.schema.json` and every field is documented in
 * `docs/report-schema.md`; a test keeps the three in step.
 *
 * Compatibility promise (semantic versioning of {@link ReportJson.schemaVersion}):
 * - PATCH: documentation and clarifications only; the same reports validate.
 * - MINOR: additive changes only: a new optional field, a new value in a list of values that
 *   consumers are told to expect to grow (rule ids, resource types, key kinds), a new section.
 *   A consumer written against `1.x` keeps working: ignore fields you do not know.
 * - MAJOR: anything else: a field removed, renamed, retyped or made required, a meaning changed.
 *
 * Conventions: a field that synth cannot know is absent (never `null`, never a guess); every list
 * is sorted by a stable key so two synths of the same app produce byte-identical reports.
 *
 * Size (2.0.0): linear in what the app contains. Each resource and each key is listed once (root
 * `resources`, `keys`) and referenced by id; a route names the {@link ReportResourceSet} of what it
 * copies, and routes that copy the same resources share one set; within a set, resources are
 * grouped by how the selections picked them, so a selection label is written once per group.
 */

import type { ReportExports } from './render-exports';
import type { FindingDetails } from '../checks/finding';

/** The schema version this library writes. See the compatibility promise above. */
export const REPORT_SCHEMA_VERSION = '2.2.0';

/** The cloud assembly file the machine-readable report is written to. */
export const REPORT_JSON_FILE_NAME = 'cross-account-backup-report.json';
/** The cloud assembly file the human-readable report is written to. */
export const REPORT_MARKDOWN_FILE_NAME = 'cross-account-backup-report.md';

/** The generator: this library's npm package name and version. */
export const GENERATOR_NAME = 'cdk-cross-account-backup';

/**
 * The library version, read from its own `package.json` at run time so it is never stale.
 * `../../package.json` is the package root from both `src/report/` (tests, ts-node) and
 * `lib/report/` (the published package): npm always ships `package.json`.
 */
export const GENERATOR_VERSION: string = readOwnVersion();

function readOwnVersion(): string {
  // A JSON import would make tsc copy package.json into lib/ (outside rootDir); require reads the real one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json') as { name?: string; version?: string };
  return pkg.version ?? '0.0.0';
}

/** Severity of a finding: errors fail synth, warnings do not. */
export type ReportSeverity = 'error' | 'warning';

/** Where something lives. A field is absent when synth cannot know it. */
export interface ReportEnv {
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
}

/** The root of `cross-account-backup-report.json`. */
export interface ReportJson {
  /** Semver of this format; see the compatibility promise. */
  readonly schemaVersion: string;
  readonly generator: ReportGenerator;
  /** ISO-8601 time of the synth. Absent unless the caller asks for it (reports diff cleanly without it). */
  readonly generatedAt?: string;
  readonly options: ReportOptions;
  readonly summary: ReportSummary;
  readonly routes: ReportRoute[];
  /** What the routes copy: one entry per distinct set of (resource, how it was selected). Sorted by id. */
  readonly resourceSets: ReportResourceSet[];
  /** Every resource a route copies, once. Sorted by id. */
  readonly resources: ReportResource[];
  readonly vaults: ReportVault[];
  readonly keys: ReportKey[];
  readonly settings: ReportOrgSetting[];
  readonly findings: ReportFinding[];
  readonly acknowledged: ReportAcknowledgedFinding[];
  readonly unverifiable: ReportUnverifiable[];
  /** What another app needs of this app's vaults (`ExternalFacts.fromReport`); see `render-exports.ts`. Since 2.0.0. */
  readonly exports?: ReportExports;
}

export interface ReportGenerator {
  readonly name: string;
  readonly version: string;
}

/** The check options that were in effect. Only plain values: a tag policy is reported as configured or not. */
export interface ReportOptions {
  readonly organizationId?: string;
  /** Sorted. */
  readonly organizationAccounts?: string[];
  readonly dynamoDbAdvancedFeatures?: boolean;
  readonly allowSingleActionCrossRegionCrossAccount?: boolean;
  /** The declared management account of the organization. */
  readonly managementAccount?: string;
  /** True when recovery point tags were checked against a tag policy: the `tagPolicy` option, or the effective tag policies that external facts give. */
  readonly tagPolicy: boolean;
}

/** Counts per rule id. */
export interface ReportRuleCount {
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledged: number;
}

export interface ReportSummary {
  /** True when there is no error (warnings and acknowledged findings do not fail). */
  readonly passed: boolean;
  readonly routes: number;
  readonly crossAccountRoutes: number;
  readonly crossRegionRoutes: number;
  readonly routesWithErrors: number;
  readonly routesWithWarnings: number;
  /** Distinct resources over all routes (entries of `resources`). */
  readonly resources: number;
  /** Route-resource pairs: the sum over the routes of `resourceCount`. */
  readonly routeResources: number;
  /** Entries of `resourceSets`. */
  readonly resourceSets: number;
  readonly vaults: number;
  readonly keys: number;
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledged: number;
  readonly unverifiable: number;
  /** Every rule id of the library (zeros included), then any other id seen, keyed by rule id. */
  readonly byRule: { readonly [ruleId: string]: ReportRuleCount };
}

/** A vault as a route names it. */
export interface ReportVaultRef {
  /** The vault's id in {@link ReportJson.vaults}. */
  readonly id: string;
  readonly name?: string;
  readonly arn?: string;
  readonly inApp: boolean;
}

/** One end of a copy route. */
export interface ReportRouteEnd {
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  readonly vault: ReportVaultRef;
}

export interface ReportResource {
  readonly id: string;
  readonly type: string;
  readonly cfnType?: string;
  readonly inApp: boolean;
  readonly constructPath?: string;
  readonly arn?: string;
  readonly account?: string;
  readonly region?: string;
  /** Absent when synth cannot know. */
  readonly encrypted?: boolean;
  /** The id of its key in {@link ReportJson.keys}. */
  readonly key?: string;
}

/** The resources one or more routes copy, grouped by how the selections picked them. */
export interface ReportResourceSet {
  /** The id of the first route (in route order) that copies this set. */
  readonly id: string;
  /** Resources in the set (the sum of the groups' sizes: a resource is in one group). */
  readonly resourceCount: number;
  /** Sorted by `selectedBy`. */
  readonly groups: ReportResourceGroup[];
}

export interface ReportResourceGroup {
  /** How the plan's selections picked these resources: `construct`, `arn <pattern>`, `tag <key>=<value>`. Sorted. */
  readonly selectedBy: string[];
  /** Ids in {@link ReportJson.resources}. Sorted. */
  readonly resources: string[];
}

export interface ReportLifecycle {
  readonly deleteAfterDays?: number;
  readonly moveToColdStorageAfterDays?: number;
}

/** The outcome of one rule on one route. */
export type ReportCheckResult = 'error' | 'warning' | 'acknowledged' | 'skipped' | 'no-finding';

export interface ReportRouteCheck {
  readonly ruleId: string;
  /**
   * `error`/`warning`: the rule reported on this route; `acknowledged`: it did and the finding was
   * acknowledged; `skipped`: synth could not know what the rule needs (see `unverifiable`);
   * `no-finding`: the rule ran and had nothing to say (including when it does not apply).
   */
  readonly result: ReportCheckResult;
}

export interface ReportRouteFindings {
  /** `error` if any error, else `warning` if any warning, else `ok`. */
  readonly status: 'error' | 'warning' | 'ok';
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledged: number;
  /** Rule ids of the route's errors and warnings, sorted by rule order, no duplicates. */
  readonly ruleIds: string[];
}

/** The backup policy, target and account a policy-derived route comes from. */
export interface ReportRoutePolicy {
  readonly policyPath: string;
  readonly policyName: string;
  readonly targetId: string;
  readonly organizationalUnit?: string;
  readonly account: string;
  readonly region: string;
}

export interface ReportRoute {
  /** `<plan path>/<rule name> -> <destination vault id>`. */
  readonly id: string;
  readonly planPath: string;
  readonly planName?: string;
  readonly ruleName: string;
  /** Set when the route comes from an Organizations backup policy. */
  readonly policy?: ReportRoutePolicy;
  readonly source: ReportRouteEnd;
  readonly destination: ReportRouteEnd;
  /** Absent when unknown (an environment-agnostic stack). */
  readonly crossAccount?: boolean;
  readonly crossRegion?: boolean;
  readonly continuousBackup: boolean;
  readonly copyLifecycle?: ReportLifecycle;
  readonly ruleLifecycle?: ReportLifecycle;
  /** The id of the route's entry in {@link ReportJson.resourceSets}: what the plan's selections pick. */
  readonly resourceSet: string;
  /** Resources the route copies (the set's `resourceCount`). */
  readonly resourceCount: number;
  /** Selection entries that may match resources outside the app and were not checked. Sorted. */
  readonly unresolvedSelections: string[];
  /** Every rule id except CAB-UNVERIFIABLE, in rule order. */
  readonly checks: ReportRouteCheck[];
  readonly findings: ReportRouteFindings;
}

export interface ReportVault {
  readonly id: string;
  readonly inApp: boolean;
  readonly constructPath?: string;
  readonly name?: string;
  readonly arn?: string;
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  /**
   * The id of the vault's key in {@link ReportJson.keys}. In-app vault without a key: AWS Backup uses
   * `aws/backup` (`aws-managed:alias/aws/backup`). Absent for vaults outside the app.
   */
  readonly key?: string;
  /** True when the vault's access policy is known (in-app vault with a policy). The policy itself is not copied. */
  readonly accessPolicyKnown: boolean;
  readonly lock?: { readonly minRetentionDays?: number; readonly maxRetentionDays?: number };
  /** True for a logically air-gapped vault (its `lock` is its required retention range); absent for a standard vault. */
  readonly airGapped?: boolean;
}

/** A key: every customer managed key of the app and every key a resource or vault names. */
export interface ReportKey {
  /** Construct path for a key of the app, else `<kind>:<reference>` (e.g. `service-default:alias/aws/rds`). */
  readonly id: string;
  readonly kind: string;
  /** What the template names: ARN, alias, key id, or the text of a token. */
  readonly reference: string;
  /** `aws/rds`, `aws/ebs`, ... for AWS managed and service default keys. */
  readonly alias?: string;
  readonly constructPath?: string;
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  /** True when the key policy is known to the checks. The policy itself is not copied into the report. */
  readonly policyKnown: boolean;
}

export interface ReportOrgSetting {
  readonly kind: string;
  readonly constructPath: string;
  readonly account?: string;
  readonly region?: string;
}

export interface ReportFinding {
  readonly ruleId: string;
  readonly severity: ReportSeverity;
  readonly constructPath: string;
  /** Which message of the rule (kebab case), since 2.1.0. */
  readonly messageId: string;
  /** The data the message is written from, since 2.1.0 (the keys of `FindingDetails`). */
  readonly details: FindingDetails;
  /** One sentence: what is wrong (the annotation's text), since 2.1.0. */
  readonly summary: string;
  /** The change to make, in short (the annotation's fix), since 2.1.0. */
  readonly shortFix: string;
  readonly message: string;
  readonly routeId?: string;
  readonly docUrl: string;
}

export interface ReportAcknowledgedFinding extends ReportFinding {
  /** The reason given when the finding was acknowledged, when known. */
  readonly reason?: string;
}

export interface ReportUnverifiable {
  readonly constructPath: string;
  readonly subject: string;
  readonly reason: string;
  /** Sorted by rule order. */
  readonly skippedRules: string[];
  /** The kinds of fact synth could not know (`UNKNOWN_FACTS`), sorted, since 2.2.0. */
  readonly unknownFacts: string[];
  /** The ARN of the vault or key outside the app the entry is about, when it has one: external facts about it let the checks decide, since 2.2.0. */
  readonly externalArn?: string;
  readonly routeId?: string;
}
