/**
 * Public structs of the tag policy evaluation (jsii API).
 */

/** A tag to evaluate against a {@link TagPolicy}. */
export interface TagPolicyTag {
  /** The tag key, as written on the resource. */
  readonly key: string;

  /**
   * The tag value. Use `''` for a tag without a value (AWS treats an omitted value as the empty
   * string).
   *
   * @default - the value is not known at synth time (an unresolved token): if the policy restricts
   * the values of this key, the result says so with reason `UNRESOLVED` instead of judging it.
   */
  readonly value?: string;
}

/** Why a tag does not comply with a tag policy. */
export enum TagPolicyViolationReason {
  /**
   * The key matches a policy key except for case, and its capitalization differs from the
   * required one (`tag_key`).
   */
  KEY_CASING = 'key-casing',
  /** The value is not one of the allowed values (`tag_value`). */
  VALUE = 'value',
  /** The value is a token that cannot be resolved at synth time, and the policy restricts values. */
  UNRESOLVED = 'unresolved',
}

/** A tag that does not comply with a tag policy, or cannot be judged at synth time. */
export interface TagPolicyViolationDetail {
  /** The tag key as written on the resource. */
  readonly tagKey: string;

  /**
   * The tag value as written on the resource.
   *
   * @default - the value is not known at synth time (reason `UNRESOLVED`)
   */
  readonly tagValue?: string;

  /** The policy key (the name of the statement under `tags`, e.g. `costcenter`). */
  readonly policyKey: string;

  /**
   * The tag key with its required capitalization (`tag_key` of the effective policy; lower case
   * when no policy sets it).
   */
  readonly requiredTagKey: string;

  /**
   * The allowed values (`tag_value` of the effective policy), `*` being a wildcard.
   *
   * @default - the policy allows any value for this key
   */
  readonly allowedValues?: string[];

  /** Why the tag does not comply. */
  readonly reason: TagPolicyViolationReason;

  /**
   * True when the policy enforces compliance for the evaluated resource type (`enforced_for`):
   * AWS rejects the tagging operation. False: the tag is only reported as noncompliant.
   */
  readonly enforced: boolean;
}
