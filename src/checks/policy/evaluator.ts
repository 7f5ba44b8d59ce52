/**
 * A small evaluator of IAM resource policies (KMS key policies, backup vault access policies),
 * enough to answer "may this principal do this action?" for the copy rules and the tests.
 *
 * It implements IAM's order for a single resource policy: an explicit Deny wins, then any Allow,
 * else implicit deny. It understands `Principal` / `NotPrincipal` (`*`, account ids, account root
 * ARNs, role/user ARNs), `Action` / `NotAction` with `*` and `?` wildcards (case-insensitive),
 * and these condition operators: String(Not)Equals(IgnoreCase), String(Not)Like, Bool, Null,
 * ArnEquals/ArnLike (and Not), each with `ForAnyValue:` / `ForAllValues:` and `...IfExists`.
 *
 * CloudFormation intrinsics that CDK leaves in policies (`Fn::Join` with `Ref: AWS::Partition`,
 * `AWS::AccountId`, `AWS::Region`) are rendered with the values given in the context; anything
 * else unresolvable makes the affected element unknown (see `unknown`).
 *
 * Not a full IAM implementation: no policy variables, no numeric/date/IP operators (they count
 * as unknown conditions), no identity policies, SCPs or permission boundaries.
 */

import { normalizePolicy } from './normalize';
import { toArray } from '../../private/arrays';

export interface RequestContext {
  /** ARN of the calling principal, e.g. `arn:aws:iam::111122223333:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`. */
  readonly principalArn: string;
  /** The caller's account id. */
  readonly principalAccount: string;
  /** The action, e.g. `kms:Decrypt`. */
  readonly action: string;
  /** Condition keys with their values (`aws:PrincipalOrgID`, `kms:GrantIsForAWSResource`, ...). */
  readonly conditionKeys?: Record<string, string | string[] | boolean>;
  /** Values for pseudo parameters in CloudFormation intrinsics. @default partition `aws` */
  readonly pseudo?: { readonly partition?: string; readonly accountId?: string; readonly region?: string };
  /**
   * How to treat a condition whose key is not in `conditionKeys` or whose operator is not understood.
   * `fail`: the condition is not met (IAM's behaviour for a missing key). `pass`: assume it is met
   * (use this to avoid false positives when the context is not fully known). `lenient`: give the
   * request the benefit of the doubt: met in Allow statements, not met in Deny statements (so an
   * unknowable condition can neither deny nor fail an allow).
   * @default 'fail'
   */
  readonly unknownConditions?: 'fail' | 'pass' | 'lenient';
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

export interface Evaluation {
  readonly decision: Decision;
  /** Sids (or indexes) of the statements that decided. */
  readonly matchedStatements: string[];
  /** True when some element could not be evaluated (unresolved token, unknown operator or key). */
  readonly unknown: boolean;
}

interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Condition?: unknown;
}

class Tracker {
  public unknown = false;
}

/**
 * Evaluate a policy document (object or JSON text, any shape IAM accepts) for one request. Never
 * throws: what cannot be read (see `normalizePolicy`) makes the evaluation `unknown`.
 */
export function evaluatePolicy(policy: unknown, request: RequestContext): Evaluation {
  const normalized = normalizePolicy(policy);
  const statements = (normalized.document?.Statement ?? []) as Statement[];
  const tracker = new Tracker();
  const previously = (policy as { unreadable?: unknown } | undefined)?.unreadable;
  if (normalized.unreadable.length > 0 || (Array.isArray(previously) && previously.length > 0)) tracker.unknown = true;
  const allows: string[] = [];
  const denies: string[] = [];
  statements.forEach((st, i) => {
    if (!st || typeof st !== 'object') return;
    if (!statementApplies(st, request, tracker)) return;
    const id = st.Sid ?? `#${i}`;
    if (st.Effect === 'Deny') denies.push(id);
    else if (st.Effect === 'Allow') allows.push(id);
  });
  if (denies.length > 0) return { decision: 'explicit-deny', matchedStatements: denies, unknown: tracker.unknown };
  if (allows.length > 0) return { decision: 'allow', matchedStatements: allows, unknown: tracker.unknown };
  return { decision: 'implicit-deny', matchedStatements: [], unknown: tracker.unknown };
}

/** Shorthand: true when the policy allows the request. */
export function isAllowed(policy: unknown, request: RequestContext): boolean {
  return evaluatePolicy(policy, request).decision === 'allow';
}

function statementApplies(st: Statement, req: RequestContext, t: Tracker): boolean {
  if (st.Principal !== undefined && !principalMatches(st.Principal, req, t)) return false;
  if (st.NotPrincipal !== undefined && principalMatches(st.NotPrincipal, req, t)) return false;
  if (st.Principal === undefined && st.NotPrincipal === undefined) return false; // resource policies need a principal
  if (st.Action !== undefined && !actionMatches(st.Action, req.action, req, t)) return false;
  if (st.NotAction !== undefined && actionMatches(st.NotAction, req.action, req, t)) return false;
  if (st.Action === undefined && st.NotAction === undefined) return false;
  if (st.Condition !== undefined && !conditionsMet(st.Condition, req, t, st.Effect === 'Deny')) return false;
  return true;
}

function principalMatches(principal: unknown, req: RequestContext, t: Tracker): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  if (aws === undefined) return false; // Service / Federated principals never match an account principal
  return toArray(aws).some((p) => {
    const s = render(p, req);
    if (s === undefined) {
      t.unknown = true;
      return false;
    }
    if (s === '*') return true;
    if (/^\d{12}$/.test(s)) return s === req.principalAccount;
    const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(s);
    if (root) return root[1] === req.principalAccount;
    return s === req.principalArn;
  });
}

function actionMatches(actions: unknown, action: string, req: RequestContext, t: Tracker): boolean {
  return toArray(actions).some((a) => {
    const s = render(a, req);
    if (s === undefined) {
      t.unknown = true;
      return false;
    }
    return wildcardMatch(s, action, true);
  });
}

function conditionsMet(condition: unknown, req: RequestContext, t: Tracker, isDeny: boolean): boolean {
  const mode = req.unknownConditions ?? 'fail';
  const unknownMet = mode === 'pass' || (mode === 'lenient' && !isDeny);
  if (typeof condition !== 'object' || condition === null) return false;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null) return false;
    for (const [key, expected] of Object.entries(block as Record<string, unknown>)) {
      const result = conditionMet(operator, key, toArray(expected).map((e) => render(e, req)), req);
      if (result === undefined) {
        t.unknown = true;
        if (!unknownMet) return false;
      } else if (!result) {
        return false;
      }
    }
  }
  return true;
}

/** undefined = cannot evaluate. */
function conditionMet(
  rawOperator: string,
  rawKey: string,
  expected: Array<string | undefined>,
  req: RequestContext,
): boolean | undefined {
  let operator = rawOperator;
  let setOp: 'ForAnyValue' | 'ForAllValues' | undefined;
  const setMatch = /^(ForAnyValue|ForAllValues):(.*)$/.exec(operator);
  if (setMatch) {
    setOp = setMatch[1] as 'ForAnyValue' | 'ForAllValues';
    operator = setMatch[2];
  }
  const ifExists = operator.endsWith('IfExists');
  if (ifExists) operator = operator.slice(0, -'IfExists'.length);

  const keys = req.conditionKeys ?? {};
  const foundKey = Object.keys(keys).find((k) => k.toLowerCase() === rawKey.toLowerCase());
  const present = foundKey !== undefined;

  if (operator === 'Null') {
    const wantsNull = expected[0] === 'true';
    if (expected[0] === undefined) return undefined;
    return wantsNull ? !present : present;
  }
  if (!present) {
    if (ifExists) return true;
    if (setOp === 'ForAllValues') return true; // vacuously true for an empty set
    return undefined;
  }
  if (expected.some((e) => e === undefined)) return undefined;
  const exp = expected as string[];
  const actualRaw = keys[foundKey!];
  const actual = toArray(actualRaw).map((v) => String(v));

  const single = (value: string): boolean | undefined => {
    switch (operator) {
      case 'StringEquals':
      case 'ArnEquals':
        return exp.some((e) => e === value);
      case 'StringNotEquals':
      case 'ArnNotEquals':
        return exp.every((e) => e !== value);
      case 'StringEqualsIgnoreCase':
        return exp.some((e) => e.toLowerCase() === value.toLowerCase());
      case 'StringNotEqualsIgnoreCase':
        return exp.every((e) => e.toLowerCase() !== value.toLowerCase());
      case 'StringLike':
      case 'ArnLike':
        return exp.some((e) => wildcardMatch(e, value, false));
      case 'StringNotLike':
      case 'ArnNotLike':
        return exp.every((e) => !wildcardMatch(e, value, false));
      case 'Bool':
        return exp.some((e) => e.toLowerCase() === value.toLowerCase());
      default:
        return undefined;
    }
  };

  const results = actual.map(single);
  if (results.some((r) => r === undefined)) return undefined;
  if (setOp === 'ForAllValues') return results.every(Boolean);
  return results.some(Boolean); // ForAnyValue, or a single-valued key
}

/** IAM wildcard match: `*` any run, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === '*') return true;
  if (!ignoreCase && pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) return pattern === value;
  return wildcardRegExp(pattern, ignoreCase).test(value);
}

/**
 * The compiled patterns: the same few actions and ARN patterns of an app's key policies are matched
 * once per key, destination and statement, and compiling a RegExp each time was most of the
 * evaluator's cost at 30,000 resources. Bounded: cleared when full (a process may check many apps).
 */
const wildcardRegExps = new Map<string, RegExp>();
const MAX_WILDCARD_REGEXPS = 2000;

function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = (ignoreCase ? 'i' : 's') + pattern;
  let re = wildcardRegExps.get(key);
  if (!re) {
    if (wildcardRegExps.size >= MAX_WILDCARD_REGEXPS) wildcardRegExps.clear();
    re = new RegExp(
      '^' +
        pattern
          .split('')
          .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('') +
        '$',
      ignoreCase ? 'is' : 's',
    );
    wildcardRegExps.set(key, re);
  }
  return re;
}

/** Render a policy value (string or CloudFormation intrinsic) to text; undefined when impossible. */
export function render(value: unknown, req: Pick<RequestContext, 'pseudo'>): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value !== 'object' || value === null) return undefined;
  const obj = value as Record<string, unknown>;
  if ('Ref' in obj) {
    switch (obj.Ref) {
      case 'AWS::Partition':
        return req.pseudo?.partition ?? 'aws';
      case 'AWS::AccountId':
        return req.pseudo?.accountId;
      case 'AWS::Region':
        return req.pseudo?.region;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      default:
        return undefined;
    }
  }
  if ('Fn::Join' in obj) {
    const args = obj['Fn::Join'];
    if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string' || !Array.isArray(args[1])) return undefined;
    const parts = args[1].map((p: unknown) => render(p, req));
    if (parts.some((p: string | undefined) => p === undefined)) return undefined;
    return parts.join(args[0]);
  }
  return undefined;
}

