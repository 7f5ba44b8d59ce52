import {
  Annotations,
  Arn,
  ArnFormat,
  Aws,
  CfnResource,
  Duration,
  Names,
  RemovalPolicy,
  Resource,
  Token,
  aws_backup as backup,
  aws_iam as iam,
  aws_kms as kms,
  aws_ram as ram,
} from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { environmentAwareAttribute } from './private/environment-aware-attribute';
import {
  copyFromAccountsStatement,
  copyFromOrganizationalUnitsStatement,
  copyFromOrganizationStatement,
  accessPolicyValidation,
  refuseOrWarn,
  validateVaultSources,
} from './private/vault-access';
import { KEY_GRANT_ACTIONS, KEY_USE_ACTIONS } from '../checks/policy/copy-permissions';
import { validateAccountId, validateList } from '../private/validate';

const AIR_GAPPED_VAULT_MARKER = Symbol.for('cdk-cross-account-backup.CrossAccountAirGappedVault');

/** AWS's pattern for logically air-gapped vault names (API `CreateLogicallyAirGappedBackupVault`, `BackupVaultName`). */
const AIR_GAPPED_VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;
/** AWS's lower bound of `MinRetentionDays` ("The minimum value accepted is 7 days."). */
const MIN_RETENTION_DAYS = 7;

/** Sids of the statements this construct adds to a customer managed key's policy. */
const KEY_CREATE_SID = 'Allow AWS Backup to create the logically air-gapped vault with this key';
const KEY_SERVICE_ROLE_SID = 'Allow the AWSServiceRoleForBackup of the vault account to use the key';

/**
 * Properties of a `CrossAccountAirGappedVault`. Give at least one of `sourceAccounts`,
 * `sourceOrganizationId` and `sourceOrganizationalUnitPaths`.
 */
export interface CrossAccountAirGappedVaultProps {
  /**
   * The vault name: 2 to 50 letters, digits, `-` and `_` (AWS's pattern for logically air-gapped vaults).
   *
   * @default - a name generated from the construct path, as `backup.BackupVault` does (a literal, so
   * other accounts can refer to the vault)
   */
  readonly backupVaultName?: string;

  /**
   * Accounts allowed to copy recovery points into this vault (12-digit account ids), each through
   * its account root principal. More can be added later with `allowCopyFrom()`.
   *
   * @default - no individual accounts
   */
  readonly sourceAccounts?: string[];

  /**
   * An AWS Organizations organization id (`o-…`): any account of the organization may copy into
   * this vault (principal `*` with `StringEquals aws:PrincipalOrgID`).
   *
   * @default - no organization-wide access
   */
  readonly sourceOrganizationId?: string;

  /**
   * AWS Organizations entity paths of organizational units whose accounts may copy into this vault
   * (principal `*` with `ForAnyValue:StringLike aws:PrincipalOrgPaths`), e.g.
   * `o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/*`. All paths must belong to one organization.
   *
   * @default - no OU-based access
   */
  readonly sourceOrganizationalUnitPaths?: string[];

  /**
   * Keep an access policy statement added with `addToAccessPolicy()` that grants another account an
   * action other than `backup:CopyIntoBackupVault`, with a warning
   * (`cdk-cross-account-backup:otherCrossAccountAction`, acknowledgeable) instead of an error.
   *
   * AWS Backup's cross-account guide says, in its console procedure, that "any cross-account action
   * other than backup:CopyIntoBackupVault will be rejected"; the API reference does not say that
   * `PutBackupVaultAccessPolicy` refuses such a policy. The sources do not agree, so the refusal can
   * be turned off.
   *
   * @default false - such a statement is refused: `addToAccessPolicy()` throws, and synthesis fails for
   * one changed after it was added
   */
  readonly allowOtherCrossAccountActions?: boolean;

  /**
   * The shortest retention a recovery point may have in this vault (`MinRetentionDays`): whole days,
   * at least 7. A copy or backup whose lifecycle keeps it for less is refused ("Copy job failed. The
   * retention specified in the job is not within the range specified for the target Backup Vault.").
   */
  readonly minRetention: Duration;

  /**
   * The longest retention a recovery point may have in this vault (`MaxRetentionDays`): whole days,
   * at least `minRetention`. A copy that never expires, or is kept longer, is refused.
   */
  readonly maxRetention: Duration;

  /**
   * A symmetric customer managed KMS key that encrypts the vault. It can only be chosen when the
   * vault is created and never changed. A key of this app (`kms.Key`) gets the key policy
   * statements the vault creation and the copies need (see the class documentation); an imported
   * key cannot be changed, so the vault warns and lists the statements its policy must have.
   *
   * @default - an AWS owned key (AWS Backup's default for logically air-gapped vaults)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Accounts (12-digit ids) the vault is shared with through AWS RAM, so that they can restore its
   * recovery points (they cannot copy out of it). AWS RAM shares logically air-gapped vaults with
   * individual accounts only, also of other organizations; an organization or OU is refused. Each
   * account must accept the invitation within 12 hours (outside the organization).
   *
   * @default - the vault is not shared
   */
  readonly shareForRestoreWith?: string[];

  /**
   * What happens to the vault when it is removed from the stack. A logically air-gapped vault is
   * always locked in compliance mode: it cannot be deleted while it holds recovery points.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A logically air-gapped backup vault (`AWS::Backup::LogicallyAirGappedBackupVault`) in the central
 * (destination) account that accepts cross-account copies.
 *
 * It is a `backup.IBackupVault`, so it can be named as a `copyActions[].destinationBackupVault` of a
 * `backup.BackupPlan`, also from a stack of another account or Region of the same app: there its ARN
 * renders as a literal `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`, not as a
 * cross-stack export. (As a primary target, `TargetLogicallyAirGappedBackupVaultArn`, the vault must
 * be in the plan's own account and Region; `backup.BackupPlanRule` has no property for it, see
 * docs/air-gapped-vaults.md.)
 *
 * - Access policy: `backup:CopyIntoBackupVault`, and nothing else, for the source accounts,
 *   organization or OUs, exactly as `CrossAccountBackupVault` does.
 * - Retention: `minRetention` and `maxRetention` (the vault is always in Vault Lock compliance mode).
 * - Encryption: an AWS owned key, or `encryptionKey`. A key of this app gets statements for
 *   `kms:CreateGrant` and `kms:DescribeKey` via AWS Backup (`kms:ViaService` `backup.*.amazonaws.com`,
 *   without which the vault goes to state FAILED), and key use plus grants for AWS resources for the
 *   source accounts (their copy roles), for this account's `AWSServiceRoleForBackup` and for the
 *   accounts of `shareForRestoreWith`.
 * - Sharing: `shareForRestoreWith` creates an AWS RAM resource share of the vault to those accounts.
 */
export class CrossAccountAirGappedVault extends Resource implements backup.IBackupVault {
  /**
   * True when `x` is a `CrossAccountAirGappedVault` (works across copies of this library).
   */
  public static isCrossAccountAirGappedVault(x: any): x is CrossAccountAirGappedVault {
    return typeof x === 'object' && x !== null && x[AIR_GAPPED_VAULT_MARKER] === true;
  }

  /** The vault name: a literal where the name is known, for stacks of other environments too. */
  public readonly backupVaultName: string;

  /**
   * The vault ARN: a reference in this vault's environment, a literal ARN in any other environment.
   */
  public readonly backupVaultArn: string;

  /** The shortest retention in whole days (`MinRetentionDays`). */
  public readonly minRetentionDays: number;

  /** The longest retention in whole days (`MaxRetentionDays`). */
  public readonly maxRetentionDays: number;

  /**
   * The key that encrypts the vault.
   *
   * @default - undefined: an AWS owned key
   */
  public readonly encryptionKey?: kms.IKey;

  /** The organization whose accounts may copy into this vault, if one was given. */
  public readonly sourceOrganizationId?: string;

  /**
   * The AWS RAM resource share of the vault to the `shareForRestoreWith` accounts.
   *
   * @default - undefined when the vault is not shared
   */
  public readonly restoreShare?: ram.CfnResourceShare;

  /** The L1 of the vault. */
  public readonly cfnVault: backup.CfnLogicallyAirGappedBackupVault;

  private readonly accessPolicy = new iam.PolicyDocument();
  private readonly _sourceAccounts: string[] = [];
  private readonly _sourceOrganizationalUnitPaths: string[];
  private readonly _restoreAccounts: string[];
  private accountsStatement?: iam.PolicyStatement;
  private accountsKeyStatements?: iam.PolicyStatement[];
  private keyPolicyEditable = false;
  private readonly where: string;
  private readonly allowOtherCrossAccountActions: boolean;

  constructor(scope: Construct, id: string, props: CrossAccountAirGappedVaultProps) {
    super(scope, id);
    Object.defineProperty(this, AIR_GAPPED_VAULT_MARKER, { value: true });
    const where = (this.where = `CrossAccountAirGappedVault '${this.node.path}'`);
    this.allowOtherCrossAccountActions = props.allowOtherCrossAccountActions === true;

    // ---- validate every prop (tokens are left alone) ----
    validateVaultSources(props, where);
    const name = props.backupVaultName ?? uniqueVaultName(this);
    if (!Token.isUnresolved(name) && !AIR_GAPPED_VAULT_NAME.test(name)) {
      throw new Error(
        `${where}: backupVaultName '${name}' is not a valid logically air-gapped vault name. AWS Backup accepts 2 to 50 ` +
          'letters, digits, hyphens and underscores (pattern ^[a-zA-Z0-9\\-\\_]{2,50}$): choose such a name.',
      );
    }
    this.minRetentionDays = wholeDays(props.minRetention, `${where}: minRetention`);
    this.maxRetentionDays = wholeDays(props.maxRetention, `${where}: maxRetention`);
    if (!Token.isUnresolved(this.minRetentionDays) && this.minRetentionDays < MIN_RETENTION_DAYS) {
      throw new Error(
        `${where}: minRetention is ${this.minRetentionDays} days, but the minimum retention of a logically air-gapped vault ` +
          `must be at least ${MIN_RETENTION_DAYS} days (AWS Backup: "The minimum value accepted is 7 days."). Use Duration.days(7) or more.`,
      );
    }
    if (!Token.isUnresolved(this.minRetentionDays) && !Token.isUnresolved(this.maxRetentionDays) && this.minRetentionDays > this.maxRetentionDays) {
      throw new Error(
        `${where}: minRetention (${this.minRetentionDays} days) is longer than maxRetention (${this.maxRetentionDays} days). ` +
          'Give a maxRetention at least as long as minRetention.',
      );
    }
    validateRestoreAccounts(props.shareForRestoreWith, `${where}: shareForRestoreWith`);
    this._restoreAccounts = [...(props.shareForRestoreWith ?? [])];
    if (props.encryptionKey) validateSymmetricKey(props.encryptionKey, `${where}: encryptionKey`);

    // ---- the vault ----
    this.cfnVault = new backup.CfnLogicallyAirGappedBackupVault(this, 'Resource', {
      backupVaultName: name,
      minRetentionDays: this.minRetentionDays,
      maxRetentionDays: this.maxRetentionDays,
      encryptionKeyArn: props.encryptionKey?.keyArn,
      accessPolicy: this.accessPolicy,
    });
    this.cfnVault.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.encryptionKey = props.encryptionKey;

    // ---- key policy (before the sources are added: allowCopyFrom trusts each account on the key) ----
    if (props.encryptionKey) {
      const key = props.encryptionKey;
      const created = key.addToResourcePolicy(new iam.PolicyStatement({
        sid: KEY_CREATE_SID,
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:CreateGrant', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringLike: { 'kms:ViaService': 'backup.*.amazonaws.com' } },
      }), true);
      this.keyPolicyEditable = created.statementAdded;
      if (this.keyPolicyEditable) {
        this.trustOnKey(KEY_SERVICE_ROLE_SID, [new iam.ArnPrincipal(serviceRoleArn())]);
        if (props.sourceOrganizationId !== undefined) {
          this.trustOnKey('Allow the source organization to copy into the vault', [new iam.StarPrincipal()],
            { StringEquals: { 'aws:PrincipalOrgID': [props.sourceOrganizationId] } });
        }
        if ((props.sourceOrganizationalUnitPaths ?? []).length > 0) {
          this.trustOnKey('Allow the source organizational units to copy into the vault', [new iam.StarPrincipal()],
            { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [...props.sourceOrganizationalUnitPaths!] } });
        }
        if (this._restoreAccounts.length > 0) {
          this.trustOnKey('Allow the accounts the vault is shared with to restore',
            this._restoreAccounts.map((a) => new iam.AccountPrincipal(a)));
        }
      } else {
        Annotations.of(this).addWarningV2(
          'cdk-cross-account-backup:airGappedVaultKeyPolicyNotChanged',
          `The encryptionKey ${key.node.path} is not defined in this app, so its key policy cannot be changed. It must allow ` +
            'kms:CreateGrant and kms:DescribeKey via AWS Backup (kms:ViaService backup.*.amazonaws.com) to this account, or the ' +
            `vault goes to state FAILED; and key use (${KEY_USE_ACTIONS.join(', ')}) plus ${KEY_GRANT_ACTIONS.join(', ')} ` +
            'for AWS resources to the source accounts, to this account\'s ' +
            'AWSServiceRoleForBackup and to the accounts the vault is shared with. Check the key policy, then acknowledge this warning.',
        );
      }
    }

    // ---- access policy: backup:CopyIntoBackupVault for the sources, nothing else ----
    for (const account of props.sourceAccounts ?? []) this.allowCopyFrom(account);
    if (props.sourceOrganizationId !== undefined) {
      this.sourceOrganizationId = props.sourceOrganizationId;
      this.accessPolicy.addStatements(copyFromOrganizationStatement(props.sourceOrganizationId));
    }
    this._sourceOrganizationalUnitPaths = [...(props.sourceOrganizationalUnitPaths ?? [])];
    if (this._sourceOrganizationalUnitPaths.length > 0) {
      this.accessPolicy.addStatements(copyFromOrganizationalUnitsStatement(this._sourceOrganizationalUnitPaths));
    }
    this.node.addValidation(accessPolicyValidation(this, this.allowOtherCrossAccountActions, `${where}: access policy`, () => this.accessPolicy.toJSON()));

    // ---- name and ARN that other environments can use (literal), same environment: a reference ----
    this.backupVaultArn = this.cfnVault.attrBackupVaultArn;
    this.backupVaultName = this.cfnVault.ref;
    if (!Token.isUnresolved(name)) {
      const region = this.stack.region;
      const partition = Token.isUnresolved(region) ? undefined : RegionInfo.get(region).partition;
      this.backupVaultArn = environmentAwareAttribute(this.cfnVault.attrBackupVaultArn, this.stack, where, () =>
        this.stack.formatArn({ partition, service: 'backup', resource: 'backup-vault', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
      this.backupVaultName = environmentAwareAttribute(this.cfnVault.ref, this.stack, where, () => name);
    }

    // ---- sharing for restore (AWS RAM) ----
    if (this._restoreAccounts.length > 0) {
      this.restoreShare = new ram.CfnResourceShare(this, 'RestoreShare', {
        name: `${name}-restore`,
        resourceArns: [this.cfnVault.attrBackupVaultArn],
        principals: [...this._restoreAccounts],
        allowExternalPrincipals: true,
      });
    }
  }

  /** A reference to this vault (name and ARN, environment-aware like the fields). */
  public get backupVaultRef(): backup.BackupVaultReference {
    return { backupVaultName: this.backupVaultName, backupVaultArn: this.backupVaultArn };
  }

  /** The accounts allowed to copy into this vault, in the order they were added. */
  public get sourceAccounts(): string[] {
    return [...this._sourceAccounts];
  }

  /** The organizational unit paths whose accounts may copy into this vault. */
  public get sourceOrganizationalUnitPaths(): string[] {
    return [...this._sourceOrganizationalUnitPaths];
  }

  /** The accounts the vault is shared with for restore. */
  public get restoreAccounts(): string[] {
    return [...this._restoreAccounts];
  }

  /**
   * Lets another account copy recovery points into this vault: adds its account root principal to
   * the `backup:CopyIntoBackupVault` statement and, with an `encryptionKey` of this app, trusts the
   * account on the key. Adding an account that is already allowed changes nothing.
   *
   * @param account the 12-digit id of the source account
   */
  public allowCopyFrom(account: string): void {
    validateAccountId(account, `${this.where}: allowCopyFrom()`);
    if (this._sourceAccounts.includes(account)) return;
    this._sourceAccounts.push(account);
    const principal = new iam.AccountPrincipal(account);
    if (this.keyPolicyEditable) {
      if (this.accountsKeyStatements) this.accountsKeyStatements.forEach((st) => st.addPrincipals(principal));
      else this.accountsKeyStatements = this.trustOnKey('Allow the source accounts to copy into the vault', [principal]);
    }
    if (this.accountsStatement) {
      this.accountsStatement.addPrincipals(principal);
      return;
    }
    this.accountsStatement = copyFromAccountsStatement(account);
    this.accessPolicy.addStatements(this.accountsStatement);
  }

  /**
   * Adds a statement to the vault access policy. Refuses a statement that allows another account
   * anything but `backup:CopyIntoBackupVault` (AWS Backup's cross-account guide says such actions are
   * rejected), unless the vault was created with `allowOtherCrossAccountActions`.
   */
  public addToAccessPolicy(statement: iam.PolicyStatement): void {
    refuseOrWarn(this, this.allowOtherCrossAccountActions, `${this.where}: addToAccessPolicy()`, { Statement: [statement.toStatementJson()] });
    this.accessPolicy.addStatements(statement);
  }

  /** Grants the actions on this vault to the given grantee (an identity policy, as `backup.BackupVault.grant`). */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    for (const action of actions) {
      if (action.includes('*')) throw new Error(`${this.where}: AWS Backup access policies don't support a wildcard in the Action key ('${action}').`);
    }
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.backupVaultArn] });
  }

  /** Key use and grants for AWS resources, for `principals`, on the vault's key. */
  private trustOnKey(sid: string, principals: iam.IPrincipal[], conditions?: Record<string, any>): iam.PolicyStatement[] {
    const statements = [
      new iam.PolicyStatement({
        sid: `${sid} (key use)`, principals, actions: [...KEY_USE_ACTIONS], resources: ['*'], conditions,
      }),
      new iam.PolicyStatement({
        sid: `${sid} (grants for AWS resources)`,
        principals,
        actions: [...KEY_GRANT_ACTIONS],
        resources: ['*'],
        conditions: { ...conditions, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    ];
    for (const st of statements) this.encryptionKey!.addToResourcePolicy(st);
    return statements;
  }
}

/** The AWS Backup service-linked role of the deploying account. */
function serviceRoleArn(): string {
  return Arn.format({
    partition: Aws.PARTITION,
    service: 'iam',
    region: '',
    account: Aws.ACCOUNT_ID,
    resource: 'role',
    resourceName: 'aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup',
  });
}

/** The name `backup.BackupVault` generates: the last 50 characters of the unique id. */
function uniqueVaultName(scope: Construct): string {
  const id = Names.uniqueId(scope);
  return id.substring(Math.max(id.length - 50, 0));
}

/** Whole days of `d`, or a clear error. Unresolved durations are passed through as tokens. */
function wholeDays(d: Duration, what: string): number {
  if (d.isUnresolved()) return d.toDays({ integral: false });
  const hours = d.toHours({ integral: false });
  if (!Number.isInteger(hours / 24)) {
    throw new Error(`${what}: ${d.toHumanString()} is not a whole number of days; AWS Backup counts retention in days. Use Duration.days(n).`);
  }
  return hours / 24;
}

/** Account ids only: AWS RAM refuses to share a logically air-gapped vault with an organization or OU. */
function validateRestoreAccounts(values: string[] | undefined, what: string): void {
  validateList(values, what);
  (values ?? []).forEach((v, i) => {
    if (Token.isUnresolved(v)) return;
    if (/^(o|ou|r)-/.test(v) || /:organization\//.test(v) || /:ou\//.test(v)) {
      throw new Error(
        `${what}[${i}]: '${v}' is an organization or organizational unit, but a logically air-gapped vault can only be ` +
          'shared with individual accounts (AWS RAM fails with OperationNotPermittedException). List the 12-digit account ids instead.',
      );
    }
    validateAccountId(v, `${what}[${i}]`);
  });
}

/** A key of this app must be symmetric (`SYMMETRIC_DEFAULT`, `ENCRYPT_DECRYPT`); imported keys cannot be checked. */
function validateSymmetricKey(key: kms.IKey, what: string): void {
  const cfn = key.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn) || cfn.cfnResourceType !== 'AWS::KMS::Key') return;
  const l1 = cfn as kms.CfnKey;
  const spec = l1.keySpec;
  const usage = l1.keyUsage;
  const bad = (spec !== undefined && !Token.isUnresolved(spec) && spec !== 'SYMMETRIC_DEFAULT')
    || (usage !== undefined && !Token.isUnresolved(usage) && usage !== 'ENCRYPT_DECRYPT');
  if (bad) {
    throw new Error(
      `${what}: ${key.node.path} has key spec ${spec ?? 'SYMMETRIC_DEFAULT'} and key usage ${usage ?? 'ENCRYPT_DECRYPT'}, but ` +
        'AWS Backup encrypts vaults only with symmetric encryption keys. Use a key with keySpec SYMMETRIC_DEFAULT and keyUsage ENCRYPT_DECRYPT.',
    );
  }
}
