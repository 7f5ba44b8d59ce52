import {
  Annotations,
  ArnFormat,
  Token,
  aws_backup as backup,
  aws_iam as iam,
  aws_kms as kms,
} from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { CopyCompatibleKmsKey } from './copy-compatible-kms-key';
import { environmentAwareAttribute } from './private/environment-aware-attribute';
import {
  copyFromAccountsStatement,
  copyFromOrganizationalUnitsStatement,
  copyFromOrganizationStatement,
  accessPolicyValidation,
  refuseOrWarn,
  validateVaultSources,
} from './private/vault-access';
import { validateAccountId, validateNotDefaultVaultName } from '../private/validate';

const CROSS_ACCOUNT_BACKUP_VAULT_MARKER = Symbol.for('cdk-cross-account-backup.CrossAccountBackupVault');

/**
 * Properties of a `CrossAccountBackupVault`: every `backup.BackupVaultProps` field, plus the
 * accounts whose copies it accepts. Give at least one of `sourceAccounts`, `sourceOrganizationId`
 * and `sourceOrganizationalUnitPaths`.
 *
 * Differences from `backup.BackupVaultProps`:
 * - `backupVaultName`: `Default` is refused; without a name the vault gets the same generated,
 *   deterministic name a `backup.BackupVault` gets (a literal, so other accounts can refer to it).
 * - `encryptionKey`: without one the vault creates a `CopyCompatibleKmsKey` (child id `EncryptionKey`,
 *   never `aws/backup`) that trusts exactly the principals the access policy admits (the source accounts,
 *   the organization of `sourceOrganizationId`, or the OUs of `sourceOrganizationalUnitPaths` through
 *   `aws:PrincipalOrgPaths`), with the vault's `removalPolicy`. A key you pass is used as is: for
 *   copy-back its policy must let the source accounts use it (a `CopyCompatibleKmsKey` does).
 *   (jsii does not allow re-declaring the inherited field to change its documented default.)
 * - `accessPolicy`: the copy statements are added to this document (as `addToAccessPolicy` does in
 *   `backup.BackupVault`); it must not grant another account any action other than
 *   `backup:CopyIntoBackupVault` (AWS Backup's cross-account guide says that is rejected), or the
 *   constructor throws, unless `allowOtherCrossAccountActions` is set.
 */
export interface CrossAccountBackupVaultProps extends backup.BackupVaultProps {
  /**
   * Accounts allowed to copy recovery points into this vault (12-digit account ids), each through
   * its account root principal (`arn:aws:iam::<account>:root`).
   *
   * More can be added later with `allowCopyFrom()`.
   *
   * @default - no individual accounts
   */
  readonly sourceAccounts?: string[];

  /**
   * An AWS Organizations organization id (`o-…`): any principal of any account of the organization
   * may copy into this vault (principal `*` with `StringEquals aws:PrincipalOrgID`, the AWS
   * documentation's "Allow access to a Backup vault from organization" policy).
   *
   * @default - no organization-wide access
   */
  readonly sourceOrganizationId?: string;

  /**
   * AWS Organizations entity paths of organizational units whose accounts may copy into this vault
   * (principal `*` with `ForAnyValue:StringLike aws:PrincipalOrgPaths`), in the form
   * `o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/` (that OU only) or
   * `o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/*` (that OU and every OU below it).
   *
   * All paths must belong to one organization (and to `sourceOrganizationId`, when given).
   *
   * @default - no OU-based access
   */
  readonly sourceOrganizationalUnitPaths?: string[];

  /**
   * Keep an access policy statement (in `accessPolicy` or added with `addToAccessPolicy()`) that grants
   * another account an action other than `backup:CopyIntoBackupVault`, with a warning
   * (`cdk-cross-account-backup:otherCrossAccountAction`, acknowledgeable) instead of an error.
   *
   * AWS Backup's cross-account guide says, in its console procedure, that "any cross-account action
   * other than backup:CopyIntoBackupVault will be rejected"; the API reference does not say that
   * `PutBackupVaultAccessPolicy` refuses such a policy, and some teams grant
   * `backup:CopyFromBackupVault` that way. The sources do not agree, so the refusal can be turned off.
   *
   * @default false - such a statement is refused: the constructor or `addToAccessPolicy()` throws, and
   * synthesis fails for one added to the policy later
   */
  readonly allowOtherCrossAccountActions?: boolean;
}

/**
 * A backup vault in the central (destination) account that accepts cross-account copies.
 *
 * It is a `backup.BackupVault`, so it can be named directly as a `copyActions[].destinationBackupVault`
 * of a `backup.BackupPlan`, also from a stack of another account or Region in the same app: there
 * its ARN renders as a literal `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`, not
 * as a cross-stack export that would couple the deployments. In its own environment it stays a
 * normal reference (`Fn::GetAtt`, or `Fn::ImportValue` from another stack of the same environment).
 *
 * Its access policy allows `backup:CopyIntoBackupVault`, and nothing else, to the source accounts,
 * organization or OUs. It is never encrypted with the AWS Backup managed key: without an
 * `encryptionKey` it creates a `CopyCompatibleKmsKey` (child id `EncryptionKey`) that trusts the
 * sources, so that a copy can be copied back to the account it came from. The name `Default` is refused.
 *
 * Prevents failure causes 5 (the destination vault access policy does not let the source account
 * `backup:CopyIntoBackupVault`: "Access Denied trying to call AWS Backup service") and 3 on the
 * destination side (a default or `aws/backup` vault: "Copy job failed because the destination Backup
 * vault is encrypted with the default Backup service managed key").
 */
export class CrossAccountBackupVault extends backup.BackupVault {
  /**
   * True when `x` is a `CrossAccountBackupVault` (works across copies of this library).
   */
  public static isCrossAccountBackupVault(x: any): x is CrossAccountBackupVault {
    return typeof x === 'object' && x !== null && x[CROSS_ACCOUNT_BACKUP_VAULT_MARKER] === true;
  }

  /**
   * The organization whose accounts may copy into this vault, if one was given.
   */
  public readonly sourceOrganizationId?: string;

  /**
   * The key that encrypts the vault: the given `encryptionKey`, or the `CopyCompatibleKmsKey` the
   * vault created.
   */
  public readonly encryptionKey: kms.IKeyRef;

  /**
   * The `CopyCompatibleKmsKey` this vault created because no `encryptionKey` was given.
   * `allowCopyFrom()` adds each new source account to it, so copies can be copied back.
   *
   * @default - undefined when an `encryptionKey` was given
   */
  public readonly createdEncryptionKey?: CopyCompatibleKmsKey;

  private readonly allowOtherCrossAccountActions: boolean;
  private readonly _sourceAccounts: string[] = [];
  private readonly _sourceOrganizationalUnitPaths: string[];
  private accountsStatement?: iam.PolicyStatement;

  constructor(scope: Construct, id: string, props: CrossAccountBackupVaultProps) {
    super(scope, id, props);
    Object.defineProperty(this, CROSS_ACCOUNT_BACKUP_VAULT_MARKER, { value: true });
    const where = `CrossAccountBackupVault '${this.node.path}'`;

    // ---- validate every prop (tokens are left alone) ----
    validateNotDefaultVaultName(props.backupVaultName, `${where}: backupVaultName`);
    validateVaultSources(props, where);
    this.allowOtherCrossAccountActions = props.allowOtherCrossAccountActions === true;
    if (props.accessPolicy) {
      refuseOrWarn(this, this.allowOtherCrossAccountActions, `${where}: accessPolicy`, props.accessPolicy.toJSON());
    }

    // ---- access policy: backup:CopyIntoBackupVault for the sources, nothing else ----
    for (const account of props.sourceAccounts ?? []) {
      this.allowCopyFrom(account);
    }
    if (props.sourceOrganizationId !== undefined) {
      this.sourceOrganizationId = props.sourceOrganizationId;
      super.addToAccessPolicy(copyFromOrganizationStatement(props.sourceOrganizationId));
    }
    this._sourceOrganizationalUnitPaths = [...(props.sourceOrganizationalUnitPaths ?? [])];
    if (this._sourceOrganizationalUnitPaths.length > 0) {
      super.addToAccessPolicy(copyFromOrganizationalUnitsStatement(this._sourceOrganizationalUnitPaths));
      if (props.sourceOrganizationId !== undefined) {
        Annotations.of(this).addWarningV2(
          'cdk-cross-account-backup:redundantOrganizationalUnitPaths',
          'sourceOrganizationId already admits every account of the organization, so sourceOrganizationalUnitPaths ' +
            'admit nobody more. Leave out sourceOrganizationId to admit only the OUs.',
        );
      }
    }

    const cfn = this.node.defaultChild as backup.CfnBackupVault;

    // ---- encryption: never aws/backup ----
    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      // Exactly the principals the access policy admits: the accounts, the organization, or (without
      // an organization, which would admit them all anyway) the OUs.
      const ous = props.sourceOrganizationId === undefined && this._sourceOrganizationalUnitPaths.length > 0
        ? [...this._sourceOrganizationalUnitPaths] : undefined;
      const key = new CopyCompatibleKmsKey(this, 'EncryptionKey', {
        description: `Encrypts the backup vault ${this.node.path}; trusts the source accounts so copies can be copied back`,
        destinationAccounts: this._sourceAccounts.length > 0 ? [...this._sourceAccounts] : undefined,
        destinationOrganizationId: props.sourceOrganizationId,
        destinationOrganizationalUnitPaths: ous,
        removalPolicy: props.removalPolicy,
      });
      this.createdEncryptionKey = key;
      this.encryptionKey = key;
      cfn.encryptionKeyArn = key.keyArn;
    }

    // The whole access policy, including statements added or changed after construction.
    this.node.addValidation(accessPolicyValidation(this, this.allowOtherCrossAccountActions, `${where}: access policy`, () => cfn.accessPolicy));

    // ---- name and ARN that other environments can use (literal), same environment: a reference ----
    const name = cfn.backupVaultName;
    if (name !== undefined && !Token.isUnresolved(name)) {
      const region = this.stack.region;
      const partition = Token.isUnresolved(region) ? undefined : RegionInfo.get(region).partition;
      const literalArn = () =>
        this.stack.formatArn({
          partition,
          service: 'backup',
          resource: 'backup-vault',
          resourceName: name,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
      // BackupVault declares these as readonly fields set from the L1 attributes; replace the values
      // with environment-aware ones (an override with an accessor would change the jsii API).
      Object.defineProperty(this, 'backupVaultArn', {
        value: this.environmentAware(cfn.attrBackupVaultArn, literalArn),
        enumerable: true,
      });
      Object.defineProperty(this, 'backupVaultName', {
        value: this.environmentAware(cfn.attrBackupVaultName, () => name),
        enumerable: true,
      });
    }
  }

  /**
   * The accounts allowed to copy into this vault (from `sourceAccounts` and `allowCopyFrom()`), in
   * the order they were added.
   */
  public get sourceAccounts(): string[] {
    return [...this._sourceAccounts];
  }

  /**
   * The organizational unit paths whose accounts may copy into this vault.
   */
  public get sourceOrganizationalUnitPaths(): string[] {
    return [...this._sourceOrganizationalUnitPaths];
  }

  /**
   * Lets another account copy recovery points into this vault: adds its account root principal to
   * the `backup:CopyIntoBackupVault` statement and, when the vault created its own key, trusts the
   * account on that key too (for copy-back). Adding an account that is already allowed changes nothing.
   *
   * @param account the 12-digit id of the source account
   */
  public allowCopyFrom(account: string): void {
    validateAccountId(account, `CrossAccountBackupVault '${this.node.path}': allowCopyFrom()`);
    if (this._sourceAccounts.includes(account)) return;
    this._sourceAccounts.push(account);
    this.createdEncryptionKey?.allowCopyTo(account);
    const principal = new iam.AccountPrincipal(account);
    if (this.accountsStatement) {
      this.accountsStatement.addPrincipals(principal);
      return;
    }
    this.accountsStatement = copyFromAccountsStatement(account);
    super.addToAccessPolicy(this.accountsStatement);
  }

  /**
   * Adds a statement to the vault access policy. Refuses a statement that allows another account
   * anything but `backup:CopyIntoBackupVault` (AWS Backup's cross-account guide says such actions are
   * rejected), unless the vault was created with `allowOtherCrossAccountActions`. Use
   * `allowCopyFrom()` to admit another source account.
   */
  public addToAccessPolicy(statement: iam.PolicyStatement): void {
    refuseOrWarn(this, this.allowOtherCrossAccountActions, `CrossAccountBackupVault '${this.node.path}': addToAccessPolicy()`,
      { Statement: [statement.toStatementJson()] });
    super.addToAccessPolicy(statement);
  }

  /**
   * `attr` where the consumer is in this vault's environment (a normal reference: same stack,
   * or an export/import between stacks of one environment), `literal()` elsewhere. The same
   * idea as `Resource.getResourceArnAttribute`, which `BackupVault` cannot use because it does
   * not pass a physical name to `Resource`.
   */
  private environmentAware(attr: string, literal: () => string): string {
    return environmentAwareAttribute(attr, this.stack, `CrossAccountBackupVault '${this.node.path}'`, literal);
  }
}
