/**
 * Reads an external-facts document from untrusted JSON: every field is checked against the format
 * (`docs/external-facts.schema.json`, which a test keeps in agreement with this reader), and the first
 * problem is reported as one sentence naming the file, the JSON path, the bad value and what to do.
 * Never throws anything but {@link FactsError}. Not part of the jsii API.
 */
import {
  FACTS_FORMAT_VERSION, FactOrigin, FactsDocument, GlobalSettingsFact, KeyFact, OrganizationFact, SsmParameterFact,
  RegionSettingsFact, TagPolicyFact, UnreadableFact, VaultFact,
} from './types';

/** A facts file that cannot be used, with a one-sentence message. */
export class FactsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FactsError';
  }
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const VAULT_ARN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]{2,50}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const SOURCES = ['lookup', 'report', 'file'];

/** The major version of a semver string, or undefined. */
export function majorOf(version: unknown): number | undefined {
  const m = typeof version === 'string' ? /^(\d+)\.\d+\.\d+$/.exec(version) : null;
  return m ? Number(m[1]) : undefined;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Reader {
  constructor(private readonly label: string) {}

  fail(path: string, problem: string): never {
    throw new FactsError(`${this.label}: ${path} ${problem}; see docs/facts.md for the format.`);
  }

  object(v: unknown, path: string): Record<string, unknown> {
    if (!isObject(v)) this.fail(path, `must be a JSON object, not ${show(v)}`);
    return v;
  }

  list(v: unknown, path: string): unknown[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(path, `must be a JSON array, not ${show(v)}`);
    return v;
  }

  str(v: unknown, path: string, pattern?: RegExp, what?: string): string {
    if (typeof v !== 'string') this.fail(path, `must be a string, not ${show(v)}`);
    if (pattern && !pattern.test(v)) this.fail(path, `is ${show(v)}, not ${what}`);
    return v;
  }

  optStr(v: unknown, path: string, pattern?: RegExp, what?: string): string | undefined {
    return v === undefined ? undefined : this.str(v, path, pattern, what);
  }

  /** A 12-digit account id. */
  account(v: unknown, path: string): string {
    return this.str(v, path, ACCOUNT, 'a 12-digit account id');
  }

  optAccount(v: unknown, path: string): string | undefined {
    return this.optStr(v, path, ACCOUNT, 'a 12-digit account id');
  }

  /** A Region code. */
  region(v: unknown, path: string): string {
    return this.str(v, path, REGION, 'a Region code');
  }

  optRegion(v: unknown, path: string): string | undefined {
    return this.optStr(v, path, REGION, 'a Region code');
  }

  optBool(v: unknown, path: string): boolean | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(path, `must be true or false, not ${show(v)}`);
    return v;
  }

  optDays(v: unknown, path: string): number | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) this.fail(path, `must be a whole number of days, not ${show(v)}`);
    return v;
  }

  policy(v: unknown, path: string, nullable: boolean): unknown {
    if (v === undefined || (v === null && nullable)) return v;
    if (typeof v === 'string') {
      try {
        return this.policy(JSON.parse(v), path, false);
      } catch (e) {
        if (e instanceof FactsError) throw e;
        this.fail(path, 'is a string that is not valid JSON');
      }
    }
    this.object(v, path);
    return v;
  }

  keyManager(v: unknown, path: string): 'AWS' | 'CUSTOMER' | undefined {
    const manager = this.optStr(v, path);
    if (manager !== undefined && manager !== 'AWS' && manager !== 'CUSTOMER') this.fail(path, `is ${show(manager)}, not "AWS" or "CUSTOMER"`);
    return manager as 'AWS' | 'CUSTOMER' | undefined;
  }

  boolMap(v: unknown, path: string): { [k: string]: boolean } | undefined {
    if (v === undefined) return undefined;
    const o = this.object(v, path);
    for (const [k, x] of Object.entries(o)) this.optBool(x, `${path}.${k}`);
    return o as { [k: string]: boolean };
  }

  origin(v: unknown, path: string): FactOrigin {
    const o = this.object(v, path);
    const source = this.str(o.source, `${path}.source`);
    if (!SOURCES.includes(source)) this.fail(`${path}.source`, `is ${show(source)}, not one of ${SOURCES.join(', ')}`);
    const readAt = this.str(o.readAt, `${path}.readAt`, ISO_TIME, 'an ISO-8601 time such as "2026-11-30T12:00:00Z"');
    if (Number.isNaN(Date.parse(readAt))) this.fail(`${path}.readAt`, `is ${show(readAt)}, not a valid time`);
    return {
      source: source as FactOrigin['source'],
      account: this.optAccount(o.account, `${path}.account`),
      region: this.optStr(o.region, `${path}.region`, REGION, 'a Region code such as "eu-west-1"'),
      readAt,
      location: this.optStr(o.location, `${path}.location`),
    };
  }
}

/**
 * The facts document in `json` (already parsed), checked. `label` names the input in errors
 * (a file path). Throws {@link FactsError}.
 */
export function parseFacts(json: unknown, label: string): FactsDocument {
  const r = new Reader(label);
  const doc = r.object(json, 'the document');
  const version = doc.formatVersion;
  const major = majorOf(version);
  if (major === undefined) {
    r.fail('formatVersion', `is ${show(version)}, not a version such as "${FACTS_FORMAT_VERSION}" (is this an external-facts file?)`);
  }
  const ours = majorOf(FACTS_FORMAT_VERSION)!;
  if (major !== ours) {
    throw new FactsError(`${label}: external-facts format version ${version} is not supported by this version of the library, which reads `
      + `${ours}.x; write the file again with this library's \`cdk-cross-account-backup lookup\`, or upgrade the library.`);
  }

  const vaults = r.list(doc.vaults, 'vaults').map((v, i): VaultFact => {
    const p = `vaults[${i}]`;
    const o = r.object(v, p);
    const arn = r.str(o.arn, `${p}.arn`, VAULT_ARN, 'a backup vault ARN');
    const [, , , region, account, , name] = arn.split(':');
    const lock = o.lock === undefined ? undefined : r.object(o.lock, `${p}.lock`);
    const key = o.encryptionKey === undefined ? undefined : r.object(o.encryptionKey, `${p}.encryptionKey`);
    return {
      arn,
      name: r.optStr(o.name, `${p}.name`) ?? name,
      account: r.optAccount(o.account, `${p}.account`) ?? account,
      region: r.optRegion(o.region, `${p}.region`) ?? region,
      accessPolicy: r.policy(o.accessPolicy, `${p}.accessPolicy`, true),
      encryptionKeyArn: r.optStr(o.encryptionKeyArn, `${p}.encryptionKeyArn`, KEY_ARN, 'a KMS key ARN'),
      encryptionKey: key && {
        keyManager: r.keyManager(key.keyManager, `${p}.encryptionKey.keyManager`),
        policy: r.policy(key.policy, `${p}.encryptionKey.policy`, false),
        reference: r.optStr(key.reference, `${p}.encryptionKey.reference`),
      },
      lock: lock && {
        minRetentionDays: r.optDays(lock.minRetentionDays, `${p}.lock.minRetentionDays`),
        maxRetentionDays: r.optDays(lock.maxRetentionDays, `${p}.lock.maxRetentionDays`),
      },
      airGapped: r.optBool(o.airGapped, `${p}.airGapped`),
      origin: r.origin(o.origin, `${p}.origin`),
    };
  });

  const keys = r.list(doc.keys, 'keys').map((k, i): KeyFact => {
    const p = `keys[${i}]`;
    const o = r.object(k, p);
    const arn = r.str(o.arn, `${p}.arn`, KEY_ARN, 'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)');
    const [, , , region, account] = arn.split(':');
    const manager = r.keyManager(o.keyManager, `${p}.keyManager`);
    return {
      arn,
      account: r.optAccount(o.account, `${p}.account`) ?? account,
      region: r.optRegion(o.region, `${p}.region`) ?? region,
      keyManager: manager,
      keyState: r.optStr(o.keyState, `${p}.keyState`),
      policy: r.policy(o.policy, `${p}.policy`, false),
      origin: r.origin(o.origin, `${p}.origin`),
    };
  });

  let organization: OrganizationFact | undefined;
  if (doc.organization !== undefined) {
    const o = r.object(doc.organization, 'organization');
    organization = {
      id: r.str(o.id, 'organization.id', ORG_ID, 'an organization id such as "o-a1b2c3d4e5"'),
      managementAccount: r.optAccount(o.managementAccount, 'organization.managementAccount'),
      accounts: r.list(o.accounts, 'organization.accounts').map((a, i) => r.account(a, `organization.accounts[${i}]`)),
      organizationalUnits: o.organizationalUnits === undefined ? undefined : r.list(o.organizationalUnits, 'organization.organizationalUnits').map((u, i) => {
        const p = `organization.organizationalUnits[${i}]`;
        const ou = r.object(u, p);
        return {
          id: r.str(ou.id, `${p}.id`, OU_ID, 'an OU id such as "ou-ab12-cd34ef56"'),
          accounts: r.list(ou.accounts, `${p}.accounts`).map((a, j) => r.account(a, `${p}.accounts[${j}]`)),
        };
      }),
      origin: r.origin(o.origin, 'organization.origin'),
    };
  }

  const globalSettings = r.list(doc.globalSettings, 'globalSettings').map((g, i): GlobalSettingsFact => {
    const p = `globalSettings[${i}]`;
    const o = r.object(g, p);
    return {
      account: r.account(o.account, `${p}.account`),
      crossAccountBackup: r.optBool(o.crossAccountBackup, `${p}.crossAccountBackup`),
      origin: r.origin(o.origin, `${p}.origin`),
    };
  });

  const regionSettings = r.list(doc.regionSettings, 'regionSettings').map((g, i): RegionSettingsFact => {
    const p = `regionSettings[${i}]`;
    const o = r.object(g, p);
    return {
      account: r.account(o.account, `${p}.account`),
      region: r.region(o.region, `${p}.region`),
      resourceTypeOptIn: r.boolMap(o.resourceTypeOptIn, `${p}.resourceTypeOptIn`),
      resourceTypeManagement: r.boolMap(o.resourceTypeManagement, `${p}.resourceTypeManagement`),
      origin: r.origin(o.origin, `${p}.origin`),
    };
  });

  const tagPolicies = r.list(doc.tagPolicies, 'tagPolicies').map((t, i): TagPolicyFact => {
    const p = `tagPolicies[${i}]`;
    const o = r.object(t, p);
    return {
      account: r.account(o.account, `${p}.account`),
      policy: r.policy(o.policy, `${p}.policy`, true),
      origin: r.origin(o.origin, `${p}.origin`),
    };
  });

  const ssmParameters = r.list(doc.ssmParameters, 'ssmParameters').map((t, i): SsmParameterFact => {
    const p = `ssmParameters[${i}]`;
    const o = r.object(t, p);
    return {
      name: r.str(o.name, `${p}.name`, /^\S+$/, 'an SSM parameter name such as "/backup/central-vault-arn"'),
      value: r.str(o.value, `${p}.value`),
      account: r.account(o.account, `${p}.account`),
      region: r.region(o.region, `${p}.region`),
      origin: r.origin(o.origin, `${p}.origin`),
    };
  });

  const unreadable = r.list(doc.unreadable, 'unreadable').map((u, i): UnreadableFact => {
    const p = `unreadable[${i}]`;
    const o = r.object(u, p);
    return {
      call: r.str(o.call, `${p}.call`, /^[a-z0-9-]+:[A-Za-z]+$/, 'an IAM action such as "kms:GetKeyPolicy"'),
      account: r.account(o.account, `${p}.account`),
      region: r.optRegion(o.region, `${p}.region`),
      resource: r.optStr(o.resource, `${p}.resource`),
      errorCode: r.str(o.errorCode, `${p}.errorCode`),
      message: r.optStr(o.message, `${p}.message`),
      readAt: r.str(o.readAt, `${p}.readAt`, ISO_TIME, 'an ISO-8601 time'),
    };
  });

  return prune({
    formatVersion: version as string,
    vaults,
    keys,
    organization,
    globalSettings,
    regionSettings,
    tagPolicies,
    ssmParameters,
    unreadable,
  });
}

/** Drops undefined fields and empty lists (so a parsed document prints as it was written). */
function prune<T>(doc: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as T;
}
