/**
 * L1 properties as they will be deployed: escape-hatch overrides merged, only the properties the
 * model needs rendered (`renderSubset`), the rest resolved with the reference-keeping resolver.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { CfnResource, Stack, TagManager, Tokenization } from 'aws-cdk-lib';
import { BuildContext } from './build-context';
import { PROPS_NEEDED } from './resource-kinds';

/**
 * Properties as deployed (escape-hatch overrides included), with references as sentinels.
 * Undefined when resolution fails. Does what `CfnResource._toCloudFormation` does for the
 * `Properties` section only (render, then merge `Properties` overrides), which avoids resolving
 * the logical id and the resource options.
 */
export function propsOf(ctx: BuildContext, cfn: CfnResource): any {
  if (ctx.propsCache.has(cfn)) return ctx.propsCache.get(cfn);
  const props = readProps(ctx, cfn);
  ctx.propsCache.set(cfn, props);
  return props;
}

/**
 * {@link propsOf} without its cache, for a reader that keeps what it draws from the properties
 * and not the properties (`inAppResource`, which every other reader of a backupable resource goes
 * through): what is not kept dies young, which is cheap for the collector.
 */
export function readProps(ctx: BuildContext, cfn: CfnResource): any {
  let props: any;
  const c = cfn as any;
  const needed = PROPS_NEEDED[cfn.cfnResourceType];
  if (needed && typeof c.renderProperties === 'function') {
    // Render the unresolved properties, merge overrides, then resolve only what the model reads.
    try {
      const { tagProp } = tagPropertyOf(cfn);
      const keys = keysWithTags(cfn.cfnResourceType, needed, tagProp);
      const fast = renderSubset(c, keys, tagProp);
      const overrides = c.rawOverrides?.Properties;
      let subset: Record<string, unknown>;
      if (fast !== undefined && overrides === undefined) {
        subset = fast; // already only `keys`, without undefined values
      } else {
        let rendered = fast ?? c.renderProperties(c.cfnProperties) ?? {};
        if (overrides !== undefined) rendered = deepMerge(rendered, overrides);
        subset = {};
        for (const k of keys) if (rendered[k] !== undefined) subset[k] = rendered[k];
      }
      props = ctx.refs.resolveTokens(subset, cfn, Stack.of(cfn)) ?? {};
    } catch {
      props = undefined;
    }
  }
  if (props === undefined) {
    try {
      // Only the tokens resolved, each once per stack: the selections' long lists of ARNs are mostly literals.
      const resolved = ctx.refs.resolveTokens(c.cfnProperties, cfn, Stack.of(cfn)) ?? {};
      props = typeof c.renderProperties === 'function' ? c.renderProperties(resolved) ?? {} : resolved;
      const overrides = c.rawOverrides?.Properties;
      if (overrides !== undefined) props = deepMerge(props, resolveOverrides(ctx, overrides, cfn));
    } catch {
      props = undefined;
    }
  }
  if (props === undefined && typeof c.renderProperties === 'function') {
    // A token where the L1 wants a number (a template's `Ref` to a parameter, as the CLI rebuilds
    // it) fails the L1's type check once resolved to our placeholders: render first, as synth does.
    try {
      props = ctx.refs.resolve(c.renderProperties(c.cfnProperties) ?? {}, cfn) ?? {};
      const overrides = c.rawOverrides?.Properties;
      if (overrides !== undefined) props = deepMerge(props, resolveOverrides(ctx, overrides, cfn));
    } catch {
      props = undefined;
    }
  }
  return props;
}

/** `needed` and the tag property, one array per (type, tag property): every resource of a type reads the same keys. */
const keysCache = new Map<string, string[]>();

function keysWithTags(cfnType: string, needed: string[], tagProp: string): string[] {
  const k = `${cfnType}|${tagProp}`;
  let keys = keysCache.get(k);
  if (!keys) keysCache.set(k, keys = [...needed, tagProp]);
  return keys;
}

/**
 * The class of a generated L1 (`CfnTable`, or a class derived from one): its static
 * `CFN_RESOURCE_TYPE_NAME` is the resource's type, so every instance has that type and the same
 * tag manager. Undefined for a plain `CfnResource` or a class of one that takes its type as an
 * argument: those are read one by one.
 */
function l1ClassOf(cfn: CfnResource): object | undefined {
  const ctor = cfn.constructor as { CFN_RESOURCE_TYPE_NAME?: unknown };
  return ctor !== CfnResource && ctor.CFN_RESOURCE_TYPE_NAME === cfn.cfnResourceType ? ctor : undefined;
}

/** The tag property of an L1: as its tag manager names it (`raw`, undefined without one) and as CloudFormation does (`tagProp`). */
export interface TagProperty {
  readonly raw?: string;
  readonly tagProp: string;
}

const tagPropertyByClass = new WeakMap<object, TagProperty>();

/**
 * {@link TagProperty} of an L1, once per generated L1 class ({@link l1ClassOf}): such a class has
 * a tag manager or not, and names its tag property, the same for every instance. Any other
 * `CfnResource` is asked each time.
 */
export function tagPropertyOf(cfn: CfnResource): TagProperty {
  const l1 = l1ClassOf(cfn);
  let t = l1 ? tagPropertyByClass.get(l1) : undefined;
  if (t) return t;
  const tm = TagManager.of(cfn);
  t = tm ? { raw: tm.tagPropertyName, tagProp: capitalize(tm.tagPropertyName) } : { tagProp: 'Tags' };
  if (l1) tagPropertyByClass.set(l1, t);
  return t;
}

/** Resolve escape-hatch overrides, keeping deletion overrides (`undefined`, which resolution would drop). */
export function resolveOverrides(ctx: BuildContext, overrides: unknown, cfn: CfnResource): unknown {
  const DELETE = '\u0000cabdelete\u0000';
  const mark = (v: unknown): unknown => {
    if (v === undefined) return DELETE;
    if (!isPlainObject(v) || Tokenization.isResolvable(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = mark(x);
    return out;
  };
  const unmark = (v: unknown): unknown => {
    if (v === DELETE) return undefined;
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = unmark(x);
    return out;
  };
  return unmark(ctx.refs.resolve(mark(overrides), cfn));
}

/**
 * Per generated L1 class ({@link l1ClassOf}): lower-cased CloudFormation property name -> the L1's
 * property name (`kmskeyid` -> `kmsKeyId`). Any other `CfnResource` (whose properties are its own,
 * one instance to the next) is mapped each time.
 */
export const l1Names = new WeakMap<object, Map<string, string> | null>();

export function namesOf(c: any, raw: Record<string, unknown>): Map<string, string> | undefined {
  const l1 = l1ClassOf(c);
  if (l1 && l1Names.has(l1)) return l1Names.get(l1) ?? undefined;
  let names: Map<string, string> | null = new Map();
  for (const k of Object.keys(raw)) {
    const lower = k.toLowerCase();
    if (names.has(lower)) { names = null; break; } // ambiguous: always render
    names.set(lower, k);
  }
  if (l1) l1Names.set(l1, names);
  return names ?? undefined;
}

/**
 * What `renderProperties` returns for `keys` (CloudFormation names), without rendering and
 * validating every property of the L1 (for the large L1s, such as RDS's, that is most of the cost
 * of reading a resource). Only for values the L1 renders unchanged: literals and tokens, and the
 * tag property in the shapes `TagManager` renders. Undefined when any of `keys` needs the L1's own
 * renderer (nested property types, unknown names): the caller then renders everything.
 */
export function renderSubset(c: any, keys: string[], tagProp: string): Record<string, unknown> | undefined {
  const raw = c.cfnProperties;
  if (!raw || typeof raw !== 'object') return undefined;
  const names = namesOf(c, raw);
  if (!names) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const name = names.get(lowerCase(k));
    if (name === undefined) {
      if (k === tagProp) continue; // an L1 without a tag property of that name renders none
      return undefined;
    }
    const v = raw[name];
    if (v === undefined) continue;
    if (v === null || typeof v !== 'object' || Tokenization.isResolvable(v)) {
      out[k] = v;
    } else if (k === tagProp) {
      const tags = renderedTags(v);
      if (tags === undefined) return undefined;
      out[k] = tags;
    } else {
      return undefined;
    }
  }
  return out;
}

/** `k.toLowerCase()` of the few CloudFormation property names the model reads, computed once each. */
const lowerNames = new Map<string, string>();

function lowerCase(k: string): string {
  let lower = lowerNames.get(k);
  if (lower === undefined) lowerNames.set(k, lower = k.toLowerCase());
  return lower;
}

/** Tags as rendered by `TagManager` (`[{ key, value }]`, `[{ Key, Value }]` or a map) in their CloudFormation shape. */
export function renderedTags(v: object): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const t of v) {
      if (!isPlainObject(t)) return undefined;
      const ks = Object.keys(t);
      if (ks.every(k => k === 'key' || k === 'value')) out.push({ Key: t.key, Value: t.value });
      else if (ks.every(k => k === 'Key' || k === 'Value')) out.push(t);
      else return undefined;
    }
    return out;
  }
  if (isPlainObject(v) && Object.values(v).every(x => x === undefined || typeof x !== 'object')) return v;
  return undefined;
}

export const MERGE_REPLACED = new Set(['Ref', 'Fn::Base64', 'Fn::Cidr', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Join',
  'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::Transform', 'Fn::And', 'Fn::Equals', 'Fn::If', 'Fn::Not', 'Fn::Or']);

export function isIntrinsic(x: unknown): boolean {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  return keys.length === 1 && MERGE_REPLACED.has(keys[0]);
}

/**
 * Escape-hatch override semantics, as aws-cdk-lib's own `deepMerge` applies them: objects merge
 * recursively (into arrays by index: `BackupPlanRule.0.RuleName`), an intrinsic on either side is
 * replaced rather than merged, `undefined` deletes, an object left empty disappears, anything else replaces.
 */
export function deepMerge(target: any, source: any): any {
  if (!isPlainObject(source)) return source;
  const out: any = Array.isArray(target) ? [...target] : isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(source)) {
    if (v === undefined) {
      delete out[k];
    } else if (isPlainObject(v)) {
      const base = out[k] !== null && typeof out[k] === 'object' && !isIntrinsic(out[k]) && !isIntrinsic(v) ? out[k] : {};
      const merged = deepMerge(base, v);
      if (merged !== null && typeof merged === 'object' && Object.keys(merged).length === 0) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  return out;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
