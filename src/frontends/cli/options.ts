/**
 * The command-line options and `--config` fields that become `CrossAccountCopyChecksProps`: one
 * row per prop. The flag is the prop in kebab case; the config file field is the prop's own name.
 * To offer a new prop: add its row (and, for a new kind of value, a kind).
 */
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { InputError } from './template-file';
import { ExternalFacts } from '../../facts/external-facts';
import { TagPolicy } from '../../tag-policy/tag-policy';
import type { CrossAccountCopyChecksProps } from '../aspect';

/** How a flag's text, or a config file's JSON value, becomes the prop's value. */
interface ValueKind {
  /** `util.parseArgs` type of the flag. */
  readonly type: 'string' | 'boolean';
  readonly multiple: boolean;
  /** The placeholder in `--help`. */
  readonly placeholder: string;
  fromFlag(value: string[] | string | boolean, flag: string): unknown;
  fromConfig(value: unknown, field: string, baseDir: string, file: string): unknown;
}

const STRING: ValueKind = {
  type: 'string',
  multiple: false,
  placeholder: '<value>',
  fromFlag: v => v,
  fromConfig: (v, field, _dir, file) => {
    if (typeof v !== 'string') throw new InputError(`${file}: ${field} must be a string, got ${JSON.stringify(v)}.`);
    return v;
  },
};

const STRING_LIST: ValueKind = {
  type: 'string',
  multiple: true,
  placeholder: '<id,id,...>',
  // Repeatable, and each value may be a comma-separated list.
  fromFlag: v => (v as string[]).flatMap(s => s.split(',')).map(s => s.trim()).filter(s => s !== ''),
  fromConfig: (v, field, _dir, file) => {
    if (!Array.isArray(v) || !v.every(x => typeof x === 'string')) {
      throw new InputError(`${file}: ${field} must be an array of strings, got ${JSON.stringify(v)}.`);
    }
    return v;
  },
};

const BOOLEAN: ValueKind = {
  type: 'boolean',
  multiple: false,
  placeholder: '',
  fromFlag: v => v === true,
  fromConfig: (v, field, _dir, file) => {
    if (typeof v !== 'boolean') throw new InputError(`${file}: ${field} must be true or false, got ${JSON.stringify(v)}.`);
    return v;
  },
};

/** A boolean whose absence means something else than `false` (unknown): `--flag true` or `--flag false`. */
const TRUE_OR_FALSE: ValueKind = {
  type: 'string',
  multiple: false,
  placeholder: 'true|false',
  fromFlag: (v, flag) => {
    if (v !== 'true' && v !== 'false') throw new InputError(`${flag} ${String(v)}: expected true or false.`);
    return v === 'true';
  },
  fromConfig: BOOLEAN.fromConfig,
};

/** Tag policy files: one is the policy in effect; several are the levels, root first, account last (`TagPolicy.effective`). */
const TAG_POLICY_FILES: ValueKind = {
  type: 'string',
  multiple: true,
  placeholder: '<file>',
  fromFlag: v => tagPolicyOf(v as string[]),
  fromConfig: (v, field, dir, file) => {
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || list.length === 0 || !list.every(x => typeof x === 'string')) {
      throw new InputError(`${file}: ${field} must be a file name or an array of file names (root first), got ${JSON.stringify(v)}.`);
    }
    return tagPolicyOf(list.map(f => path.resolve(dir, f)));
  },
};

/** Organizational units: `--organizational-unit <ou-id>=<account>,<account>` (repeatable); in a config file `[{ id, accounts }]`. */
const ORGANIZATIONAL_UNITS: ValueKind = {
  type: 'string',
  multiple: true,
  placeholder: '<ou-id>=<id,id,...>',
  fromFlag: (v, flag) => (v as string[]).map(s => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new InputError(`${flag} ${s}: expected <ou-id>=<account>,<account>,... (e.g. ou-ab12-cdefgh34=111111111111,222222222222).`);
    return { id: s.slice(0, eq).trim(), accounts: s.slice(eq + 1).split(',').map(a => a.trim()).filter(a => a !== '') };
  }),
  fromConfig: (v, field, _dir, file) => {
    const ok = Array.isArray(v) && v.every(u => u && typeof u === 'object' && typeof u.id === 'string'
      && Array.isArray(u.accounts) && u.accounts.every((a: unknown) => typeof a === 'string'));
    if (!ok) throw new InputError(`${file}: ${field} must be an array of { "id": "ou-...", "accounts": ["<12 digits>", ...] }, got ${JSON.stringify(v)}.`);
    return v;
  },
};

/** External-facts files (`lookup`'s output) or other apps' reports (recognized by their `schemaVersion`). */
const FACTS_FILES: ValueKind = {
  type: 'string',
  multiple: true,
  placeholder: '<file>',
  fromFlag: v => (v as string[]).map(factsOf),
  fromConfig: (v, field, dir, file) => {
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || !list.every(x => typeof x === 'string')) {
      throw new InputError(`${file}: ${field} must be a file name or an array of file names, got ${JSON.stringify(v)}.`);
    }
    return list.map(f => factsOf(path.resolve(dir, f)));
  },
};

/** A number of days: `--max-fact-age 30` (or `30d`); in a config file a number. */
const DAYS: ValueKind = {
  type: 'string',
  multiple: false,
  placeholder: '<days>',
  fromFlag: (v, flag) => daysOf(String(v).replace(/d$/, ''), flag),
  fromConfig: (v, field, _dir, file) => daysOf(typeof v === 'number' ? String(v) : '', `${file}: ${field}`),
};

function daysOf(text: string, what: string): Duration {
  const days = Number(text);
  if (!/^\d+$/.test(text) || days <= 0) throw new InputError(`${what}: expected a whole number of days greater than 0, e.g. 30.`);
  return Duration.days(days);
}

/** A facts file, or another app's copy-route report. */
function factsOf(file: string): ExternalFacts {
  return isReport(file) ? ExternalFacts.fromReport(file) : ExternalFacts.fromFile(file);
}

function isReport(file: string): boolean {
  return path.basename(file) === 'cross-account-backup-report.json';
}

function tagPolicyOf(files: string[]): TagPolicy {
  const policies = files.map(f => TagPolicy.fromFile(f));
  return policies.length === 1 ? policies[0] : TagPolicy.effective(policies);
}

export interface OptionRow {
  /** The `CrossAccountCopyChecksProps` field, and the field of the config file. */
  readonly prop: keyof CrossAccountCopyChecksProps;
  readonly kind: ValueKind;
  /** One line for `--help`. */
  readonly help: string;
}

/** Every prop the command accepts (`report` is not one: the command writes its own output). */
export const OPTION_ROWS: OptionRow[] = [
  { prop: 'organizationId', kind: STRING, help: 'the id of the AWS Organization of every account (o-...) (CAB-ORG)' },
  { prop: 'organizationAccounts', kind: STRING_LIST, help: 'the 12-digit ids of the accounts in the organization; repeatable, or comma-separated (CAB-ORG)' },
  { prop: 'managementAccount', kind: STRING, help: 'the id of the organization\'s management account (CAB-ORG)' },
  { prop: 'dynamoDbAdvancedFeatures', kind: TRUE_OR_FALSE, help: 'AWS Backup advanced features for DynamoDB are on (true) or off (false) everywhere; without it: unknown (CAB-DDB-ADVANCED)' },
  { prop: 'tagPolicy', kind: TAG_POLICY_FILES, help: 'the tag policy in effect (JSON); repeat for root, OUs, account: their effective policy (CAB-TAG-POLICY)' },
  { prop: 'organizationalUnits', kind: ORGANIZATIONAL_UNITS, help: 'an OU that backup policies target and the accounts under it; repeatable, parents first (CAB-* on backup policies)' },
  { prop: 'optedInResourceTypes', kind: STRING_LIST, help: 'AWS Backup resource types (Aurora, Neptune, DocumentDB, ...) opted in everywhere; repeatable, or comma-separated (CAB-RESOURCE)' },
  { prop: 'requireSourceVaultKeyTrust', kind: BOOLEAN, help: 'a source vault key the destination cannot use is an error, not a warning, for fully managed types (CAB-KEY-POLICY)' },
  { prop: 'facts', kind: FACTS_FILES, help: 'facts about what the app imports: a file of `lookup`, or another app\'s cross-account-backup-report.json; repeatable' },
  { prop: 'maxFactAge', kind: DAYS, help: 'facts older than this many days give a CAB-UNVERIFIABLE warning (default 30)' },
  { prop: 'allowSingleActionCrossRegionCrossAccount', kind: BOOLEAN, help: 'single copy actions both cross-Region and cross-account work for RDS, Aurora, DocumentDB, Neptune (CAB-XREGION-XACCOUNT)' },
];

/** `organizationAccounts` -> `organization-accounts`; `dynamoDbAdvancedFeatures` -> `dynamodb-advanced-features`. */
export function flagOf(prop: string): string {
  return prop.replace(/([dD])ynamoDb/g, '$1ynamodb').replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
}

/** The `util.parseArgs` option definitions of the rows. */
export function parseArgsOptions(): Record<string, { type: 'string' | 'boolean'; multiple: boolean }> {
  const out: Record<string, { type: 'string' | 'boolean'; multiple: boolean }> = {};
  for (const row of OPTION_ROWS) out[flagOf(row.prop)] = { type: row.kind.type, multiple: row.kind.multiple };
  return out;
}

/** The props from a config file's JSON object (fields named as in `CrossAccountCopyChecksProps`). */
export function propsFromConfig(json: unknown, file: string): Record<string, unknown> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new InputError(`${file}: the config file must hold a JSON object of CrossAccountCopyChecksProps fields.`);
  const rows = new Map(OPTION_ROWS.map(r => [r.prop as string, r]));
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(json)) {
    const row = rows.get(field);
    if (!row) throw new InputError(`${file}: unknown field ${field} (known: ${[...rows.keys()].join(', ')}).`);
    out[field] = row.kind.fromConfig(value, field, path.dirname(path.resolve(file)), file);
  }
  return out;
}

/** The props the flags set (flags that were not given set nothing). */
export function propsFromFlags(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of OPTION_ROWS) {
    const flag = flagOf(row.prop);
    const v = values[flag];
    if (v === undefined) continue;
    out[row.prop] = row.kind.fromFlag(v as string | string[] | boolean, `--${flag}`);
  }
  return out;
}

/** The option lines of `--help`. */
export function optionHelp(): string[] {
  return OPTION_ROWS.map(r => {
    const flag = `--${flagOf(r.prop)}${r.kind.placeholder ? ` ${r.kind.placeholder}` : ''}`;
    return `  ${flag.padEnd(52)} ${r.help}`;
  });
}
