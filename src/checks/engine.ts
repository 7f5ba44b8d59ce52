/**
 * The check engine: builds the model once, runs every rule, filters acknowledged findings, and
 * maps findings to annotations. Reusable by every front end (the aspect, a validator plugin, a report).
 * Not part of the jsii API.
 */
import { Stack, Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Finding, Rule } from './finding';
import { applyFacts, optionsWithFacts } from './model/apply-facts';
import { buildModel } from './model/build-from-constructs';
import { resolveOptions } from './model/options';
import type { CheckModel, CheckOptions } from './model/types';
import { ALL_RULES } from './rules';

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
    for (const f of rule(model, resolvedOptions)) {
      const target = resolveTarget(scope, f, constructs);
      if (isAcknowledged(target, f.ruleId, ackCache)) acknowledged.push(f);
      else findings.push(f);
    }
  }
  return { model, options: resolvedOptions, findings, acknowledged, constructs };
}

/**
 * Emit findings as annotations, in the form aws-cdk-lib gives its own validations: errors with
 * `Validations.of(target).addError(ruleId, message)` (the message ends with the qualified rule id,
 * `(annotation::CAB-...)` or, from aws-cdk-lib 2.262.0, `(Annotation::CAB-...)`, which the CLI shows
 * as the rule), warnings with `Validations.of(target).addWarning(ruleId, message)` (acknowledgeable
 * by CDK itself). `runChecks` already filtered acknowledged findings.
 *
 * `emitted` remembers what was emitted on which construct: a later run (a forced re-synth) adds
 * only the findings that are new, never a second copy of one already in the construct's metadata.
 */
export function emitAnnotations(
  scope: IConstruct,
  result: Pick<CheckResult, 'findings' | 'constructs'>,
  emitted: WeakMap<IConstruct, Set<string>> = new WeakMap(),
): void {
  withoutStackTraces(() => {
    for (const f of result.findings) {
      const target = resolveTarget(scope, f, result.constructs);
      let done = emitted.get(target);
      if (!done) emitted.set(target, done = new Set());
      const key = `${f.severity} ${f.ruleId} ${f.message}`;
      if (done.has(key)) continue;
      done.add(key);
      if (f.severity === 'error') Validations.of(target).addError(f.ruleId, f.message);
      else Validations.of(target).addWarning(f.ruleId, f.message);
    }
  });
}

/**
 * Errors of `result` that must fail synthesis itself (the validation phase), as validation messages:
 * those whose construct is inside a Stage that is not the root of the tree (a nested cloud assembly:
 * the CLI checks the annotations of the stacks it selects only, by default the App's own, and CDK
 * Pipelines deploys a Stage's stacks without the CLI), or every error when `all` is set. One line
 * each, with the construct path, the rule id and how to acknowledge it.
 */
export function errorsThatFailSynthesis(scope: IConstruct, result: Pick<CheckResult, 'findings' | 'constructs'>, all: boolean): string[] {
  const out: string[] = [];
  for (const f of result.findings) {
    if (f.severity !== 'error') continue;
    const target = resolveTarget(scope, f, result.constructs);
    const stage = Stage.of(target);
    const nested = stage !== undefined && stage.node.scope !== undefined;
    if (!all && !nested) continue;
    const where = nested ? `; in Stage ${stage!.node.path}` : '';
    out.push(`[${target.node.path}] ${f.message} (rule ${f.ruleId}${where}; to accept it: Validations.of(construct).acknowledge({ id: '${f.ruleId}', reason }))`);
  }
  return out;
}

/**
 * Run `fn` with CDK's metadata stack traces off (`CDK_DISABLE_STACK_TRACE`, read by `Annotations`).
 * A finding's trace would only show the synthesis internals that ran the checks, never the user's
 * code, and capturing it is the most expensive part of emitting a finding (a full, source-mapped
 * stack per annotation). The variable is restored before returning.
 */
function withoutStackTraces(fn: () => void): void {
  if (process.env.CDK_DISABLE_STACK_TRACE) return fn();
  process.env.CDK_DISABLE_STACK_TRACE = '1';
  try {
    fn();
  } finally {
    delete process.env.CDK_DISABLE_STACK_TRACE;
  }
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
