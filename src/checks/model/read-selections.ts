/**
 * Backup selections: which resources of the app each picks (ARNs, tags, conditions), and what it may
 * pick outside the app.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { CfnResource } from 'aws-cdk-lib';
import { globMatch, isWildcard, parseArn, ParsedArn } from './arn';
import { attachPath, BuildContext, InAppResource, PlanInfo, SelectionResult, strOf } from './build-context';
import { envKey } from './environments';
import { propsOf } from './read-properties';
import { candidates, inAppResource, selectedAs, tagCandidates, TagLookup } from './read-resources';
import { typeFromArn } from './resource-kinds';
import { hasSentinel, RefTable } from './token-resolver';
import type { Env, ResourceModel, ResourceTypeId, TagModel } from './types';

/** Map of ARN service -> CloudFormation types whose ARN uses that service. */
export const TYPES_BY_ARN_SERVICE: Record<string, string[]> = {
  'rds': ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster'],
  'ec2': ['AWS::EC2::Instance', 'AWS::EC2::Volume'],
  'dynamodb': ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  'elasticfilesystem': ['AWS::EFS::FileSystem'],
  's3': ['AWS::S3::Bucket'],
  'fsx': ['AWS::FSx::FileSystem', 'AWS::FSx::Volume'],
  'redshift': ['AWS::Redshift::Cluster'],
  'redshift-serverless': ['AWS::RedshiftServerless::Namespace'],
  'timestream': ['AWS::Timestream::Table'],
  'dsql': ['AWS::DSQL::Cluster'],
  'eks': ['AWS::EKS::Cluster'],
  'cloudformation': ['AWS::CloudFormation::Stack'],
};

/**
 * A selection by tags or conditions only picks resources of its plan's account and Region by their
 * tags: selections with the same tags and conditions in the same environment pick the same
 * resources. Evaluated once per (environment, tags and conditions); every such selection gets the
 * same resource list. Selections with `Resources`, `NotResources` or tokens are evaluated each.
 */
export function readSelectionShared(ctx: BuildContext, cfn: CfnResource, plan: PlanInfo): SelectionResult | undefined {
  const sel = propsOf(ctx, cfn)?.BackupSelection;
  const empty = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.length === 0);
  if (!sel || typeof sel !== 'object' || !empty(sel.Resources) || !empty(sel.NotResources)) return readSelection(ctx, cfn, plan);
  // An intrinsic (a pseudo parameter such as AWS::StackName, an Fn::If) may differ from stack to stack.
  if (hasIntrinsic(sel.ListOfTags) || hasIntrinsic(sel.Conditions)) return readSelection(ctx, cfn, plan);
  const what = JSON.stringify([sel.ListOfTags ?? null, sel.Conditions ?? null]);
  const key = `${envKey(plan)}\u0000${what}`;
  const cached = ctx.sharedSelections.get(key);
  if (!cached) {
    const result = readSelection(ctx, cfn, plan);
    if (result) ctx.sharedSelections.set(key, result);
    return result;
  }
  return { ...cached, model: { ...cached.model, constructPath: attachPath(ctx, cfn) } };
}

/**
 * True when a resolved value holds a CloudFormation intrinsic (`{ Ref }`, `{ 'Fn::…' }`, `{ Condition }`).
 * References to constructs are sentinel strings (the same construct for every plan), not intrinsics;
 * literal strings that merely spell `Ref` or `Fn::` are literals.
 */
export function hasIntrinsic(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasIntrinsic);
  const keys = Object.keys(v);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'))) return true;
  return keys.some(k => hasIntrinsic((v as Record<string, unknown>)[k]));
}

/** The in-app resource whose ARN is `arn` (first in tree order), indexed once per ARN service. */
function inAppWithArn(ctx: BuildContext, service: string, arn: string): InAppResource | undefined {
  let index = ctx.byArn.get(service);
  if (!index) {
    index = new Map();
    for (const cfnType of TYPES_BY_ARN_SERVICE[service] ?? []) {
      for (const cfn of ctx.byType.get(cfnType) ?? []) {
        const r = inAppResource(ctx, cfn);
        if (r?.base.arn !== undefined && !index.has(r.base.arn)) index.set(r.base.arn, r);
      }
    }
    ctx.byArn.set(service, index);
  }
  return index.get(arn);
}

export function readSelection(ctx: BuildContext, cfn: CfnResource, plan: PlanInfo): SelectionResult | undefined {
  const path = attachPath(ctx, cfn);
  const props = propsOf(ctx, cfn);
  const sel = props?.BackupSelection;
  if (!sel || typeof sel !== 'object') {
    return { model: { constructPath: path, resources: [], unresolvedEntries: ['the whole selection'] }, entriesOutside: ['the whole selection (it cannot be resolved at synth time)'] };
  }
  const q = parseSelection(ctx, sel, plan);
  const selected = new Map<InAppResource, string[]>();
  const undetermined: Array<{ resource: InAppResource; why: string }> = [];
  for (const r of selectionPool(ctx, q, plan)) {
    const verdict = judge(ctx, q, r);
    if (verdict === undefined) continue;
    if (verdict.picked) {
      const list = selected.get(r);
      if (!list) selected.set(r, [verdict.how]);
      else if (!list.includes(verdict.how)) list.push(verdict.how);
    } else {
      undetermined.push({ resource: r, why: verdict.why });
    }
  }

  // What may match outside the app.
  const unresolvedEntries = [...q.unresolvedResourceEntries];
  if (q.hasTags) unresolvedEntries.push(...q.tagLabels);
  if (q.hasCond && !q.hasRes) unresolvedEntries.push(q.condOnlyLabel);
  if (!q.hasRes && !q.hasTags && !q.hasCond) unresolvedEntries.push('every resource (no Resources, ListOfTags or Conditions)');

  const models: ResourceModel[] = [];
  for (const [r, how] of selected) models.push(selectedAs(r.base, how));
  for (const o of q.outside) {
    if (!q.excluders.some(x => x.literal !== undefined && o.arn !== undefined && globMatch(x.literal, o.arn))) models.push(o);
  }
  const unique = [...new Set(unresolvedEntries)];
  return { model: { constructPath: path, resources: models, unresolvedEntries: unique }, entriesOutside: unique, undetermined };
}

/**
 * A selection's entries, parsed once: what `judge` tests each candidate resource against. (The
 * selection reader is split in three, the parse, the candidates and the judgement of one resource,
 * so that V8 compiles three small functions instead of one large one several times.)
 */
interface SelectionQuery {
  readonly resources: unknown[];
  readonly listOfTags: any[];
  readonly conditions: ParsedCondition[];
  readonly hasRes: boolean;
  readonly hasTags: boolean;
  readonly hasCond: boolean;
  /** In-app resources a `Resources` entry names (a reference or a literal ARN), with the entry's label. */
  readonly explicit: Map<InAppResource, string>;
  /** Matchers of the `Resources` entries that are ARN patterns. */
  readonly resourceMatchers: Array<(r: InAppResource) => boolean>;
  readonly excluders: Array<ReturnType<typeof entryMatcher>>;
  /** Resources outside the app that `Resources` entries name or whose type they fix. */
  readonly outside: ResourceModel[];
  /** The `Resources` entries that may match outside the app (`readSelection` adds the tags and conditions). */
  readonly unresolvedResourceEntries: string[];
  /** The tag key of each `ListOfTags` entry (`aws:ResourceTag/` removed), once. */
  readonly tagKeys: string[];
  /** `tag <key>=<value>` of each `ListOfTags` entry, once. */
  readonly tagLabels: string[];
  readonly condLabel: string;
  readonly condOnlyLabel: string;
}

function parseSelection(ctx: BuildContext, sel: any, plan: PlanInfo): SelectionQuery {
  const resources: unknown[] = Array.isArray(sel.Resources) ? sel.Resources : sel.Resources !== undefined ? [sel.Resources] : [];
  const notResources: unknown[] = Array.isArray(sel.NotResources) ? sel.NotResources : [];
  const listOfTags: any[] = Array.isArray(sel.ListOfTags) ? sel.ListOfTags : [];
  const conditions = parseConditions(sel.Conditions, ctx.refs);
  const outside: ResourceModel[] = [];
  const unresolvedResourceEntries: string[] = [];
  const resourceMatchers: Array<(r: InAppResource) => boolean> = [];
  const explicit = new Map<InAppResource, string>();
  for (const entry of resources) {
    const m = entryMatcher(ctx, entry, plan, 'include');
    if (m.resource) explicit.set(m.resource, m.label);
    if (m.matches) resourceMatchers.push(m.matches);
    if (m.outside) outside.push({ ...m.outside, selectedBy: [m.label] });
    if (m.unresolved) unresolvedResourceEntries.push(m.label);
  }
  const tagKeys = listOfTags.map(lt => conditionTagKey(lt?.ConditionKey));
  const tagLabels = listOfTags.map((lt, i) => `tag ${tagKeys[i]}=${ctx.refs.text(lt?.ConditionValue)}`);
  let condLabel = '';
  for (let i = 0; i < conditions.length; i++) condLabel += `${i > 0 ? ' AND ' : ''}${conditions[i].op} ${conditions[i].key}=${conditions[i].value}`;
  return {
    resources,
    listOfTags,
    conditions,
    hasRes: resources.length > 0,
    hasTags: listOfTags.length > 0,
    hasCond: conditions.length > 0,
    explicit,
    resourceMatchers,
    excluders: notResources.map(e => entryMatcher(ctx, e, plan, 'exclude')),
    outside,
    unresolvedResourceEntries,
    tagKeys,
    tagLabels,
    condLabel,
    condOnlyLabel: `conditions ${condLabel}`,
  };
}

/**
 * The resources a selection may pick: those its `Resources` entries name (in any environment: a
 * reference names the resource itself), plus the plan's account and Region when a pattern, a tag or
 * a condition needs scanning (by the tag index for tag and condition selections).
 */
function selectionPool(ctx: BuildContext, q: SelectionQuery, plan: PlanInfo): Set<InAppResource> {
  const { hasRes, hasTags, hasCond, listOfTags, conditions, tagKeys } = q;
  const needScan = q.resourceMatchers.length > 0 || hasTags || (hasCond && !hasRes) || (!hasRes && !hasTags && !hasCond);
  const pool = new Set<InAppResource>(q.explicit.keys());
  if (!hasRes && (hasTags || hasCond)) {
    // Resources whose tag values are tokens stay in: whether they are selected is reported as unknown.
    const mayPick = (tags: TagModel[]): boolean => (hasCond && conditions.every(c => c.test(tags) || c.unknown(tags)))
      || (hasTags && listOfTags.some((lt, i) => tagEquals(tags, tagKeys[i], lt?.ConditionValue) || tagUnknown(tags, tagKeys[i], lt?.ConditionValue)));
    for (const r of tagCandidates(ctx, plan, tagLookups(listOfTags, conditions), mayPick)) pool.add(r);
  } else if (needScan) {
    const scanTypes = !hasTags && !(hasCond && !hasRes) && hasRes ? typesForMatchers(ctx, q.resources, plan) : undefined;
    for (const r of candidates(ctx, plan, scanTypes)) pool.add(r);
  }
  return pool;
}

/**
 * Whether the selection picks `r` (and how, for `selectedBy`), may pick it (a token decides: why),
 * or does not (undefined).
 */
function judge(ctx: BuildContext, q: SelectionQuery, r: InAppResource): { picked: true; how: string } | { picked: false; why: string } | undefined {
  const { hasRes, hasTags, hasCond, conditions, listOfTags, tagKeys } = q;
  const tags = r.base.tags;
  let inResources = false;
  let how = '';
  const named = q.explicit.get(r);
  if (named !== undefined) { inResources = true; how = named; } else if (q.resourceMatchers.some(m => m(r))) { inResources = true; how = 'arn'; }
  let base = false;
  if (hasRes || hasCond) {
    base = (hasRes ? inResources : true) && (!hasCond || conditions.every(c => c.test(tags)));
    if (base) how = hasCond ? (hasRes ? `${how} and conditions ${q.condLabel}` : q.condOnlyLabel) : how;
  }
  let byTags = false;
  if (hasTags) {
    const t = listOfTags.findIndex((lt, i) => tagEquals(tags, tagKeys[i], lt?.ConditionValue));
    if (t >= 0) { byTags = true; if (!base) how = q.tagLabels[t]; }
  }
  const all = !hasRes && !hasTags && !hasCond;
  if (!(base || byTags || all)) {
    const why: string[] = [];
    if (hasCond && (hasRes ? inResources : true) && conditions.every(c => c.test(tags) || c.unknown(tags))) {
      for (const c of conditions) if (c.unknown(tags)) why.push(c.unknownWhy());
    }
    if (hasTags) {
      listOfTags.forEach((lt, i) => {
        if (tagUnknown(tags, tagKeys[i], lt?.ConditionValue)) why.push(unknownTagWhy(tagKeys[i], lt?.ConditionValue, ctx.refs, q.tagLabels[i]));
      });
    }
    return why.length > 0 && !excluded(q, r) ? { picked: false, why: [...new Set(why)].join('; ') } : undefined;
  }
  if (all) how = 'selection without Resources, ListOfTags or Conditions (every resource)';
  return excluded(q, r) ? undefined : { picked: true, how };
}

/** True when a `NotResources` entry of the selection names `r` or matches it. */
function excluded(q: SelectionQuery, r: InAppResource): boolean {
  return q.excluders.some(x => (x.resource && x.resource === r) || (x.matches && x.matches(r)));
}

export function typesForMatchers(ctx: BuildContext, resources: unknown[], plan: PlanInfo): string[] | undefined {
  const types = new Set<string>();
  for (const e of resources) {
    if (ctx.refs.exact(e)) continue;
    const s = strOf(ctx, e, plan.env);
    const arn = s ? parseArn(s) : undefined;
    if (!arn || s === '*' || arn.service.includes('*')) return undefined;
    for (const t of TYPES_BY_ARN_SERVICE[arn.service] ?? []) types.add(t);
  }
  return [...types];
}

/**
 * What a tag-only selection looks up in the tag index: each `ListOfTags` entry (they are OR-ed), and
 * one `StringEquals` or `StringLike` condition (conditions are AND-ed, so a resource must pass that
 * one), with the value when it is a literal that must be equal. Undefined when conditions alone may
 * pick a resource without any of these keys (only `StringNotEquals`/`StringNotLike`): then every
 * resource is a candidate.
 */
export function tagLookups(listOfTags: any[], conditions: ParsedCondition[]): TagLookup[] | undefined {
  const lookups: TagLookup[] = listOfTags.map(lt => ({ key: conditionTagKey(lt?.ConditionKey), value: literalValue(lt?.ConditionValue) }));
  if (conditions.length > 0) {
    const equal = conditions.find(c => c.op === 'StringEquals' && c.literal);
    const positive = equal ?? conditions.find(c => c.op === 'StringEquals' || c.op === 'StringLike');
    if (!positive) return undefined;
    lookups.push({ key: positive.key, value: positive === equal ? positive.value : undefined });
  }
  return lookups;
}

function literalValue(v: unknown): string | undefined {
  return typeof v === 'string' && !hasSentinel(v) ? v : undefined;
}

/**
 * How one `Resources` / `NotResources` entry selects: an in-app resource it references, a
 * matcher for ARN patterns over in-app resources, or a resource outside the app.
 */
export function entryMatcher(ctx: BuildContext, entry: unknown, plan: PlanInfo, mode: 'include' | 'exclude'): {
  label: string;
  resource?: InAppResource;
  matches?: (r: InAppResource) => boolean;
  outside?: Omit<ResourceModel, 'selectedBy'>;
  unresolved?: boolean;
  literal?: string;
} {
  const refs = ctx.refs.all(entry);
  if (refs.length > 0) {
    for (const ref of refs) {
      if (CfnResource.isCfnResource(ref.target)) {
        const r = inAppResource(ctx, ref.target);
        if (r) return { label: 'construct', resource: r };
      }
    }
    return { label: ctx.refs.text(entry), unresolved: true };
  }
  const s = strOf(ctx, entry, plan.env);
  if (s === undefined) return { label: ctx.refs.text(entry), unresolved: true };
  if (s === '*') return { label: 'arn *', matches: () => true, unresolved: mode === 'include', literal: '*' };
  const arn = parseArn(s);
  if (!arn) return { label: `arn ${s}`, unresolved: true };
  if (isWildcard(s)) {
    const matches = (r: InAppResource): boolean => arnMatches(ctx, arn, r, plan);
    // A pattern that fixes the service and resource type (`arn:aws:rds:*:*:db:*`) selects resources of a known
    // type, outside the app too: the type-level rules judge it. AWS Backup selects only in the plan's account and Region.
    const type = mode === 'include' ? patternType(arn) : undefined;
    if (type) {
      const partition = arn.partition && !isWildcard(arn.partition) ? arn.partition : plan.env.partition;
      return {
        label: `arn ${s}`,
        matches,
        literal: s,
        outside: { id: s, type, inApp: false, arn: s, env: { account: plan.env.account, region: plan.env.region, partition }, tags: [] },
      };
    }
    return { label: `arn ${s}`, matches, unresolved: mode === 'include', literal: s };
  }
  // A literal ARN: an in-app resource with that name in that environment, or a resource outside the app.
  const named = inAppWithArn(ctx, arn.service, s);
  if (named) return { label: `arn ${s}`, resource: named, literal: s };
  const type = typeFromArn(arn.service, arn.resource);
  if (!type || mode === 'exclude') return { label: `arn ${s}`, literal: s, unresolved: !type && mode === 'include' };
  const env: Env = { account: arn.account || plan.env.account, region: arn.region || plan.env.region, partition: arn.partition };
  return {
    label: `arn ${s}`,
    literal: s,
    outside: { id: s, type, inApp: false, arn: s, env, tags: [] },
  };
}

export function arnMatches(_ctx: BuildContext, arn: ParsedArn, r: InAppResource, plan: PlanInfo): boolean {
  const k = r.kind;
  if (!globMatch(arn.service, k.arnService)) return false;
  if (!k.globalArn) {
    const env = r.base.env;
    if (arn.region && !(env.region ? globMatch(arn.region, env.region) : arn.region === '*' && r.stack === plan.stack)) return false;
    if (arn.account && !(env.account ? globMatch(arn.account, env.account) : arn.account === '*' && r.stack === plan.stack)) return false;
  }
  if (arn.partition && r.base.env.partition && !globMatch(arn.partition, r.base.env.partition)) return false;
  const resourcePart = arn.resource;
  if (r.name !== undefined) return globMatch(resourcePart, `${k.arnPrefix}${r.name}`);
  // Unknown physical name: only a pattern that accepts any name after the prefix matches for sure.
  if (!resourcePart.startsWith(k.arnPrefix.slice(0, -1)) && !resourcePart.startsWith('*')) return false;
  const rest = resourcePart.startsWith('*') ? resourcePart : resourcePart.slice(k.arnPrefix.length);
  return rest === '*' || resourcePart === '*';
}

// ---------------------------------------------------------------- pure helpers

/** The resource type an ARN pattern fixes (service and resource type literal), else undefined. */
export function patternType(arn: ParsedArn): ResourceTypeId | undefined {
  if (isWildcard(arn.service)) return undefined;
  const head = arn.resource.split(/[:/]/)[0];
  // S3 bucket ARNs have no resource type: the service fixes it.
  if (arn.service !== 's3' && (isWildcard(head) || head === arn.resource)) return undefined;
  return typeFromArn(arn.service, arn.resource);
}

export function conditionTagKey(k: unknown): string {
  const s = typeof k === 'string' ? k : String(k);
  return s.startsWith('aws:ResourceTag/') ? s.slice('aws:ResourceTag/'.length) : s;
}

export function tagEquals(tags: TagModel[], key: string, value: unknown): boolean {
  return tags.some(t => t.key === key && t.value !== undefined && t.value === value);
}

export interface ParsedCondition {
  readonly op: string;
  readonly key: string;
  readonly value: string;
  /** The value is a literal string (else `value` describes the token). */
  readonly literal: boolean;
  test(tags: TagModel[]): boolean;
  /** True when the outcome depends on a token: the condition value, or the resource's value of the tag. */
  unknown(tags: TagModel[]): boolean;
  unknownWhy(): string;
}

/** True when whether `tags` hold `key`=`value` depends on a token (the value, or the resource's tag value). */
export function tagUnknown(tags: TagModel[], key: string, value: unknown): boolean {
  const literal = typeof value === 'string' && !hasSentinel(value);
  const t = tags.find(x => x.key === key);
  return t !== undefined && (t.value === undefined || !literal);
}

export function unknownTagWhy(key: string, value: unknown, refs: RefTable, what: string): string {
  const literal = typeof value === 'string' && !hasSentinel(value);
  if (!literal) return `the value of ${what} is ${refs.describe(value)}`;
  return `its tag ${key} has a value that is not known at synth time (${what})`;
}

export function parseConditions(c: any, refs: RefTable): ParsedCondition[] {
  if (!c || typeof c !== 'object') return [];
  const out: ParsedCondition[] = [];
  for (const op of ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike']) {
    const list: any[] = Array.isArray(c[op]) ? c[op] : [];
    for (const item of list) {
      const key = conditionTagKey(item?.ConditionKey);
      const literal = typeof item?.ConditionValue === 'string' && !hasSentinel(item.ConditionValue);
      const value = literal ? item.ConditionValue : refs.text(item?.ConditionValue);
      const negate = op.includes('Not');
      const like = op.includes('Like');
      const unknown = (tags: TagModel[]): boolean => {
        const t = tags.find(x => x.key === key);
        return t !== undefined && (t.value === undefined || !literal);
      };
      out.push({
        op,
        key,
        value,
        literal,
        unknown,
        unknownWhy: () => (!literal
          ? `the value of condition ${op} ${key} is ${refs.describe(item?.ConditionValue)}`
          : `its tag ${key} has a value that is not known at synth time (condition ${op} ${key}=${value})`),
        test: tags => {
          const t = tags.find(x => x.key === key);
          if (t && t.value === undefined) return false; // unknown value: not selected (reported as unverifiable)
          const hit = t !== undefined && (like ? globMatch(value, t.value!) : t.value === value);
          return negate ? !hit : hit;
        },
      });
    }
  }
  return out;
}
