/**
 * The check engine: builds the model once, runs every rule and splits acknowledged findings off.
 * It knows no front end: the Aspect, the validation plugin and the CLI (`src/frontends/`) drive it
 * and turn its findings into annotations, validation messages, reports and terminal output.
 * Not part of the jsii API.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Finding, Rule } from './finding';
import { applyFacts, optionsWithFacts } from './model/apply-facts';
import { buildModel } from './model/build-from-constructs';
import { resolveOptions } from './model/options';
import type { CheckModel, CheckOptions } from './model/types';
import { ALL_RULES, RULES } from './rules';

export interface CheckResult {
  readonly model: CheckModel;
  /** The options as the rules saw them: tokens resolved, unresolvable entries dropped. */
  readonly options: CheckOptions;
  /** Findings that are not acknowledged. */
  readonly findings: Finding[];
  /** Findings acknowledged with `Validations.of(scope).acknowledge({ id })` on their construct or an ancestor. */
  readonly acknowledged: Finding[];
  /** Construct path -> construct, for every path the model and the findings name. */
  readonly constructs: Map<string, IConstruct>;
}

/** Build the model of the tree under `scope`, run the rules, and split acknowledged findings off. */
export function runChecks(scope: IConstruct, options: CheckOptions, rules: Rule[] = ALL_RULES): CheckResult {
  const resolved = resolveOptions(options, scope);
  const resolvedOptions = optionsWithFacts(resolved.options);
  const built = buildModel(scope, resolvedOptions);
  const constructs = built.constructs;
  const model = applyFacts(built.model, resolvedOptions, resolvedOptions.clock?.() ?? new Date());
  if (resolved.unverifiable.length > 0 && model.routes.some(r => r.crossAccount !== false)) {
    model.unverifiable.push(...resolved.unverifiable);
  }
  const findings: Finding[] = [];
  const acknowledged: Finding[] = [];
  const ackCache = new Map<IConstruct, Set<string>>();
  for (const rule of rules) {
    for (const f of rule(model, resolvedOptions, RULES)) {
      const target = resolveTarget(scope, f, constructs);
      if (isAcknowledged(target, f.ruleId, ackCache)) acknowledged.push(f);
      else findings.push(f);
    }
  }
  return { model, options: resolvedOptions, findings, acknowledged, constructs };
}

/**
 * The construct a finding attaches to: its construct path, else the route's plan, else the first
 * stack under `scope`, else `scope` itself. Never throws.
 */
export function resolveTarget(scope: IConstruct, f: Finding, constructs: Map<string, IConstruct>): IConstruct {
  const direct = constructs.get(f.constructPath) ?? findByPath(scope, f.constructPath);
  if (direct) return direct;
  if (f.routeId) {
    const planPath = f.routeId.split('/').length > 1 ? [...constructs.keys()].find(p => f.routeId!.startsWith(`${p}/`)) : undefined;
    if (planPath) return constructs.get(planPath)!;
  }
  if (Stack.isStack(scope)) return scope;
  return scope.node.children.find(c => Stack.isStack(c)) ?? scope.node.findAll().find(c => Stack.isStack(c)) ?? scope;
}

function findByPath(scope: IConstruct, path: string): IConstruct | undefined {
  if (!path) return undefined;
  const rootPath = scope.node.path;
  let rel = path;
  if (rootPath) {
    if (path === rootPath) return scope;
    if (!path.startsWith(`${rootPath}/`)) return undefined;
    rel = path.slice(rootPath.length + 1);
  }
  let cur: IConstruct | undefined = scope;
  for (const id of rel.split('/')) {
    cur = cur?.node.tryFindChild(id);
    if (!cur) return undefined;
  }
  return cur;
}

/**
 * The spellings under which aws-cdk-lib records an acknowledgement of `ruleId`: `annotation::<id>`
 * up to 2.261, `Annotation::<id>` from 2.262.0 on (`Validations.acknowledge` normalizes the id), and
 * an id given already qualified (`CrossAccountCopyValidator::<id>`, `Annotation::<id>`) as is, with
 * the annotation prefix in both spellings.
 */
export function acknowledgementIds(ruleId: string): string[] {
  const sep = ruleId.indexOf('::');
  if (sep < 0) return [`annotation::${ruleId}`, `Annotation::${ruleId}`];
  const prefix = ruleId.slice(0, sep);
  const id = ruleId.slice(sep + 2);
  return prefix.toLowerCase() === 'annotation' ? [`annotation::${id}`, `Annotation::${id}`] : [ruleId];
}

/**
 * True when the construct or an ancestor acknowledged `ruleId` (an error or a warning): with
 * `Validations.acknowledge({ id })` (metadata `aws:cdk:acknowledged-rules`, either spelling of the
 * prefix, see {@link acknowledgementIds}), or with `Annotations.acknowledgeWarning('annotation::<id>')`
 * (recorded on the App; CDK itself only honours those acknowledgements from ancestors when the warning
 * is added later, so the engine checks the construct itself too).
 */
export function isAcknowledged(c: IConstruct, ruleId: string, cache = new Map<IConstruct, Set<string>>()): boolean {
  const qualified = acknowledgementIds(ruleId);
  const appAcks = appAcknowledgements(c);
  for (const s of c.node.scopes) {
    const fromApp = appAcks?.get(s.node.path);
    if (fromApp && qualified.some(q => fromApp.has(q))) return true;
    let ids = cache.get(s);
    if (!ids) {
      ids = new Set();
      for (const m of s.node.metadata) {
        if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && m.data && typeof m.data === 'object') {
          for (const k of Object.keys(m.data)) ids.add(k);
        }
      }
      cache.set(s, ids);
    }
    if (qualified.some(q => ids!.has(q))) return true;
  }
  return false;
}

const ACKNOWLEDGEMENTS_SYM = Symbol.for('@aws-cdk/core.Acknowledgements');

/** The App's record of `Annotations.acknowledgeWarning` calls: node path -> ids (aws-cdk-lib internal; undefined if absent). */
function appAcknowledgements(c: IConstruct): Map<string, Set<string>> | undefined {
  const root = c.node.root as unknown as Record<symbol, { acks?: unknown } | undefined>;
  const acks = root[ACKNOWLEDGEMENTS_SYM]?.acks;
  return acks instanceof Map ? acks as Map<string, Set<string>> : undefined;
}
