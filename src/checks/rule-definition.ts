/**
 * The shape of a rule: everything about it in one definition, in its own file
 * (`rules/<rule-id>.ts`). Every registry (the order the rules run in, `RuleIds.all()`, the checks
 * CAB-UNVERIFIABLE names, where the validation plugin points in a template, the report's order) is
 * derived from the ordered list `RULES` in `rules/index.ts`. Not part of the jsii API.
 */
import type { Finding } from './finding';
import type { CheckModel, CheckOptions, ResourceTypeId, UnknownFact, Unverifiable } from './model/types';

/**
 * A rule's check: a pure function of the model and the options. `registry` is every rule the engine
 * knows (CAB-UNVERIFIABLE names the checks an unknown skips from it; without it, none).
 */
export type Rule = (model: CheckModel, options: CheckOptions, registry?: readonly RuleDefinition[]) => Finding[];

export interface RuleDefinition {
  /** The rule id, e.g. `CAB-ORG` (the file is `rules/cab-org.ts`, the messages `messages/cab-org.ts`). */
  readonly id: string;
  /** One line: what the rule reports. */
  readonly title: string;
  /**
   * When it is an error and when a warning, and why, with the sources: an error where AWS documents
   * the failure (or users asked for it), a warning where state cannot be known or sources conflict.
   */
  readonly severity: {
    readonly error?: string;
    readonly warning?: string;
    /** The pages the principle rests on. */
    readonly sources: readonly string[];
  };
  /** The rule's documentation page. */
  readonly docUrl: string;
  /** What the check verifies, in words: CAB-UNVERIFIABLE's "Not checked: ..." list names skipped checks so. */
  readonly checkName?: string;
  /** The facts the check needs: when one is unknown, it leaves the case to CAB-UNVERIFIABLE. */
  readonly skipsWhenUnknown: readonly UnknownFact[];
  /**
   * Whether the check can apply to a copy of only these resource types (absent: any types). An
   * unknown that concerns only such types skips the check only when this says it can apply.
   */
  readonly appliesToTypes?: (types: readonly ResourceTypeId[]) => boolean;
  /** Where in a template the fix goes, per CloudFormation type of the construct a finding attaches to. */
  readonly locations?: Readonly<Record<string, string>>;
  readonly check: Rule;
}

/** Where every rule's documentation page lives: `docs/rules/<ID>.md` of the repository. */
export function ruleDocUrl(id: string): string {
  return `https://github.com/cdk-cross-account-backup/cdk-cross-account-backup/blob/main/docs/rules/${id}.md`;
}

/**
 * The rules of `registry` whose check an unknown skips: those that need one of its facts (in the
 * order of its facts, then of the registry) and, when it concerns only some types, can apply to them.
 */
export function rulesSkippedBy(u: Pick<Unverifiable, 'unknown' | 'types'>, registry: readonly RuleDefinition[]): RuleDefinition[] {
  const out: RuleDefinition[] = [];
  for (const fact of u.unknown) {
    for (const rule of registry) {
      if (out.includes(rule) || !rule.skipsWhenUnknown.includes(fact)) continue;
      if (u.types !== undefined && rule.appliesToTypes && !rule.appliesToTypes(u.types)) continue;
      out.push(rule);
    }
  }
  return out;
}
