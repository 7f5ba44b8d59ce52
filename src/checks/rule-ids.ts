import { RULES } from './rules';

/**
 * The ids of the rules `CrossAccountCopyChecks` applies. Every finding's message starts with its id.
 *
 * Use an id to acknowledge a warning on a scope:
 * `Validations.of(scope).acknowledge({ id: RuleIds.UNVERIFIABLE, reason: '...' })`.
 */
export class RuleIds {
  /** Source and destination accounts are not both in the declared organization. */
  public static readonly ORG = 'CAB-ORG';
  /** The resource type cannot be copied that way at all. */
  public static readonly RESOURCE = 'CAB-RESOURCE';
  /** One copy action that is both cross-Region and cross-account for RDS, Aurora, DocumentDB or Neptune. */
  public static readonly XREGION_XACCOUNT = 'CAB-XREGION-XACCOUNT';
  /** DynamoDB copied across accounts without AWS Backup advanced features. */
  public static readonly DDB_ADVANCED = 'CAB-DDB-ADVANCED';
  /** A resource AWS Backup does not fully manage, encrypted with an AWS managed key. */
  public static readonly AWS_MANAGED_KEY = 'CAB-AWS-MANAGED-KEY';
  /** A source vault without a customer managed key, or a copy into the `Default` vault. */
  public static readonly VAULT_KEY = 'CAB-VAULT-KEY';
  /** A source key policy that does not let the destination account use the key (a warning for source vault keys). */
  public static readonly KEY_POLICY = 'CAB-KEY-POLICY';
  /** A vault access policy that refuses the copy at either end, or admits every principal without a condition. */
  public static readonly VAULT_POLICY = 'CAB-VAULT-POLICY';
  /** Tags an enforced tag policy rejects on the recovery point. */
  public static readonly TAG_POLICY = 'CAB-TAG-POLICY';
  /** A copy (or backup) whose retention is outside the destination vault's Vault Lock or air-gapped retention range. */
  public static readonly RETENTION = 'CAB-RETENTION';
  /** A warning: what synth cannot know, and so was not checked. */
  public static readonly UNVERIFIABLE = 'CAB-UNVERIFIABLE';

  /** Every rule id, in the order the rules run. */
  public static all(): string[] {
    return RULES.map(r => r.id);
  }

  private constructor() {}
}
