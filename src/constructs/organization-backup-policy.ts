import { Names, Token } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { BackupPolicy } from '../backup-policy/backup-policy';
import { validateList } from '../private/validate';

/** A root id `r-…`, an OU id `ou-…-…` or a 12-digit account id (AWS Organizations `AttachPolicy` `TargetId`). */
const TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;
const MAX_NAME = 128;
const MAX_DESCRIPTION = 512;

/**
 * Properties of an `OrganizationBackupPolicy`.
 */
export interface OrganizationBackupPolicyProps {
  /**
   * The backup policy (`BackupPolicy.fromJson`, `fromFile` or `fromPlans`).
   */
  readonly policy: BackupPolicy;

  /**
   * Where the policy is attached: the organization root (`r-…`), OUs (`ou-…-…`) or accounts
   * (12-digit ids). Every account at or below a target receives the policy, and AWS Backup creates
   * its plans there in each Region of the plan.
   */
  readonly targetIds: string[];

  /**
   * The policy name (1 to 128 characters).
   *
   * @default - a name unique in the app, derived from the construct path
   */
  readonly policyName?: string;

  /**
   * A description of the policy (at most 512 characters).
   *
   * @default - no description
   */
  readonly description?: string;
}

/**
 * An AWS Organizations backup policy attached to the root, OUs or accounts
 * (`AWS::Organizations::Policy` with `Type: BACKUP_POLICY`).
 *
 * Deploy it in a stack of the organization's management account (or of a delegated administrator
 * for backup policies). AWS Backup then creates the policy's plans in every account under the
 * targets, in every Region of each plan. The vault each rule names (`target_backup_vault_name`) and
 * the role of each selection must exist in each of those accounts and Regions (often deployed by
 * StackSets); `CrossAccountCopyChecks` checks every copy route the policy creates against the
 * vaults, keys and resources it finds in the app.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup.html
 */
export class OrganizationBackupPolicy extends Construct {
  /** The policy document. */
  public readonly policy: BackupPolicy;

  /** The ids the policy is attached to. */
  public readonly targetIds: string[];

  /**
   * The policy id (`p-…`).
   *
   * @attribute
   */
  public readonly policyId: string;

  /**
   * The policy ARN.
   *
   * @attribute
   */
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: OrganizationBackupPolicyProps) {
    super(scope, id);
    if (!(props.policy instanceof BackupPolicy)) {
      throw new Error(`${this.node.path}: policy must be a BackupPolicy (BackupPolicy.fromJson, fromFile or fromPlans), got ${typeof props.policy}.`);
    }
    validateTargetIds(props.targetIds, `${this.node.path}: targetIds`);
    const name = props.policyName ?? Names.uniqueResourceName(this, { maxLength: MAX_NAME });
    if (!Token.isUnresolved(name) && (name.length === 0 || name.length > MAX_NAME)) {
      throw new Error(`${this.node.path}: policyName '${name}' has ${name.length} characters; a policy name has 1 to ${MAX_NAME}.`);
    }
    if (props.description !== undefined && !Token.isUnresolved(props.description) && props.description.length > MAX_DESCRIPTION) {
      throw new Error(`${this.node.path}: description has ${props.description.length} characters, at most ${MAX_DESCRIPTION}: shorten it.`);
    }
    this.policy = props.policy;
    this.targetIds = [...props.targetIds];
    const resource = new CfnPolicy(this, 'Resource', {
      name,
      type: 'BACKUP_POLICY',
      content: JSON.parse(props.policy.toJson()),
      targetIds: this.targetIds,
      description: props.description,
    });
    this.policyId = resource.attrId;
    this.policyArn = resource.attrArn;
  }
}

/** Throws unless every target is a root, OU or account id (tokens pass), with no duplicates. */
function validateTargetIds(values: readonly string[], what: string): void {
  if (!Array.isArray(values)) throw new Error(`${what}: expected a list of root, OU or account ids.`);
  validateList(values, what);
  values.forEach((v, i) => {
    if (Token.isUnresolved(v) || TARGET_ID.test(v)) return;
    const hint = /^o-/.test(v) ? ' An organization id o-… cannot be a target: attach the policy to the root r-… instead.'
      : /^\d+$/.test(v) ? ' An account id has exactly 12 digits (pass it as a string to keep leading zeros).'
        : /^arn:/.test(v) ? ' Give the id, not the ARN.' : '';
    throw new Error(`${what}[${i}]: '${v}' is not a root id (r-…), an OU id (ou-…-…) or a 12-digit account id.${hint}`);
  });
}
