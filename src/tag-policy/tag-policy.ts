import * as fs from 'fs';
import { Token } from 'aws-cdk-lib';
import { TagPolicyTag, TagPolicyViolationDetail, TagPolicyViolationReason } from './compliance';
import { PolicyDocument, parsePolicyJson } from './document';
import { combineSameLevel, resolveLevels, ResolvedPolicy, toDocument } from './effective';
import { TagPolicyError } from './errors';
import { CompiledPolicy, compile, covers } from './matching';
import type { TagModel, TagPolicyEvaluator, TagPolicyViolation } from '../checks/model/types';

const RESOURCE_TYPE_FORM = /^[a-z0-9][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/**
 * An AWS Organizations tag policy, or the effective tag policy of an account.
 *
 * Read the policies attached to the organization root, the OUs and the account
 * (`fromJson` / `fromFile`), combine them the way Organizations does (`effective`), and hand the
 * result to `CrossAccountCopyChecks` (`tagPolicy`): it reports at synth time the resource tags that
 * AWS Backup would copy onto a recovery point and the policy would reject.
 *
 * Modelled: the tag policy syntax (`tag_key`, `tag_value` with `*` wildcards, `enforced_for`,
 * `report_required_tag_for`) and the inheritance operators (`@@assign`, `@@append`, `@@remove`,
 * `@@operators_allowed_for_child_policies`). Not modelled: which resource types support
 * enforcement (an `enforced_for` entry is taken at its word), and Organizations' size and
 * attachment limits.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html
 */
export class TagPolicy {
  /**
   * Parse a tag policy document (AWS Organizations tag policy syntax).
   *
   * Also reads an effective policy as Organizations displays it (values without operators are
   * read as `@@assign`), e.g. the `PolicyContent` of `aws organizations describe-effective-policy
   * --policy-type TAG_POLICY`.
   *
   * @param json the policy document
   * @param name a name for the policy in error messages and reports, e.g. `root` or `ou-prod`
   * @throws TagPolicyError when the JSON is malformed or not a tag policy; the message names the
   * path inside the document (e.g. `tags.costcenter.tag_value`) and what is expected there
   */
  public static fromJson(json: string, name?: string): TagPolicy {
    const source = name ?? 'document';
    return new TagPolicy(parsePolicyJson(json, source), []);
  }

  /**
   * Read a tag policy document from a file (read synchronously, at synth time).
   *
   * @param path path of the JSON file; relative paths are relative to the working directory
   * @throws TagPolicyError when the file cannot be read or does not hold a valid tag policy
   */
  public static fromFile(path: string): TagPolicy {
    let json: string;
    try {
      json = fs.readFileSync(path, 'utf-8');
    } catch (e) {
      throw new TagPolicyError(path, '', `cannot read the file: ${(e as Error).message}`);
    }
    return new TagPolicy(parsePolicyJson(json, path), []);
  }

  /**
   * The effective tag policy of an account: the policies attached along its path in the
   * organization, merged the way AWS Organizations does.
   *
   * Give one policy per level, from the organization root through each OU down to the account
   * (`[root, ou, childOu, account]`). When several policies are attached to the same root, OU or
   * account, combine them first with `attachedTogether`.
   *
   * A child policy that uses an operator its parents forbid
   * (`@@operators_allowed_for_child_policies`) does not fail: like Organizations, the operation is
   * ignored and the inherited value stays. Each ignored operation is listed in `ignoredChanges`.
   *
   * @param policies the policies, root first, account last
   */
  public static effective(policies: TagPolicy[]): TagPolicy {
    if (!Array.isArray(policies) || policies.length === 0) {
      throw new TagPolicyError('(effective)', '', 'expected at least one policy, ordered root first, account last');
    }
    const resolved = resolveLevels(policies.map((p) => p.document));
    const name = policies.map((p) => p.name).join(' > ');
    return new TagPolicy(toDocument(resolved, name), [...policies.flatMap((p) => p.ignored), ...resolved.ignored], resolved);
  }

  /**
   * Several policies attached to the same organization root, OU or account, as one level for
   * `effective`.
   *
   * As in Organizations: the intersection of their child control operators limits the policies
   * below; their operations apply in attachment order; for `tag_key` the policy attached first wins.
   *
   * @param policies the policies in the order they were attached
   */
  public static attachedTogether(policies: TagPolicy[]): TagPolicy {
    if (!Array.isArray(policies) || policies.length === 0) {
      throw new TagPolicyError('(attachedTogether)', '', 'expected at least one policy, in attachment order');
    }
    return new TagPolicy(combineSameLevel(policies.map((p) => p.document)), policies.flatMap((p) => p.ignored));
  }

  /** The name of the policy: the file path, the name given to `fromJson`, or the combined names. */
  public readonly name: string;

  private readonly document: PolicyDocument;
  private readonly ignored: string[];
  private resolvedCache?: ResolvedPolicy;
  private compiledCache?: CompiledPolicy;

  private constructor(document: PolicyDocument, ignored: string[], resolved?: ResolvedPolicy) {
    this.document = document;
    this.name = document.source;
    this.ignored = ignored;
    this.resolvedCache = resolved;
  }

  /**
   * The tag keys the policy governs, each with its required capitalization (`tag_key`), in
   * policy order.
   */
  public get tagKeys(): string[] {
    return this.compiled.statements.map((s) => s.requiredTagKey);
  }

  /**
   * Child policy operations that were ignored while computing this effective policy because a
   * parent policy does not allow them (`@@operators_allowed_for_child_policies`), one line each,
   * naming the policy and the path. Empty for a single parsed policy.
   */
  public get ignoredChanges(): string[] {
    return [...this.ignored];
  }

  /**
   * The allowed values for a tag key (`tag_value`), `*` being a wildcard.
   *
   * @param tagKey the tag key (any capitalization)
   * @returns the allowed values, or `undefined` when the policy does not govern the key or allows
   * any value for it
   */
  public allowedValues(tagKey: string): string[] | undefined {
    const values = this.compiled.byTagKey.get(tagKey.toLowerCase())?.allowedValues;
    return values === undefined ? undefined : [...values];
  }

  /**
   * Whether the policy enforces compliance of a tag key for a resource type (`enforced_for`
   * names the type, `service:*` or `service:ALL_SUPPORTED`).
   *
   * @param tagKey the tag key (any capitalization)
   * @param resourceType `service:resource-type`, e.g. `backup:recovery-point`
   */
  public isEnforced(tagKey: string, resourceType: string): boolean {
    checkResourceType(resourceType);
    const st = this.compiled.byTagKey.get(tagKey.toLowerCase());
    return st !== undefined && covers(st.enforcedFor, resourceType);
  }

  /**
   * The tag keys the policy marks as required for a resource type (`report_required_tag_for`),
   * with their required capitalization. Organizations uses this for compliance reports only.
   *
   * @param resourceType `service:resource-type`, e.g. `backup:recovery-point`
   */
  public requiredTagKeys(resourceType: string): string[] {
    checkResourceType(resourceType);
    return this.compiled.statements.filter((s) => covers(s.reportRequiredFor, resourceType)).map((s) => s.requiredTagKey);
  }

  /**
   * Evaluate the tags of a resource of the given type.
   *
   * Returns one entry per problem: a tag whose key has the wrong capitalization and whose value is
   * not allowed gets two. Tags the policy does not govern, and tags whose key is an unresolved
   * token, are not evaluated. Compliant tags are not returned.
   *
   * @param resourceType `service:resource-type`, e.g. `backup:recovery-point`
   * @param tags the tags
   */
  public evaluate(resourceType: string, tags: TagPolicyTag[]): TagPolicyViolationDetail[] {
    checkResourceType(resourceType);
    const out: TagPolicyViolationDetail[] = [];
    const byTagKey = this.compiled.byTagKey;
    if (byTagKey.size === 0) {
      return out;
    }
    for (const tag of tags) {
      if (Token.isUnresolved(tag.key)) {
        continue;
      }
      const st = byTagKey.get(tag.key.toLowerCase());
      if (!st) {
        continue;
      }
      const value = tag.value === undefined || Token.isUnresolved(tag.value) ? undefined : tag.value;
      const common = {
        tagKey: tag.key,
        tagValue: value,
        policyKey: st.policyKey,
        requiredTagKey: st.requiredTagKey,
        allowedValues: st.allowedValues ? [...st.allowedValues] : undefined,
        enforced: covers(st.enforcedFor, resourceType),
      };
      if (tag.key !== st.requiredTagKey) {
        out.push({ ...common, reason: TagPolicyViolationReason.KEY_CASING });
      }
      if (st.allowedValues !== undefined) {
        if (value === undefined) {
          out.push({ ...common, reason: TagPolicyViolationReason.UNRESOLVED });
        } else if (!st.valueMatches(value)) {
          out.push({ ...common, reason: TagPolicyViolationReason.VALUE });
        }
      }
    }
    return out;
  }

  /**
   * The policy as Organizations displays an effective policy: values without operators,
   * `tag_key` always present (lower case when no policy sets it).
   */
  public toJson(): string {
    const tags: Record<string, Record<string, unknown>> = {};
    for (const st of this.compiled.statements) {
      const entry: Record<string, unknown> = { tag_key: st.requiredTagKey };
      if (st.allowedValues !== undefined) {
        entry.tag_value = [...st.allowedValues];
      }
      if (st.enforcedFor.length > 0) {
        entry.enforced_for = [...st.enforcedFor];
      }
      if (st.reportRequiredFor.length > 0) {
        entry.report_required_tag_for = [...st.reportRequiredFor];
      }
      tags[st.policyKey] = entry;
    }
    return JSON.stringify({ tags }, undefined, 2);
  }

  /**
   * The evaluator the checks use (not part of the jsii API).
   * @internal
   */
  public _toEvaluator(): TagPolicyEvaluator {
    return {
      evaluateTags: (tags: TagModel[], resourceType: string): TagPolicyViolation[] =>
        this.evaluate(resourceType, tags.map((t) => ({ key: t.key, value: t.value }))).map((v) => ({
          tagKey: v.tagKey,
          tagValue: v.tagValue,
          policyKey: v.requiredTagKey,
          allowedValues: v.allowedValues,
          reason: v.reason,
          enforced: v.enforced,
        })),
    };
  }

  private get compiled(): CompiledPolicy {
    if (!this.compiledCache) {
      this.resolvedCache ??= resolveLevels([this.document]);
      this.compiledCache = compile(this.resolvedCache);
    }
    return this.compiledCache;
  }
}

function checkResourceType(resourceType: string): void {
  if (!RESOURCE_TYPE_FORM.test(resourceType)) {
    throw new Error(`Expected a resource type of the form "service:resource-type", e.g. "backup:recovery-point", got ${JSON.stringify(resourceType)}`);
  }
}
