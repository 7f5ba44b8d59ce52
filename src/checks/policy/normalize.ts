/**
 * One reader for every shape of IAM policy document that IAM and CloudFormation accept (key
 * policies, vault access policies): the document as an object or as JSON text, `Statement` as one
 * object or a list, `Action` / `NotAction` / `Resource` / `NotResource` as a string or a list,
 * `Principal` / `NotPrincipal` as `*` or an object whose values are a string or a list.
 *
 * What cannot be read (malformed JSON, a statement that is a CloudFormation `Fn::If`, an `Effect`
 * that is neither Allow nor Deny, ...) is never thrown: it is listed in `unreadable`, in words that
 * name the construct, and the evaluators treat a policy with unreadable parts as unknown.
 *
 * Pure (no aws-cdk-lib). Not part of the jsii API.
 */
import type { PolicyDocumentJson, PolicyStatementJson } from '../model/types';

/** `Statement[2].Principal`, for messages. */
function at(i: number | undefined, element?: string): string {
  const st = i === undefined ? 'Statement' : `Statement[${i}]`;
  return element ? `${st}.${element}` : st;
}

/** The name of the intrinsic function a value is (`Fn::If`, `Ref`, ...), when it is one. */
export function intrinsicName(v: unknown): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  return keys[0] === 'Ref' || keys[0].startsWith('Fn::') ? keys[0] : undefined;
}

/**
 * A short, readable rendering of a CloudFormation value for messages: `Fn::If on condition IsProd`,
 * `CloudFormation parameter DestAccount`, never JSON. `describeRef` names what a `Ref`/`Fn::GetAtt`
 * target is, when the caller knows more than its name.
 */
export function describeValue(v: unknown, describeRef?: (name: string, attribute?: string) => string | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined || v === null) return 'nothing';
  if (Array.isArray(v)) return v.length === 1 ? describeValue(v[0], describeRef) : `a list of ${v.length}`;
  if (typeof v !== 'object') return typeof v;
  const o = v as Record<string, unknown>;
  const name = intrinsicName(v);
  const args = name ? o[name] : undefined;
  switch (name) {
    case 'Ref':
      if (args === 'AWS::NoValue') return 'no value (AWS::NoValue)';
      if (typeof args === 'string') return describeRef?.(args) ?? (args.startsWith('AWS::') ? args : `the value of ${args}`);
      return 'a Ref';
    case 'Fn::GetAtt': {
      const parts = Array.isArray(args) ? args.map(String) : typeof args === 'string' ? args.split('.') : [];
      return describeRef?.(parts[0] ?? '', parts[1]) ?? `the ${parts[1] ?? 'attribute'} of ${parts[0] ?? 'a resource'}`;
    }
    case 'Fn::If':
      return Array.isArray(args) && typeof args[0] === 'string'
        ? `Fn::If on condition ${args[0]} (${describeValue(args[1], describeRef)} or ${describeValue(args[2], describeRef)})`
        : 'an Fn::If';
    case 'Fn::ImportValue':
      return `the export ${describeValue(args, describeRef)}`;
    case 'Fn::Sub':
      return `Fn::Sub ${describeValue(Array.isArray(args) ? args[0] : args, describeRef)}`;
    case 'Fn::Join': {
      if (!Array.isArray(args) || !Array.isArray(args[1])) return 'an Fn::Join';
      const parts = (args[1] as unknown[]).map(p => (typeof p === 'string' ? p : `\${${describeValue(p, describeRef)}}`));
      return parts.join(typeof args[0] === 'string' ? args[0] : '');
    }
    case undefined:
      return 'an object';
    default:
      return `an ${name}`;
  }
}

/** A policy document read into its canonical shape. */
export interface NormalizedPolicy {
  /** The statements that could be read, in canonical shape; undefined when the document itself could not be read. */
  readonly document?: PolicyDocumentJson;
  /** What could not be read, e.g. `the policy is not valid JSON (Unexpected token...)`, `Statement[1] is Fn::If on condition C`. */
  readonly unreadable: string[];
}

const LIST_ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function normalizePrincipal(p: unknown, where: string, unreadable: string[]): unknown {
  if (p === '*') return '*';
  if (!p || typeof p !== 'object' || Array.isArray(p)) {
    unreadable.push(`${where} is ${describeValue(p)}, not "*" or an object such as {"AWS": [...]}`);
    return undefined;
  }
  const fn = intrinsicName(p);
  if (fn) {
    unreadable.push(`${where} is ${describeValue(p)}`);
    return undefined;
  }
  const out: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(p as Record<string, unknown>)) out[k] = asList(v);
  return out;
}

/**
 * Read a policy document of any accepted shape. Never throws. `describe` renders values for the
 * `unreadable` texts (see {@link describeValue}).
 */
export function normalizePolicy(raw: unknown, describe: (v: unknown) => string = v => describeValue(v)): NormalizedPolicy {
  const unreadable: string[] = [];
  let doc = raw;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (e) {
      return { unreadable: [`the policy is not valid JSON (${(e as Error).message})`] };
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || intrinsicName(doc)) {
    return { unreadable: [`the policy is ${describe(doc)}, not a policy document`] };
  }
  const d = doc as Record<string, unknown>;
  const version = typeof d.Version === 'string' ? d.Version : undefined;
  let raws: unknown[];
  if (d.Statement === undefined) {
    raws = []; // grants nothing
  } else if (intrinsicName(d.Statement)) {
    return { unreadable: [`${at(undefined)} is ${describe(d.Statement)}`] };
  } else {
    raws = asList(d.Statement);
  }
  const statements: PolicyStatementJson[] = [];
  raws.forEach((st, i) => {
    const where = raws.length === 1 && !Array.isArray(d.Statement) ? 'Statement' : at(i);
    if (!st || typeof st !== 'object' || Array.isArray(st) || intrinsicName(st)) {
      unreadable.push(`${where} is ${describe(st)}, not a statement object`);
      return;
    }
    const s = st as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      unreadable.push(`${where}.Effect is ${describe(s.Effect)}, not Allow or Deny`);
      return;
    }
    const out: Record<string, unknown> = { Effect: s.Effect };
    if (typeof s.Sid === 'string') out.Sid = s.Sid;
    for (const el of LIST_ELEMENTS) {
      if (s[el] === undefined) continue;
      if (intrinsicName(s[el])) {
        unreadable.push(`${where}.${el} is ${describe(s[el])}`);
        return;
      }
      out[el] = asList(s[el]);
    }
    for (const el of ['Principal', 'NotPrincipal'] as const) {
      if (s[el] === undefined) continue;
      const before = unreadable.length;
      const p = normalizePrincipal(s[el], `${where}.${el}`, unreadable);
      if (unreadable.length > before) {
        unreadable.splice(before, unreadable.length - before, `${where}.${el} is ${describe(s[el])}`);
        return;
      }
      out[el] = p;
    }
    if (s.Condition !== undefined) {
      if (!s.Condition || typeof s.Condition !== 'object' || Array.isArray(s.Condition) || intrinsicName(s.Condition)) {
        unreadable.push(`${where}.Condition is ${describe(s.Condition)}`);
        return;
      }
      out.Condition = s.Condition;
    }
    statements.push(out as unknown as PolicyStatementJson);
  });
  const document: PolicyDocumentJson = version ? { Version: version, Statement: statements } : { Statement: statements };
  return { document, unreadable };
}

/** The policy document as the model keeps it: canonical statements, with what could not be read attached. */
export function toModelPolicy(raw: unknown, describe?: (v: unknown) => string): PolicyDocumentJson {
  const n = normalizePolicy(raw, describe);
  const doc = n.document ?? { Statement: [] };
  return n.unreadable.length > 0 ? { ...doc, unreadable: n.unreadable } : doc;
}
