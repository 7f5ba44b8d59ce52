/**
 * Reads L1 properties as they will be deployed (escape-hatch overrides included), while keeping
 * track of which in-app construct each reference (`Ref`, `Fn::GetAtt`) points to.
 *
 * CloudFormation resolution would turn a reference to another stack into `Fn::ImportValue`
 * (or throw before `prepare`), losing the target. Instead, a custom token resolver replaces
 * every `CfnReference` by a sentinel string `\u0000cabref:<n>\u0000` and records its target;
 * strings that embed references (ARNs built with `Fn::Join`) keep the sentinel inline.
 * Pseudo parameters (`AWS::Region`, ...) stay `{ Ref: ... }`.
 */
import {
  CfnElement, CfnParameter, CfnResource, DefaultTokenResolver, IFragmentConcatenator, Intrinsic, IPostProcessor, IResolvable, IResolveContext,
  Reference, Stack, Token, Tokenization, TokenizedStringFragments,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describeValue } from '../policy/normalize';

/** A reference found while resolving: the target construct and the attribute (`Ref`, `Arn`, ...). */
export interface RefTarget {
  readonly target: IConstruct;
  readonly attribute: string;
}

const SENTINEL_RE = /\u0000cabref:(\d+)\u0000/g;
const SENTINEL_EXACT_RE = /^\u0000cabref:(\d+)\u0000$/;

/**
 * `Token.isUnresolved(v)`, with a test of the string first: a string is a token only when it holds
 * `${Token[` or an encoded number (`-1.8881545897087626e+289`), and most of what the model reads is
 * literal. (`Token.isUnresolved` builds a matcher object and runs a regular expression on every call.)
 */
export function isUnresolved(v: unknown): boolean {
  if (typeof v === 'string') return (v.includes('${Token[') || v.includes('e+289')) && Token.isUnresolved(v);
  return Token.isUnresolved(v);
}

/** True for an encoded list token (`#{Token[...]}`), the test `Token.isUnresolved([s])` makes, without the array. */
function isListToken(e: unknown): boolean {
  return typeof e === 'string' && e.includes('#{Token[') && Token.isUnresolved([e]);
}

/** Concatenates string fragments the way CloudFormation templates do: strings merge, anything else makes an `Fn::Join`. */
class JoinConcat implements IFragmentConcatenator {
  public join(left: any, right: any): any {
    if (left === undefined) return right;
    if (right === undefined) return left;
    if (typeof left === 'string' && typeof right === 'string') return left + right;
    const parts: unknown[] = [];
    for (const x of [left, right]) {
      const j = x && typeof x === 'object' ? x['Fn::Join'] : undefined;
      if (Array.isArray(j) && j[0] === '' && Array.isArray(j[1])) parts.push(...j[1]);
      else parts.push(x);
    }
    const merged: unknown[] = [];
    for (const p of parts) {
      const last = merged[merged.length - 1];
      if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
      else if (p !== '') merged.push(p);
    }
    return { 'Fn::Join': ['', merged] };
  }
}

class MarkingResolver extends DefaultTokenResolver {
  private readonly joiner: JoinConcat;

  constructor(private readonly table: RefTable, joiner = new JoinConcat()) {
    super(joiner);
    this.joiner = joiner;
  }

  /**
   * What `DefaultTokenResolver.resolveString` does, except that a reference inside the string
   * becomes its sentinel directly instead of through a nested `resolve` (strings such as ARNs built
   * with `formatArn` are the bulk of what selections resolve).
   */
  public resolveString(fragments: TokenizedStringFragments, context: IResolveContext): any {
    return fragments.mapTokens({
      mapToken: (t: IResolvable) => {
        const sentinel = this.sentinelOf(t);
        if (sentinel !== undefined) return sentinel;
        // A plain `Intrinsic` (`Aws.PARTITION`, in every ARN `formatArn` builds) has a fixed value: once per stack.
        return t.constructor === Intrinsic ? this.table.once(Stack.of(context.scope), t, x => context.resolve(x)) : context.resolve(t);
      },
    }).join(this.joiner);
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    return this.sentinelOf(t) ?? super.resolveToken(t, context, postProcessor);
  }

  /** The sentinel of a reference to a construct; undefined for anything else (pseudo parameters stay `{ Ref }`). */
  private sentinelOf(t: IResolvable): string | undefined {
    if (!Reference.isReference(t)) return undefined;
    const attribute = (t as Reference).displayName;
    return attribute.startsWith('AWS::') ? undefined : this.table.sentinel((t as Reference).target, attribute);
  }
}

/** The references met while resolving, shared by the whole model build. */
export class RefTable {
  private readonly refs: RefTarget[] = [];
  private readonly ids = new Map<IConstruct, Map<string, number>>();
  private readonly resolver = new MarkingResolver(this);
  private readonly tokenCache = new WeakMap<object, Map<unknown, unknown>>();
  /** Construct path -> construct, for the `Ref`/`Fn::GetAtt` that `toIntrinsics` wrote (so `describe` can name them). */
  private readonly byPath = new Map<string, IConstruct>();

  public sentinel(target: IConstruct, attribute: string): string {
    let byAttr = this.ids.get(target);
    if (!byAttr) {
      byAttr = new Map();
      this.ids.set(target, byAttr);
    }
    let id = byAttr.get(attribute);
    if (id === undefined) {
      id = this.refs.length;
      this.refs.push({ target, attribute });
      byAttr.set(attribute, id);
    }
    return `\u0000cabref:${id}\u0000`;
  }

  /** Resolve a value in the context of `scope`, keeping references as sentinels. Throws on resolution errors. */
  public resolve(value: unknown, scope: IConstruct): any {
    return Tokenization.resolve(value, { scope, resolver: this.resolver, preparing: false });
  }

  /**
   * Like `resolve`, but only the tokens inside `value` are resolved, each one once per `cacheScope`
   * (the stack of `scope`); literal parts are copied as they are. The many resources of a stack
   * that name the same key or reference then cost one resolution, not one each.
   *
   * Same result as `resolve` (undefined entries dropped from objects and arrays), except that the
   * value a token resolves to is shared between callers, and an array or object without tokens is
   * the input itself (the L1's own value): treat results as read-only. A token whose
   * value depends on the exact construct it is resolved from, rather than on its stack, would be
   * resolved from the first construct that asked. Throws on resolution errors.
   */
  public resolveTokens(value: unknown, scope: IConstruct, cacheScope: object): any {
    const resolveHere = (t: unknown): unknown => this.resolve(t, scope);
    const token = (t: unknown): unknown => this.once(cacheScope, t, resolveHere);
    // Copy on write: an array or object none of whose parts resolve to something else is returned as
    // it is (most of what the model reads is literal), else a copy with the resolved parts.
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string' || typeof v === 'number') return isUnresolved(v) ? token(v) : v;
      if (v === null || typeof v !== 'object') return v;
      if (Array.isArray(v)) {
        // A list token anywhere in the array makes CDK splice lists: leave that to `resolve`.
        if (v.some(isListToken)) return this.resolve(v, scope);
        let out: unknown[] | undefined;
        for (let i = 0; i < v.length; i++) {
          const e = v[i];
          const r = walk(e);
          if (out === undefined && (r !== e || r === undefined)) out = v.slice(0, i);
          if (out !== undefined && r !== undefined) out.push(r);
        }
        return out ?? v;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return Tokenization.isResolvable(v) ? token(v) : this.resolve(v, scope);
      const keys = Object.keys(v);
      if (keys.some(isUnresolved)) return this.resolve(v, scope);
      let out: Record<string, unknown> | undefined;
      for (let i = 0; i < keys.length; i++) {
        const e = (v as Record<string, unknown>)[keys[i]];
        const r = walk(e);
        if (out === undefined && (r !== e || r === undefined)) {
          out = {};
          for (let j = 0; j < i; j++) out[keys[j]] = (v as Record<string, unknown>)[keys[j]];
        }
        if (out !== undefined && r !== undefined) out[keys[i]] = r;
      }
      return out ?? v;
    };
    return walk(value);
  }

  /**
   * `resolve(token)` once per (`cacheScope`, token): the value of a token in a stack, for
   * `resolveTokens` and for the plain intrinsics the resolver meets inside strings. Shared, read-only.
   */
  public once<T>(cacheScope: object, token: T, resolve: (token: T) => unknown): unknown {
    let memo = this.tokenCache.get(cacheScope);
    if (!memo) this.tokenCache.set(cacheScope, memo = new Map());
    if (memo.has(token)) return memo.get(token);
    const r = resolve(token);
    memo.set(token, r);
    return r;
  }

  /** The single reference a value is, when it is exactly one reference. */
  public exact(value: unknown): RefTarget | undefined {
    if (typeof value !== 'string') return undefined;
    const m = SENTINEL_EXACT_RE.exec(value);
    return m ? this.refs[Number(m[1])] : undefined;
  }

  /** Every reference a (resolved) value contains, in order. */
  public all(value: unknown): RefTarget[] {
    const out: RefTarget[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === 'string') {
        if (v.indexOf('\u0000cabref:') < 0) return;
        for (const m of v.matchAll(SENTINEL_RE)) out.push(this.refs[Number(m[1])]);
      } else if (Array.isArray(v)) {
        v.forEach(visit);
      } else if (v && typeof v === 'object') {
        Object.values(v).forEach(visit);
      }
    };
    visit(value);
    return out;
  }

  /**
   * Readable text of a resolved value for messages and ids: a literal as it is; a reference, parameter
   * or intrinsic in words (see {@link describe}), inline as `${...}` inside a string.
   */
  public text(value: unknown): string {
    return this.describe(value);
  }

  /**
   * What a (resolved) value is, in words, for messages: `CloudFormation parameter DestAccount`,
   * `SSM parameter /org/account`, `Fn::If on condition IsProd`, `the Arn of Stack/Role`. Never a token
   * or JSON dump.
   */
  public describe(value: unknown): string {
    const named = this.toIntrinsics(value);
    return dynamicRefs(describeValue(named, (name, attribute) => {
      const target = this.byPath.get(name);
      return target ? describeTarget(target, attribute) : undefined;
    }));
  }

  /**
   * Turn sentinels back into CloudFormation-like intrinsics (`{ Ref: path }`, `{ 'Fn::GetAtt': [path, attr] }`),
   * for policies handed to the policy evaluator (which treats them as unknown).
   */
  public toIntrinsics(value: unknown, substitute?: (r: RefTarget) => string | undefined): any {
    if (typeof value === 'string') {
      if (value.indexOf('\u0000cabref:') < 0) return value;
      const parts: unknown[] = [];
      let last = 0;
      for (const m of value.matchAll(SENTINEL_RE)) {
        if (m.index! > last) parts.push(value.slice(last, m.index));
        const r = this.refs[Number(m[1])];
        this.byPath.set(r.target.node.path, r.target);
        const known = substitute?.(r);
        if (known !== undefined) parts.push(known);
        else parts.push(r.attribute === 'Ref' ? { Ref: r.target.node.path } : { 'Fn::GetAtt': [r.target.node.path, r.attribute] });
        last = m.index! + m[0].length;
      }
      if (last < value.length) parts.push(value.slice(last));
      return parts.length === 1 ? parts[0] : { 'Fn::Join': ['', parts] };
    }
    if (Array.isArray(value)) return value.map(v => this.toIntrinsics(v, substitute));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.toIntrinsics(v, substitute);
      return out;
    }
    return value;
  }
}

/** Values for pseudo parameters, when the stack's environment is known. */
export interface PseudoValues {
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
}

/**
 * Flatten a resolved string-ish value (string, or `Fn::Join` of strings, pseudo `Ref`s and sentinels)
 * to one string. Pseudo parameters are replaced when known. Returns undefined when some part
 * cannot be rendered (unknown pseudo parameter, other intrinsic).
 */
export function flattenString(value: unknown, pseudo: PseudoValues): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.Ref === 'string') {
    switch (obj.Ref) {
      case 'AWS::Partition': return pseudo.partition;
      case 'AWS::Region': return pseudo.region;
      case 'AWS::AccountId': return pseudo.account;
      case 'AWS::URLSuffix': return pseudo.partition === 'aws-cn' ? 'amazonaws.com.cn' : pseudo.partition ? 'amazonaws.com' : undefined;
      default: return undefined;
    }
  }
  const sub = obj['Fn::Sub'];
  if (typeof sub === 'string' || (Array.isArray(sub) && typeof sub[0] === 'string')) {
    const template = typeof sub === 'string' ? sub : sub[0] as string;
    const vars = Array.isArray(sub) && sub[1] && typeof sub[1] === 'object' ? sub[1] as Record<string, unknown> : {};
    let failed = false;
    const out = template.replace(/\$\{(!?)([^}]*)\}/g, (m, bang, name: string) => {
      if (bang) return `\${${name}}`; // `${!Literal}` is the literal `${Literal}`
      const v = name in vars ? flattenString(vars[name], pseudo) : name.startsWith('AWS::') ? flattenString({ Ref: name }, pseudo) : undefined;
      if (v === undefined) failed = true;
      return v ?? m;
    });
    return failed ? undefined : out;
  }
  const join = obj['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts: string[] = [];
    for (const p of join[1] as unknown[]) {
      const s = flattenString(p, pseudo);
      if (s === undefined) return undefined;
      parts.push(s);
    }
    return parts.join(join[0]);
  }
  return undefined;
}

/** `CloudFormation parameter X`, `SSM parameter /a/b`, `the Arn of Stack/Role`: what a reference target is. */
export function describeTarget(target: IConstruct, attribute?: string): string {
  if (target instanceof CfnParameter) {
    const type = String(target.type ?? '');
    if (type.startsWith('AWS::SSM::Parameter::Value') && typeof target.default === 'string') return `SSM parameter ${target.default}`;
    return `CloudFormation parameter ${logicalIdOf(target)}`;
  }
  const what = CfnResource.isCfnResource(target) ? `${target.node.path} (${target.cfnResourceType})` : target.node.path;
  return attribute === undefined || attribute === 'Ref' ? what : `the ${attribute} of ${what}`;
}

function logicalIdOf(e: CfnElement): string {
  try {
    const id = Stack.of(e).resolve(e.logicalId);
    return typeof id === 'string' ? id : e.node.id;
  } catch {
    return e.node.id;
  }
}

/** `{{resolve:ssm:/a/b}}` -> `SSM parameter /a/b` (dynamic references in rendered text). */
function dynamicRefs(text: string): string {
  return text.replace(/\{\{resolve:(ssm|ssm-secure|secretsmanager):([^:}]+)[^}]*\}\}/g, (_m, kind, name) =>
    kind === 'secretsmanager' ? `Secrets Manager secret ${name}` : `SSM parameter ${name}`);
}

/** True when a flattened string still holds a reference sentinel. */
export function hasSentinel(s: string): boolean {
  return s.indexOf('\u0000cabref:') >= 0;
}
