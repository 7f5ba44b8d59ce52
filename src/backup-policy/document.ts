/**
 * Parser and writer of the AWS Organizations backup policy syntax (internal; the public API is
 * `BackupPolicy`).
 *
 * Sources (AWS Organizations User Guide):
 * - Backup policy syntax and examples:
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 * - Inheritance operators:
 *   https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
 * - The AWS Backup plan and selection each key maps to:
 *   https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupPlan.html,
 *   https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html
 *
 * The grammar is one table ({@link SCHEMA}): fixed keys (objects), keys the author names
 * (collections: plans, rules, copy actions, selections, tags, conditions) and settings (leaves).
 * Every setting is an object of inheritance operators; a bare value is read as `@@assign`, which
 * is how an effective policy is displayed. Value-setting operators stand only on settings;
 * `@@operators_allowed_for_child_policies` may stand on any node below `plans`.
 */
import { BackupPolicyError } from './errors';
import {
  AllowedOperators, CHILD_CONTROL, parseChildOperators, PolicyTreeNode, TreeOperation, VALUE_OPERATORS, ValueOperator,
} from '../org-policies/inheritance';
import { findDuplicateKey } from '../org-policies/json-duplicates';
import { jsonDepthExceeded, jsonErrorOffset, lineAndColumn, MAX_JSON_DEPTH } from '../tag-policy/json-position';

type Fail = (path: string, problem: string) => never;

/** What a setting holds. Integers and booleans are kept as their decimal / `true`/`false` text. */
type LeafValue = 'string' | 'list' | 'string-or-list' | 'integer' | 'boolean';
type ArnKind = 'vault' | 'role' | 'resource';

interface LeafSpec {
  readonly kind: 'leaf';
  readonly value: LeafValue;
  /** The setting holds ARNs of this kind (the only settings where `$account` / `$region` stand). */
  readonly arn?: ArnKind;
  readonly check?: (value: string, path: string, fail: Fail) => void;
  readonly example: string;
}
interface ObjectSpec { readonly kind: 'object'; readonly fields: Readonly<Record<string, Spec>> }
interface CollectionSpec {
  readonly kind: 'collection';
  /** What one entry is, for messages: `a plan`, `a rule`. */
  readonly what: string;
  readonly item: Spec;
  readonly keyCheck?: (key: string, path: string, fail: Fail) => void;
  readonly maxEntries?: { readonly count: number; readonly why: string };
}
type Spec = LeafSpec | ObjectSpec | CollectionSpec;

const PARTITION = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** Vault names: 2 to 50 letters, digits, hyphens, underscores (CreateBackupVault). */
const VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;
const VAULT_ARN = new RegExp(`^arn:${PARTITION}:backup:([a-z0-9-]+|\\$region):(\\d{12}|\\$account):backup-vault:([A-Za-z0-9_-]{2,50})$`);
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}|\\$account):role/[\\w+=,.@/-]{1,512}$`);
const VARIABLE = /\$[A-Za-z_][A-Za-z0-9_]*/g;
/** "The maximum number of ARNs is 500 without wildcards, or 30 ARNs with wildcards" (BackupSelection). */
const MAX_ARNS = 500;
const MAX_WILDCARD_ARNS = 30;
/** Conditions per selection (the issue's limit; see docs/backup-policies.md). */
export const MAX_CONDITIONS = 30;

const integer = (example: string): LeafSpec => ({
  kind: 'leaf', value: 'integer', example,
});
const str = (example: string, check?: LeafSpec['check']): LeafSpec => ({ kind: 'leaf', value: 'string', example, check });
const bool: LeafSpec = { kind: 'leaf', value: 'boolean', example: '{"@@assign": false}' };

const LIFECYCLE: ObjectSpec = {
  kind: 'object',
  fields: {
    move_to_cold_storage_after_days: integer('{"@@assign": "90"}'),
    delete_after_days: integer('{"@@assign": "365"}'),
    opt_in_to_archive_for_supported_resources: bool,
  },
};

const TAG_ENTRY = (valueSpec: LeafSpec): ObjectSpec => ({
  kind: 'object',
  fields: { tag_key: str('{"@@assign": "Owner"}', nonEmpty), tag_value: valueSpec },
});

const ROLE: LeafSpec = {
  kind: 'leaf', value: 'string', arn: 'role', example: '{"@@assign": "arn:aws:iam::$account:role/BackupRole"}', check: checkRoleArn,
};
const RESOURCE_ARNS = (): LeafSpec => ({
  kind: 'leaf', value: 'list', arn: 'resource', example: '{"@@assign": ["arn:aws:dynamodb:*:*:table/*"]}', check: checkResourceArn,
});
const CONDITIONS: ObjectSpec = {
  kind: 'object',
  fields: Object.fromEntries(['string_equals', 'string_not_equals', 'string_like', 'string_not_like'].map((op) => [op, {
    kind: 'collection',
    what: 'a condition',
    item: {
      kind: 'object',
      fields: {
        condition_key: str('{"@@assign": "aws:ResourceTag/backup"}', checkConditionKey),
        condition_value: str('{"@@assign": "daily"}'),
      },
    },
  } as CollectionSpec])),
};

const RULE: ObjectSpec = {
  kind: 'object',
  fields: {
    schedule_expression: str('{"@@assign": "cron(0 5 ? * * *)"}', checkSchedule),
    schedule_expression_timezone: str('{"@@assign": "Europe/Paris"}', nonEmpty),
    start_backup_window_minutes: integer('{"@@assign": "60"}'),
    complete_backup_window_minutes: integer('{"@@assign": "10080"}'),
    target_backup_vault_name: str('{"@@assign": "Default"}', checkVaultName),
    lifecycle: LIFECYCLE,
    copy_actions: {
      kind: 'collection',
      what: 'a copy action, keyed by the ARN of its destination vault',
      keyCheck: checkCopyActionKey,
      item: {
        kind: 'object',
        fields: {
          target_backup_vault_arn: {
            kind: 'leaf',
            value: 'string',
            arn: 'vault',
            check: checkVaultArn,
            example: '{"@@assign": "arn:aws:backup:eu-west-1:111122223333:backup-vault:central"}',
          },
          lifecycle: LIFECYCLE,
        },
      },
    },
    recovery_point_tags: {
      kind: 'collection', what: 'a recovery point tag', item: TAG_ENTRY({ kind: 'leaf', value: 'string-or-list', example: '{"@@assign": "Backup"}' }),
    },
    enable_continuous_backup: bool,
  },
};

const PLAN: ObjectSpec = {
  kind: 'object',
  fields: {
    regions: { kind: 'leaf', value: 'list', example: '{"@@assign": ["eu-west-1", "eu-central-1"]}', check: checkRegion },
    rules: { kind: 'collection', what: 'a rule', item: RULE },
    selections: {
      kind: 'object',
      fields: {
        tags: {
          kind: 'collection',
          what: 'a tag selection (iam_role_arn, tag_key, tag_value)',
          item: {
            kind: 'object',
            fields: {
              iam_role_arn: ROLE,
              tag_key: str('{"@@assign": "backup"}', nonEmpty),
              tag_value: { kind: 'leaf', value: 'list', example: '{"@@assign": ["daily"]}' },
            },
          },
        },
        resources: {
          kind: 'collection',
          what: 'a resource selection (iam_role_arn, resource_types, not_resource_types, conditions)',
          item: {
            kind: 'object',
            fields: { iam_role_arn: ROLE, resource_types: RESOURCE_ARNS(), not_resource_types: RESOURCE_ARNS(), conditions: CONDITIONS },
          },
        },
      },
    },
    advanced_backup_settings: {
      kind: 'collection',
      what: 'a resource type, e.g. "ec2"',
      item: { kind: 'collection', what: 'a setting, e.g. "windows_vss"', item: str('{"@@assign": "enabled"}') },
    },
    backup_plan_tags: { kind: 'collection', what: 'a backup plan tag', item: TAG_ENTRY(str('{"@@assign": "Beta"}')) },
  },
};

export const SCHEMA: ObjectSpec = { kind: 'object', fields: { plans: { kind: 'collection', what: 'a backup plan', item: PLAN, keyCheck: checkPlanName } } };

/** Parse a backup policy document into the tree the inheritance engine merges. */
export function parseBackupPolicyJson(json: string, source: string): PolicyTreeNode {
  const fail: Fail = (path, problem) => {
    throw new BackupPolicyError(source, path, problem);
  };
  if (typeof json !== 'string') fail('', `expected the policy as a JSON string, got ${describe(json)}`);
  // Refused before anything recursive reads it, so that no input can overflow the stack.
  const tooDeep = jsonDepthExceeded(json);
  if (tooDeep !== undefined) {
    fail('', `the JSON nests deeper than ${MAX_JSON_DEPTH} levels at ${lineAndColumn(json, tooDeep)} (offset ${tooDeep}); `
      + 'a backup policy nests at most about ten levels (plans.<plan>.rules.<rule>.copy_actions.<arn>.lifecycle...)');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    const offset = jsonErrorOffset(json);
    const where = offset === undefined ? '' : ` at ${lineAndColumn(json, offset)} (offset ${offset})`;
    fail('', `malformed JSON${where}: ${(e as Error).message}`);
  }
  const dup = findDuplicateKey(json);
  if (dup) {
    fail(dup.path, `duplicate key ${JSON.stringify(dup.key)}: Organizations rejects duplicate key names; give each plan, rule and selection a unique name`);
  }
  if (isObject(raw) && 'tags' in (raw as object) && !('plans' in (raw as object))) {
    fail('tags', 'this is a tag policy (TAG_POLICY), not a backup policy: read it with TagPolicy.fromJson');
  }
  return parseNode(raw, SCHEMA, '', '', source, fail, true);
}

function parseNode(raw: unknown, spec: Spec, name: string, path: string, source: string, fail: Fail, top = false): PolicyTreeNode {
  if (spec.kind === 'leaf') return parseLeaf(raw, spec, name, path, source, fail);
  if (!isObject(raw)) {
    fail(path, `expected ${spec.kind === 'object' ? `an object with any of ${Object.keys(spec.fields).join(', ')}` : `an object whose keys each name ${spec.what}`}, got ${describe(raw)}`);
  }
  let childOperators: AllowedOperators;
  const children = new Map<string, PolicyTreeNode>();
  const entries = Object.entries(raw as Record<string, unknown>);
  let count = 0;
  for (const [key, value] of entries) {
    const keyPath = path ? `${path}.${key}` : key;
    if (key === CHILD_CONTROL && !top) {
      childOperators = parseChildOperators(value, keyPath, fail);
      continue;
    }
    if ((VALUE_OPERATORS as readonly string[]).includes(key)) {
      fail(keyPath, `${key} sets a value and stands only on a setting; ${path || 'the top level'} is not a setting: ` +
        `put ${key} inside each setting under it`);
    }
    if (key.startsWith('@@')) {
      fail(keyPath, `unknown operator ${JSON.stringify(key)}; the operators allowed here are ${top ? 'none' : CHILD_CONTROL}`);
    }
    let item: Spec;
    if (spec.kind === 'object') {
      const field = spec.fields[key];
      if (!field) {
        fail(keyPath, `unknown key ${JSON.stringify(key)}: ${path || 'a backup policy'} holds ${Object.keys(spec.fields).join(', ')}` +
          `${hint(key, path)}`);
      }
      item = field;
    } else {
      if (key.trim() === '') fail(keyPath, `an empty key cannot name ${spec.what}`);
      spec.keyCheck?.(key, keyPath, fail);
      item = spec.item;
      count++;
    }
    const lower = key.toLowerCase();
    const clash = children.get(lower);
    if (clash) {
      fail(keyPath, `keys ${JSON.stringify(clash.name)} and ${JSON.stringify(key)} differ only in case; Organizations compares ` +
        'these identifiers without case, so they are the same key: merge them');
    }
    const child = parseNode(value, item, key, keyPath, source, fail);
    if (path.endsWith('.copy_actions')) checkCopyTarget(key, child, keyPath, fail);
    children.set(lower, child);
  }
  if (top && !children.has('plans')) fail('', 'missing the "plans" key: a backup policy starts with {"plans": {"<plan name>": {...}}}');
  if (spec.kind === 'collection' && spec.maxEntries && count > spec.maxEntries.count) {
    fail(path, `${count} entries, at most ${spec.maxEntries.count}: ${spec.maxEntries.why}`);
  }
  if (path.endsWith('.conditions')) {
    const total = [...children.values()].reduce((n, c) => n + c.children.size, 0);
    if (total > MAX_CONDITIONS) {
      fail(path, `${total} conditions in one selection, at most ${MAX_CONDITIONS}: split the selection into several selections`);
    }
  }
  return { name, ops: [], childOperators, children };
}

function hint(key: string, path: string): string {
  if (/\.selections\.tags\.[^.]+$/.test(path) && ['resource_types', 'not_resource_types', 'conditions'].includes(key)) {
    return '; a selection is either a tag selection (under "tags": tag_key, tag_value) or a resource selection ' +
      '(under "resources": resource_types, not_resource_types, conditions), not both: move it under "resources"';
  }
  if (/\.selections\.resources\.[^.]+$/.test(path) && ['tag_key', 'tag_value'].includes(key)) {
    return '; a selection is either a tag selection (under "tags") or a resource selection (under "resources"), not both: ' +
      'move the tag query under "tags", or write it as a condition (conditions.string_equals)';
  }
  return '';
}

function parseLeaf(raw: unknown, spec: LeafSpec, name: string, path: string, source: string, fail: Fail): PolicyTreeNode {
  const expected = `${describeLeaf(spec)}, e.g. ${spec.example}`;
  if (!isObject(raw)) {
    const value = leafValue(raw, spec, path, fail, expected);
    return { name, ops: [{ op: '@@assign', value, origin: `${source}: ${path}` }], childOperators: undefined, children: new Map() };
  }
  const ops: TreeOperation[] = [];
  let childOperators: AllowedOperators;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const opPath = `${path}.${key}`;
    if (key === CHILD_CONTROL) {
      childOperators = parseChildOperators(value, opPath, fail);
    } else if ((VALUE_OPERATORS as readonly string[]).includes(key)) {
      const op = key as ValueOperator;
      if (op !== '@@assign' && (spec.value !== 'list' && !(spec.value === 'string-or-list' && Array.isArray(value)))) {
        fail(opPath, `${op} works only on lists; ${name} holds a single value: use @@assign`);
      }
      const v = leafValue(value, spec, opPath, fail, expected);
      ops.push({ op, value: v, origin: `${source}: ${opPath}` });
    } else if (key.startsWith('@@')) {
      fail(opPath, `unknown operator ${JSON.stringify(key)}; the operators allowed here are ${[...VALUE_OPERATORS, CHILD_CONTROL].join(', ')}`);
    } else {
      fail(opPath, `unexpected key ${JSON.stringify(key)}: ${name} is a setting; expected ${expected}`);
    }
  }
  if (ops.length === 0 && childOperators === undefined) fail(path, `expected ${expected}, got an object with no operator`);
  return { name, ops, childOperators, children: new Map() };
}

function leafValue(raw: unknown, spec: LeafSpec, path: string, fail: Fail, expected: string): string | string[] {
  const one = (v: unknown, p: string): string => {
    let s: string;
    if (spec.value === 'integer') {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) s = String(v);
      else if (typeof v === 'string' && /^\d+$/.test(v)) s = v;
      else fail(p, `expected a whole number of days or minutes (a string of digits, as in AWS's examples), got ${describe(v)}`);
    } else if (spec.value === 'boolean') {
      if (typeof v === 'boolean') s = String(v);
      else if (v === 'true' || v === 'false') s = v;
      else fail(p, `expected true or false, got ${describe(v)}`);
    } else if (typeof v === 'string') {
      s = v;
    } else {
      fail(p, `expected a string, got ${describe(v)}`);
    }
    checkVariables(s!, spec, p, fail);
    spec.check?.(s!, p, fail);
    return s!;
  };
  if (spec.value === 'list' || (spec.value === 'string-or-list' && Array.isArray(raw))) {
    if (!Array.isArray(raw)) fail(path, `expected ${expected}, got ${describe(raw)}`);
    const list = (raw as unknown[]).map((v, i) => one(v, `${path}[${i}]`));
    if (spec.arn === 'resource') {
      const wild = list.filter((a) => a.includes('*')).length;
      if (list.length > MAX_ARNS) fail(path, `${list.length} ARNs, at most ${MAX_ARNS} (AWS Backup BackupSelection): split the selection`);
      if (wild > MAX_WILDCARD_ARNS) fail(path, `${wild} ARNs with wildcards, at most ${MAX_WILDCARD_ARNS} (AWS Backup BackupSelection): split the selection`);
    }
    return list;
  }
  if (Array.isArray(raw)) fail(path, `expected ${expected}, got ${describe(raw)}`);
  return one(raw, path);
}

/** `$account` and `$region` stand only in ARNs, in the ARN's account and Region fields. */
function checkVariables(value: string, spec: LeafSpec, path: string, fail: Fail): void {
  const found = value.match(VARIABLE);
  if (!found) return;
  for (const v of found) {
    if (v !== '$account' && v !== '$region') {
      if (spec.arn) fail(path, `unknown variable ${v} in ${JSON.stringify(value)}: backup policies know only $account and $region`);
      continue; // a literal "$" in a tag value or schedule is not a variable
    }
    if (!spec.arn) {
      fail(path, `${v} in ${JSON.stringify(value)}: AWS Backup replaces $account and $region only in ARNs ` +
        '(vault and IAM role ARNs, resource ARNs); write the value itself here');
    }
    if (v === '$region' && spec.arn === 'role') {
      fail(path, `$region in the IAM role ARN ${JSON.stringify(value)}: IAM ARNs have no Region field; remove it`);
    }
    const parts = value.split(':');
    const field = v === '$account' ? 4 : 3;
    if (value !== '*' && parts[field] !== v) {
      fail(path, `${v} in ${JSON.stringify(value)} must be the whole ${v === '$account' ? 'account' : 'Region'} field of the ARN ` +
        `(arn:partition:service:${v === '$region' ? '$region' : 'region'}:${v === '$account' ? '$account' : 'account'}:resource)`);
    }
  }
}

function checkVaultArn(value: string, path: string, fail: Fail): void {
  if (!VAULT_ARN.test(value)) {
    fail(path, `${JSON.stringify(value)} is not a backup vault ARN; expected arn:aws:backup:<region>:<account id or $account>:backup-vault:<name> ` +
      '(2 to 50 letters, digits, hyphens or underscores)');
  }
}

function checkCopyActionKey(key: string, path: string, fail: Fail): void {
  checkVariables(key, { kind: 'leaf', value: 'string', arn: 'vault', example: '' }, path, fail);
  if (!VAULT_ARN.test(key)) {
    fail(path, 'a copy action is keyed by the ARN of its destination vault ("At this time, the key name must be the ARN of the backup vault"); ' +
      `${JSON.stringify(key)} is not one: use arn:aws:backup:<region>:<account id or $account>:backup-vault:<name>`);
  }
}

/** The key names the copy action by its vault; `target_backup_vault_arn`, when set, must name the same vault. */
function checkCopyTarget(key: string, node: PolicyTreeNode, path: string, fail: Fail): void {
  for (const op of node.children.get('target_backup_vault_arn')?.ops ?? []) {
    if (typeof op.value === 'string' && op.value.toLowerCase() !== key.toLowerCase()) {
      fail(`${path}.target_backup_vault_arn`, `the key names the copy action by its destination vault ARN, ${JSON.stringify(key)}, ` +
        `but target_backup_vault_arn is ${JSON.stringify(op.value)}: make them the same ARN`);
    }
  }
}

function checkRoleArn(value: string, path: string, fail: Fail): void {
  if (!ROLE_ARN.test(value)) {
    fail(path, `${JSON.stringify(value)} is not an IAM role ARN; expected arn:aws:iam::<account id or $account>:role/<name>`);
  }
}

function checkResourceArn(value: string, path: string, fail: Fail): void {
  if (value === '*') return;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] === '' || parts.slice(5).join(':') === '') {
    fail(path, `${JSON.stringify(value)} is not a resource ARN; expected "*" or an ARN (pattern) such as arn:aws:dynamodb:*:*:table/*`);
  }
}

function checkRegion(value: string, path: string, fail: Fail): void {
  if (!REGION.test(value)) fail(path, `${JSON.stringify(value)} is not a Region code such as eu-west-1`);
}

function checkVaultName(value: string, path: string, fail: Fail): void {
  if (!VAULT_NAME.test(value)) {
    fail(path, `${JSON.stringify(value)} is not a vault name: 2 to 50 letters, digits, hyphens or underscores (a name, not an ARN)`);
  }
}

function checkPlanName(key: string, path: string, fail: Fail): void {
  if (!/^[A-Za-z0-9_.-]{1,50}$/.test(key)) {
    fail(path, `${JSON.stringify(key)} cannot name a backup plan: 1 to 50 letters, digits, hyphens, underscores or dots`);
  }
}

function checkSchedule(value: string, path: string, fail: Fail): void {
  if (!/^(cron|rate|at)\(.+\)$/.test(value)) fail(path, `${JSON.stringify(value)} is not a schedule expression such as cron(0 5 ? * * *)`);
}

function checkConditionKey(value: string, path: string, fail: Fail): void {
  if (!value.startsWith('aws:ResourceTag/') || value.length === 'aws:ResourceTag/'.length) {
    fail(path, `${JSON.stringify(value)}: a condition key names a resource tag, aws:ResourceTag/<tag key>`);
  }
}

function nonEmpty(value: string, path: string, fail: Fail): void {
  if (value.trim() === '') fail(path, 'expected a non-empty string');
}

function describeLeaf(spec: LeafSpec): string {
  const shape = spec.value === 'list' ? 'a list of strings' : spec.value === 'integer' ? 'a whole number'
    : spec.value === 'boolean' ? 'true or false' : spec.value === 'string-or-list' ? 'a string or a list of strings' : 'a string';
  return `${shape} (bare, or inside @@assign${spec.value === 'list' || spec.value === 'string-or-list' ? ', @@append or @@remove' : ''})`;
}

/** The schema node at a path of keys (for writing values back with their JSON type). */
export function specAt(keys: readonly string[]): Spec | undefined {
  let spec: Spec | undefined = SCHEMA;
  for (const k of keys) {
    if (!spec) return undefined;
    if (spec.kind === 'object') spec = spec.fields[k];
    else if (spec.kind === 'collection') spec = spec.item;
    else return undefined;
  }
  return spec;
}

/** A tree as JSON in the policy syntax: operators as parsed (or `@@assign` for an effective policy). */
export function treeToJson(node: PolicyTreeNode, keys: string[] = []): unknown {
  const spec = specAt(keys);
  if (spec?.kind === 'leaf') {
    const out: Record<string, unknown> = {};
    for (const op of node.ops) out[op.op] = typedValue(op.value, spec);
    if (node.childOperators !== undefined) out[CHILD_CONTROL] = childOperatorList(node.childOperators);
    return out;
  }
  const out: Record<string, unknown> = {};
  if (node.childOperators !== undefined) out[CHILD_CONTROL] = childOperatorList(node.childOperators);
  for (const child of node.children.values()) {
    out[child.name] = treeToJson(child, [...keys, child.name]);
  }
  return out;
}

function typedValue(value: string | readonly string[], spec: LeafSpec): unknown {
  if (spec.value === 'boolean' && typeof value === 'string') return value === 'true';
  return typeof value === 'string' ? value : [...value];
}

function childOperatorList(ops: ReadonlySet<ValueOperator>): string[] {
  if (ops.size === 0) return ['@@none'];
  return VALUE_OPERATORS.filter((o) => ops.has(o));
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  const json = JSON.stringify(v);
  const short = json.length > 80 ? `${json.slice(0, 77)}...` : json;
  if (Array.isArray(v)) return `a list ${short}`;
  return typeof v === 'object' ? `an object ${short}` : `${typeof v} ${short}`;
}
