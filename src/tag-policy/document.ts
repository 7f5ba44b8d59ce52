/**
 * Parser for the AWS Organizations tag policy syntax (internal; the public API is `TagPolicy`).
 *
 * Sources (AWS Organizations User Guide):
 * - Tag policy syntax and examples:
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html
 * - Inheritance operators (management policy types):
 *   https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
 *
 * A policy is `{ "tags": { "<policy key>": { "tag_key": ..., "tag_value": ..., "enforced_for": ...,
 * "report_required_tag_for": ... } } }`. Each setting is an object of inheritance operators
 * (`@@assign`, `@@append`, `@@remove`, `@@operators_allowed_for_child_policies`). A bare value
 * (a string for `tag_key`, a list for the others) is read as `@@assign`: that is how an *effective*
 * policy is displayed (DescribeEffectivePolicy), so the effective policy of an account can be
 * read back as-is.
 */
import { TagPolicyError } from './errors';
import { jsonDepthExceeded, jsonErrorOffset, lineAndColumn, MAX_JSON_DEPTH } from './json-position';
import { CHILD_CONTROL, parseChildOperators, VALUE_OPERATORS } from '../org-policies/inheritance';
import type { AllowedOperators, TreeOperation, ValueOperator } from '../org-policies/inheritance';

// The inheritance operators are those of every management policy type: one definition, shared.
export { CHILD_CONTROL, VALUE_OPERATORS };
export type { AllowedOperators, ValueOperator };
/** One value-setting operation, as written (`tag_key` holds a string, the other settings a list). */
export type Operation = TreeOperation;

export type SettingName = 'tag_key' | 'tag_value' | 'enforced_for' | 'report_required_tag_for';
export const SETTINGS: readonly SettingName[] = ['tag_key', 'tag_value', 'enforced_for', 'report_required_tag_for'];
/** Multi-valued settings (JSON arrays): the only ones `@@append` and `@@remove` apply to. */
export const MULTI_VALUED: ReadonlySet<SettingName> = new Set(['tag_value', 'enforced_for', 'report_required_tag_for']);

export interface SettingDocument {
  /** In the order written (one per operator; a same-level combination may hold several). */
  readonly ops: readonly Operation[];
  /** `@@operators_allowed_for_child_policies` on this setting. */
  readonly childOperators: AllowedOperators;
}

export interface StatementDocument {
  /** The policy key as written, e.g. `costcenter`. */
  readonly policyKey: string;
  readonly settings: ReadonlyMap<SettingName, SettingDocument>;
  /** `@@operators_allowed_for_child_policies` on the policy key (applies to all its settings). */
  readonly childOperators: AllowedOperators;
}

export interface PolicyDocument {
  /** File path, or the name given to `fromJson`. */
  readonly source: string;
  /** By lower-cased policy key (policy keys name tag keys, which tag policies compare without case). */
  readonly statements: ReadonlyMap<string, StatementDocument>;
  /** `@@operators_allowed_for_child_policies` directly under `tags` (applies to every policy key). */
  readonly childOperators: AllowedOperators;
}

const SERVICE = /^[a-z0-9][a-z0-9-]*$/;
const RESOURCE_TYPE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;

/** Parse a tag policy document. Throws {@link TagPolicyError} on bad input. */
export function parsePolicyJson(json: string, source: string): PolicyDocument {
  if (typeof json !== 'string') {
    throw new TagPolicyError(source, '', `expected the policy as a JSON string, got ${describe(json)}`);
  }
  const tooDeep = jsonDepthExceeded(json);
  if (tooDeep !== undefined) {
    throw new TagPolicyError(source, '', `the JSON nests deeper than ${MAX_JSON_DEPTH} levels at ${lineAndColumn(json, tooDeep)} `
      + `(offset ${tooDeep}); a tag policy nests at most six levels ({"tags": {"<policy key>": {"tag_value": {"@@assign": [...]}}}})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    const offset = jsonErrorOffset(json);
    const where = offset === undefined ? '' : ` at ${lineAndColumn(json, offset)} (offset ${offset})`;
    throw new TagPolicyError(source, '', `malformed JSON${where}: ${(e as Error).message}`);
  }
  return parsePolicyObject(raw, source);
}

function parsePolicyObject(raw: unknown, source: string): PolicyDocument {
  const fail = (path: string, problem: string): never => {
    throw new TagPolicyError(source, path, problem);
  };
  if (!isObject(raw)) {
    fail('', `expected a JSON object of the form {"tags": {...}}, got ${describe(raw)}`);
  }
  const root = raw as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (key !== 'tags') {
      fail(key, `unexpected top-level key ${JSON.stringify(key)}: a tag policy has exactly one top-level key, "tags"`);
    }
  }
  if (!('tags' in root)) {
    fail('', 'missing the "tags" key: a tag policy starts with {"tags": {"<policy key>": {...}}}');
  }
  const tags = root.tags;
  if (!isObject(tags)) {
    fail('tags', `expected an object of policy keys, e.g. {"costcenter": {"tag_key": {"@@assign": "CostCenter"}}}, got ${describe(tags)}`);
  }

  let childOperators: AllowedOperators;
  const statements = new Map<string, StatementDocument>();
  for (const [policyKey, body] of Object.entries(tags as Record<string, unknown>)) {
    const path = `tags.${policyKey}`;
    if (policyKey === CHILD_CONTROL) {
      childOperators = parseChildOperators(body, path, fail, describe);
      continue;
    }
    if (policyKey.startsWith('@@')) {
      fail(path, unknownOperator(policyKey, [CHILD_CONTROL]));
    }
    if (policyKey.trim() === '' || policyKey.length > MAX_TAG_KEY) {
      fail(path, `a policy key names a tag key: 1 to ${MAX_TAG_KEY} characters, got ${JSON.stringify(policyKey)}`);
    }
    const lower = policyKey.toLowerCase();
    const clash = statements.get(lower);
    if (clash) {
      fail(path, `policy keys ${JSON.stringify(clash.policyKey)} and ${JSON.stringify(policyKey)} differ only in case; ` +
        'policy keys name tag keys without regard to case, so they are the same policy key: merge them');
    }
    statements.set(lower, parseStatement(policyKey, body, path, source, fail));
  }
  return { source, statements, childOperators };
}

function parseStatement(
  policyKey: string, body: unknown, path: string, source: string, fail: (p: string, m: string) => never,
): StatementDocument {
  if (!isObject(body)) {
    fail(path, `expected an object with any of ${SETTINGS.join(', ')}, got ${describe(body)}`);
  }
  let childOperators: AllowedOperators;
  const settings = new Map<SettingName, SettingDocument>();
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const settingPath = `${path}.${name}`;
    if (name === CHILD_CONTROL) {
      childOperators = parseChildOperators(value, settingPath, fail, describe);
    } else if (name.startsWith('@@')) {
      fail(settingPath, unknownOperator(name, [CHILD_CONTROL]));
    } else if ((SETTINGS as readonly string[]).includes(name)) {
      settings.set(name as SettingName, parseSetting(name as SettingName, value, settingPath, source, fail));
    } else {
      fail(settingPath, `unknown setting ${JSON.stringify(name)}: a policy key holds ${SETTINGS.join(', ')}` +
        ' (and @@operators_allowed_for_child_policies)');
    }
  }
  const tagKey = settings.get('tag_key');
  for (const op of tagKey?.ops ?? []) {
    const key = op.value as string;
    if (key.toLowerCase() !== policyKey.toLowerCase()) {
      fail(`${path}.tag_key.${op.op}`, `the tag key ${JSON.stringify(key)} must match the policy key ` +
        `${JSON.stringify(policyKey)} except for case (it sets the capitalization, not a different key)`);
    }
  }
  return { policyKey, settings, childOperators };
}

function parseSetting(
  name: SettingName, raw: unknown, path: string, source: string, fail: (p: string, m: string) => never,
): SettingDocument {
  const multi = MULTI_VALUED.has(name);
  // A bare value, as an effective policy displays it: read as @@assign.
  if (!isObject(raw)) {
    if ((multi && Array.isArray(raw)) || (!multi && typeof raw === 'string')) {
      return { ops: [{ op: '@@assign', value: checkValue(name, raw, path, fail), origin: `${source}: ${path}` }], childOperators: undefined };
    }
    fail(path, `expected ${expectedShape(name)}, got ${describe(raw)}`);
  }
  const ops: Operation[] = [];
  let childOperators: AllowedOperators;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const opPath = `${path}.${key}`;
    if (key === CHILD_CONTROL) {
      childOperators = parseChildOperators(value, opPath, fail, describe);
    } else if ((VALUE_OPERATORS as readonly string[]).includes(key)) {
      const op = key as ValueOperator;
      if (!multi && op !== '@@assign') {
        fail(opPath, `${op} works only on multi-valued settings (tag_value, enforced_for, report_required_tag_for); ` +
          `${name} is a single string: use @@assign`);
      }
      ops.push({ op, value: checkValue(name, value, opPath, fail), origin: `${source}: ${opPath}` });
    } else if (key.startsWith('@@')) {
      fail(opPath, unknownOperator(key, [...VALUE_OPERATORS, CHILD_CONTROL]));
    } else {
      fail(opPath, `unexpected key ${JSON.stringify(key)}: expected ${expectedShape(name)}`);
    }
  }
  if (ops.length === 0 && childOperators === undefined) {
    fail(path, `expected ${expectedShape(name)}, got an object with no operator`);
  }
  return { ops, childOperators };
}

function checkValue(name: SettingName, value: unknown, path: string, fail: (p: string, m: string) => never): string | string[] {
  if (name === 'tag_key') {
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TAG_KEY) {
      fail(path, `expected the tag key with its required capitalization (a string of 1 to ${MAX_TAG_KEY} characters), got ${describe(value)}`);
    }
    return value as string;
  }
  if (!Array.isArray(value)) {
    fail(path, `expected a list of strings, got ${describe(value)}`);
  }
  const list = value as unknown[];
  list.forEach((item, i) => {
    if (typeof item !== 'string') {
      fail(`${path}[${i}]`, `expected a string, got ${describe(item)}`);
    }
  });
  const strings = list as string[];
  strings.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    if (name === 'tag_value') {
      if (item.length > MAX_TAG_VALUE) {
        fail(itemPath, `a tag value has at most ${MAX_TAG_VALUE} characters, got ${item.length}`);
      }
      if (item.indexOf('*') !== item.lastIndexOf('*')) {
        fail(itemPath, `${JSON.stringify(item)} has more than one * wildcard; a tag value may use only one ` +
          '(for example "*@example.com" is allowed, "*@*.com" is not)');
      }
    } else {
      checkResourceType(item, itemPath, fail);
    }
  });
  return strings;
}

/**
 * `enforced_for` / `report_required_tag_for` entries: `service:resource-type`, `service:*` or
 * `service:ALL_SUPPORTED`. "You can't use a wildcard to specify all services or to specify a
 * resource for all services."
 */
function checkResourceType(item: string, path: string, fail: (p: string, m: string) => never): void {
  const forms = '"service:resource-type" (e.g. "backup:recovery-point", "dynamodb:table"), ' +
    '"service:ALL_SUPPORTED" or "service:*"';
  const expected = `expected ${forms}`;
  const parts = item.split(':');
  if (parts.length !== 2) {
    fail(path, `${expected}, got ${JSON.stringify(item)}`);
  }
  const [service, type] = parts;
  if (service === '*' || service === 'ALL_SUPPORTED') {
    fail(path, `${JSON.stringify(item)}: a wildcard cannot stand for all services; name the service: ${forms}`);
  }
  if (!SERVICE.test(service)) {
    fail(path, `${expected}; ${JSON.stringify(service)} is not a service prefix (lower-case letters, digits, hyphens)`);
  }
  if (type !== '*' && type !== 'ALL_SUPPORTED' && !RESOURCE_TYPE.test(type)) {
    fail(path, `${expected}; ${JSON.stringify(type)} is not a resource type${type.includes('*') ? ' (the only wildcards are "*" and "ALL_SUPPORTED" as the whole resource type)' : ''}`);
  }
}

function unknownOperator(key: string, known: string[]): string {
  return `unknown operator ${JSON.stringify(key)}; the operators allowed here are ${known.join(', ')}`;
}

function expectedShape(name: SettingName): string {
  switch (name) {
    case 'tag_key':
      return 'an object {"@@assign": "<TagKey>"} (or the tag key string)';
    case 'tag_value':
      return 'a list of allowed values, or an object with @@assign, @@append or @@remove around such a list, ' +
        'e.g. {"@@assign": ["100", "200", "300*"]}';
    default:
      return 'a list of "service:resource-type" strings, or an object with @@assign, @@append or @@remove around ' +
        'such a list, e.g. {"@@assign": ["backup:recovery-point"]}';
  }
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) {
    return 'nothing';
  }
  if (v === null) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return `a list ${truncate(JSON.stringify(v))}`;
  }
  if (typeof v === 'object') {
    return `an object ${truncate(JSON.stringify(v))}`;
  }
  return `${typeof v} ${truncate(JSON.stringify(v))}`;
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
