/**
 * Small queries over the capability tables. The rules ask these; the tables stay data.
 * Not part of the jsii API.
 */
import { OPT_IN_REGIONS, OPT_IN_TYPE_LIMITS, PARTITIONS, type PartitionCapability } from './region-capabilities';
import { RESOURCE_CAPABILITIES, type CopyCapabilities, type CopySupport, type ResourceCapability } from './resource-capabilities';
import type { CheckModel, CheckOptions, CopyRoute, Env, OrgSettingModel, ResourceModel, ResourceTypeId } from '../model/types';

/** The row of a resource type. */
export function capabilityOf(type: ResourceTypeId): ResourceCapability {
  return RESOURCE_CAPABILITIES[type];
}

/**
 * What the checks know about AWS Backup advanced DynamoDB features in an account and Region:
 * - `on`: declared with `dynamoDbAdvancedFeatures: true`, or a `DynamoDbAdvancedBackupSetting` in the
 *   app for that account and Region (a setting whose account or Region is unknown, in an env-agnostic
 *   stack, counts for every account or Region: the benefit of the doubt);
 * - `off`: `dynamoDbAdvancedFeatures: false` set explicitly, or external facts say they are off in that
 *   account and Region (`OrgSettingModel.off`), and no such setting;
 * - `undeclared`: neither. AWS turns the features on by default for customers who created no backup
 *   vault before November 21, 2021 (facts §4.4), so synth cannot know.
 */
export type DynamoDbAdvancedState = 'on' | 'off' | 'undeclared';

/** The {@link DynamoDbAdvancedState} of `env`. */
export function dynamoDbAdvancedState(env: Env, options: CheckOptions, settings: readonly OrgSettingModel[]): DynamoDbAdvancedState {
  if (options.dynamoDbAdvancedFeatures === true) return 'on';
  if (settings.some((s) => s.kind === 'dynamodb-advanced' && !s.off && settingCovers(s, env))) return 'on';
  if (options.dynamoDbAdvancedFeatures === false) return 'off';
  return offSetting('dynamodb-advanced', env, settings) ? 'off' : 'undeclared';
}

/**
 * The external fact that says a setting is off for exactly `env` (its account and Region known and
 * equal; for `resource-type-opt-in`, naming `resourceType`), if any.
 */
export function offSetting(
  kind: OrgSettingModel['kind'],
  env: Env,
  settings: readonly OrgSettingModel[],
  resourceType?: string,
): OrgSettingModel | undefined {
  return settings.find((s) => s.kind === kind && s.off === true
    && s.env.account !== undefined && s.env.account === env.account
    && (kind === 'cross-account-backup' || (s.env.region !== undefined && s.env.region === env.region))
    && (resourceType === undefined || (s.resourceTypes ?? []).includes(resourceType)));
}

/**
 * True when AWS Backup advanced DynamoDB features are declared on for `env` (see
 * {@link dynamoDbAdvancedState}).
 */
export function dynamoDbAdvancedEnabled(env: Env, options: CheckOptions, settings: readonly OrgSettingModel[]): boolean {
  return dynamoDbAdvancedState(env, options, settings) === 'on';
}

/** True when a setting deployed to `setting.env` applies to `env` (unknown parts match everything). */
function settingCovers(setting: OrgSettingModel, env: Env): boolean {
  return (setting.env.account === undefined || env.account === undefined || setting.env.account === env.account)
    && (setting.env.region === undefined || env.region === undefined || setting.env.region === env.region);
}

/**
 * True when the Region's service opt-in for `backupResourceType` (`Aurora`, `Neptune`, ...) is
 * declared for `env`: listed in `optedInResourceTypes`, or set by a `ResourceTypeOptInSetting` in the
 * app for that account and Region (env-agnostic settings count everywhere, as for DynamoDB).
 */
export function serviceOptInDeclared(
  backupResourceType: string,
  env: Env,
  options: CheckOptions,
  settings: readonly OrgSettingModel[],
): boolean {
  if (options.optedInResourceTypes?.includes(backupResourceType)) return true;
  return settings.some((s) => s.kind === 'resource-type-opt-in' && !s.off && (s.resourceTypes ?? []).includes(backupResourceType) && settingCovers(s, env));
}

/** Every AWS Backup ResourceType string the capability table documents, sorted. */
export function backupResourceTypeNames(): string[] {
  const names = new Set<string>();
  for (const row of Object.values(RESOURCE_CAPABILITIES)) if (row.backupResourceType) names.add(row.backupResourceType);
  return [...names].sort();
}

/**
 * The entries of `names` that are not AWS Backup ResourceType strings, each with the documented name
 * it differs from only in case, if any (`aurora` → `Aurora`).
 */
export function unknownBackupResourceTypes(names: readonly string[]): Array<{ name: string; suggestion?: string }> {
  const known = backupResourceTypeNames();
  return names.filter((n) => !known.includes(n))
    .map((name) => ({ name, suggestion: known.find((k) => k.toLowerCase() === name.toLowerCase()) }));
}

/**
 * The account and Region a resource is backed up in: its own, else the plan's (`fallback`).
 */
export function backupEnvOf(resource: ResourceModel, fallback?: Env): Env {
  return {
    account: resource.env.account ?? fallback?.account,
    region: resource.env.region ?? fallback?.region,
    partition: resource.env.partition ?? fallback?.partition,
  };
}

/**
 * The copy capabilities that apply to this resource: its type's row, with DynamoDB's advanced
 * features applied unless they are declared off for the resource's account and Region.
 */
export function effectiveCapabilities(
  resource: ResourceModel,
  options: CheckOptions,
  model: Pick<CheckModel, 'settings'>,
  fallbackEnv?: Env,
): CopyCapabilities {
  const row = capabilityOf(resource.type);
  // Undeclared counts as on here: the copy can only work with advanced features, CAB-DDB-ADVANCED (or
  // CAB-RESOURCE) warns that they are not declared, and the other rules judge the copy as it would run.
  if (row.withAdvancedFeatures && dynamoDbAdvancedState(backupEnvOf(resource, fallbackEnv), options, model.settings) !== 'off') {
    return row.withAdvancedFeatures;
  }
  return row;
}

/**
 * True when copies of the type are encrypted with the vault key, never the resource's own key: fully
 * managed types, and DynamoDB (fully managed with advanced features; without them it cannot be copied).
 */
export function vaultKeyed(type: ResourceTypeId): boolean {
  const row = capabilityOf(type);
  return row.fullyManaged || row.withAdvancedFeatures?.fullyManaged === true;
}

/**
 * True when AWS Backup fully manages the resource's backups (encrypted with the vault key, not the
 * resource key). DynamoDB is fully managed only with advanced features.
 */
export function isFullyManaged(
  resource: ResourceModel,
  options: CheckOptions,
  model: Pick<CheckModel, 'settings'>,
  fallbackEnv?: Env,
): boolean {
  return effectiveCapabilities(resource, options, model, fallbackEnv).fullyManaged;
}

/**
 * Whether the type supports any copy action at all, even same-account and same-Region to another
 * vault. Facts S-COPY: "copy operations for that resource type are not supported in any scenario"
 * when the type supports neither cross-Region nor cross-account copy.
 */
export function anyCopySupport(caps: CopyCapabilities): CopySupport {
  if (caps.crossRegionCopy === 'unsupported' && caps.crossAccountCopy === 'unsupported') return 'unsupported';
  if (caps.crossRegionCopy === 'supported' || caps.crossAccountCopy === 'supported') return 'supported';
  return 'uncertain';
}

/** Why a copy is not (or may not be) possible for a type. */
export type CopyBlocker = 'any-copy' | 'cross-region' | 'cross-account' | 'single-action';

export interface CopyVerdict {
  readonly support: CopySupport;
  /** Set when `support` is not `supported`. */
  readonly blocker?: CopyBlocker;
}

/**
 * Can a copy with these properties be made? `crossRegion` / `crossAccount` undefined means unknown:
 * only the checks that do not depend on them apply. The legacy single-action restriction
 * (`legacy-unsupported`) is not judged here: it is its own rule.
 */
export function copyVerdict(caps: CopyCapabilities, crossRegion: boolean | undefined, crossAccount: boolean | undefined): CopyVerdict {
  const any = anyCopySupport(caps);
  if (any === 'unsupported') return { support: 'unsupported', blocker: 'any-copy' };
  if (crossRegion === true && caps.crossRegionCopy === 'unsupported') return { support: 'unsupported', blocker: 'cross-region' };
  if (crossAccount === true && caps.crossAccountCopy === 'unsupported') return { support: 'unsupported', blocker: 'cross-account' };
  if (crossRegion === true && crossAccount === true && caps.singleActionCrossRegionCrossAccount === 'unsupported') {
    return { support: 'unsupported', blocker: 'single-action' };
  }
  if (any === 'uncertain') return { support: 'uncertain', blocker: 'any-copy' };
  if (crossRegion === true && caps.crossRegionCopy === 'uncertain') return { support: 'uncertain', blocker: 'cross-region' };
  if (crossAccount === true && caps.crossAccountCopy === 'uncertain') return { support: 'uncertain', blocker: 'cross-account' };
  return { support: 'supported' };
}

/** The partition of a Region code (`cn-north-1` → `aws-cn`); undefined when the Region is unknown. */
export function partitionOfRegion(region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  const hit = PARTITIONS.find((p) => p.regionPrefixes.some((prefix) => region.startsWith(prefix)));
  return hit ? hit.partition : 'aws';
}

/** The partition of an environment: its own, else derived from its Region. */
export function partitionOf(env: Env): string | undefined {
  return env.partition ?? partitionOfRegion(env.region);
}

/** The partition row, when the partition is known to the table. */
export function partitionCapability(partition: string | undefined): PartitionCapability | undefined {
  return PARTITIONS.find((p) => p.partition === partition);
}

/** True when the Region is an opt-in Region. */
export function isOptInRegion(region: string | undefined): boolean {
  return region !== undefined && OPT_IN_REGIONS.some((r) => r.region === region);
}

/** A route-level limit of partitions and Regions. */
export interface RegionProblem {
  readonly kind: 'cross-partition' | 'cross-account-unsupported' | 'cross-region-outside-group';
  readonly sourcePartition: string;
  readonly destinationPartition: string;
  /** The partition row whose limit applies. */
  readonly partition?: PartitionCapability;
}

/**
 * Partition and Region limits of a copy from `source` to `destination` that hold for every resource
 * type: copies never cross partitions; China allows no cross-account copy; China and GovCloud copy
 * across Regions only between their own two Regions. Undefined when no limit applies or the
 * environments are not known well enough.
 */
export function regionProblem(source: Env, destination: Env, crossAccount: boolean | undefined): RegionProblem | undefined {
  const sp = partitionOf(source);
  const dp = partitionOf(destination);
  if (sp === undefined || dp === undefined) return undefined;
  if (sp !== dp) return { kind: 'cross-partition', sourcePartition: sp, destinationPartition: dp };
  const row = partitionCapability(sp);
  if (!row) return undefined;
  if (crossAccount === true && row.crossAccountCopy === 'unsupported') {
    return { kind: 'cross-account-unsupported', sourcePartition: sp, destinationPartition: dp, partition: row };
  }
  const allowed = row.crossRegionCopyRegions;
  if (
    allowed &&
    source.region !== undefined &&
    destination.region !== undefined &&
    source.region !== destination.region &&
    !(allowed.includes(source.region) && allowed.includes(destination.region))
  ) {
    return { kind: 'cross-region-outside-group', sourcePartition: sp, destinationPartition: dp, partition: row };
  }
  return undefined;
}

/** A per-type limit of opt-in Regions that a copy runs into. */
export interface OptInProblem {
  readonly kind: 'cross-account' | 'cross-region';
  /** The opt-in Region that triggers it. */
  readonly region: string;
}

/**
 * The opt-in Region limit a copy of `type` from `sourceRegion` to `destinationRegion` runs into,
 * if any. A limit applies when either end is an opt-in Region.
 */
export function optInProblem(
  type: ResourceTypeId,
  sourceRegion: string | undefined,
  destinationRegion: string | undefined,
  crossRegion: boolean | undefined,
  crossAccount: boolean | undefined,
): OptInProblem | undefined {
  const limit = OPT_IN_TYPE_LIMITS.find((l) => l.type === type);
  if (!limit) return undefined;
  const optInEnds = [sourceRegion, destinationRegion].filter((r): r is string => isOptInRegion(r));
  if (optInEnds.length === 0) return undefined;
  if (crossAccount === true && limit.crossAccountCopy === 'unsupported') return { kind: 'cross-account', region: optInEnds[0] };
  if (crossRegion === true && limit.crossRegionCopy === 'unsupported') {
    const blocked = optInEnds.find((r) => !(limit.crossRegionCopyExceptRegions ?? []).includes(r));
    if (blocked) return { kind: 'cross-region', region: blocked };
  }
  return undefined;
}

/**
 * True when a copy of `resource` along `route` cannot work whatever its keys and policies: the type
 * cannot be copied that way (including DynamoDB without advanced features across accounts), or a
 * partition or opt-in Region limit applies. The key and policy rules skip such resources: the
 * problem is reported once, by the rule about the type or Region, whose fix comes first.
 */
export function copyBlocked(
  resource: ResourceModel,
  route: Pick<CopyRoute, 'crossAccount' | 'crossRegion' | 'source' | 'destination'>,
  options: CheckOptions,
  model: Pick<CheckModel, 'settings'>,
): boolean {
  const caps = effectiveCapabilities(resource, options, model, route.source.env);
  if (copyVerdict(caps, route.crossRegion, route.crossAccount).support === 'unsupported') return true;
  if (regionProblem(route.source.env, route.destination.env, route.crossAccount)) return true;
  const sourceRegion = backupEnvOf(resource, route.source.env).region;
  return optInProblem(resource.type, sourceRegion, route.destination.env.region, route.crossRegion, route.crossAccount) !== undefined;
}
