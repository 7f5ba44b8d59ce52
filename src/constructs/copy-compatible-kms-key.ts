import { Stack, Token, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  KEY_GRANT_ACTIONS,
  KEY_GRANT_SID,
  KEY_USE_ACTIONS,
  KEY_USE_SID,
  ORGANIZATION_SID_SUFFIX,
  ORGANIZATIONAL_UNIT_SID_SUFFIX,
} from '../checks/policy/copy-permissions';
import { evaluatePolicy } from '../checks/policy/evaluator';
import {
  validateAccountId,
  validateAtLeastOne,
  validateAccountList,
  validateList,
  validateOrganizationalUnitPath,
  validateOrganizationalUnitPathInOrganization,
  validateOrganizationId,
} from '../private/validate';

const COPY_COMPATIBLE_KMS_KEY_MARKER = Symbol.for('cdk-cross-account-backup.CopyCompatibleKmsKey');

/**
 * Properties of a `CopyCompatibleKmsKey`: every `kms.KeyProps` field, plus who receives the copies.
 * Give at least one of `destinationAccounts`, `destinationOrganizationId` and
 * `destinationOrganizationalUnitPaths`.
 *
 * `policy`: your document is the start of the key policy, as in `kms.Key`. Unlike `kms.Key` (which
 * then leaves administration to you), the key keeps the account's own administration: unless your
 * document already allows the account root principal `kms:PutKeyPolicy`, the `kms.Key` default
 * administration statement (`kms:*` for the account root principal, so that IAM policies govern the
 * key) is added. A document that denies the account root principal `kms:PutKeyPolicy` is refused,
 * because the account could never change or delete the key again.
 */
export interface CopyCompatibleKmsKeyProps extends kms.KeyProps {
  /**
   * The accounts that receive cross-account copies of what this key encrypts (12-digit account ids).
   *
   * Each is trusted through its account root principal (`arn:aws:iam::<account>:root`), as the
   * AWS article does: the account then delegates to its AWS Backup service-linked role, which
   * performs the copy. Naming the role itself would fail to deploy if the role does not exist yet.
   *
   * More can be added later with `allowCopyTo()`.
   *
   * @default - no individual accounts; `destinationOrganizationId` must be given
   */
  readonly destinationAccounts?: string[];

  /**
   * An AWS Organizations organization id (`o-…`): every account of the organization may use the
   * key for copies (principal `*` restricted by `aws:PrincipalOrgID`).
   *
   * AWS Backup only copies between accounts of the same organization, so this admits exactly the
   * accounts a copy can go to. Prefer `destinationAccounts` when you know them.
   *
   * @default - no organization-wide trust; `destinationAccounts` must be given
   */
  readonly destinationOrganizationId?: string;

  /**
   * AWS Organizations entity paths of organizational units whose accounts receive copies (principal
   * `*` with `ForAnyValue:StringLike aws:PrincipalOrgPaths`), in the form
   * `o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/` (that OU) or
   * `o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/*` (that OU and every OU below it).
   *
   * All paths must belong to one organization (and to `destinationOrganizationId`, when given).
   *
   * @default - no OU-based trust
   */
  readonly destinationOrganizationalUnitPaths?: string[];
}

/**
 * A customer managed KMS key whose key policy lets AWS Backup copy what it encrypts to other accounts.
 *
 * Use it wherever an `IKey` is accepted in the source account: an RDS instance or cluster's
 * `storageEncryptionKey`, an EBS volume, a DynamoDB table, or the `encryptionKey` of the source
 * backup vault (for resources fully managed by AWS Backup the vault key is the one that matters).
 *
 * Its key policy keeps the account's own administration statement (the `kms.Key` default) and adds,
 * for the destination accounts, exactly the two statements of the AWS article "Why does my
 * cross-account copy fail in AWS Backup?":
 *
 * - `Allow use of the key`: `kms:DescribeKey`, `kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*`,
 *   `kms:GenerateDataKey`, `kms:GenerateDataKeyWithoutPlaintext`;
 * - `Allow attachment of persistent resources`: `kms:CreateGrant`, `kms:ListGrants`,
 *   `kms:RevokeGrant`, only when `kms:GrantIsForAWSResource` is `true`.
 *
 * An organization (`destinationOrganizationId`) gets the same two statements in its own pair,
 * with the Sids suffixed ` by organization members`, principal `{"AWS": "*"}` and the condition
 * `StringEquals aws:PrincipalOrgID`. Nothing else is granted to another account.
 *
 * Key rotation is on by default. Only symmetric encryption keys are accepted, because AWS Backup
 * and the services whose snapshots it copies only use those.
 *
 * Prevents failure cause 4 ("the source KMS key policy does not let the destination account use the
 * key": "Given key ID is not accessible", "The source snapshot KMS key … does not exist, is not enabled
 * or you do not have permissions to access it") and, used instead of `aws/rds`, `aws/ebs` or
 * `aws/backup`, cause 3 (AWS managed keys cannot be shared).
 */
export class CopyCompatibleKmsKey extends kms.Key {
  /**
   * True when `x` is a `CopyCompatibleKmsKey` (works across copies of this library).
   */
  public static isCopyCompatibleKmsKey(x: any): x is CopyCompatibleKmsKey {
    return typeof x === 'object' && x !== null && x[COPY_COMPATIBLE_KMS_KEY_MARKER] === true;
  }

  /**
   * The organization whose members may use the key for copies, if one was given.
   */
  public readonly destinationOrganizationId?: string;

  private readonly _destinationAccounts: string[] = [];
  private readonly _destinationOrganizationalUnitPaths: string[];
  private accountUseStatement?: iam.PolicyStatement;
  private accountGrantStatement?: iam.PolicyStatement;

  constructor(scope: Construct, id: string, props: CopyCompatibleKmsKeyProps) {
    const symmetric =
      (props.keySpec === undefined || props.keySpec === kms.KeySpec.SYMMETRIC_DEFAULT) &&
      (props.keyUsage === undefined || props.keyUsage === kms.KeyUsage.ENCRYPT_DECRYPT);
    super(scope, id, {
      ...props,
      // Rotation only exists for symmetric keys; asymmetric ones are refused below with a clearer message.
      enableKeyRotation: props.enableKeyRotation ?? (symmetric ? true : undefined),
    });
    Object.defineProperty(this, COPY_COMPATIBLE_KMS_KEY_MARKER, { value: true });

    const where = `CopyCompatibleKmsKey '${this.node.path}'`;
    if (!symmetric) {
      throw new Error(
        `${where}: keySpec '${props.keySpec ?? kms.KeySpec.SYMMETRIC_DEFAULT}' / keyUsage '${props.keyUsage ?? kms.KeyUsage.ENCRYPT_DECRYPT}' ` +
          'cannot encrypt backups. AWS Backup and the services whose snapshots it copies only use symmetric encryption keys: ' +
          'leave keySpec and keyUsage out (SYMMETRIC_DEFAULT / ENCRYPT_DECRYPT).',
      );
    }
    validateAtLeastOne(
      [props.destinationAccounts, props.destinationOrganizationId, props.destinationOrganizationalUnitPaths],
      ['destinationAccounts', 'destinationOrganizationId', 'destinationOrganizationalUnitPaths'],
      `${where}: a key for cross-account copies must trust the accounts that receive them`,
    );
    validateAccountList(props.destinationAccounts, `${where}: destinationAccounts`);
    if (props.destinationOrganizationId !== undefined) {
      validateOrganizationId(props.destinationOrganizationId, `${where}: destinationOrganizationId`);
    }
    validateList(props.destinationOrganizationalUnitPaths, `${where}: destinationOrganizationalUnitPaths`);
    const pathOrgIds = new Set<string>();
    (props.destinationOrganizationalUnitPaths ?? []).forEach((p, i) => {
      const label = `${where}: destinationOrganizationalUnitPaths[${i}]`;
      const org = validateOrganizationalUnitPath(p, label);
      if (props.destinationOrganizationId !== undefined) validateOrganizationalUnitPathInOrganization(p, props.destinationOrganizationId, label);
      if (org !== undefined) pathOrgIds.add(org);
    });
    if (pathOrgIds.size > 1) {
      throw new Error(
        `${where}: destinationOrganizationalUnitPaths name ${pathOrgIds.size} organizations (${[...pathOrgIds].join(', ')}). ` +
          'AWS Backup copies only between accounts of the same organization: keep the paths of one organization.',
      );
    }
    if (props.policy && this.policy) keepAccountAdministration(this, this.policy, where);

    for (const account of props.destinationAccounts ?? []) {
      this.allowCopyTo(account);
    }

    if (props.destinationOrganizationId !== undefined) {
      this.destinationOrganizationId = props.destinationOrganizationId;
      const inOrg = { StringEquals: { 'aws:PrincipalOrgID': props.destinationOrganizationId } };
      this.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: KEY_USE_SID + ORGANIZATION_SID_SUFFIX,
          principals: [new iam.AnyPrincipal()],
          actions: [...KEY_USE_ACTIONS],
          resources: ['*'],
          conditions: inOrg,
        }),
      );
      this.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: KEY_GRANT_SID + ORGANIZATION_SID_SUFFIX,
          principals: [new iam.AnyPrincipal()],
          actions: [...KEY_GRANT_ACTIONS],
          resources: ['*'],
          conditions: { ...inOrg, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      );
    }

    this._destinationOrganizationalUnitPaths = [...(props.destinationOrganizationalUnitPaths ?? [])];
    if (this._destinationOrganizationalUnitPaths.length > 0) {
      const inOus = { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [...this._destinationOrganizationalUnitPaths] } };
      this.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: KEY_USE_SID + ORGANIZATIONAL_UNIT_SID_SUFFIX,
          principals: [new iam.AnyPrincipal()],
          actions: [...KEY_USE_ACTIONS],
          resources: ['*'],
          conditions: inOus,
        }),
      );
      this.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: KEY_GRANT_SID + ORGANIZATIONAL_UNIT_SID_SUFFIX,
          principals: [new iam.AnyPrincipal()],
          actions: [...KEY_GRANT_ACTIONS],
          resources: ['*'],
          conditions: { ...inOus, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      );
    }
  }

  /**
   * The organizational unit paths whose accounts may use the key for copies.
   */
  public get destinationOrganizationalUnitPaths(): string[] {
    return [...this._destinationOrganizationalUnitPaths];
  }

  /**
   * The accounts trusted to receive copies (from `destinationAccounts` and `allowCopyTo()`), in the
   * order they were added.
   */
  public get destinationAccounts(): string[] {
    return [...this._destinationAccounts];
  }

  /**
   * Lets another account receive copies of what this key encrypts: adds its account root principal
   * to the two copy statements of the key policy. Adding an account that is already trusted changes
   * nothing.
   *
   * @param account the 12-digit id of the destination account
   */
  public allowCopyTo(account: string): void {
    validateAccountId(account, `CopyCompatibleKmsKey '${this.node.path}': allowCopyTo()`);
    if (this._destinationAccounts.includes(account)) return;
    this._destinationAccounts.push(account);
    const principal = new iam.AccountPrincipal(account);
    if (this.accountUseStatement && this.accountGrantStatement) {
      this.accountUseStatement.addPrincipals(principal);
      this.accountGrantStatement.addPrincipals(principal);
      return;
    }
    this.accountUseStatement = new iam.PolicyStatement({
      sid: KEY_USE_SID,
      principals: [principal],
      actions: [...KEY_USE_ACTIONS],
      resources: ['*'],
    });
    this.accountGrantStatement = new iam.PolicyStatement({
      sid: KEY_GRANT_SID,
      principals: [principal],
      actions: [...KEY_GRANT_ACTIONS],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
    this.addToResourcePolicy(this.accountUseStatement);
    this.addToResourcePolicy(this.accountGrantStatement);
  }
}

/** Stands for the stack's account in an environment-agnostic stack (never a real account id). */
const THIS_ACCOUNT = '000000000000';

/**
 * With a user `policy`, `kms.Key` adds no administration statement: add the one it adds by default
 * (`kms:*` for the account root principal) unless the document already lets the account root
 * `kms:PutKeyPolicy`; throw when the document denies it.
 */
function keepAccountAdministration(key: kms.Key, policy: iam.PolicyDocument, where: string): void {
  const stack = Stack.of(key);
  const account = Token.isUnresolved(stack.account) ? THIS_ACCOUNT : stack.account;
  const partition = Token.isUnresolved(stack.partition) ? 'aws' : stack.partition;
  const document = stack.resolve(policy.toJSON()) ?? { Statement: [] };
  const rootArn = `arn:${partition}:iam::${account}:root`;
  const result = evaluatePolicy(document, {
    principalArn: rootArn,
    principalAccount: account,
    action: 'kms:PutKeyPolicy',
    conditionKeys: { 'aws:PrincipalAccount': account, 'aws:PrincipalArn': rootArn },
    pseudo: { partition, accountId: account },
  });
  if (result.decision === 'allow') return;
  if (result.decision === 'explicit-deny') {
    throw new Error(
      `${where}: policy denies the account root principal kms:PutKeyPolicy (statement ${result.matchedStatements.join(', ')}), ` +
        'so the account could never change or delete this key again. Remove that Deny (restrict administrators with IAM ' +
        'policies instead), or leave policy out to get the kms.Key default administration statement.',
    );
  }
  key.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['kms:*'],
    principals: [new iam.AccountRootPrincipal()],
    resources: ['*'],
  }));
}
