/**
 * The external-facts file format (`docs/external-facts.schema.json`, documented in `docs/facts.md`):
 * what is known about things outside the app (vaults, keys, the organization, account settings),
 * each fact with where and when it was read. Plain data; not part of the jsii API (the public type is
 * `ExternalFacts`).
 *
 * Versioned with semantic versioning in `formatVersion`: a minor version only adds optional fields;
 * a reader accepts every minor version of its major version and rejects other majors.
 */

/** The format version this library writes and reads. */
export const FACTS_FORMAT_VERSION = '1.1.0';

/** How a fact was obtained. */
export type FactSource = 'lookup' | 'report' | 'file';

/** Where and when a fact was read. */
export interface FactOrigin {
  /** `lookup`: read from AWS by `cdk-cross-account-backup lookup`; `report`: another app's report; `file`: written by hand. */
  readonly source: FactSource;
  /** The account the fact was read in (or describes), when known. */
  readonly account?: string;
  /** The Region the fact was read in, when it has one. */
  readonly region?: string;
  /** ISO-8601 time the fact was read (for a report: the report's `generatedAt`, else the file's modification time). */
  readonly readAt: string;
  /** The file or cloud assembly the fact came from, when it came from one. */
  readonly location?: string;
}

/** A backup vault outside the app. */
export interface VaultFact {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /**
   * The vault access policy (a policy document object). `null`: the vault has none.
   * Absent: not known (not read, or unreadable).
   */
  readonly accessPolicy?: unknown;
  /** The ARN of the vault's encryption key (`EncryptionKeyArn`), when known. */
  readonly encryptionKeyArn?: string;
  /**
   * The key as the vault's own app describes it, when its ARN is not known (a report: the key is defined
   * in that app, its ARN exists only after a deploy). `reference` names it (a construct path).
   */
  readonly encryptionKey?: { readonly keyManager?: 'AWS' | 'CUSTOMER'; readonly policy?: unknown; readonly reference?: string };
  /** Vault Lock retention bounds; absent when the vault has no lock. */
  readonly lock?: { readonly minRetentionDays?: number; readonly maxRetentionDays?: number };
  /** True for a logically air-gapped vault. */
  readonly airGapped?: boolean;
  readonly origin: FactOrigin;
}

/** A KMS key outside the app. */
export interface KeyFact {
  /** The key ARN (`arn:…:kms:<region>:<account>:key/<id>`). */
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  /** `AWS` (an AWS managed key) or `CUSTOMER`, from `DescribeKey`; absent when not known. */
  readonly keyManager?: 'AWS' | 'CUSTOMER';
  /** `Enabled`, `Disabled`, `PendingDeletion`, ... from `DescribeKey`; absent when not known. */
  readonly keyState?: string;
  /** The key policy (a policy document object); absent when not known. */
  readonly policy?: unknown;
  readonly origin: FactOrigin;
}

/** The organization the accounts belong to. */
export interface OrganizationFact {
  readonly id: string;
  readonly managementAccount?: string;
  /** Every member account (12-digit ids). */
  readonly accounts: readonly string[];
  /** Each OU with the accounts directly or indirectly under it. */
  readonly organizationalUnits?: ReadonlyArray<{ readonly id: string; readonly accounts: readonly string[] }>;
  readonly origin: FactOrigin;
}

/** AWS Backup global settings of one (management) account: `DescribeGlobalSettings`. */
export interface GlobalSettingsFact {
  readonly account: string;
  /** `isCrossAccountBackupEnabled`. */
  readonly crossAccountBackup?: boolean;
  readonly origin: FactOrigin;
}

/** AWS Backup Region settings of one account and Region: `DescribeRegionSettings`. */
export interface RegionSettingsFact {
  readonly account: string;
  readonly region: string;
  /** `ResourceTypeOptInPreference`: resource type -> opted in. */
  readonly resourceTypeOptIn?: { readonly [type: string]: boolean };
  /** `ResourceTypeManagementPreference`: resource type -> full AWS Backup management (DynamoDB advanced features). */
  readonly resourceTypeManagement?: { readonly [type: string]: boolean };
  readonly origin: FactOrigin;
}

/** The effective tag policy of one account: `DescribeEffectivePolicy(TAG_POLICY)`. */
export interface TagPolicyFact {
  readonly account: string;
  /** The effective policy's content (a JSON object); `null`: no tag policy applies. */
  readonly policy: unknown;
  readonly origin: FactOrigin;
}

/**
 * The value of an SSM parameter (String) in one account and Region, written by hand (`lookup` does not
 * call `ssm:GetParameter`). Since format 1.1.0. Resolves a vault or key ARN the app reads from the
 * parameter (`StringParameter.valueForStringParameter`, a `AWS::SSM::Parameter::Value<String>` parameter).
 */
export interface SsmParameterFact {
  /** The parameter name (`/backup/central-vault-arn`). */
  readonly name: string;
  readonly value: string;
  readonly account: string;
  readonly region: string;
  readonly origin: FactOrigin;
}

/** A fact that could not be read: never a silent gap. */
export interface UnreadableFact {
  /** The IAM action of the call that failed, e.g. `kms:GetKeyPolicy`. */
  readonly call: string;
  readonly account: string;
  readonly region?: string;
  /** The ARN or name the call was about, when it had one. */
  readonly resource?: string;
  /** The error code AWS returned (`AccessDeniedException`, ...), or `NetworkError`. */
  readonly errorCode: string;
  readonly message?: string;
  readonly readAt: string;
}

/** The document: `external-facts.json`. */
export interface FactsDocument {
  readonly formatVersion: string;
  readonly generator?: { readonly name: string; readonly version: string };
  readonly vaults?: readonly VaultFact[];
  readonly keys?: readonly KeyFact[];
  readonly organization?: OrganizationFact;
  readonly globalSettings?: readonly GlobalSettingsFact[];
  readonly regionSettings?: readonly RegionSettingsFact[];
  readonly tagPolicies?: readonly TagPolicyFact[];
  readonly ssmParameters?: readonly SsmParameterFact[];
  readonly unreadable?: readonly UnreadableFact[];
}
