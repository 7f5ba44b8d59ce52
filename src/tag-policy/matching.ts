/**
 * Compliance of tags with a resolved tag policy (internal).
 *
 * Sources (AWS Organizations User Guide):
 * - Tag policy syntax:
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html
 * - Tag policies ("Untagged resources or tags that aren't defined in the tag policy aren't evaluated";
 *   "tag values are case sensitive"):
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.html
 *
 * Rules:
 * - A tag is governed by the policy key whose tag key equals it ignoring case. Other tags comply.
 * - The tag key must have the capitalization of `tag_key` exactly; without `tag_key` the required
 *   case is lower case ("If case treatment isn't defined, lowercase is the default").
 * - Without `tag_value` any value (including none) complies. With it, the value must equal one of
 *   the values, case-sensitively; a value may hold one `*`, matching any run of characters
 *   (`300*`, `*@example.com`). `"@@assign": []` allows no value at all.
 * - `enforced_for` entries `service:type`, `service:*` and `service:ALL_SUPPORTED` make
 *   noncompliance for a resource type an error (the tagging operation is rejected).
 */
import { SettingName } from './document';
import { ResolvedPolicy } from './effective';

export interface CompiledStatement {
  readonly policyKey: string;
  readonly requiredTagKey: string;
  readonly allowedValues?: readonly string[];
  readonly valueMatches: (value: string) => boolean;
  readonly enforcedFor: readonly string[];
  readonly reportRequiredFor: readonly string[];
}

export interface CompiledPolicy {
  /** By lower-cased required tag key. */
  readonly byTagKey: ReadonlyMap<string, CompiledStatement>;
  /** In policy order. */
  readonly statements: readonly CompiledStatement[];
}

export function compile(resolved: ResolvedPolicy): CompiledPolicy {
  const byTagKey = new Map<string, CompiledStatement>();
  const statements: CompiledStatement[] = [];
  for (const st of resolved.statements.values()) {
    if (st.values.size === 0) {
      continue; // carries only child control operators
    }
    const get = (name: SettingName) => st.values.get(name) as string[] | undefined;
    const allowedValues = get('tag_value');
    const requiredTagKey = (st.values.get('tag_key') as string | undefined) ?? st.policyKey.toLowerCase();
    const compiled: CompiledStatement = {
      policyKey: st.policyKey,
      requiredTagKey,
      allowedValues,
      valueMatches: allowedValues === undefined ? () => true : valueMatcher(allowedValues),
      enforcedFor: get('enforced_for') ?? [],
      reportRequiredFor: get('report_required_tag_for') ?? [],
    };
    statements.push(compiled);
    byTagKey.set(requiredTagKey.toLowerCase(), compiled);
  }
  return { byTagKey, statements };
}

/** One matcher for a list of allowed values: exact (case-sensitive) or one `*` wildcard each. */
export function valueMatcher(allowed: readonly string[]): (value: string) => boolean {
  const exact = new Set<string>();
  const patterns: Array<{ prefix: string; suffix: string }> = [];
  for (const a of allowed) {
    const star = a.indexOf('*');
    if (star < 0) {
      exact.add(a);
    } else {
      patterns.push({ prefix: a.slice(0, star), suffix: a.slice(star + 1) });
    }
  }
  return (value: string) =>
    exact.has(value) ||
    patterns.some((p) => value.length >= p.prefix.length + p.suffix.length && value.startsWith(p.prefix) && value.endsWith(p.suffix));
}

/** Does a list of `enforced_for` / `report_required_tag_for` entries cover `service:type`? */
export function covers(entries: readonly string[], resourceType: string): boolean {
  const service = resourceType.slice(0, resourceType.indexOf(':'));
  return entries.some((e) => e === resourceType || e === `${service}:*` || e === `${service}:ALL_SUPPORTED`);
}
