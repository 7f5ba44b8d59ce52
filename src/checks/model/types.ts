/**
 * The model the rules see: copy routes, not constructs.
 *
 * Built once per synth from the construct tree (see `build-from-constructs.ts`).
 * Rules never import aws-cdk-lib classes; they only read these plain objects, so every
 * rule is a small pure function that is tested with a hand-built model.
 *
 * Convention: a value synth cannot know (env-agnostic stack, unresolved token, a resource
 * outside the app) is `undefined`, never a guess. Rules stay silent on `undefined` and the
 * builder records an {@link Unverifiable} entry instead, which becomes a CAB-UNVERIFIABLE warning.
 *
 * Not part of the jsii API (not exported from `src/index.ts`).
 */
import type { FactOrigin, FactsDocument } from '../../facts/types';

/** Where something lives. Each field is undefined when synth cannot know it. */
export interface Env {
  /** 12-digit account id. */
  readonly account?: string;
  /** Region code, e.g. `eu-west-1`. */
  readonly region?: string;
  /** `aws`, `aws-cn`, `aws-us-gov`, ... */
  readonly partition?: string;
}

/** IAM policy JSON as it will be deployed (resolved; unresolvable parts stay CFN intrinsics). */
export interface PolicyDocumentJson {
  readonly Version?: string;
  readonly Statement: PolicyStatementJson[];
  /**
   * What could not be read (see `checks/policy/normalize.ts`): malformed JSON, a statement that is an
   * `Fn::If`, ... A policy with unreadable parts is judged unknown, never allowed or refused.
   */
  readonly unreadable?: string[];
}

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/**
 * How a key is known.
 * - `customer-managed`: an `AWS::KMS::Key` defined in this app; `policy` is its key policy.
 * - `aws-managed`: an explicit `alias/aws/<service>` (id or alias ARN); `alias` says which.
 * - `service-default`: encryption switched on with no key: the service's AWS-managed key (aws/rds, aws/ebs, ...).
 * - `account-default`: EBS without a key: the account's EBS default key, which may be a CMK (unknowable).
 * - `aws-owned`: an AWS owned key (DynamoDB default encryption).
 * - `external`: a key ARN or id that is not defined in this app (imported): kind and policy unknown.
 * - `unresolved`: a token that cannot be resolved at synth time.
 */
export type KeyKind =
  | 'customer-managed'
  | 'aws-managed'
  | 'service-default'
  | 'account-default'
  | 'aws-owned'
  | 'external'
  | 'unresolved';

export interface KeyModel {
  readonly kind: KeyKind;
  /** What the template names: key ARN, alias, key id, or `Fn::GetAtt`/`Ref` of the key in the app, rendered as text. */
  readonly reference: string;
  /** For AWS managed and service-default keys: `aws/rds`, `aws/ebs`, `aws/backup`, ... */
  readonly alias?: string;
  /** Construct path of the `AWS::KMS::Key` (customer-managed keys in this app). */
  readonly constructPath?: string;
  readonly env: Env;
  /** The resolved key policy (customer-managed keys in this app, or described by an external fact). */
  readonly policy?: PolicyDocumentJson;
  /** Set for a key outside the app that an external fact describes (`apply-facts.ts`). */
  readonly described?: FactOriginModel;
}

export interface VaultModel {
  /** Stable id: the construct path for a vault in this app, else its ARN (or the text of the token). */
  readonly id: string;
  /** True when the `AWS::Backup::BackupVault` is defined in this app (its key and policy are known). */
  readonly inApp: boolean;
  /** Construct path of the vault (in-app) or of the imported `IBackupVault` object, when there is one. */
  readonly constructPath?: string;
  /** Vault name, when known. */
  readonly name?: string;
  /** Vault ARN, when known. */
  readonly arn?: string;
  readonly env: Env;
  /**
   * The vault's encryption key. For an in-app vault, `undefined` means no `EncryptionKeyArn`:
   * AWS Backup uses the AWS managed `aws/backup` key. For a vault outside the app it is always undefined
   * (unknown), see `inApp`.
   */
  readonly key?: KeyModel;
  /** The resolved access policy (in-app vaults that have one). */
  readonly accessPolicy?: PolicyDocumentJson;
  /**
   * Vault Lock retention bounds (in-app vaults): `LockConfiguration` of a backup vault, the required
   * `MinRetentionDays`/`MaxRetentionDays` of a logically air-gapped vault. Undefined: no lock.
   */
  readonly lock?: VaultLockModel;
  /** True for a logically air-gapped vault (`AWS::Backup::LogicallyAirGappedBackupVault`). */
  readonly airGapped?: boolean;
  /**
   * Set for a vault outside the app that an external fact describes (`apply-facts.ts`): its access
   * policy (undefined: it has none), key and lock are then known as for an in-app vault.
   */
  readonly described?: FactOriginModel;
}

/** Where and when an external fact was read (see `src/facts/types.ts`). */
export interface FactOriginModel {
  /** `lookup`, `report` or `file`. */
  readonly source: string;
  readonly account?: string;
  readonly region?: string;
  /** ISO-8601. */
  readonly readAt: string;
  /** The facts file. */
  readonly location?: string;
}

/** True when the vault's access policy, key and lock are known: defined in the app, or described by an external fact. */
export function vaultKnown(vault: VaultModel): boolean {
  return vault.inApp || vault.described !== undefined;
}

/** The retention range a locked vault accepts (read by `read-air-gapped-vaults.ts`). */
export interface VaultLockModel {
  readonly minRetentionDays?: number;
  readonly maxRetentionDays?: number;
  /** The bounds synth cannot know (tokens), by CloudFormation name, e.g. `MinRetentionDays`. */
  readonly unresolved?: readonly string[];
}

/**
 * How long a copy (or a backup) is kept, as AWS Backup applies it: the copy action's `Lifecycle`
 * when it has one, else the rule's (facts §3.6).
 */
export interface RetentionModel {
  /** Days until deletion; undefined: never deleted (unless `unresolved`). */
  readonly deleteAfterDays?: number;
  /** Whose lifecycle applies. */
  readonly from: 'copy-action' | 'rule';
  /** True when `DeleteAfterDays` cannot be resolved at synth time (then `deleteAfterDays` is undefined). */
  readonly unresolved?: boolean;
}

/** A plan rule whose primary target is a logically air-gapped vault (`TargetLogicallyAirGappedBackupVaultArn`). */
export interface PrimaryAirGappedTarget {
  /** Construct path of the backup plan. */
  readonly planPath: string;
  readonly ruleName: string;
  /** The plan's environment (where the backups are made). */
  readonly env: Env;
  readonly vault: VaultModel;
  /** The rule's retention. */
  readonly retention: RetentionModel;
}

/**
 * Resource types as the capability table knows them (`capabilities/`).
 * AWS Backup's own ResourceType strings where one exists, plus the distinctions copy rules need.
 */
export type ResourceTypeId =
  | 'EC2'
  | 'EBS'
  | 'S3'
  | 'EFS'
  | 'DynamoDB'
  | 'RDS'
  | 'RDS-MultiAZCluster'
  | 'Aurora'
  | 'DocumentDB'
  | 'Neptune'
  /** An `arn:aws:rds:…:cluster:…` outside the app: Aurora, DocumentDB, Neptune or an RDS Multi-AZ cluster. */
  | 'RDSFamilyCluster'
  | 'AuroraDSQL'
  | 'FSx'
  | 'FSx-ONTAP'
  | 'StorageGateway'
  | 'Redshift'
  | 'RedshiftServerless'
  | 'Timestream'
  | 'SAPHANA'
  | 'VirtualMachine'
  | 'CloudFormation'
  | 'EKS';

/** One tag as it will land on the recovery point. */
export interface TagModel {
  readonly key: string;
  /** Undefined when the value is a token that cannot be resolved at synth time. */
  readonly value?: string;
  /** Where the tag comes from. */
  readonly source: 'resource' | 'recovery-point-tags';
}

export interface ResourceModel {
  /** Stable id: construct path of the L1 for in-app resources, else the ARN (pattern). */
  readonly id: string;
  readonly type: ResourceTypeId;
  /** True when the resource is defined in this app. */
  readonly inApp: boolean;
  /**
   * Construct path findings attach to: the L2 when the L1 is its default child (`Resource`),
   * else the L1 itself.
   */
  readonly constructPath?: string;
  /** CloudFormation type, e.g. `AWS::RDS::DBInstance`. */
  readonly cfnType?: string;
  /** Resource ARN or ARN pattern (from the selection), when known. */
  readonly arn?: string;
  readonly env: Env;
  /** True: encrypted; false: not encrypted; undefined: cannot be known at synth time. */
  readonly encrypted?: boolean;
  /** The key that encrypts the resource (only when `encrypted` is true or unknown). */
  readonly key?: KeyModel;
  /** The resource's tags as synthesized (including `Tags.of(...)`). Empty for resources outside the app. */
  readonly tags: TagModel[];
  /** How the selection picked it, for messages: `construct`, `arn arn:aws:rds:*:*:db:*`, `tag backup=daily`. */
  readonly selectedBy: string[];
}

export interface SelectionModel {
  readonly constructPath: string;
  readonly resources: ResourceModel[];
  /** Entries that may match resources outside this app (ARNs, wildcards, tag conditions): not checked. */
  readonly unresolvedEntries: string[];
}

/** One copy action of one plan rule: everything the rules need to judge it. */
export interface CopyRoute {
  /** Stable, readable id: `<plan path>/<rule name> -> <destination vault id>`. */
  readonly id: string;
  /** Construct path of the backup plan (L2 when it is the L1's parent). */
  readonly planPath: string;
  readonly planName?: string;
  readonly ruleName: string;
  /** The source: the plan's stack environment and the rule's target vault. */
  readonly source: { readonly env: Env; readonly vault: VaultModel };
  readonly destination: VaultModel;
  /** The copy action's lifecycle, when set (otherwise the rule's lifecycle applies). */
  readonly copyLifecycle?: { readonly deleteAfterDays?: number; readonly moveToColdStorageAfterDays?: number };
  /** The rule's own lifecycle. */
  readonly ruleLifecycle?: { readonly deleteAfterDays?: number; readonly moveToColdStorageAfterDays?: number };
  /** How long the copy is kept (copy lifecycle, else the rule's). Undefined in hand-built models: not checked. */
  readonly retention?: RetentionModel;
  readonly continuousBackup: boolean;
  /**
   * When the rule backs up. Undefined when synth cannot resolve the schedule (a token), and in
   * hand-built models that do not say.
   */
  readonly schedule?: ScheduleModel;
  /** The rule's `RecoveryPointTags`. */
  readonly recoveryPointTags: TagModel[];
  /** The plan's selections and what they select (in-app resources and ARN patterns). */
  readonly selections: SelectionModel[];
  /** All resources of all selections, deduplicated by id. */
  readonly resources: ResourceModel[];
  /** Source and destination accounts differ (undefined: unknown). */
  readonly crossAccount?: boolean;
  /** Source and destination regions differ (undefined: unknown). */
  readonly crossRegion?: boolean;
  /** Set when the route comes from an Organizations backup policy (see `read-backup-policies.ts`). */
  readonly policy?: PolicyRouteOrigin;
}

/**
 * A plan rule's schedule as AWS Backup runs it: `ScheduleExpression`, or AWS Backup's default
 * `cron(0 5 ? * * *)` when it has none ("When no CRON expression is provided, AWS Backup will use
 * the default expression", BackupRuleInput), in `ScheduleExpressionTimezone` (default UTC).
 */
export interface ScheduleModel {
  readonly expression: string;
  readonly timezone: string;
  /** True when the rule has no `ScheduleExpression` (AWS Backup's default applies). */
  readonly defaulted?: boolean;
}

/** Where a policy-derived copy route comes from. */
export interface PolicyRouteOrigin {
  /** Construct path of the `AWS::Organizations::Policy` (the L2 when it has one). */
  readonly policyPath: string;
  /** The policy name (`Name`), or its path. */
  readonly policyName: string;
  /** The target id (`r-…`, `ou-…`, account id) through which the account receives the policy. */
  readonly targetId: string;
  /** The OU of `organizationalUnits` through which the account receives the policy, when it is one. */
  readonly organizationalUnit?: string;
  /** The account and Region AWS Backup runs the plan in. */
  readonly account: string;
  readonly region: string;
}

/** Organization settings declared with this library's constructs. */
export interface OrgSettingModel {
  readonly kind: 'cross-account-backup' | 'dynamodb-advanced' | 'resource-type-opt-in';
  readonly constructPath: string;
  readonly env: Env;
  /** `resource-type-opt-in`: the AWS Backup resource types it opts in (`Aurora`, `Neptune`, ...), or, with `off`, opts out. */
  readonly resourceTypes?: readonly string[];
  /**
   * True when external facts say the setting is off in this account (and Region). No construct turns a
   * setting off, so only a fact sets this; the rules judge it as a declared "off".
   */
  readonly off?: boolean;
}

/**
 * A kind of fact synth could not know. The model names what is unknown, never a rule: each rule's
 * definition lists the facts it needs (`RuleDefinition.skipsWhenUnknown`), and CAB-UNVERIFIABLE names
 * the checks that were skipped. What each means: {@link UNKNOWN_FACTS}.
 */
export type UnknownFact =
  | 'backup-plan'
  | 'environment'
  | 'organization'
  | 'selected-resources'
  | 'resource-key'
  | 'resource-tags'
  | 'vault-key'
  | 'vault-region'
  | 'key-policy'
  | 'vault-access-policy'
  | 'vault-retention';

/**
 * Every {@link UnknownFact}, with what it means: the values the report's `unknownFacts` and a
 * CAB-UNVERIFIABLE finding's `details.unknownFacts` may hold (`docs/report-schema.md` lists them; a
 * test keeps the two in step). A `Record` over the union, so a new kind of fact cannot go undocumented.
 */
export const UNKNOWN_FACTS: Readonly<Record<UnknownFact, string>> = {
  'backup-plan': 'the rules of a backup plan (or the plans of a backup policy): everything about its copies',
  'environment': "the account or Region of a copy's source or destination",
  'organization': "the organization the checks' options declare",
  'selected-resources': 'which resources a backup selection picks',
  'resource-key': 'whether a resource is encrypted, and with which key',
  'resource-tags': 'the tags of a resource',
  'vault-key': 'the encryption key of a vault',
  'vault-region': 'the Region of a logically air-gapped vault',
  'key-policy': 'what a key policy allows',
  'vault-access-policy': 'what a vault access policy allows',
  'vault-retention': "a vault's retention range (Vault Lock, air-gapped retention) or a copy's retention",
};

/** Something the builder could not check, with the reason. Becomes a CAB-UNVERIFIABLE warning. */
export interface Unverifiable {
  /** Construct the warning attaches to. */
  readonly constructPath: string;
  /** What was not checked, e.g. `the key policy of imported key arn:aws:kms:...`. */
  readonly subject: string;
  /** Why, e.g. `the key is not defined in this app`. */
  readonly reason: string;
  /** The facts that are unknown (the checks that need them are skipped). */
  readonly unknown: readonly UnknownFact[];
  /**
   * The resource types the unknown concerns, when it concerns only these (a route that copies only
   * them): checks that cannot apply to any of them are not skipped. Undefined: any type.
   */
  readonly types?: readonly ResourceTypeId[];
  readonly routeId?: string;
  /** The ARN of the vault or key outside the app the note is about, when it has one (external facts may cover it). */
  readonly about?: string;
}

/**
 * The ARN the note is about, when `about` is one: what external facts are keyed by (a key outside the
 * app named by key id or alias has none). The report's `externalArn` and CAB-UNVERIFIABLE's `externalArns`.
 */
export function externalArnOf(u: Pick<Unverifiable, 'about'>): string | undefined {
  return u.about?.startsWith('arn:') ? u.about : undefined;
}

export interface CheckModel {
  readonly routes: CopyRoute[];
  readonly settings: OrgSettingModel[];
  readonly unverifiable: Unverifiable[];
  /** Every vault the routes touch, by id (for reports). */
  readonly vaults: VaultModel[];
  /** Every customer-managed key in the app (for reports). */
  readonly keys: KeyModel[];
  /** Every `AWS::Backup::BackupVault` of the app, whether a route touches it or not (for the report's exports). */
  readonly inAppVaults?: VaultModel[];
  /** Plan rules that back up straight into a logically air-gapped vault. */
  readonly primaryAirGappedTargets?: PrimaryAirGappedTarget[];
  /**
   * The effective tag policy of each account that external facts describe and a cross-account copy
   * lands in, by account id (absent: no fact, or no tag policy applies). Not set when the options
   * declare a `tagPolicy`, which wins.
   */
  readonly accountTagPolicies?: ReadonlyMap<string, TagPolicyEvaluator>;
  /** The SSM parameter facts that resolved a vault or key ARN of the app (for the age check of `apply-facts.ts`). */
  readonly ssmFactsUsed?: SsmFactUse[];
}

/** An SSM parameter fact the model used: the parameter, where and when it was read, and the parameter's construct. */
export interface SsmFactUse {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly origin: FactOrigin;
  readonly constructPath: string;
}

/** A tag that a tag policy rejects or flags. Produced by a {@link TagPolicyEvaluator}. */
export interface TagPolicyViolation {
  /** The tag key as written on the resource. */
  readonly tagKey: string;
  readonly tagValue?: string;
  /** The policy's key with its required capitalization (`tag_key`). */
  readonly policyKey: string;
  /** The allowed values (`tag_value`), when the policy restricts them. */
  readonly allowedValues?: string[];
  /** `key-casing`: capitalization differs; `value`: value not allowed; `unresolved`: value is a token. */
  readonly reason: 'key-casing' | 'value' | 'unresolved';
  /** True when the policy enforces compliance for the resource type (`enforced_for`). */
  readonly enforced: boolean;
}

/** What the CAB-TAG-POLICY rule needs of a tag policy (implemented by the public `TagPolicy`). */
export interface TagPolicyEvaluator {
  /** Evaluate tags that will land on a resource of `resourceType` (e.g. `backup:recovery-point`). */
  evaluateTags(tags: TagModel[], resourceType: string): TagPolicyViolation[];
}

/** The options the rules read (from `CrossAccountCopyChecksProps`). */
export interface CheckOptions {
  readonly organizationId?: string;
  readonly organizationAccounts?: string[];
  readonly dynamoDbAdvancedFeatures?: boolean;
  readonly allowSingleActionCrossRegionCrossAccount?: boolean;
  readonly tagPolicy?: TagPolicyEvaluator;
  /** The organization's management account (12 digits), where `CrossAccountBackupSetting` must be deployed. */
  readonly managementAccount?: string;
  /** The accounts under each OU (for the targets of backup policies). */
  readonly organizationalUnits?: ReadonlyArray<{ readonly id: string; readonly accounts: readonly string[] }>;
  /** AWS Backup resource types whose service opt-in is on in every account and Region (`Aurora`, ...). */
  readonly optedInResourceTypes?: readonly string[];
  /** Report a source vault key of fully managed types that does not trust the destination as an error. */
  readonly requireSourceVaultKeyTrust?: boolean;
  /** External facts (`ExternalFacts`), applied by `apply-facts.ts`. */
  readonly facts?: readonly FactsDocument[];
  /** Facts older than this many days give a CAB-UNVERIFIABLE warning (default 30). */
  readonly maxFactAgeDays?: number;
  /** The clock the age check reads (tests inject one); default: the current time. */
  readonly clock?: () => Date;
}
