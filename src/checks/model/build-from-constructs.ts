/**
 * Construct tree -> {@link CheckModel}.
 *
 * One walk over the tree buckets every `CfnResource` by CloudFormation type and notes the
 * organization-setting constructs and imported vaults. Then only what the copy routes need is
 * resolved: the backup plans, their selections when a plan has copy actions, the vaults, keys and
 * resources those reach. L1 properties are read as they will be deployed (escape-hatch overrides
 * included) with a resolver that keeps every reference's target (see `token-resolver.ts`), so
 * references across stacks and environments still lead to the construct they name.
 */
import { CfnParameter, CfnResource, Stack, TagManager, Token, Tokenization } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import type { IConstruct } from 'constructs';
import { awsManagedAlias, globMatch, isWildcard, parseArn, ParsedArn } from './arn';
import {
  AirGappedVaultReader, effectiveRetention, isAirGappedVault, primaryTargetUnverifiables, readLock, retentionUnverifiables,
} from './read-air-gapped-vaults';
import { PolicyReadContext, readBackupPolicies } from './read-backup-policies';
import { BACKUPABLE_CFN_TYPES, kindOf, KindInfo, PROPS_NEEDED, typeFromArn } from './resource-kinds';
import { describeTarget, flattenString, hasSentinel, RefTable } from './token-resolver';
import type {
  CheckModel, CheckOptions, CopyRoute, Env, KeyModel, OrgSettingModel, PolicyDocumentJson, PrimaryAirGappedTarget, ResourceModel,
  ResourceTypeId, SelectionModel, SsmFactUse, TagModel, Unverifiable, VaultModel,
} from './types';
import type { SsmParameterFact } from '../../facts/types';
import { CROSS_ACCOUNT_SETTING_MARKER, DYNAMODB_ADVANCED_SETTING_MARKER, RESOURCE_TYPE_OPT_IN_SETTING_MARKER, hasMarker } from '../../private/markers';
import { partitionOfRegion, vaultKeyed } from '../capabilities/queries';
import { copyIntoVaultAccess, keyAccessForDestination, unknownPolicyParts } from '../policy/copy-access';
import { toModelPolicy } from '../policy/normalize';


export interface BuildResult {
  readonly model: CheckModel;
  /** Construct path -> construct, for every path the model names (to attach findings). */
  readonly constructs: Map<string, IConstruct>;
}

/** Build the model of every copy route in the tree under `scope`. */
export function buildModel(scope: IConstruct, options: CheckOptions = {}): BuildResult {
  return new ModelBuilder(scope, options).build();
}

/** aws-backup's (unexported) base class of `BackupVault` and of the vaults its `from...` methods import. */
const BackupVaultBase = ((): abstract new (...args: any[]) => any => {
  for (let p = Object.getPrototypeOf(BackupVault.prototype); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (p.constructor?.name === 'BackupVaultBase') return p.constructor;
  }
  return Object.getPrototypeOf(BackupVault);
})();

/** Map of ARN service -> CloudFormation types whose ARN uses that service. */
const TYPES_BY_ARN_SERVICE: Record<string, string[]> = {
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

interface InAppResource {
  readonly cfn: CfnResource;
  readonly stack: Stack;
  readonly kind: KindInfo;
  readonly props: any;
  /** Literal physical name, when the template sets one. */
  readonly name?: string;
  readonly base: Omit<ResourceModel, 'selectedBy'>;
  readonly keyUnknownWhy?: string;
}

interface PlanInfo {
  readonly cfn: CfnResource;
  readonly path: string;
  readonly stack: Stack;
  readonly env: Env;
  readonly name?: string;
  readonly routes: CopyRoute[];
  readonly selections: SelectionModel[];
}

/** Per-selection results, before routes are known. */
interface SelectionResult {
  readonly model: SelectionModel;
  readonly entriesOutside: string[];
  /** In-app resources the selection may or may not pick: a tag value or condition value is a token. */
  readonly undetermined?: Array<{ readonly resource: InAppResource; readonly why: string }>;
}

class ModelBuilder {
  private readonly refs = new RefTable();
  private readonly constructs = new Map<string, IConstruct>();
  private readonly byType = new Map<string, CfnResource[]>();
  private readonly settings: OrgSettingModel[] = [];
  private readonly importedVaultPaths = new Map<string, string>();
  private readonly unverifiable: Unverifiable[] = [];
  private readonly unverifiableKeys = new Set<string>();
  private readonly envCache = new Map<Stack, Env>();
  private readonly propsCache = new Map<CfnResource, any>();
  private readonly keyCache = new Map<CfnResource, KeyModel>();
  private readonly vaultCache = new Map<CfnResource, VaultModel>();
  private readonly outVaults = new Map<string, VaultModel>();
  private readonly resourceCache = new Map<CfnResource, InAppResource | null>();
  private vaultNameIndex?: Map<string, CfnResource[]>;
  private readonly candidateCache = new Map<string, InAppResource[]>();
  private envIndex?: Map<string, CfnResource[]>;
  private readonly touchedVaults = new Map<string, VaultModel>();
  private readonly keyAccessChecked = new Set<string>();
  private readonly primaryAirGappedTargets: PrimaryAirGappedTarget[] = [];
  private readonly ssmFactsUsed: SsmFactUse[] = [];
  private readonly airGapped = new AirGappedVaultReader({
    resourcesOfType: t => this.byType.get(t) ?? [],
    props: c => this.props(c),
    envOf: s => this.envOfStack(s),
    attachPath: c => this.attachPath(c),
    str: (v, env) => this.str(v, env),
    keyFrom: (v, env) => this.keyFrom(v, env),
    policy: v => this.policy(v),
  });

  constructor(private readonly root: IConstruct, private readonly options: CheckOptions = {}) {}

  public build(): BuildResult {
    this.walk();
    const plans = (this.byType.get('AWS::Backup::BackupPlan') ?? []).map(p => this.readPlan(p)).filter((p): p is PlanInfo => !!p);
    const withRoutes = new Map<CfnResource, PlanInfo>();
    for (const p of plans) if (p.routes.length > 0) withRoutes.set(p.cfn, p);

    if (withRoutes.size > 0) {
      for (const sel of this.byType.get('AWS::Backup::BackupSelection') ?? []) {
        // As deployed: the L1 property, a raw CfnResource's properties, or an escape-hatch override.
        const planRef = this.props(sel)?.BackupPlanId;
        const target = this.refs.exact(planRef)?.target;
        const plan = target ? withRoutes.get(target as CfnResource) : undefined;
        if (!plan) {
          const toPlan = target !== undefined && CfnResource.isCfnResource(target) && target.cfnResourceType === 'AWS::Backup::BackupPlan';
          if (!toPlan) this.noteUnlinkedSelection(sel, planRef, withRoutes);
          continue;
        }
        const result = this.readSelection(sel, plan);
        if (result) this.attachSelection(plan, result);
      }
    }

    const routes: CopyRoute[] = [];
    for (const plan of withRoutes.values()) {
      for (const r of plan.routes) {
        const resources = dedupeResources(plan.selections.flatMap(s => s.resources));
        const route: CopyRoute = { ...r, selections: plan.selections, resources };
        routes.push(route);
        this.noteRouteUnverifiables(route, plan);
      }
    }
    routes.push(...readBackupPolicies(this.policyContext(), this.options));

    const self = this;
    let keys: KeyModel[] | undefined;
    let inAppVaults: VaultModel[] | undefined;
    for (const t of this.primaryAirGappedTargets) for (const u of primaryTargetUnverifiables(t)) this.note(u);
    const model: CheckModel = {
      ...(this.ssmFactsUsed.length > 0 ? { ssmFactsUsed: this.ssmFactsUsed } : {}),
      primaryAirGappedTargets: this.primaryAirGappedTargets,
      routes,
      settings: this.settings,
      unverifiable: this.unverifiable,
      vaults: [...this.touchedVaults.values()],
      get keys(): KeyModel[] {
        // Computed on demand: only reports need every key of the app.
        keys ??= (self.byType.get('AWS::KMS::Key') ?? []).map(k => self.customerKey(k));
        return keys;
      },
      get inAppVaults(): VaultModel[] {
        // Computed on demand: only the report's exports need every vault of the app.
        inAppVaults ??= (self.byType.get('AWS::Backup::BackupVault') ?? []).map(v => self.inAppVault(v));
        return inAppVaults;
      },
    };
    return { model, constructs: this.constructs };
  }

  /** What the backup policy reader needs of this builder. */
  private policyContext(): PolicyReadContext {
    let roles: Set<string> | undefined;
    return {
      ofType: (t) => this.byType.get(t) ?? [],
      props: (cfn) => this.props(cfn),
      attachPath: (cfn) => this.attachPath(cfn),
      envOfStack: (stack) => this.envOfStack(stack),
      resourcesIn: (env) => this.candidates({ env, stack: this.root } as unknown as PlanInfo),
      vaultNamed: (name, env) => {
        const cfn = this.vaultsNamed(name).find(v => sameKnownEnv(this.envOfStack(Stack.of(v)), env));
        return cfn ? this.inAppVault(cfn) : undefined;
      },
      outOfAppVault: (id, fields) => this.outOfAppVault(id, fields),
      destinationVault: (arn, env) => this.destinationVault(arn, env),
      note: (u) => this.note(u),
      roleInApp: (account, roleName) => {
        roles ??= new Set((this.byType.get('AWS::IAM::Role') ?? []).map(r => {
          const env = this.envOfStack(Stack.of(r));
          return `${env.account}|${this.str(this.safeResolve((r as any).roleName, r), env)}`;
        }));
        return roles.has(`${account}|${roleName}`);
      },
      noteRoute: (route, path, stack, entriesOutside) =>
        this.noteRouteUnverifiables(route, { path, stack, entriesOutside } as unknown as PlanInfo),
    };
  }

  /**
   * A selection whose `BackupPlanId` names no plan of this app (a parameter, an import, a token):
   * when some plan of its stack copies, what it selects may be copied unchecked.
   */
  private noteUnlinkedSelection(sel: CfnResource, planRef: unknown, withRoutes: Map<CfnResource, PlanInfo>): void {
    const stack = Stack.of(sel);
    const plans = [...withRoutes.values()].filter(p => p.stack === stack);
    if (plans.length === 0) return;
    this.note({
      constructPath: this.attachPath(sel),
      subject: `the resources of backup selection ${sel.node.path}`,
      reason: `its BackupPlanId is ${planRef === undefined ? 'not set or cannot be resolved' : this.refs.describe(planRef)}, `
        + `so the plan it belongs to is unknown and its resources were not checked against the copy actions of ${plans.map(p => p.path).join(', ')}`,
      unknown: ['selected-resources'],
    });
  }

  // ---------------------------------------------------------------- walk

  private walk(): void {
    for (const c of this.root.node.findAll()) {
      if (CfnResource.isCfnResource(c)) {
        const t = c.cfnResourceType;
        let list = this.byType.get(t);
        if (!list) this.byType.set(t, list = []);
        list.push(c);
      } else if (hasMarker(c, CROSS_ACCOUNT_SETTING_MARKER) || hasMarker(c, DYNAMODB_ADVANCED_SETTING_MARKER)) {
        const kind = hasMarker(c, CROSS_ACCOUNT_SETTING_MARKER) ? 'cross-account-backup' : 'dynamodb-advanced';
        this.settings.push({ kind, constructPath: this.register(c), env: this.envOfStack(Stack.of(c)) });
      } else if (hasMarker(c, RESOURCE_TYPE_OPT_IN_SETTING_MARKER)) {
        const types = (c as { resourceTypes?: unknown }).resourceTypes;
        const resourceTypes = Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string' && !Token.isUnresolved(t)) : [];
        this.settings.push({ kind: 'resource-type-opt-in', constructPath: this.register(c), env: this.envOfStack(Stack.of(c)), resourceTypes });
      } else if (c instanceof BackupVaultBase && !(c instanceof BackupVault)) {
        const arn = (c as any).backupVaultArn;
        if (typeof arn === 'string' && !Token.isUnresolved(arn)) {
          this.importedVaultPaths.set(arn, c.node.path);
          this.importedVaultPaths.set(`${Stack.of(c).node.path}|${arn}`, c.node.path);
        }
        const name = (c as any).backupVaultName;
        if (typeof name === 'string' && !Token.isUnresolved(name)) this.importedVaultPaths.set(`name:${Stack.of(c).node.path}:${name}`, c.node.path);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private register(c: IConstruct): string {
    const path = c.node.path;
    this.constructs.set(path, c);
    return path;
  }

  /** The construct findings attach to: the L2 when the L1 is its `Resource` child. */
  private attachPath(cfn: IConstruct): string {
    const parent = cfn.node.scope;
    if (cfn.node.id === 'Resource' && parent && !Stack.isStack(parent)) return this.register(parent);
    return this.register(cfn);
  }

  private envOfStack(stack: Stack): Env {
    let env = this.envCache.get(stack);
    if (!env) {
      const account = Token.isUnresolved(stack.account) ? undefined : stack.account;
      const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
      let partition = Token.isUnresolved(stack.partition) ? undefined : stack.partition;
      if (!partition && region) partition = partitionOfRegion(region);
      env = { account, region, partition };
      this.envCache.set(stack, env);
    }
    return env;
  }

  private safeResolve(value: unknown, scope: IConstruct): any {
    try {
      return this.refs.resolve(value, scope);
    } catch {
      return undefined;
    }
  }

  /**
   * Properties as deployed (escape-hatch overrides included), with references as sentinels.
   * Undefined when resolution fails. Does what `CfnResource._toCloudFormation` does for the
   * `Properties` section only (render, then merge `Properties` overrides), which avoids resolving
   * the logical id and the resource options.
   */
  private props(cfn: CfnResource): any {
    if (this.propsCache.has(cfn)) return this.propsCache.get(cfn);
    let props: any;
    const c = cfn as any;
    const needed = PROPS_NEEDED[cfn.cfnResourceType];
    if (needed && typeof c.renderProperties === 'function') {
      // Render the unresolved properties, merge overrides, then resolve only what the model reads.
      try {
        const tm = TagManager.of(cfn);
        const tagProp = tm ? capitalize(tm.tagPropertyName) : 'Tags';
        const keys = [...needed, tagProp];
        let rendered = renderSubset(c, keys, tagProp) ?? c.renderProperties(c.cfnProperties) ?? {};
        const overrides = c.rawOverrides?.Properties;
        if (overrides !== undefined) rendered = deepMerge(rendered, overrides);
        const subset: Record<string, unknown> = {};
        for (const k of keys) if (rendered[k] !== undefined) subset[k] = rendered[k];
        props = this.refs.resolveTokens(subset, cfn, Stack.of(cfn)) ?? {};
      } catch {
        props = undefined;
      }
    }
    if (props === undefined) {
      try {
        const resolved = this.refs.resolve(c.cfnProperties, cfn) ?? {};
        props = typeof c.renderProperties === 'function' ? c.renderProperties(resolved) ?? {} : resolved;
        const overrides = c.rawOverrides?.Properties;
        if (overrides !== undefined) props = deepMerge(props, this.resolveOverrides(overrides, cfn));
      } catch {
        props = undefined;
      }
    }
    if (props === undefined && typeof c.renderProperties === 'function') {
      // A token where the L1 wants a number (a template's `Ref` to a parameter, as the CLI rebuilds
      // it) fails the L1's type check once resolved to our placeholders: render first, as synth does.
      try {
        props = this.refs.resolve(c.renderProperties(c.cfnProperties) ?? {}, cfn) ?? {};
        const overrides = c.rawOverrides?.Properties;
        if (overrides !== undefined) props = deepMerge(props, this.resolveOverrides(overrides, cfn));
      } catch {
        props = undefined;
      }
    }
    this.propsCache.set(cfn, props);
    return props;
  }

  /** Resolve escape-hatch overrides, keeping deletion overrides (`undefined`, which resolution would drop). */
  private resolveOverrides(overrides: unknown, cfn: CfnResource): unknown {
    const DELETE = '\u0000cabdelete\u0000';
    const mark = (v: unknown): unknown => {
      if (v === undefined) return DELETE;
      if (!isPlainObject(v) || Tokenization.isResolvable(v)) return v;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = mark(x);
      return out;
    };
    const unmark = (v: unknown): unknown => {
      if (v === DELETE) return undefined;
      if (!isPlainObject(v)) return v;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = unmark(x);
      return out;
    };
    return unmark(this.refs.resolve(mark(overrides), cfn));
  }

  private note(u: Unverifiable): void {
    const k = `${u.constructPath}\u0000${u.subject}`;
    if (this.unverifiableKeys.has(k)) return;
    this.unverifiableKeys.add(k);
    this.unverifiable.push(u);
  }

  /** A key policy or access policy (object or JSON text, any shape IAM accepts) as the model keeps it. */
  private policy(raw: unknown): PolicyDocumentJson {
    return toModelPolicy(this.refs.toIntrinsics(raw, r => this.principalArn(r)), v => this.refs.describe(v));
  }

  /**
   * The ARN of an in-app IAM role or user as far as it matters to a policy: its account (from its
   * stack) is known even when its name is generated. A role of one account is never the AWS Backup
   * service-linked role of another, so such a principal is judged instead of left unknown.
   */
  private principalArn(r: { target: IConstruct; attribute: string }): string | undefined {
    if (r.attribute !== 'Arn' || !CfnResource.isCfnResource(r.target)) return undefined;
    const type = r.target.cfnResourceType;
    if (type !== 'AWS::IAM::Role' && type !== 'AWS::IAM::User') return undefined;
    const env = this.envOfStack(Stack.of(r.target));
    if (!env.account || !env.partition) return undefined;
    return `arn:${env.partition}:iam::${env.account}:${type === 'AWS::IAM::Role' ? 'role' : 'user'}/${r.target.node.path}`;
  }

  private str(value: unknown, env: Env): string | undefined {
    const s = flattenString(value, env);
    return s === undefined || hasSentinel(s) ? undefined : s;
  }

  // ---------------------------------------------------------------- keys

  private customerKey(cfn: CfnResource): KeyModel {
    let key = this.keyCache.get(cfn);
    if (!key) {
      const props = this.props(cfn);
      const policy = props?.KeyPolicy !== undefined ? this.policy(props.KeyPolicy) : undefined;
      key = {
        kind: 'customer-managed',
        reference: `${cfn.node.path} (AWS::KMS::Key)`,
        constructPath: this.attachPath(cfn),
        env: this.envOfStack(Stack.of(cfn)),
        policy,
      };
      this.keyCache.set(cfn, key);
    }
    return key;
  }

  /** The key a (resolved) key property names. `env` is the environment of the resource that uses it. */
  private keyFrom(input: unknown, env: Env, depth = 0): KeyModel {
    const value = this.ssmResolved(input);
    if (value && typeof value === 'object' && 'Fn::If' in (value as object)) {
      // Either branch may be deployed (`Fn::If(cond, key, AWS::NoValue)`): the key is not known.
      return { kind: 'unresolved', reference: this.refs.describe(value), env };
    }
    const exact = this.refs.exact(value);
    if (exact) return this.keyFromConstruct(exact.target, env, depth);
    const text = flattenString(value, env);
    if (text !== undefined && !hasSentinel(text)) {
      const alias = awsManagedAlias(text);
      if (alias) return { kind: 'aws-managed', reference: text, alias, env: keyEnv(text, env) };
      if (text.startsWith('alias/') || text.includes(':alias/')) {
        const target = this.aliasByName(text.startsWith('alias/') ? text : text.slice(text.indexOf(':alias/') + 1), keyEnv(text, env));
        if (target && depth < 3) return this.keyFromConstruct(target, env, depth + 1);
      }
      return { kind: 'external', reference: text, env: keyEnv(text, env) };
    }
    // A string with a reference inside (e.g. an alias ARN built with Fn::Join), or an unresolvable intrinsic.
    const readable = this.refs.text(value);
    if (readable.includes('alias/aws/')) {
      const alias = /alias\/(aws\/[A-Za-z0-9_-]+)/.exec(readable)![1];
      return { kind: 'aws-managed', reference: readable, alias, env };
    }
    const inner = this.refs.all(value).find(r => CfnResource.isCfnResource(r.target)
      && ['AWS::KMS::Key', 'AWS::KMS::Alias'].includes((r.target as CfnResource).cfnResourceType));
    if (inner && depth < 3) return this.keyFromConstruct(inner.target, env, depth + 1);
    return { kind: 'unresolved', reference: this.refs.describe(value), env };
  }

  private keyFromConstruct(target: IConstruct, env: Env, depth: number): KeyModel {
    if (CfnResource.isCfnResource(target)) {
      if (target.cfnResourceType === 'AWS::KMS::Key') return this.customerKey(target);
      if (target.cfnResourceType === 'AWS::KMS::Alias' && depth < 3) {
        const props = this.props(target);
        const aliasEnv = this.envOfStack(Stack.of(target));
        if (props && props.TargetKeyId !== undefined) return this.keyFrom(props.TargetKeyId, aliasEnv, depth + 1);
      }
    }
    return { kind: 'unresolved', reference: describeTarget(target), env };
  }

  private aliasByName(aliasName: string, env: Env): CfnResource | undefined {
    for (const a of this.byType.get('AWS::KMS::Alias') ?? []) {
      const aEnv = this.envOfStack(Stack.of(a));
      if (!sameKnownEnv(aEnv, env)) continue;
      const name = this.str(this.safeResolve((a as any).aliasName, a), aEnv);
      if (name === aliasName) return a;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- vaults

  private inAppVault(cfn: CfnResource): VaultModel {
    let v = this.vaultCache.get(cfn);
    if (!v) {
      const env = this.envOfStack(Stack.of(cfn));
      const props = this.props(cfn) ?? {};
      const name = this.str(props.BackupVaultName, env);
      const lock = readLock(props.LockConfiguration);
      v = {
        id: this.attachPath(cfn),
        inApp: true,
        constructPath: this.attachPath(cfn),
        name,
        arn: name && env.account && env.region && env.partition ? `arn:${env.partition}:backup:${env.region}:${env.account}:backup-vault:${name}` : undefined,
        env,
        key: props.EncryptionKeyArn !== undefined ? this.keyFrom(props.EncryptionKeyArn, env) : undefined,
        accessPolicy: props.AccessPolicy !== undefined ? this.policy(props.AccessPolicy) : undefined,
        lock,
      };
      this.vaultCache.set(cfn, v);
    }
    this.touchedVaults.set(v.id, v);
    return v;
  }

  private vaultsNamed(name: string): CfnResource[] {
    if (!this.vaultNameIndex) {
      this.vaultNameIndex = new Map();
      for (const v of this.byType.get('AWS::Backup::BackupVault') ?? []) {
        const n = this.str(this.props(v)?.BackupVaultName, this.envOfStack(Stack.of(v)));
        if (n === undefined) continue;
        const list = this.vaultNameIndex.get(n) ?? [];
        list.push(v);
        this.vaultNameIndex.set(n, list);
      }
    }
    return this.vaultNameIndex.get(name) ?? [];
  }

  private outOfAppVault(id: string, fields: Omit<VaultModel, 'id' | 'inApp'>): VaultModel {
    let v = this.outVaults.get(id);
    if (!v) {
      v = { id, inApp: false, ...fields };
      this.outVaults.set(id, v);
    }
    this.touchedVaults.set(v.id, v);
    return v;
  }

  /** A rule's `TargetBackupVault` (a vault name). */
  private sourceVault(value: unknown, planStack: Stack, planEnv: Env): VaultModel {
    const exact = this.refs.exact(value);
    if (exact && CfnResource.isCfnResource(exact.target) && exact.target.cfnResourceType === 'AWS::Backup::BackupVault') {
      return this.inAppVault(exact.target);
    }
    const name = this.str(value, planEnv);
    if (name !== undefined) {
      const candidates = this.vaultsNamed(name).filter(v => Stack.of(v) === planStack || sameKnownEnv(this.envOfStack(Stack.of(v)), planEnv));
      if (candidates.length > 0) return this.inAppVault(candidates[0]);
      const arn = planEnv.account && planEnv.region && planEnv.partition
        ? `arn:${planEnv.partition}:backup:${planEnv.region}:${planEnv.account}:backup-vault:${name}` : undefined;
      return this.outOfAppVault(arn ?? `${name} (${planStack.node.path})`, {
        name,
        arn,
        env: planEnv,
        constructPath: this.importedVaultPaths.get(`name:${planStack.node.path}:${name}`) ?? (arn ? this.importedVaultPaths.get(arn) : undefined),
      });
    }
    const text = this.refs.text(value);
    return this.outOfAppVault(text, { env: planEnv });
  }

  /**
   * `value` itself, or, when it is exactly an SSM parameter (`AWS::SSM::Parameter::Value<String>`, as
   * `StringParameter.valueForStringParameter` makes) that an external fact gives the value of in the
   * parameter's account and Region, that value (the newest fact). A stale fact is noted at `usedAt` (the
   * plan that copies into the vault), else on the parameter's stack.
   */
  private ssmResolved(value: unknown, usedAt?: string): unknown {
    const target = this.refs.exact(value)?.target;
    const ssmType = target instanceof CfnParameter && String(target.type ?? '').startsWith('AWS::SSM::Parameter::Value<String>');
    if (!ssmType) return value;
    const name = target.default;
    if (typeof name !== 'string' || !this.options.facts) return value;
    const env = this.envOfStack(Stack.of(target));
    let fact: SsmParameterFact | undefined;
    for (const doc of this.options.facts) {
      for (const f of doc.ssmParameters ?? []) {
        const otherEnv = (env.account !== undefined && f.account !== env.account) || (env.region !== undefined && f.region !== env.region);
        if (f.name !== name || otherEnv) continue;
        if (!fact || Date.parse(f.origin.readAt) > Date.parse(fact.origin.readAt)) fact = f;
      }
    }
    if (!fact) return value;
    const constructPath = usedAt ?? this.register(Stack.of(target));
    this.ssmFactsUsed.push({ name, account: fact.account, region: fact.region, origin: fact.origin, constructPath });
    return fact.value;
  }

  /** A copy action's `DestinationBackupVaultArn`. */
  private destinationVault(input: unknown, planEnv: Env, planPath?: string): VaultModel {
    const value = this.ssmResolved(input, planPath);
    const exact = this.refs.exact(value);
    if (exact && CfnResource.isCfnResource(exact.target) && exact.target.cfnResourceType === 'AWS::Backup::BackupVault') {
      return this.inAppVault(exact.target);
    }
    if (isAirGappedVault(exact?.target)) return this.touch(this.airGapped.vault(exact!.target as CfnResource));
    const arnText = this.str(value, planEnv);
    const arn = arnText ? parseArn(arnText) : undefined;
    if (arnText && arn && arn.service === 'backup') {
      const name = arn.resource.replace(/^backup-vault[:/]/, '');
      const env: Env = { account: arn.account || undefined, region: arn.region || undefined, partition: arn.partition || undefined };
      const match = this.vaultsNamed(name).find(v => sameKnownEnv(this.envOfStack(Stack.of(v)), env));
      if (match) return this.inAppVault(match);
      const airGapped = this.airGapped.named(name, env);
      if (airGapped) return this.touch(airGapped);
      return this.outOfAppVault(arnText, { name, arn: arnText, env, constructPath: this.importedVaultPaths.get(arnText) });
    }
    return this.outOfAppVault(this.refs.text(value), { env: {} });
  }

  private touch(v: VaultModel): VaultModel {
    this.touchedVaults.set(v.id, v);
    return v;
  }

  // ---------------------------------------------------------------- plans

  private readPlan(cfn: CfnResource): PlanInfo | undefined {
    const props = this.props(cfn);
    const stack = Stack.of(cfn);
    const env = this.envOfStack(stack);
    const path = this.attachPath(cfn);
    const planJson = props?.BackupPlan;
    const rules: any[] = Array.isArray(planJson?.BackupPlanRule) ? planJson.BackupPlanRule : [];
    const planName = this.str(planJson?.BackupPlanName, env);
    const routes: CopyRoute[] = [];
    const seen = new Set<string>();
    if (props === undefined || (planJson && planJson.BackupPlanRule !== undefined && !Array.isArray(planJson.BackupPlanRule))) {
      this.note({
        constructPath: path,
        subject: `the rules of backup plan ${path}`,
        reason: 'the plan could not be resolved at synth time',
        unknown: ['backup-plan'],
      });
    }
    rules.forEach((rule, i) => {
      if (!rule || typeof rule !== 'object') return;
      const copyActions: any[] = Array.isArray(rule.CopyActions) ? rule.CopyActions : [];
      const ruleName = this.str(rule.RuleName, env) ?? (rule.RuleName === undefined ? `BackupPlanRule[${i}]` : `BackupPlanRule[${i}] (named by ${this.refs.describe(rule.RuleName)})`);
      if (rule.TargetLogicallyAirGappedBackupVaultArn !== undefined) {
        const vault = this.destinationVault(rule.TargetLogicallyAirGappedBackupVaultArn, env, path);
        this.primaryAirGappedTargets.push({ planPath: path, ruleName, env, vault, retention: effectiveRetention(undefined, rule.Lifecycle) });
      }
      if (copyActions.length === 0) return;
      const source = this.sourceVault(rule.TargetBackupVault, stack, env);
      const recoveryPointTags = tagsFromValue(rule.RecoveryPointTags, 'recovery-point-tags', this.refs);
      copyActions.forEach(action => {
        if (!action || typeof action !== 'object') return;
        const destination = this.destinationVault(action.DestinationBackupVaultArn, env, path);
        let id = `${path}/${ruleName} -> ${destination.id}`;
        for (let n = 2; seen.has(id); n++) id = `${path}/${ruleName} -> ${destination.id} #${n}`;
        seen.add(id);
        const sameStack = destination.inApp && destination.constructPath !== undefined
          && Stack.of(this.constructs.get(destination.constructPath)!) === stack;
        routes.push({
          id,
          planPath: path,
          planName,
          ruleName,
          source: { env, vault: source },
          destination,
          copyLifecycle: lifecycle(action.Lifecycle),
          ruleLifecycle: lifecycle(rule.Lifecycle),
          retention: effectiveRetention(action.Lifecycle, rule.Lifecycle),
          continuousBackup: rule.EnableContinuousBackup === true,
          recoveryPointTags,
          selections: [],
          resources: [],
          crossAccount: sameStack ? false : differ(env.account, destination.env.account),
          crossRegion: sameStack ? false : differ(env.region, destination.env.region),
        });
      });
    });
    return { cfn, path, stack, env, name: planName, routes, selections: [] };
  }

  private attachSelection(plan: PlanInfo, result: SelectionResult): void {
    plan.selections.push(result.model);
    (plan as { entriesOutside?: Array<[string, string]> }).entriesOutside ??= [];
    for (const e of result.entriesOutside) (plan as any).entriesOutside.push([result.model.constructPath, e]);
    (plan as { undetermined?: Array<[string, { resource: InAppResource; why: string }]> }).undetermined ??= [];
    for (const u of result.undetermined ?? []) (plan as any).undetermined.push([result.model.constructPath, u]);
  }

  private noteRouteUnverifiables(route: CopyRoute, plan: PlanInfo): void {
    for (const u of retentionUnverifiables(route, plan.path)) this.note(u);
    const copyMatters = route.crossAccount !== false || route.crossRegion !== false;
    const src = route.source.env;
    // The types the route copies (undefined: a selection may pick anything): "Not checked" lists name only what applies.
    const types = ((plan as any).entriesOutside ?? []).length > 0 ? undefined : route.resources.map(r => r.type);
    // A copy inside one stack stays in its account and Region, whatever they are: nothing to warn about.
    if ((!src.account || !src.region) && copyMatters) {
      this.note({
        routeId: route.id,
        constructPath: plan.path,
        subject: `the source account and Region of copy route ${route.id}`,
        reason: `stack ${plan.stack.node.path} is environment-agnostic (set env.account and env.region on the stack)`,
        unknown: ['environment'],
        types,
      });
    }
    const dst = route.destination;
    if (!dst.inApp) {
      if (!dst.env.account || !dst.env.region) {
        this.note({
          routeId: route.id,
          constructPath: plan.path,
          subject: `the destination vault ${dst.id} of copy route ${route.id}`,
          reason: 'its ARN cannot be resolved at synth time, so its account and Region are unknown',
          unknown: ['environment', 'vault-key', 'vault-retention'],
          types,
        });
      } else if (route.crossAccount !== false) {
        this.note({
          routeId: route.id,
          // The import in the plan's own stack: each plan's warning can be acknowledged where the plan is.
          constructPath: (dst.arn ? this.importedVaultPaths.get(`${plan.stack.node.path}|${dst.arn}`) : undefined) ?? dst.constructPath ?? plan.path,
          subject: `the access policy and key of destination vault ${dst.id}`,
          reason: 'the vault is not defined in this app',
          unknown: ['vault-access-policy', 'vault-retention'],
          about: dst.arn,
        });
      }
    } else if (dst.env.account === undefined || dst.env.region === undefined) {
      if (route.crossAccount === undefined || route.crossRegion === undefined) {
        this.note({
          routeId: route.id,
          constructPath: dst.constructPath!,
          subject: `the account and Region of destination vault ${dst.id}`,
          reason: 'its stack is environment-agnostic (set env.account and env.region on the stack)',
          unknown: ['environment'],
          types,
        });
      }
    }
    if (!copyMatters) return;
    const keyMatters = route.crossAccount !== false;
    if (route.crossAccount === true) this.notePolicyUnknowns(route);
    if (keyMatters) {
      const sv = route.source.vault;
      // The account's Default vault is always encrypted with aws/backup: its key is known (CAB-VAULT-KEY reports it).
      if (!sv.inApp && sv.name !== 'Default') {
        this.note({
          routeId: route.id,
          constructPath: sv.constructPath ?? plan.path,
          subject: `the encryption key of source vault ${sv.id}`,
          reason: 'the vault is not defined in this app',
          unknown: ['vault-key', 'key-policy'],
          about: sv.arn,
        });
      } else if (sv.key && (sv.key.kind === 'external' || sv.key.kind === 'unresolved')) {
        this.note({
          routeId: route.id,
          constructPath: sv.constructPath!,
          subject: `the key policy of ${sv.key.reference} (the key of source vault ${sv.id})`,
          reason: sv.key.kind === 'external' ? 'the key is not defined in this app' : 'the key cannot be resolved at synth time',
          unknown: ['key-policy'],
          about: sv.key.kind === 'external' ? sv.key.reference : undefined,
        });
      }
    }
    for (const [selPath, entry] of ((plan as any).entriesOutside ?? []) as Array<[string, string]>) {
      this.note({
        routeId: route.id,
        constructPath: selPath,
        subject: `resources selected by ${entry}`,
        reason: 'the entry may match resources that are not defined in this app (only resources defined in this app were checked)',
        unknown: ['selected-resources'],
      });
    }
    for (const [selPath, u] of ((plan as any).undetermined ?? []) as Array<[string, { resource: InAppResource; why: string }]>) {
      this.note({
        routeId: route.id,
        constructPath: u.resource.base.constructPath ?? selPath,
        subject: `whether backup selection ${selPath} picks ${u.resource.base.id}`,
        reason: `${u.why}, so the resource was not checked against this copy`,
        unknown: ['selected-resources'],
        types: [u.resource.base.type],
      });
    }
    if (!keyMatters) return;
    for (const r of route.resources) {
      const path = r.constructPath ?? plan.path;
      // Fully managed types are copied under the vault key: their own key never matters (capability data).
      const ownKeyMatters = !vaultKeyed(r.type);
      if (!r.inApp) {
        this.note({
          routeId: route.id,
          constructPath: plan.path,
          subject: ownKeyMatters ? `the encryption key and tags of ${r.arn ?? r.id}` : `the tags of ${r.arn ?? r.id}`,
          reason: 'the resource is not defined in this app',
          unknown: ownKeyMatters ? ['resource-key', 'resource-tags'] : ['resource-tags'],
        });
      } else if (!ownKeyMatters) {
        continue;
      } else if (r.key && (r.key.kind === 'external' || r.key.kind === 'unresolved' || r.key.kind === 'account-default')) {
        this.note({
          routeId: route.id,
          constructPath: path,
          subject: `the encryption key ${r.key.reference} of ${r.id}`,
          reason: r.key.kind === 'external' ? 'the key is not defined in this app: whether it is AWS managed and what its policy allows is unknown'
            : r.key.kind === 'account-default' ? 'the volume uses the account\'s EBS default key, which may be AWS managed (aws/ebs) or a customer managed key'
              : 'the key cannot be resolved at synth time',
          unknown: ['resource-key'],
          about: r.key.kind === 'external' ? r.key.reference : undefined,
        });
      } else if (r.encrypted === undefined) {
        const why = this.resourceCache.get(this.constructs.get(r.id) as CfnResource)?.keyUnknownWhy;
        this.note({
          routeId: route.id,
          constructPath: path,
          subject: `the encryption of ${r.id}`,
          reason: why ?? 'its encryption cannot be known at synth time',
          unknown: ['resource-key'],
        });
      }
    }
  }

  /**
   * A cross-account route whose key policy or vault access policy (in this app) cannot be judged:
   * a principal, action or condition that is a token, a statement that is an `Fn::If`, malformed JSON.
   * The rules stay silent on those; this says so, naming what was unknown.
   */
  private notePolicyUnknowns(route: CopyRoute): void {
    const dst = route.destination;
    const srcAccount = route.source.env.account;
    const partition = dst.env.partition ?? route.source.env.partition ?? 'aws';
    const vaultKey = `vault\u0000${dst.id}\u0000${srcAccount}`;
    if (dst.inApp && dst.constructPath && srcAccount && dst.accessPolicy && !this.keyAccessChecked.has(vaultKey)) {
      this.keyAccessChecked.add(vaultKey);
      const pseudo = { partition, accountId: dst.env.account, region: dst.env.region };
      const access = copyIntoVaultAccess(dst.accessPolicy, {
        partition, sourceAccount: srcAccount, vaultAccount: dst.env.account, vaultRegion: dst.env.region,
      });
      if (!access) {
        this.note({
          routeId: route.id,
          constructPath: dst.constructPath,
          subject: `the access policy of destination vault ${dst.constructPath}`,
          reason: this.policyUnknownWhy(dst.accessPolicy, pseudo, srcAccount),
          unknown: ['vault-access-policy'],
        });
      }
    }
    const dstAccount = dst.env.account;
    if (!dstAccount) return;
    const keys = new Set<KeyModel>();
    for (const r of route.resources) {
      const key = vaultKeyed(r.type) ? route.source.vault.key : r.encrypted !== false ? r.key : undefined;
      if (key) keys.add(key);
    }
    for (const key of keys) {
      if (key.kind !== 'customer-managed' || !key.policy || !key.constructPath) continue;
      const k = `${key.constructPath}\u0000${dstAccount}`;
      if (this.keyAccessChecked.has(k)) continue;
      this.keyAccessChecked.add(k);
      const keyEnvironment = { account: key.env.account ?? route.source.env.account, region: key.env.region ?? route.source.env.region };
      const keyPartition = key.env.partition ?? route.source.env.partition ?? 'aws';
      const access = keyAccessForDestination(key.policy, {
        partition: keyPartition, destinationAccount: dstAccount, keyAccount: keyEnvironment.account, keyRegion: keyEnvironment.region,
      });
      if (access) continue;
      this.note({
        routeId: route.id,
        constructPath: key.constructPath,
        subject: `the key policy of ${key.constructPath}`,
        reason: this.policyUnknownWhy(key.policy, { partition: keyPartition, accountId: keyEnvironment.account, region: keyEnvironment.region }),
        unknown: ['key-policy'],
      });
    }
  }

  /** Why a policy cannot be judged, naming each unknown part (`Statement[0].Principal.AWS is CloudFormation parameter X`). */
  private policyUnknownWhy(
    policy: PolicyDocumentJson, pseudo: { partition: string; accountId?: string; region?: string }, sourceAccount?: string,
  ): string {
    const parts = [...(policy.unreadable ?? []), ...unknownPolicyParts(policy, pseudo).map(p => `${p.where} is ${this.refs.describe(p.value)}`)];
    if (parts.length > 0) return `${[...new Set(parts)].join('; ')}, which synth cannot know`;
    return sourceAccount
      ? `it grants roles or users of account ${sourceAccount} rather than the account itself, and which role AWS Backup copies with is not known`
      : 'part of it cannot be evaluated at synth time';
  }

  // ---------------------------------------------------------------- resources

  private inAppResource(cfn: CfnResource): InAppResource | undefined {
    const cached = this.resourceCache.get(cfn);
    if (cached !== undefined) return cached ?? undefined;
    let result: InAppResource | null = null;
    if (BACKUPABLE_CFN_TYPES.has(cfn.cfnResourceType)) {
      const props = this.props(cfn);
      if (props !== undefined) {
        const kind = kindOf(cfn.cfnResourceType, props);
        if (kind) {
          const stack = Stack.of(cfn);
          const env = this.envOfStack(stack);
          const enc = kind.encryption(props, env.region);
          let encrypted: boolean | undefined;
          let key: KeyModel | undefined;
          let keyUnknownWhy: string | undefined;
          if (enc.state === 'encrypted') {
            encrypted = true;
            if (enc.key !== undefined) key = this.keyFrom(enc.key, env);
            else if (enc.defaultKind === 'aws-owned') key = { kind: 'aws-owned', reference: 'AWS owned key', env };
            else if (enc.defaultKind) key = { kind: enc.defaultKind, reference: enc.defaultAlias ? `alias/${enc.defaultAlias}` : 'default key', alias: enc.defaultAlias, env };
          } else if (enc.state === 'unencrypted') {
            encrypted = false;
          } else {
            keyUnknownWhy = enc.why; // the unverifiable entry's subject already names the resource
            if (enc.key !== undefined) key = this.keyFrom(enc.key, env);
          }
          const nameRaw = kind.nameProp?.(props);
          const name = nameRaw !== undefined ? this.str(nameRaw, env) : undefined;
          const path = this.register(cfn);
          const arn = name !== undefined && (kind.globalArn || (env.account && env.region)) && env.partition
            ? kind.globalArn ? `arn:${env.partition}:${kind.arnService}:::${name}` : `arn:${env.partition}:${kind.arnService}:${env.region}:${env.account}:${kind.arnPrefix}${name}`
            : undefined;
          result = {
            cfn,
            stack,
            kind,
            props,
            name,
            keyUnknownWhy,
            base: {
              id: path,
              type: kind.type,
              inApp: true,
              constructPath: this.attachPath(cfn),
              cfnType: cfn.cfnResourceType,
              arn,
              env,
              encrypted,
              key,
              tags: this.resourceTags(cfn, props),
            },
          };
        }
      }
    }
    this.resourceCache.set(cfn, result);
    return result ?? undefined;
  }

  private resourceTags(cfn: CfnResource, props: any): TagModel[] {
    const tm = TagManager.isTaggable(cfn) ? cfn.tags : TagManager.isTaggableV2(cfn) ? cfn.cdkTagManager : undefined;
    const prop = tm ? tm.tagPropertyName : 'Tags';
    return tagsFromValue(props[capitalize(prop)] ?? props[prop], 'resource', this.refs);
  }

  /** Backupable in-app resources in the plan's own account and Region (AWS Backup selects nothing else). */
  private candidates(plan: PlanInfo, cfnTypes?: string[], prefilter?: { id: string; test: (tags: TagModel[]) => boolean }): InAppResource[] {
    const key = `${envKey(plan)}\u0000${cfnTypes ? cfnTypes.join(',') : '*'}\u0000${prefilter?.id ?? ''}`;
    let list = this.candidateCache.get(key);
    if (list) return list;
    list = [];
    const types = new Set(cfnTypes ?? BACKUPABLE_CFN_TYPES);
    for (const cfn of this.backupableIn(plan)) {
      if (!types.has(cfn.cfnResourceType)) continue;
      if (prefilter && !this.resourceCache.has(cfn)) {
        // Cheap pass on the tags alone (no property resolution) for tag-only selections.
        const tags = cheapTags(cfn);
        if (tags && !prefilter.test(tags)) continue;
      }
      const r = this.inAppResource(cfn);
      if (r) list.push(r);
    }
    this.candidateCache.set(key, list);
    return list;
  }

  /** Backupable L1s in the plan's environment (its stack when the environment is unknown), indexed once. */
  private backupableIn(plan: PlanInfo): CfnResource[] {
    if (!this.envIndex) {
      this.envIndex = new Map();
      for (const t of BACKUPABLE_CFN_TYPES) {
        for (const cfn of this.byType.get(t) ?? []) {
          const stack = Stack.of(cfn);
          const env = this.envOfStack(stack);
          const k = envKey({ env, stack });
          let l = this.envIndex.get(k);
          if (!l) this.envIndex.set(k, l = []);
          l.push(cfn);
        }
      }
    }
    return this.envIndex.get(envKey(plan)) ?? [];
  }

  // ---------------------------------------------------------------- selections

  private readSelection(cfn: CfnResource, plan: PlanInfo): SelectionResult | undefined {
    const path = this.attachPath(cfn);
    const props = this.props(cfn);
    const sel = props?.BackupSelection;
    if (!sel || typeof sel !== 'object') {
      return { model: { constructPath: path, resources: [], unresolvedEntries: ['the whole selection'] }, entriesOutside: ['the whole selection (it cannot be resolved at synth time)'] };
    }
    const selected = new Map<InAppResource, string[]>();
    const outside: ResourceModel[] = [];
    const unresolvedEntries: string[] = [];
    const add = (r: InAppResource, how: string): void => {
      const list = selected.get(r);
      if (list) { if (!list.includes(how)) list.push(how); } else {selected.set(r, [how]);}
    };

    const resources: unknown[] = Array.isArray(sel.Resources) ? sel.Resources : sel.Resources !== undefined ? [sel.Resources] : [];
    const notResources: unknown[] = Array.isArray(sel.NotResources) ? sel.NotResources : [];
    const listOfTags: any[] = Array.isArray(sel.ListOfTags) ? sel.ListOfTags : [];
    const conditions = parseConditions(sel.Conditions, this.refs);
    const hasRes = resources.length > 0;
    const hasTags = listOfTags.length > 0;
    const hasCond = conditions.length > 0;

    // Resources entries -> matcher per entry.
    const resourceMatchers: Array<(r: InAppResource) => boolean> = [];
    const explicit = new Map<InAppResource, string>();
    for (const entry of resources) {
      const m = this.entryMatcher(entry, plan, 'include');
      if (m.resource) explicit.set(m.resource, m.label);
      if (m.matches) resourceMatchers.push(m.matches);
      if (m.outside) outside.push({ ...m.outside, selectedBy: [m.label] });
      if (m.unresolved) unresolvedEntries.push(m.label);
    }
    const excluders = notResources.map(e => this.entryMatcher(e, plan, 'exclude'));

    // Candidate set: explicit references (any env: a reference names the resource itself) plus
    // the plan's account/Region when a wildcard, tag or condition needs scanning.
    const needScan = resourceMatchers.length > 0 || hasTags || (hasCond && !hasRes) || (!hasRes && !hasTags && !hasCond);
    const scanTypes = needScan && !hasTags && !(hasCond && !hasRes) && hasRes ? this.typesForMatchers(resources, plan) : undefined;
    const pool = new Set<InAppResource>(explicit.keys());
    const tagOnly = !hasRes && (hasTags || hasCond);
    const prefilter = tagOnly ? {
      id: JSON.stringify([sel.ListOfTags, sel.Conditions]),
      // Resources whose tag values are tokens stay in: whether they are selected is reported as unknown.
      test: (tags: TagModel[]) => (hasCond && conditions.every(c => c.test(tags) || c.unknown(tags)))
        || (hasTags && listOfTags.some(lt => tagEquals(tags, conditionTagKey(lt?.ConditionKey), lt?.ConditionValue)
          || tagUnknown(tags, conditionTagKey(lt?.ConditionKey), lt?.ConditionValue))),
    } : undefined;
    const undetermined: Array<{ resource: InAppResource; why: string }> = [];
    const tagText = (lt: any): string => `${conditionTagKey(lt?.ConditionKey)}=${this.refs.text(lt?.ConditionValue)}`;
    if (needScan) for (const r of this.candidates(plan, scanTypes, prefilter)) pool.add(r);

    const condLabel = conditions.map(c => `${c.op} ${c.key}=${c.value}`).join(' AND ');
    for (const r of pool) {
      const tags = r.base.tags;
      let inResources = false;
      let how = '';
      if (explicit.has(r)) { inResources = true; how = explicit.get(r)!; } else if (resourceMatchers.some(m => m(r))) { inResources = true; how = 'arn'; }
      let base = false;
      if (hasRes || hasCond) {
        base = (hasRes ? inResources : true) && (!hasCond || conditions.every(c => c.test(tags)));
        if (base) how = hasCond ? (hasRes ? `${how} and conditions ${condLabel}` : `conditions ${condLabel}`) : how;
      }
      let byTags = false;
      if (hasTags) {
        const t = listOfTags.find(lt => tagEquals(tags, conditionTagKey(lt?.ConditionKey), lt?.ConditionValue));
        if (t) { byTags = true; if (!base) how = `tag ${tagText(t)}`; }
      }
      const all = !hasRes && !hasTags && !hasCond;
      if (!(base || byTags || all)) {
        const why: string[] = [];
        if (hasCond && (hasRes ? inResources : true) && conditions.every(c => c.test(tags) || c.unknown(tags))) {
          for (const c of conditions) if (c.unknown(tags)) why.push(c.unknownWhy());
        }
        if (hasTags) {
          for (const lt of listOfTags) {
            const key = conditionTagKey(lt?.ConditionKey);
            if (tagUnknown(tags, key, lt?.ConditionValue)) why.push(unknownTagWhy(key, lt?.ConditionValue, this.refs, `tag ${tagText(lt)}`));
          }
        }
        if (why.length > 0 && !excluders.some(x => (x.resource && x.resource === r) || (x.matches && x.matches(r)))) {
          undetermined.push({ resource: r, why: [...new Set(why)].join('; ') });
        }
        continue;
      }
      if (all) how = 'selection without Resources, ListOfTags or Conditions (every resource)';
      if (excluders.some(x => (x.resource && x.resource === r) || (x.matches && x.matches(r)))) continue;
      add(r, how);
    }

    // What may match outside the app.
    if (hasTags) for (const lt of listOfTags) unresolvedEntries.push(`tag ${tagText(lt)}`);
    if (hasCond && !hasRes) unresolvedEntries.push(`conditions ${condLabel}`);
    if (!hasRes && !hasTags && !hasCond) unresolvedEntries.push('every resource (no Resources, ListOfTags or Conditions)');

    const models: ResourceModel[] = [];
    for (const [r, how] of selected) models.push({ ...r.base, selectedBy: how });
    models.push(...outside.filter(o => !excluders.some(x => x.literal !== undefined && o.arn !== undefined && globMatch(x.literal, o.arn))));
    const unique = [...new Set(unresolvedEntries)];
    return { model: { constructPath: path, resources: models, unresolvedEntries: unique }, entriesOutside: unique, undetermined };
  }

  private typesForMatchers(resources: unknown[], plan: PlanInfo): string[] | undefined {
    const types = new Set<string>();
    for (const e of resources) {
      if (this.refs.exact(e)) continue;
      const s = this.str(e, plan.env);
      const arn = s ? parseArn(s) : undefined;
      if (!arn || s === '*' || arn.service.includes('*')) return undefined;
      for (const t of TYPES_BY_ARN_SERVICE[arn.service] ?? []) types.add(t);
    }
    return [...types];
  }

  /**
   * How one `Resources` / `NotResources` entry selects: an in-app resource it references, a
   * matcher for ARN patterns over in-app resources, or a resource outside the app.
   */
  private entryMatcher(entry: unknown, plan: PlanInfo, mode: 'include' | 'exclude'): {
    label: string;
    resource?: InAppResource;
    matches?: (r: InAppResource) => boolean;
    outside?: Omit<ResourceModel, 'selectedBy'>;
    unresolved?: boolean;
    literal?: string;
  } {
    const refs = this.refs.all(entry);
    if (refs.length > 0) {
      for (const ref of refs) {
        if (CfnResource.isCfnResource(ref.target)) {
          const r = this.inAppResource(ref.target);
          if (r) return { label: 'construct', resource: r };
        }
      }
      return { label: this.refs.text(entry), unresolved: true };
    }
    const s = this.str(entry, plan.env);
    if (s === undefined) return { label: this.refs.text(entry), unresolved: true };
    if (s === '*') return { label: 'arn *', matches: () => true, unresolved: mode === 'include', literal: '*' };
    const arn = parseArn(s);
    if (!arn) return { label: `arn ${s}`, unresolved: true };
    if (isWildcard(s)) {
      const matches = (r: InAppResource): boolean => this.arnMatches(arn, r, plan);
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
    for (const cfnType of TYPES_BY_ARN_SERVICE[arn.service] ?? []) {
      for (const cfn of this.byType.get(cfnType) ?? []) {
        const r = this.inAppResource(cfn);
        if (r && r.base.arn === s) return { label: `arn ${s}`, resource: r, literal: s };
      }
    }
    const type = typeFromArn(arn.service, arn.resource);
    if (!type || mode === 'exclude') return { label: `arn ${s}`, literal: s, unresolved: !type && mode === 'include' };
    const env: Env = { account: arn.account || plan.env.account, region: arn.region || plan.env.region, partition: arn.partition };
    return {
      label: `arn ${s}`,
      literal: s,
      outside: { id: s, type, inApp: false, arn: s, env, tags: [] },
    };
  }

  private arnMatches(arn: ParsedArn, r: InAppResource, plan: PlanInfo): boolean {
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
}

// ---------------------------------------------------------------- pure helpers

/** The resource type an ARN pattern fixes (service and resource type literal), else undefined. */
function patternType(arn: ParsedArn): ResourceTypeId | undefined {
  if (isWildcard(arn.service)) return undefined;
  const head = arn.resource.split(/[:/]/)[0];
  // S3 bucket ARNs have no resource type: the service fixes it.
  if (arn.service !== 's3' && (isWildcard(head) || head === arn.resource)) return undefined;
  return typeFromArn(arn.service, arn.resource);
}

/** The account and Region a plan selects resources in, or its stack when either is unknown. */
function envKey(p: { env: Env; stack: Stack }): string {
  return p.env.account && p.env.region ? `${p.env.account}|${p.env.region}` : `stack:${p.stack.node.path}`;
}

/** Per L1 class: lower-cased CloudFormation property name -> the L1's property name (`kmskeyid` -> `kmsKeyId`). */
const l1Names = new WeakMap<object, Map<string, string> | null>();

function namesOf(c: any, raw: Record<string, unknown>): Map<string, string> | undefined {
  const perClass = c.constructor !== CfnResource;
  if (perClass && l1Names.has(c.constructor)) return l1Names.get(c.constructor) ?? undefined;
  let names: Map<string, string> | null = new Map();
  for (const k of Object.keys(raw)) {
    const lower = k.toLowerCase();
    if (names.has(lower)) { names = null; break; } // ambiguous: always render
    names.set(lower, k);
  }
  if (perClass) l1Names.set(c.constructor, names);
  return names ?? undefined;
}

/**
 * What `renderProperties` returns for `keys` (CloudFormation names), without rendering and
 * validating every property of the L1 (for the large L1s, such as RDS's, that is most of the cost
 * of reading a resource). Only for values the L1 renders unchanged: literals and tokens, and the
 * tag property in the shapes `TagManager` renders. Undefined when any of `keys` needs the L1's own
 * renderer (nested property types, unknown names): the caller then renders everything.
 */
export function renderSubset(c: any, keys: string[], tagProp: string): Record<string, unknown> | undefined {
  const raw = c.cfnProperties;
  if (!raw || typeof raw !== 'object') return undefined;
  const names = namesOf(c, raw);
  if (!names) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const name = names.get(k.toLowerCase());
    if (name === undefined) {
      if (k === tagProp) continue; // an L1 without a tag property of that name renders none
      return undefined;
    }
    const v = raw[name];
    if (v === undefined) continue;
    if (v === null || typeof v !== 'object' || Tokenization.isResolvable(v)) {
      out[k] = v;
    } else if (k === tagProp) {
      const tags = renderedTags(v);
      if (tags === undefined) return undefined;
      out[k] = tags;
    } else {
      return undefined;
    }
  }
  return out;
}

/** Tags as rendered by `TagManager` (`[{ key, value }]`, `[{ Key, Value }]` or a map) in their CloudFormation shape. */
function renderedTags(v: object): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const t of v) {
      if (!isPlainObject(t)) return undefined;
      const ks = Object.keys(t);
      if (ks.every(k => k === 'key' || k === 'value')) out.push({ Key: t.key, Value: t.value });
      else if (ks.every(k => k === 'Key' || k === 'Value')) out.push(t);
      else return undefined;
    }
    return out;
  }
  if (isPlainObject(v) && Object.values(v).every(x => x === undefined || typeof x !== 'object')) return v;
  return undefined;
}

const MERGE_REPLACED = new Set(['Ref', 'Fn::Base64', 'Fn::Cidr', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Join',
  'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::Transform', 'Fn::And', 'Fn::Equals', 'Fn::If', 'Fn::Not', 'Fn::Or']);

function isIntrinsic(x: unknown): boolean {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  return keys.length === 1 && MERGE_REPLACED.has(keys[0]);
}

/**
 * Escape-hatch override semantics, as aws-cdk-lib's own `deepMerge` applies them: objects merge
 * recursively (into arrays by index: `BackupPlanRule.0.RuleName`), an intrinsic on either side is
 * replaced rather than merged, `undefined` deletes, an object left empty disappears, anything else replaces.
 */
function deepMerge(target: any, source: any): any {
  if (!isPlainObject(source)) return source;
  const out: any = Array.isArray(target) ? [...target] : isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(source)) {
    if (v === undefined) {
      delete out[k];
    } else if (isPlainObject(v)) {
      const base = out[k] !== null && typeof out[k] === 'object' && !isIntrinsic(out[k]) && !isIntrinsic(v) ? out[k] : {};
      const merged = deepMerge(base, v);
      if (merged !== null && typeof merged === 'object' && Object.keys(merged).length === 0) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  return out;
}


function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

function differ(a: string | undefined, b: string | undefined): boolean | undefined {
  return a === undefined || b === undefined ? undefined : a !== b;
}

function sameKnownEnv(a: Env, b: Env): boolean {
  return a.account !== undefined && a.region !== undefined && a.account === b.account && a.region === b.region;
}

function keyEnv(ref: string, fallback: Env): Env {
  const arn = parseArn(ref);
  return arn ? { account: arn.account || undefined, region: arn.region || undefined, partition: arn.partition || undefined } : fallback;
}

function lifecycle(v: any): CopyRoute['copyLifecycle'] {
  if (!v || typeof v !== 'object') return undefined;
  const out = { deleteAfterDays: num(v.DeleteAfterDays), moveToColdStorageAfterDays: num(v.MoveToColdStorageAfterDays) };
  return out.deleteAfterDays === undefined && out.moveToColdStorageAfterDays === undefined ? undefined : out;
}

function tagsFromValue(v: unknown, source: TagModel['source'], refs: RefTable): TagModel[] {
  const literal = (x: unknown): string | undefined => (typeof x === 'string' && !hasSentinel(x) ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : undefined);
  if (Array.isArray(v)) {
    const out: TagModel[] = [];
    for (const t of v) {
      if (!t || typeof t !== 'object') continue;
      const key = literal((t as any).Key);
      if (key === undefined) continue;
      out.push({ key, value: literal((t as any).Value), source });
    }
    return out;
  }
  if (v && typeof v === 'object') {
    void refs;
    return Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, value: literal(value), source }));
  }
  return [];
}

/**
 * A resource's tags from its tag manager (after `Tags.of()`), without resolving its properties.
 * Undefined when an escape-hatch override replaces the tag property (then the full read decides).
 */
function cheapTags(cfn: CfnResource): TagModel[] | undefined {
  const tm = TagManager.of(cfn);
  if (!tm) return [];
  const overrides = (cfn as any).rawOverrides?.Properties;
  if (overrides && typeof overrides === 'object') {
    const prop = tm.tagPropertyName;
    if (prop in overrides || (prop.charAt(0).toUpperCase() + prop.slice(1)) in overrides) return undefined;
  }
  return Object.entries(tm.tagValues()).map(([key, value]) => ({ key, value: Token.isUnresolved(value) ? undefined : value, source: 'resource' as const }));
}

function dedupeResources(list: ResourceModel[]): ResourceModel[] {
  const byId = new Map<string, ResourceModel>();
  for (const r of list) {
    const prev = byId.get(r.id);
    byId.set(r.id, prev ? { ...prev, selectedBy: [...new Set([...prev.selectedBy, ...r.selectedBy])] } : r);
  }
  return [...byId.values()];
}

function conditionTagKey(k: unknown): string {
  const s = typeof k === 'string' ? k : String(k);
  return s.startsWith('aws:ResourceTag/') ? s.slice('aws:ResourceTag/'.length) : s;
}

function tagEquals(tags: TagModel[], key: string, value: unknown): boolean {
  return tags.some(t => t.key === key && t.value !== undefined && t.value === value);
}

interface ParsedCondition {
  readonly op: string;
  readonly key: string;
  readonly value: string;
  test(tags: TagModel[]): boolean;
  /** True when the outcome depends on a token: the condition value, or the resource's value of the tag. */
  unknown(tags: TagModel[]): boolean;
  unknownWhy(): string;
}

/** True when whether `tags` hold `key`=`value` depends on a token (the value, or the resource's tag value). */
function tagUnknown(tags: TagModel[], key: string, value: unknown): boolean {
  const literal = typeof value === 'string' && !hasSentinel(value);
  const t = tags.find(x => x.key === key);
  return t !== undefined && (t.value === undefined || !literal);
}

function unknownTagWhy(key: string, value: unknown, refs: RefTable, what: string): string {
  const literal = typeof value === 'string' && !hasSentinel(value);
  if (!literal) return `the value of ${what} is ${refs.describe(value)}`;
  return `its tag ${key} has a value that is not known at synth time (${what})`;
}

function parseConditions(c: any, refs: RefTable): ParsedCondition[] {
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
