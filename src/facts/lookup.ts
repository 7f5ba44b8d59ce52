/**
 * Reads external facts from AWS with the AWS SDK for JavaScript v3 (`cdk-cross-account-backup lookup`).
 *
 * Read-only calls only (the IAM policy is in docs/facts.md): `sts:AssumeRole` into each account's
 * lookup role, `kms:DescribeKey`, `kms:GetKeyPolicy`, `backup:DescribeBackupVault`,
 * `backup:GetBackupVaultAccessPolicy`, `backup:DescribeGlobalSettings`, `backup:DescribeRegionSettings`,
 * `organizations:DescribeOrganization`, `organizations:ListAccounts`, `organizations:ListParents`,
 * `organizations:DescribeEffectivePolicy`. Accounts are read with bounded concurrency; every call uses
 * the SDK's retries with backoff. A call that fails is recorded as an `unreadable` fact (the call, the
 * account, the error code), never thrown and never a silent gap.
 *
 * The SDK is not a dependency of the library: it is loaded here, lazily, only when `lookup` runs
 * (see {@link sdkClients}). Not part of the jsii API.
 */
import type {
  FactOrigin, FactsDocument, GlobalSettingsFact, KeyFact, OrganizationFact, RegionSettingsFact,
  TagPolicyFact, UnreadableFact, VaultFact,
} from './types';
import { FACTS_FORMAT_VERSION } from './types';

/** Credentials as the SDK takes them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The SDK clients lookup needs; each `send`s a command made by `command`. Tests inject their own. */
export interface LookupClients {
  /** A client of `service` in `region`, with `credentials` (undefined: the SDK's default chain). */
  client(service: 'sts' | 'kms' | 'backup' | 'organizations', region: string, credentials?: AwsCredentials): { send(command: unknown): Promise<any> };
  /** A command of `service`, e.g. `command('kms', 'GetKeyPolicy', { KeyId, PolicyName: 'default' })`. */
  command(service: 'sts' | 'kms' | 'backup' | 'organizations', name: string, input: Record<string, unknown>): unknown;
}

/** The SDK was not found: the one sentence says what to install. */
export class SdkMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SdkMissingError';
  }
}

const PACKAGES = {
  sts: '@aws-sdk/client-sts',
  kms: '@aws-sdk/client-kms',
  backup: '@aws-sdk/client-backup',
  organizations: '@aws-sdk/client-organizations',
} as const;

const CLIENT_CLASSES = { sts: 'STSClient', kms: 'KMSClient', backup: 'BackupClient', organizations: 'OrganizationsClient' } as const;

/** The install command for the SDK clients lookup needs. */
export const SDK_INSTALL = `npm install --save-dev ${Object.values(PACKAGES).join(' ')}`;

/**
 * The real SDK clients, loaded on first use. Throws {@link SdkMissingError} when a package is missing.
 * `maxAttempts` is the SDK's retry budget (standard retry mode: exponential backoff with jitter).
 * `requireModule` loads a package (tests replace it). Endpoints are the SDK's own (its `AWS_ENDPOINT_URL*` settings apply, as for every SDK program).
 */
export function sdkClients(maxAttempts = 5, requireModule: (id: string) => any = require): LookupClients {
  const modules = new Map<string, any>();
  const load = (service: keyof typeof PACKAGES): any => {
    let m = modules.get(service);
    if (!m) {
      try {
        m = requireModule(PACKAGES[service]);
      } catch {
        throw new SdkMissingError(`lookup needs the AWS SDK for JavaScript v3, which is not installed: run \`${SDK_INSTALL}\`.`);
      }
      modules.set(service, m);
    }
    return m;
  };
  return {
    client: (service, region, credentials) => {
      const Client = load(service)[CLIENT_CLASSES[service]];
      return new Client({ region, credentials, maxAttempts, retryMode: 'standard' });
    },
    command: (service, name, input) => {
      const Command = load(service)[`${name}Command`];
      return new Command(input);
    },
  };
}

/** What to read in one account. */
export interface LookupTarget {
  readonly account: string;
  /** Regions whose AWS Backup Region settings to read. */
  readonly regions: readonly string[];
  /** Vault ARNs in this account. */
  readonly vaultArns: readonly string[];
  /** Key ARNs in this account. */
  readonly keyArns: readonly string[];
}

export interface LookupOptions {
  readonly targets: readonly LookupTarget[];
  readonly clients: LookupClients;
  /**
   * The role to assume in each account: a name, with `{account}` and `{region}` replaced.
   * Undefined: no role, the current credentials (one account only).
   */
  readonly roleName?: string;
  /** The partition of the role ARNs (default `aws`). */
  readonly partition?: string;
  /** Accounts read at once (default 4). */
  readonly concurrency?: number;
  /** The clock of `readAt` (tests). */
  readonly now?: () => Date;
  /** Called once per account when it is done (the CLI prints it on a TTY). */
  readonly progress?: (line: string) => void;
}

/** The default lookup role of the CDK bootstrap stack with `qualifier`. */
export function bootstrapLookupRoleName(qualifier = 'hnb659fds'): string {
  return `cdk-${qualifier}-lookup-role-{account}-{region}`;
}

interface Collected {
  vaults: VaultFact[];
  keys: KeyFact[];
  globalSettings: GlobalSettingsFact[];
  regionSettings: RegionSettingsFact[];
  tagPolicies: TagPolicyFact[];
  unreadable: UnreadableFact[];
  organization?: OrganizationFact;
}

/** Error code of an SDK error: its name (`AccessDeniedException`, ...), else the Node code, else `Error`. */
function errorCode(e: unknown): string {
  const err = e as { name?: string; Code?: string; code?: string };
  const name = err?.name && err.name !== 'Error' && err.name !== 'SyntaxError' ? err.name : undefined;
  return name ?? err?.Code ?? err?.code ?? (err?.name === 'SyntaxError' ? 'UnsupportedOperation' : 'Error');
}

function parsePolicy(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Read every target; never throws for an AWS error (see the file comment). */
export async function lookupFacts(options: LookupOptions): Promise<FactsDocument> {
  const now = options.now ?? (() => new Date());
  const out: Collected = { vaults: [], keys: [], globalSettings: [], regionSettings: [], tagPolicies: [], unreadable: [] };
  const partition = options.partition ?? 'aws';
  const managementReads: Array<() => Promise<void>> = [];
  let orgRead = false;

  const readAccount = async (target: LookupTarget): Promise<void> => {
    const homeRegion = target.regions[0] ?? regionOfArn(target.vaultArns[0] ?? target.keyArns[0]) ?? 'us-east-1';
    let unreadableCount = 0;
    let factCount = 0;
    const origin = (region?: string): FactOrigin => ({ source: 'lookup', account: target.account, region, readAt: now().toISOString() });
    const fail = (call: string, e: unknown, region?: string, resource?: string): void => {
      unreadableCount++;
      out.unreadable.push({
        call,
        account: target.account,
        region,
        resource,
        errorCode: errorCode(e),
        message: (e as Error)?.message?.split('\n')[0]?.slice(0, 300),
        readAt: now().toISOString(),
      });
    };
    const attempt = async <T>(call: string, region: string | undefined, resource: string | undefined,
      fn: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await fn();
      } catch (e) {
        if (e instanceof SdkMissingError) throw e;
        fail(call, e, region, resource);
        return undefined;
      }
    };

    let credentials: AwsCredentials | undefined;
    if (options.roleName !== undefined) {
      const roleName = options.roleName.replace('{account}', target.account).replace('{region}', homeRegion);
      const roleArn = `arn:${partition}:iam::${target.account}:role/${roleName}`;
      const sts = options.clients.client('sts', homeRegion);
      const assumed = await attempt('sts:AssumeRole', homeRegion, roleArn, () => sts.send(options.clients.command('sts', 'AssumeRole', {
        RoleArn: roleArn, RoleSessionName: 'cdk-cross-account-backup-lookup', DurationSeconds: 900,
      })));
      if (!assumed?.Credentials) {
        // Everything of this account is unreadable: one entry (the role), which the checks attach to every fact of the account.
        const last = out.unreadable[out.unreadable.length - 1];
        if (last && last.call === 'sts:AssumeRole' && last.account === target.account) {
          out.unreadable[out.unreadable.length - 1] = { ...last, resource: undefined, message: `${roleArn}: ${last.message ?? ''}`.trim() };
        }
        options.progress?.(`account ${target.account}: not read (sts:AssumeRole ${last?.errorCode ?? 'failed'})`);
        return;
      }
      const c = assumed.Credentials;
      credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    }
    const client = (service: 'kms' | 'backup' | 'organizations', region: string) => options.clients.client(service, region, credentials);
    const cmd = options.clients.command;

    // Vaults, then the keys they name.
    const keyArns = new Set(target.keyArns);
    for (const arn of target.vaultArns) {
      const region = regionOfArn(arn)!;
      const name = arn.split(':').slice(6).join(':');
      const backup = client('backup', region);
      const described = await attempt('backup:DescribeBackupVault', region, arn, () => backup.send(cmd('backup', 'DescribeBackupVault', { BackupVaultName: name })));
      if (!described) continue;
      let accessPolicy: unknown;
      try {
        const got = await backup.send(cmd('backup', 'GetBackupVaultAccessPolicy', { BackupVaultName: name }));
        accessPolicy = parsePolicy(got.Policy) ?? null;
      } catch (e) {
        // AWS answers ResourceNotFoundException for a vault without an access policy.
        if (errorCode(e) === 'ResourceNotFoundException') accessPolicy = null;
        else fail('backup:GetBackupVaultAccessPolicy', e, region, arn);
      }
      const keyArn: string | undefined = described.EncryptionKeyArn;
      if (keyArn && keyArn.includes(':key/')) keyArns.add(keyArn);
      const locked = described.Locked === true || described.MinRetentionDays !== undefined || described.MaxRetentionDays !== undefined;
      out.vaults.push(prune({
        arn: described.BackupVaultArn ?? arn,
        name: described.BackupVaultName ?? name,
        account: target.account,
        region,
        accessPolicy,
        encryptionKeyArn: keyArn && keyArn.includes(':key/') ? keyArn : undefined,
        lock: locked ? prune({ minRetentionDays: described.MinRetentionDays, maxRetentionDays: described.MaxRetentionDays }) : undefined,
        airGapped: described.VaultType === 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT' ? true : undefined,
        origin: origin(region),
      }) as VaultFact);
      factCount++;
    }
    for (const arn of keyArns) {
      if (arn.split(':')[4] !== target.account) continue;
      const region = regionOfArn(arn)!;
      const kms = client('kms', region);
      const described = await attempt('kms:DescribeKey', region, arn, () => kms.send(cmd('kms', 'DescribeKey', { KeyId: arn })));
      const policy = await attempt('kms:GetKeyPolicy', region, arn, () => kms.send(cmd('kms', 'GetKeyPolicy', { KeyId: arn, PolicyName: 'default' })));
      if (!described && !policy) continue;
      out.keys.push(prune({
        arn: described?.KeyMetadata?.Arn ?? arn,
        account: target.account,
        region,
        keyManager: described?.KeyMetadata?.KeyManager,
        keyState: described?.KeyMetadata?.KeyState,
        policy: parsePolicy(policy?.Policy),
        origin: origin(region),
      }) as KeyFact);
      factCount++;
    }

    // Region settings.
    for (const region of target.regions) {
      const backup = client('backup', region);
      const settings = await attempt('backup:DescribeRegionSettings', region, undefined, () => backup.send(cmd('backup', 'DescribeRegionSettings', {})));
      if (settings) {
        out.regionSettings.push(prune({
          account: target.account,
          region,
          resourceTypeOptIn: settings.ResourceTypeOptInPreference,
          resourceTypeManagement: settings.ResourceTypeManagementPreference,
          origin: origin(region),
        }) as RegionSettingsFact);
        factCount++;
      }
    }

    // The organization: membership from any account; the rest only from the management account.
    const orgs = client('organizations', homeRegion);
    const org = await attempt('organizations:DescribeOrganization', undefined, undefined, () => orgs.send(cmd('organizations', 'DescribeOrganization', {})));
    const management = org?.Organization?.MasterAccountId as string | undefined;
    if (org?.Organization) {
      try {
        const effective = await orgs.send(cmd('organizations', 'DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY' }));
        out.tagPolicies.push({ account: target.account, policy: parsePolicy(effective.EffectivePolicy?.PolicyContent) ?? null, origin: origin() });
        factCount++;
      } catch (e) {
        // AWS answers EffectivePolicyNotFoundException when no tag policy applies to the account.
        if (errorCode(e) === 'EffectivePolicyNotFoundException') {
          out.tagPolicies.push({ account: target.account, policy: null, origin: origin() });
          factCount++;
        } else {
          fail('organizations:DescribeEffectivePolicy', e);
        }
      }
    }
    if (org?.Organization && management === target.account && !orgRead) {
      orgRead = true;
      managementReads.push(async () => {
        const organization = await readOrganization(orgs, cmd, org.Organization, origin(), fail);
        if (organization) out.organization = organization;
      });
      const backup = client('backup', homeRegion);
      const global = await attempt('backup:DescribeGlobalSettings', homeRegion, undefined, () => backup.send(cmd('backup', 'DescribeGlobalSettings', {})));
      if (global) {
        const flag = global.GlobalSettings?.isCrossAccountBackupEnabled;
        out.globalSettings.push(prune({
          account: target.account,
          crossAccountBackup: flag === 'true' ? true : flag === 'false' ? false : undefined,
          origin: origin(homeRegion),
        }) as GlobalSettingsFact);
        factCount++;
      }
    }
    options.progress?.(`account ${target.account}: ${factCount} facts read${unreadableCount > 0 ? `, ${unreadableCount} unreadable` : ''}`);
  };

  await pool(options.targets, options.concurrency ?? 4, readAccount);
  for (const read of managementReads) await read();

  const sortBy = <T>(list: T[], key: (t: T) => string): T[] => list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return prune({
    formatVersion: FACTS_FORMAT_VERSION,
    vaults: sortBy(out.vaults, v => v.arn),
    keys: sortBy(out.keys, k => k.arn),
    organization: out.organization,
    globalSettings: sortBy(out.globalSettings, g => g.account),
    regionSettings: sortBy(out.regionSettings, r => `${r.account}|${r.region}`),
    tagPolicies: sortBy(out.tagPolicies, t => t.account),
    unreadable: sortBy(out.unreadable, u => `${u.account}|${u.call}|${u.region ?? ''}|${u.resource ?? ''}`),
  }) as FactsDocument;
}

/** The organization as its management account sees it: accounts, and each OU with the accounts under it. */
async function readOrganization(
  orgs: { send(c: unknown): Promise<any> },
  cmd: LookupClients['command'],
  organization: { Id: string; MasterAccountId?: string },
  origin: FactOrigin,
  fail: (call: string, e: unknown) => void,
): Promise<OrganizationFact | undefined> {
  const accounts: string[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await orgs.send(cmd('organizations', 'ListAccounts', { NextToken: token }));
      for (const a of page.Accounts ?? []) if (a.Id && (a.Status === undefined || a.Status === 'ACTIVE')) accounts.push(a.Id);
      token = page.NextToken;
    } while (token);
  } catch (e) {
    fail('organizations:ListAccounts', e);
    return undefined;
  }
  // Each account's chain of parents up to the root (ListParents, memoized per OU): the OUs it is under.
  const parentOf = new Map<string, string | undefined>();
  const parent = async (child: string): Promise<string | undefined> => {
    if (parentOf.has(child)) return parentOf.get(child);
    const got = await orgs.send(cmd('organizations', 'ListParents', { ChildId: child }));
    const p = got.Parents?.[0];
    const id = p && p.Type === 'ORGANIZATIONAL_UNIT' ? p.Id as string : undefined;
    parentOf.set(child, id);
    return id;
  };
  const ous = new Map<string, Set<string>>();
  try {
    for (const account of accounts) {
      for (let ou = await parent(account), depth = 0; ou && depth < 6; ou = await parent(ou), depth++) {
        const set = ous.get(ou) ?? new Set<string>();
        set.add(account);
        ous.set(ou, set);
      }
    }
  } catch (e) {
    fail('organizations:ListParents', e);
  }
  return prune({
    id: organization.Id,
    managementAccount: organization.MasterAccountId,
    accounts: accounts.sort(),
    organizationalUnits: ous.size === 0 ? undefined
      : [...ous.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, set]) => ({ id, accounts: [...set].sort() })),
    origin: { ...origin, region: undefined },
  }) as OrganizationFact;
}

function regionOfArn(arn: string | undefined): string | undefined {
  return arn ? arn.split(':')[3] || undefined : undefined;
}

/** Run `fn` over `items`, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function prune<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as T;
}
