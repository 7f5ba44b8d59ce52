/**
 * The state one model build shares (caches, the reference table, the unknowns noted so far) and
 * the helpers every reader uses: where a finding attaches, literal strings, policies, notes.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { envOfStack } from './environments';
import type { ListFacts } from './list-facts';
import { AirGappedVaultReader } from './read-air-gapped-vaults';
import { keyFrom } from './read-keys';
import { propsOf } from './read-properties';
import type { TagIndex } from './read-resources';
import { KindInfo } from './resource-kinds';
import { flattenString, hasSentinel, RefTable } from './token-resolver';
import type { CheckOptions, CopyRoute, Env, KeyModel, OrgSettingModel, PolicyDocumentJson, PrimaryAirGappedTarget, ResourceModel, SelectionModel, SsmFactUse, TagModel, Unverifiable, VaultModel } from './types';
import { toModelPolicy } from '../policy/normalize';

export interface InAppResource {
  readonly cfn: CfnResource;
  readonly stack: Stack;
  readonly kind: KindInfo;
  /** Literal physical name, when the template sets one. */
  readonly name?: string;
  readonly base: Omit<ResourceModel, 'selectedBy'>;
  readonly keyUnknownWhy?: string;
}

export interface PlanInfo {
  readonly cfn: CfnResource;
  readonly path: string;
  readonly stack: Stack;
  readonly env: Env;
  readonly name?: string;
  readonly routes: CopyRoute[];
  readonly selections: SelectionModel[];
}

/** Per-selection results, before routes are known. */
export interface SelectionResult {
  readonly model: SelectionModel;
  readonly entriesOutside: string[];
  /** In-app resources the selection may or may not pick: a tag value or condition value is a token. */
  readonly undetermined?: Array<{ readonly resource: InAppResource; readonly why: string }>;
}

/** One build's shared state: every reader takes it as its first argument. */
export class BuildContext {
  public readonly refs = new RefTable();
  public readonly constructs = new Map<string, IConstruct>();
  public readonly byType = new Map<string, CfnResource[]>();
  public readonly settings: OrgSettingModel[] = [];
  public readonly importedVaultPaths = new Map<string, string>();
  public readonly unverifiable: Unverifiable[] = [];
  public readonly unverifiableKeys = new Set<string>();
  public readonly envCache = new Map<Stack, Env>();
  public readonly propsCache = new Map<CfnResource, any>();
  public readonly keyCache = new Map<CfnResource, KeyModel>();
  public readonly vaultCache = new Map<CfnResource, VaultModel>();
  public readonly outVaults = new Map<string, VaultModel>();
  public readonly resourceCache = new Map<CfnResource, InAppResource | null>();
  /** The default keys of resources that name none, per environment (see `read-resources.ts`). */
  public readonly defaultKeys = new WeakMap<Env, Map<string, KeyModel>>();
  public vaultNameIndex?: Map<string, CfnResource[]>;
  /** `candidates`: the backupable resources of an environment (of some types), read once per (environment, types). */
  public readonly candidateCache = new Map<string, InAppResource[]>();
  /** `tagIndex`: the backupable L1s of each environment by tag key (see `read-resources.ts`). */
  public readonly tagIndexes = new Map<string, TagIndex>();
  /** Tag and condition selections by (environment, what they select): evaluated once, shared by every plan. */
  public readonly sharedSelections = new Map<string, SelectionResult>();
  public readonly listIds = new WeakMap<readonly ResourceModel[], number>();
  public listCount = 0;
  public readonly mergedLists = new Map<string, ResourceModel[]>();
  public readonly listFactsCache = new WeakMap<readonly ResourceModel[], ListFacts>();
  /** The tags of each backupable L1 without resolving its properties, read once (every tag selection of its environment tests them). */
  public readonly cheapTagCache = new Map<CfnResource, TagModel[] | undefined>();
  /** In-app resources by ARN, per ARN service (built on the first literal ARN of the service). */
  public readonly byArn = new Map<string, Map<string, InAppResource>>();
  public envIndex?: Map<string, CfnResource[]>;
  public readonly touchedVaults = new Map<string, VaultModel>();
  public readonly keyAccessChecked = new Set<string>();
  public readonly primaryAirGappedTargets: PrimaryAirGappedTarget[] = [];
  /** SSM parameters whose values external facts gave (see `read-ssm-facts.ts`). */
  public readonly ssmFactsUsed: SsmFactUse[] = [];
  public readonly airGapped = new AirGappedVaultReader({
    resourcesOfType: t => this.byType.get(t) ?? [],
    props: c => propsOf(this, c),
    envOf: s => envOfStack(this, s),
    attachPath: c => attachPath(this, c),
    str: (v, env) => strOf(this, v, env),
    keyFrom: (v, env) => keyFrom(this, v, env),
    policy: v => policyOf(this, v),
  });

  constructor(public readonly root: IConstruct, public readonly options: CheckOptions = {}) {}
}

export function registerConstruct(ctx: BuildContext, c: IConstruct): string {
  const path = c.node.path;
  ctx.constructs.set(path, c);
  return path;
}

/**
 * The construct findings attach to: the L2 when the L1 is its `Resource` child. `ownPath`: the L1's
 * path when the caller registered it already (a construct's path is computed anew on every read).
 */
export function attachPath(ctx: BuildContext, cfn: IConstruct, ownPath?: string): string {
  const parent = cfn.node.scope;
  if (cfn.node.id === 'Resource' && parent && !Stack.isStack(parent)) return registerConstruct(ctx, parent);
  return ownPath ?? registerConstruct(ctx, cfn);
}

export function safeResolve(ctx: BuildContext, value: unknown, scope: IConstruct): any {
  try {
    return ctx.refs.resolve(value, scope);
  } catch {
    return undefined;
  }
}

export function noteUnverifiable(ctx: BuildContext, u: Unverifiable): void {
  const k = `${u.constructPath}\u0000${u.subject}`;
  if (ctx.unverifiableKeys.has(k)) return;
  ctx.unverifiableKeys.add(k);
  ctx.unverifiable.push(u);
}

/** A key policy or access policy (object or JSON text, any shape IAM accepts) as the model keeps it. */
export function policyOf(ctx: BuildContext, raw: unknown): PolicyDocumentJson {
  return toModelPolicy(ctx.refs.toIntrinsics(raw, r => principalArn(ctx, r)), v => ctx.refs.describe(v));
}

/**
 * The ARN of an in-app IAM role or user as far as it matters to a policy: its account (from its
 * stack) is known even when its name is generated. A role of one account is never the AWS Backup
 * service-linked role of another, so such a principal is judged instead of left unknown.
 */
export function principalArn(ctx: BuildContext, r: { target: IConstruct; attribute: string }): string | undefined {
  if (r.attribute !== 'Arn' || !CfnResource.isCfnResource(r.target)) return undefined;
  const type = r.target.cfnResourceType;
  if (type !== 'AWS::IAM::Role' && type !== 'AWS::IAM::User') return undefined;
  const env = envOfStack(ctx, Stack.of(r.target));
  if (!env.account || !env.partition) return undefined;
  return `arn:${env.partition}:iam::${env.account}:${type === 'AWS::IAM::Role' ? 'role' : 'user'}/${r.target.node.path}`;
}

export function strOf(_ctx: BuildContext, value: unknown, env: Env): string | undefined {
  const s = flattenString(value, env);
  return s === undefined || hasSentinel(s) ? undefined : s;
}
