/**
 * The backupable resources of the app: their type, encryption, key and tags.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { CfnResource, Stack, TagManager } from 'aws-cdk-lib';
import { attachPath, BuildContext, InAppResource, PlanInfo, registerConstruct, strOf } from './build-context';
import { envKey, envOfStack } from './environments';
import { keyFrom } from './read-keys';
import { readProps, tagPropertyOf } from './read-properties';
import { BACKUPABLE_CFN_TYPES, kindOf } from './resource-kinds';
import { hasSentinel, isUnresolved, RefTable } from './token-resolver';
import type { Env, KeyKind, KeyModel, ResourceModel, TagModel } from './types';

export function inAppResource(ctx: BuildContext, cfn: CfnResource): InAppResource | undefined {
  const cached = ctx.resourceCache.get(cfn);
  if (cached !== undefined) return cached ?? undefined;
  let result: InAppResource | null = null;
  if (BACKUPABLE_CFN_TYPES.has(cfn.cfnResourceType)) {
    const props = readProps(ctx, cfn);
    if (props !== undefined) {
      const kind = kindOf(cfn.cfnResourceType, props);
      if (kind) {
        const stack = Stack.of(cfn);
        const env = envOfStack(ctx, stack);
        const enc = kind.encryption(props, env.region);
        let encrypted: boolean | undefined;
        let key: KeyModel | undefined;
        let keyUnknownWhy: string | undefined;
        if (enc.state === 'encrypted') {
          encrypted = true;
          if (enc.key !== undefined) key = keyFrom(ctx, enc.key, env);
          else if (enc.defaultKind) key = defaultKey(ctx, enc.defaultKind, enc.defaultAlias, env);
        } else if (enc.state === 'unencrypted') {
          encrypted = false;
        } else {
          keyUnknownWhy = enc.why; // the unverifiable entry's subject already names the resource
          if (enc.key !== undefined) key = keyFrom(ctx, enc.key, env);
        }
        const nameRaw = kind.nameProp?.(props);
        const name = nameRaw !== undefined ? strOf(ctx, nameRaw, env) : undefined;
        const path = registerConstruct(ctx, cfn);
        const arn = name !== undefined && (kind.globalArn || (env.account && env.region)) && env.partition
          ? kind.globalArn ? `arn:${env.partition}:${kind.arnService}:::${name}` : `arn:${env.partition}:${kind.arnService}:${env.region}:${env.account}:${kind.arnPrefix}${name}`
          : undefined;
        result = {
          cfn,
          stack,
          kind,
          name,
          keyUnknownWhy,
          base: {
            id: path,
            type: kind.type,
            inApp: true,
            constructPath: attachPath(ctx, cfn, path),
            cfnType: cfn.cfnResourceType,
            arn,
            env,
            encrypted,
            key,
            tags: resourceTags(ctx, cfn, props),
          },
        };
      }
    }
  }
  ctx.resourceCache.set(cfn, result);
  return result ?? undefined;
}

/**
 * The key AWS uses when a resource names none (an AWS owned key, or the service's AWS managed key
 * `alias/aws/<service>`), one object per (environment, kind, alias): the resources of a stack share it.
 */
function defaultKey(ctx: BuildContext, kind: KeyKind, alias: string | undefined, env: Env): KeyModel {
  let byKind = ctx.defaultKeys.get(env);
  if (!byKind) ctx.defaultKeys.set(env, byKind = new Map());
  const id = `${kind}|${alias ?? ''}`;
  let key = byKind.get(id);
  if (!key) {
    key = kind === 'aws-owned'
      ? { kind, reference: 'AWS owned key', env }
      : { kind, reference: alias ? `alias/${alias}` : 'default key', alias, env };
    byKind.set(id, key);
  }
  return key;
}

export function resourceTags(ctx: BuildContext, cfn: CfnResource, props: any): TagModel[] {
  const { raw, tagProp } = tagPropertyOf(cfn);
  return tagsFromValue(props[tagProp] ?? props[raw ?? tagProp], 'resource', ctx.refs);
}

/** Backupable in-app resources in the plan's own account and Region (AWS Backup selects nothing else), of `cfnTypes` (all when unset). */
export function candidates(ctx: BuildContext, plan: PlanInfo, cfnTypes?: string[]): InAppResource[] {
  const key = `${envKey(plan)}\u0000${cfnTypes ? cfnTypes.join(',') : '*'}`;
  let list = ctx.candidateCache.get(key);
  if (list) return list;
  list = [];
  const types = new Set(cfnTypes ?? BACKUPABLE_CFN_TYPES);
  for (const cfn of backupableIn(ctx, plan)) {
    if (!types.has(cfn.cfnResourceType)) continue;
    const r = inAppResource(ctx, cfn);
    if (r) list.push(r);
  }
  ctx.candidateCache.set(key, list);
  return list;
}

/**
 * The backupable L1s of one environment by tag, from their tag managers (no property resolution):
 * a tag selection looks up the L1s that carry its tag instead of testing every L1 of its account
 * and Region. Without it, apps with one plan and one tag of their own per team cost plans × resources.
 */
export interface TagIndex {
  /** Each L1's place in the environment's list (`backupableIn`): candidates keep tree order. */
  readonly position: Map<CfnResource, number>;
  /** Tag key -> the L1s whose tag manager holds it. */
  readonly byKey: Map<string, TaggedWith>;
  /** L1s whose tags only the full read knows ({@link cheapTags} is undefined): candidates of every tag selection. */
  readonly undecided: CfnResource[];
}

/** The L1s of an environment that carry one tag key. */
export interface TaggedWith {
  readonly all: CfnResource[];
  /** Literal value -> the L1s with that value. */
  readonly byValue: Map<string, CfnResource[]>;
  /** The L1s whose value is a token. */
  readonly tokenValue: CfnResource[];
}

/** What a tag selection looks up: the L1s with tag `key`, with exactly `value` when given (else any value). */
export interface TagLookup {
  readonly key: string;
  readonly value?: string;
}

/** The tag index of the plan's environment, built on its first tag selection. */
export function tagIndex(ctx: BuildContext, plan: PlanInfo): TagIndex {
  const k = envKey(plan);
  let index = ctx.tagIndexes.get(k);
  if (index) return index;
  const position = new Map<CfnResource, number>();
  const byKey = new Map<string, TaggedWith>();
  const undecided: CfnResource[] = [];
  backupableIn(ctx, plan).forEach((cfn, i) => {
    position.set(cfn, i);
    const tags = cheapTagsOf(ctx, cfn);
    if (tags === undefined) {
      undecided.push(cfn);
      return;
    }
    for (const t of tags) {
      let w = byKey.get(t.key);
      if (!w) byKey.set(t.key, w = { all: [], byValue: new Map(), tokenValue: [] });
      w.all.push(cfn);
      if (t.value === undefined) {
        w.tokenValue.push(cfn);
      } else {
        let list = w.byValue.get(t.value);
        if (!list) w.byValue.set(t.value, list = []);
        list.push(cfn);
      }
    }
  });
  ctx.tagIndexes.set(k, index = { position, byKey, undecided });
  return index;
}

/**
 * The in-app resources of the plan's environment that a tag or condition selection may pick: those
 * that `lookups` find (every resource when `lookups` is undefined: a selection whose conditions
 * are all `StringNotEquals`/`StringNotLike` picks resources without the key) and whose tags pass
 * `test` (picked, or maybe picked because a value is a token), plus those whose tags only the full
 * read knows; in tree order. The caller decides on each resource's full tags: this only narrows.
 */
export function tagCandidates(
  ctx: BuildContext, plan: PlanInfo, lookups: TagLookup[] | undefined, test: (tags: TagModel[]) => boolean,
): InAppResource[] {
  let cfns: CfnResource[];
  if (lookups === undefined) {
    cfns = backupableIn(ctx, plan);
  } else {
    const index = tagIndex(ctx, plan);
    const set = new Set<CfnResource>(index.undecided);
    const addAll = (list: CfnResource[] | undefined): void => {
      for (const cfn of list ?? []) set.add(cfn);
    };
    for (const l of lookups) {
      const w = index.byKey.get(l.key);
      if (!w) continue;
      if (l.value === undefined) {
        addAll(w.all);
      } else {
        addAll(w.byValue.get(l.value));
        addAll(w.tokenValue); // whether a token equals the value is not known: the caller says so
      }
    }
    cfns = [...set].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
  }
  const out: InAppResource[] = [];
  for (const cfn of cfns) {
    const tags = cheapTagsOf(ctx, cfn);
    if (tags !== undefined && !test(tags)) continue;
    const r = inAppResource(ctx, cfn);
    if (r) out.push(r);
  }
  return out;
}

/** {@link cheapTags} of an L1, read once (every tag selection of its environment tests them). */
function cheapTagsOf(ctx: BuildContext, cfn: CfnResource): TagModel[] | undefined {
  if (ctx.cheapTagCache.has(cfn)) return ctx.cheapTagCache.get(cfn);
  // Read in full already (a literal ARN names it): those are its tags as deployed.
  const tags = ctx.resourceCache.get(cfn)?.base.tags ?? cheapTags(cfn);
  ctx.cheapTagCache.set(cfn, tags);
  return tags;
}

/** Backupable L1s in the plan's environment (its stack when the environment is unknown), indexed once. */
export function backupableIn(ctx: BuildContext, plan: PlanInfo): CfnResource[] {
  if (!ctx.envIndex) {
    ctx.envIndex = new Map();
    for (const t of BACKUPABLE_CFN_TYPES) {
      for (const cfn of ctx.byType.get(t) ?? []) {
        const stack = Stack.of(cfn);
        const env = envOfStack(ctx, stack);
        const k = envKey({ env, stack });
        let l = ctx.envIndex.get(k);
        if (!l) ctx.envIndex.set(k, l = []);
        l.push(cfn);
      }
    }
  }
  return ctx.envIndex.get(envKey(plan)) ?? [];
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

export function tagsFromValue(v: unknown, source: TagModel['source'], refs: RefTable): TagModel[] {
  const literal = (x: unknown): string | undefined => (typeof x === 'string' && !hasSentinel(x) ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : undefined);
  if (Array.isArray(v)) {
    const out: TagModel[] = [];
    for (const t of v) {
      if (!t || typeof t !== 'object') continue;
      const key = literal((t as any).Key);
      if (key === undefined) continue;
      out.push({ key, value: literal((t as any).Value), source });
    }
    return out;
  }
  if (v && typeof v === 'object') {
    void refs;
    return Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, value: literal(value), source }));
  }
  return [];
}

/**
 * A resource's tags from its tag manager (after `Tags.of()`), without resolving its properties.
 * Undefined when only the full read knows them: an escape-hatch override replaces the tag property,
 * a tag key is a token, or the L1 has no tag manager (a plain `CfnResource` with a `Tags` property,
 * as the CLI rebuilds some resources).
 */
export function cheapTags(cfn: CfnResource): TagModel[] | undefined {
  const tm = TagManager.of(cfn);
  if (!tm) return undefined;
  const overrides = (cfn as any).rawOverrides?.Properties;
  if (overrides && typeof overrides === 'object') {
    const prop = tm.tagPropertyName;
    if (prop in overrides || (prop.charAt(0).toUpperCase() + prop.slice(1)) in overrides) return undefined;
  }
  const out: TagModel[] = [];
  for (const [key, value] of Object.entries(tm.tagValues())) {
    if (isUnresolved(key)) return undefined;
    out.push({ key, value: isUnresolved(value) ? undefined : value, source: 'resource' });
  }
  return out;
}

/**
 * `{ ...base, selectedBy }` for a resource of the app, written out field by field in one order.
 * Spread and extended, the copies got hidden classes of their own from V8 (3,574 for 4,288 copies
 * at 3,000 resources, in a heap snapshot), so later reads of their fields missed the inline caches;
 * written out, they share one.
 */
export function selectedAs(base: InAppResource['base'], selectedBy: string[]): ResourceModel {
  return {
    id: base.id,
    type: base.type,
    inApp: base.inApp,
    constructPath: base.constructPath,
    cfnType: base.cfnType,
    arn: base.arn,
    env: base.env,
    encrypted: base.encrypted,
    key: base.key,
    tags: base.tags,
    selectedBy,
  };
}

/**
 * The resources of `list` once per id, in order of first appearance; a resource that appears more
 * than once keeps its first entry with the `selectedBy` of every entry (each label once, in order).
 * Linear: only resources that repeat get a new object, one per id.
 */
export function dedupeResources(list: readonly ResourceModel[]): ResourceModel[] {
  const at = new Map<string, number>();
  const out: ResourceModel[] = [];
  let labels: Map<number, string[]> | undefined; // position in `out` -> merged labels, for repeated ids
  for (const r of list) {
    const i = at.get(r.id);
    if (i === undefined) {
      at.set(r.id, out.length);
      out.push(r);
      continue;
    }
    labels ??= new Map();
    let merged = labels.get(i);
    if (!merged) labels.set(i, merged = [...new Set(out[i].selectedBy)]);
    for (const how of r.selectedBy) if (!merged.includes(how)) merged.push(how);
  }
  if (labels) for (const [i, selectedBy] of labels) out[i] = out[i].inApp ? selectedAs(out[i], selectedBy) : { ...out[i], selectedBy };
  return out;
}
