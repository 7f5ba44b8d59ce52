/**
 * The model step that fills in what the app imports from external facts (`ExternalFacts`, see
 * `docs/facts.md`): vaults outside the app (access policy, key, lock), keys outside the app (key
 * manager, key policy), the organization, the account settings and the destination accounts' effective
 * tag policies. Runs after the model is built
 * and before the rules, so the rules judge an imported vault or key exactly as one of the app's own;
 * what no fact covers stays a CAB-UNVERIFIABLE note. Also notes facts older than `maxFactAgeDays`
 * and facts `lookup` could not read (never a silent gap). Pure: the time comes in as `now`.
 * Not part of the jsii API.
 */
import type {
  CheckModel, CheckOptions, CopyRoute, Env, FactOriginModel, KeyModel, OrgSettingModel, ResourceModel,
  SelectionModel, TagPolicyEvaluator, UnknownFact, Unverifiable, VaultModel,
} from './types';
import type { FactsDocument, FactOrigin, KeyFact, OrganizationFact, TagPolicyFact, UnreadableFact, VaultFact } from '../../facts/types';
import { TagPolicy } from '../../tag-policy/tag-policy';
import { toModelPolicy } from '../policy/normalize';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The default of the checks' `maxFactAge`. */
export const DEFAULT_MAX_FACT_AGE_DAYS = 30;

/** The facts of every document, newest first per subject. */
class FactIndex {
  readonly vaults = new Map<string, VaultFact>();
  readonly keys = new Map<string, KeyFact>();
  readonly tagPolicies = new Map<string, TagPolicyFact>();
  readonly unreadable: UnreadableFact[] = [];
  organization?: OrganizationFact;
  readonly documents: readonly FactsDocument[];

  constructor(documents: readonly FactsDocument[]) {
    this.documents = documents;
    const newer = (a: { origin: FactOrigin } | undefined, b: { origin: FactOrigin }): boolean =>
      a === undefined || Date.parse(b.origin.readAt) > Date.parse(a.origin.readAt);
    for (const doc of documents) {
      for (const v of doc.vaults ?? []) if (newer(this.vaults.get(v.arn), v)) this.vaults.set(v.arn, v);
      for (const k of doc.keys ?? []) if (newer(this.keys.get(k.arn), k)) this.keys.set(k.arn, k);
      for (const t of doc.tagPolicies ?? []) if (newer(this.tagPolicies.get(t.account), t)) this.tagPolicies.set(t.account, t);
      if (doc.organization && newer(this.organization, doc.organization)) this.organization = doc.organization;
      this.unreadable.push(...(doc.unreadable ?? []));
    }
  }
}

/**
 * The options with what the facts say about the organization, for the options the user left unset
 * (declared options always win). Runs before the model is built (backup policies need the OUs).
 */
export function optionsWithFacts(options: CheckOptions): CheckOptions {
  if (!options.facts || options.facts.length === 0) return options;
  const org = new FactIndex(options.facts).organization;
  if (!org || (options.organizationId !== undefined && options.organizationId !== org.id)) return options;
  return {
    ...options,
    organizationId: options.organizationId ?? org.id,
    organizationAccounts: options.organizationAccounts ?? [...org.accounts],
    managementAccount: options.managementAccount ?? org.managementAccount,
    organizationalUnits: options.organizationalUnits ?? org.organizationalUnits?.map(o => ({ id: o.id, accounts: [...o.accounts] })),
  };
}

/** One fact the step used, for the age check. */
interface UsedFact {
  readonly subject: string;
  readonly origin: FactOrigin;
  readonly constructPath: string;
  readonly routeId?: string;
  /** The ARN of the key or vault the fact is about (a stale fact's note names it, for reading it again). */
  readonly about?: string;
}

/** `model` with the facts of `options.facts` applied (the same object when there are none). */
export function applyFacts(model: CheckModel, options: CheckOptions, now: Date): CheckModel {
  if (!options.facts || options.facts.length === 0) return model;
  const index = new FactIndex(options.facts);
  const used = new Map<string, UsedFact>();
  const covered = new Set<string>();
  const extraNotes: Unverifiable[] = [];
  const use = (key: string, fact: UsedFact): void => {
    if (!used.has(key)) used.set(key, fact);
  };

  const keyFromFact = (arn: string, env: Env, attachPath: string, routeId: string | undefined): KeyModel | undefined => {
    const fact = index.keys.get(arn);
    if (!fact) return undefined;
    use(`key ${arn}`, { subject: `the external fact about key ${arn}`, origin: fact.origin, constructPath: attachPath, routeId, about: arn });
    if (fact.keyManager === 'AWS') {
      covered.add(arn);
      return { kind: 'aws-managed', reference: arn, env: keyEnv(fact, env), described: originModel(fact.origin) };
    }
    if (fact.keyManager === 'CUSTOMER' && fact.policy !== undefined) {
      covered.add(arn);
      return {
        kind: 'customer-managed',
        reference: arn,
        constructPath: attachPath,
        env: keyEnv(fact, env),
        policy: toModelPolicy(fact.policy),
        described: originModel(fact.origin),
      };
    }
    return undefined;
  };

  const vaultCache = new Map<string, VaultModel>();
  const describeVault = (vault: VaultModel, route: CopyRoute, role: 'source' | 'destination'): VaultModel => {
    if (vault.inApp || !vault.arn) return vault;
    const fact = index.vaults.get(vault.arn);
    if (!fact || fact.accessPolicy === undefined) return vault;
    const cached = vaultCache.get(vault.arn);
    if (cached) return cached;
    const attachPath = vault.constructPath ?? route.planPath;
    const env: Env = { account: fact.account, region: fact.region, partition: vault.env.partition ?? fact.arn.split(':')[1] };
    use(`vault ${vault.arn}`, { subject: `the external fact about vault ${vault.arn}`, origin: fact.origin, constructPath: attachPath, routeId: route.id, about: vault.arn });
    let key: KeyModel | undefined;
    if (fact.encryptionKeyArn) {
      key = keyFromFact(fact.encryptionKeyArn, env, attachPath, route.id)
        ?? { kind: 'external', reference: fact.encryptionKeyArn, env: keyEnvOfArn(fact.encryptionKeyArn, env) };
    } else if (fact.encryptionKey?.keyManager === 'AWS') {
      key = { kind: 'aws-managed', reference: 'alias/aws/backup', alias: 'aws/backup', env, described: originModel(fact.origin) };
    } else if (fact.encryptionKey?.keyManager === 'CUSTOMER' && fact.encryptionKey.policy !== undefined) {
      key = {
        kind: 'customer-managed',
        reference: fact.encryptionKey.reference ?? `the key of vault ${vault.arn}`,
        constructPath: attachPath,
        env,
        policy: toModelPolicy(fact.encryptionKey.policy),
        described: originModel(fact.origin),
      };
    } else {
      key = { kind: 'unresolved', reference: `the key of vault ${vault.arn}`, env };
    }
    covered.add(vault.arn);
    if (key.kind === 'external' || key.kind === 'unresolved') {
      extraNotes.push({
        routeId: route.id,
        constructPath: attachPath,
        subject: `the key policy of ${key.reference} (the key of ${role} vault ${vault.arn})`,
        reason: key.kind === 'external' ? 'the external facts do not describe the key' : 'the external facts do not name the vault\'s key',
        unknown: role === 'source' ? ['vault-key', 'key-policy'] : ['vault-key'],
        about: key.kind === 'external' ? key.reference : undefined,
      });
    }
    const described: VaultModel = {
      ...vault,
      constructPath: attachPath,
      env: { ...vault.env, ...definedOnly(env) },
      accessPolicy: fact.accessPolicy === null ? undefined : toModelPolicy(fact.accessPolicy),
      key,
      lock: fact.lock && (fact.lock.minRetentionDays !== undefined || fact.lock.maxRetentionDays !== undefined)
        ? { minRetentionDays: fact.lock.minRetentionDays, maxRetentionDays: fact.lock.maxRetentionDays } : undefined,
      airGapped: fact.airGapped || vault.airGapped,
      described: originModel(fact.origin),
    };
    vaultCache.set(vault.arn, described);
    return described;
  };

  const resourceCache = new Map<ResourceModel, ResourceModel>();
  const withKeyFacts = (r: ResourceModel, route: CopyRoute): ResourceModel => {
    const done = resourceCache.get(r);
    if (done) return done;
    let out = r;
    if (r.key?.kind === 'external') {
      const key = keyFromFact(r.key.reference, r.key.env, r.constructPath ?? route.planPath, route.id);
      if (key) out = { ...r, key };
    }
    resourceCache.set(r, out);
    return out;
  };

  const routes = model.routes.map((route): CopyRoute => {
    let sourceVault = describeVault(route.source.vault, route, 'source');
    if (sourceVault.inApp && sourceVault.key?.kind === 'external') {
      const key = keyFromFact(sourceVault.key.reference, sourceVault.key.env, sourceVault.constructPath ?? route.planPath, route.id);
      if (key) sourceVault = { ...sourceVault, key };
    }
    const destination = describeVault(route.destination, route, 'destination');
    const selections = route.selections.map((s): SelectionModel => ({ ...s, resources: s.resources.map(r => withKeyFacts(r, route)) }));
    return {
      ...route,
      source: { ...route.source, vault: sourceVault },
      destination,
      selections,
      resources: route.resources.map(r => withKeyFacts(r, route)),
    };
  });

  // The destination accounts' effective tag policies (a declared tagPolicy wins: then the facts are not used).
  const accountTagPolicies = new Map<string, TagPolicyEvaluator>();
  const tagPolicyFailed = new Set<string>();
  for (const route of options.tagPolicy ? [] : routes) {
    const account = route.destination.env.account;
    if (route.crossAccount !== true || account === undefined) continue;
    const fact = index.tagPolicies.get(account);
    if (!fact || fact.policy === null || fact.policy === undefined) continue;
    use(`tag-policy ${account}`, { subject: `the external fact about the effective tag policy of account ${account}`, origin: fact.origin, constructPath: route.planPath, routeId: route.id });
    if (accountTagPolicies.has(account) || tagPolicyFailed.has(account)) continue;
    try {
      accountTagPolicies.set(account, TagPolicy.fromJson(JSON.stringify(fact.policy), `the effective tag policy of account ${account}`)._toEvaluator());
    } catch (e) {
      tagPolicyFailed.add(account);
      extraNotes.push({
        routeId: route.id,
        constructPath: route.planPath,
        subject: `the tags of the recovery points copied into account ${account} (its effective tag policy, from the external facts)`,
        reason: `the fact's policy is not a tag policy the checks can read: ${(e as Error).message}`,
        unknown: [],
      });
    }
  }

  // Notes about what the facts now cover go; what stays names what lookup could not read.
  const notes: Unverifiable[] = [];
  for (const u of [...model.unverifiable, ...extraNotes]) {
    if (u.about !== undefined && covered.has(u.about)) continue;
    const unreadable = u.about !== undefined ? unreadableAbout(index.unreadable, u.about) : [];
    notes.push(unreadable.length === 0 ? u : { ...u, reason: `${u.reason}; ${unreadableText(unreadable)}` });
  }
  notes.push(...unreadableAccountNotes(index.unreadable, routes, notes));
  for (const u of model.ssmFactsUsed ?? []) {
    use(`ssm ${u.account}|${u.region}|${u.name}`, {
      subject: `the external fact about SSM parameter ${u.name} (account ${u.account}, ${u.region})`, origin: u.origin, constructPath: u.constructPath,
    });
  }
  notes.push(...staleNotes([...used.values()], options.maxFactAgeDays ?? DEFAULT_MAX_FACT_AGE_DAYS, now));

  const vaults = model.vaults.map(v => (v.arn !== undefined ? vaultCache.get(v.arn) : undefined) ?? v);
  return {
    routes,
    settings: [...model.settings, ...settingsFromFacts(index, options)],
    unverifiable: notes,
    vaults,
    get keys() { return model.keys; },
    get inAppVaults() { return model.inAppVaults; },
    primaryAirGappedTargets: model.primaryAirGappedTargets,
    ...(accountTagPolicies.size > 0 ? { accountTagPolicies } : {}),
  };
}

function definedOnly(env: Env): Env {
  const out: { -readonly [K in keyof Env]: Env[K] } = {};
  if (env.account) out.account = env.account;
  if (env.region) out.region = env.region;
  if (env.partition) out.partition = env.partition;
  return out;
}

function originModel(o: FactOrigin): FactOriginModel {
  return { source: o.source, account: o.account, region: o.region, readAt: o.readAt, location: o.location };
}

function keyEnv(fact: KeyFact, fallback: Env): Env {
  return { account: fact.account, region: fact.region, partition: fact.arn.split(':')[1] ?? fallback.partition };
}

function keyEnvOfArn(arn: string, fallback: Env): Env {
  const [, partition, , region, account] = arn.split(':');
  return { account: account || fallback.account, region: region || fallback.region, partition: partition || fallback.partition };
}

/** Unreadable facts about `arn`: the call named it, or the call that failed covered its whole account (no resource). */
function unreadableAbout(unreadable: readonly UnreadableFact[], arn: string): UnreadableFact[] {
  const account = arn.split(':')[4];
  return unreadable.filter(u => u.resource === arn || (u.resource === undefined && u.account === account && u.call === 'sts:AssumeRole'));
}

function unreadableText(list: readonly UnreadableFact[]): string {
  const parts = list.map(u => `${u.call}${u.resource ? ` on ${u.resource}` : ''} in account ${u.account}${u.region ? ` (${u.region})` : ''} returned ${u.errorCode}`);
  return `cdk-cross-account-backup lookup could not read it: ${parts.join(', ')}`;
}

/**
 * Unreadable facts of accounts the routes touch that no remaining note names: one note per account
 * and call, on the plan of the first route in that account (the account's facts are a gap).
 */
function unreadableAccountNotes(unreadable: readonly UnreadableFact[], routes: readonly CopyRoute[], notes: readonly Unverifiable[]): Unverifiable[] {
  const out: Unverifiable[] = [];
  const seen = new Set<string>();
  for (const u of unreadable) {
    if (u.resource !== undefined && notes.some(n => n.about === u.resource)) continue;
    if (u.resource === undefined && u.call === 'sts:AssumeRole' && notes.some(n => n.about?.split(':')[4] === u.account)) continue;
    const route = routes.find(r => r.source.env.account === u.account || r.destination.env.account === u.account);
    if (!route) continue;
    const key = `${u.account}|${u.call}|${u.resource ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      routeId: route.id,
      constructPath: route.planPath,
      subject: `the external facts of account ${u.account}${u.resource ? ` about ${u.resource}` : ''}`,
      reason: `cdk-cross-account-backup lookup could not read them: ${u.call} in account ${u.account}${u.region ? ` (${u.region})` : ''} returned ${u.errorCode}`,
      unknown: unknownOfCall(u.call),
    });
  }
  return out;
}

/**
 * What stays unknown when a call fails. The organization and the account settings are options the
 * checks can also be given, so a failed read of them leaves `organization` unknown; without Region
 * settings the rules warn that the settings are not declared, so their failure adds nothing unknown.
 */
function unknownOfCall(call: string): UnknownFact[] {
  if (call.startsWith('organizations:') || call === 'backup:DescribeGlobalSettings') return ['organization'];
  if (call.startsWith('kms:')) return ['resource-key', 'key-policy'];
  if (call === 'backup:DescribeBackupVault' || call === 'backup:GetBackupVaultAccessPolicy') return ['vault-access-policy', 'vault-key', 'vault-retention'];
  if (call === 'sts:AssumeRole') return ['vault-access-policy', 'vault-key', 'vault-retention', 'resource-key', 'key-policy', 'organization'];
  return [];
}

/** A note per used fact older than `maxDays` days at `now`. */
function staleNotes(used: readonly UsedFact[], maxDays: number, now: Date): Unverifiable[] {
  const out: Unverifiable[] = [];
  for (const f of used) {
    const ageDays = Math.floor((now.getTime() - Date.parse(f.origin.readAt)) / DAY_MS);
    if (ageDays <= maxDays) continue;
    const where = [f.origin.account ? `in account ${f.origin.account}` : undefined, f.origin.location ? `from ${f.origin.location}` : undefined]
      .filter(Boolean).join(' ');
    out.push({
      routeId: f.routeId,
      constructPath: f.constructPath,
      subject: `${f.subject} (read by ${f.origin.source} ${where ? `${where} ` : ''}on ${f.origin.readAt.slice(0, 10)})`,
      reason: `the fact is ${ageDays} days old, older than maxFactAge (${maxDays} days), and the checks judged with it although it may have changed `
        + 'since (read it again with cdk-cross-account-backup lookup, or synthesize the app whose report it is)',
      unknown: [], // judged with the fact: nothing was skipped
      ...(f.about !== undefined ? { about: f.about } : {}),
    });
  }
  return out;
}

/**
 * What a setting read from the facts is called where the model names a construct (the report's
 * `settings`): no construct declares it, so the checks never attach a finding to it.
 */
function factLabel(account: string, region?: string): string {
  return `external facts of account ${account}${region ? ` in ${region}` : ''}`;
}

/**
 * Account settings the facts state, as the settings the app would declare with this library's
 * constructs, and those they say are off (`off`: judged as a declared "off"). The newest fact per
 * account (global settings) or account and Region (Region settings) is used.
 */
function settingsFromFacts(index: FactIndex, options: CheckOptions): OrgSettingModel[] {
  const out: OrgSettingModel[] = [];
  const management = options.managementAccount ?? index.organization?.managementAccount;
  const newest = <T extends { origin: FactOrigin }>(facts: readonly T[], key: (f: T) => string): T[] => {
    const byKey = new Map<string, T>();
    for (const f of facts) {
      const had = byKey.get(key(f));
      if (!had || Date.parse(f.origin.readAt) > Date.parse(had.origin.readAt)) byKey.set(key(f), f);
    }
    return [...byKey.values()];
  };
  const globals = newest(index.documents.flatMap(d => d.globalSettings ?? []), g => g.account);
  for (const g of globals) {
    if (g.crossAccountBackup === undefined) continue;
    // The switch is the management account's (the checks warn about a setting elsewhere; a fact elsewhere says nothing).
    // "On" counts when the management account is unknown (the benefit of the doubt); "off" only in the known one.
    if (g.crossAccountBackup ? (management === undefined || g.account === management) : g.account === management) {
      out.push({ kind: 'cross-account-backup', constructPath: factLabel(g.account), env: { account: g.account }, ...(g.crossAccountBackup ? {} : { off: true }) });
    }
  }
  const regions = newest(index.documents.flatMap(d => d.regionSettings ?? []), r => `${r.account}|${r.region}`);
  for (const r of regions) {
    const env = { account: r.account, region: r.region };
    const constructPath = factLabel(r.account, r.region);
    const ddb = r.resourceTypeManagement?.DynamoDB;
    if (ddb !== undefined) out.push({ kind: 'dynamodb-advanced', constructPath, env, ...(ddb ? {} : { off: true }) });
    const types = Object.entries(r.resourceTypeOptIn ?? {});
    const optedIn = types.filter(([, on]) => on).map(([t]) => t).sort();
    const optedOut = types.filter(([, on]) => !on).map(([t]) => t).sort();
    if (optedIn.length > 0) out.push({ kind: 'resource-type-opt-in', constructPath, env, resourceTypes: optedIn });
    if (optedOut.length > 0) out.push({ kind: 'resource-type-opt-in', constructPath, env, resourceTypes: optedOut, off: true });
  }
  return out;
}
