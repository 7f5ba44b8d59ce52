/**
 * CAB-TAG-POLICY: tags that the organization's tag policy (`options.tagPolicy`) rejects on the
 * recovery points of cross-account copies (S-RP1, "tag policy" section). Without the option, the
 * effective tag policy of the copy's destination account from external facts
 * (`model.accountTagPolicies`), where the facts give one.
 *
 * Scope: cross-account copies only. The seed articles document the failure for cross-account copy
 * jobs; a tag policy problem on a same-account recovery point is a backup-job problem, not a copy
 * problem, and stays out of these checks.
 *
 * Evaluated with resource type `backup:recovery-point`: the resource's tags (attach to the resource;
 * a tag that the rule's RecoveryPointTags override is not copied) and the rule's RecoveryPointTags
 * (attach to the plan). Enforced violations are errors; violations the policy does not enforce and
 * tags whose value is a token are warnings.
 */
import { makeFinding, type Finding } from '../finding';
import { enforcedViolation, unenforcedViolation, unresolvedTag, type TagSubject } from '../messages/cab-tag-policy';
import { DOCS } from '../messages/common';
import { resourceAttachmentPath } from '../model/attachment';
import type { CopyRoute, ResourceModel, TagModel, TagPolicyEvaluator } from '../model/types';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-TAG-POLICY';

const RECOVERY_POINT = 'backup:recovery-point';

const check: Rule = (model, options) => {
  const findings: Finding[] = [];
  const byAccount = model.accountTagPolicies;
  if (!options.tagPolicy && (!byAccount || byAccount.size === 0)) return findings;
  // The declared option covers every account and wins; else the destination account's policy from the facts.
  const policyOf = (route: CopyRoute): TagPolicyEvaluator | undefined =>
    options.tagPolicy ?? (route.destination.env.account !== undefined ? byAccount?.get(route.destination.env.account) : undefined);
  const seen = new Set<string>();
  const evaluated = new Set<string>();
  const evaluatedLists = new WeakMap<readonly ResourceModel[], Set<string>>();

  const report = (evaluator: TagPolicyEvaluator, tags: TagModel[], route: CopyRoute, subject: TagSubject, path: string, id: string): void => {
    if (tags.length === 0) return;
    for (const v of evaluator.evaluateTags(tags, RECOVERY_POINT)) {
      const key = `${id}|${v.tagKey}|${v.reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (v.reason === 'unresolved') {
        findings.push(makeFinding(ID, 'warning', path, unresolvedTag(route, subject, v), route.id));
      } else if (v.enforced) {
        findings.push(makeFinding(ID, 'error', path, enforcedViolation(route, subject, v), route.id));
      } else {
        findings.push(makeFinding(ID, 'warning', path, unenforcedViolation(route, subject, v), route.id));
      }
    }
  };

  for (const route of model.routes) {
    if (route.crossAccount !== true) continue;
    const policy = policyOf(route);
    if (!policy) continue;
    // Policies from the facts differ per destination account: judge each account's copies with its own.
    const scope = options.tagPolicy ? '' : `|${route.destination.env.account}`;
    report(policy, route.recoveryPointTags, route,
      { kind: 'recovery-point-tags', route },
      route.planPath, `plan|${route.planPath}|${route.ruleName}${scope}`);
    const overridden = new Set(route.recoveryPointTags.map((t) => t.key));
    const overrideKey = [...overridden].sort().join(',');
    // a list already evaluated with these overrides adds nothing (every resource of it was evaluated)
    let done = evaluatedLists.get(route.resources);
    if (!done) evaluatedLists.set(route.resources, done = new Set());
    if (done.has(overrideKey)) continue;
    done.add(overrideKey);
    for (const resource of route.resources) {
      const once = `${resource.id}|${overrideKey}${scope}`;
      if (evaluated.has(once)) continue;
      evaluated.add(once);
      report(policy, resource.tags.filter((t) => !overridden.has(t.key)), route,
        { kind: 'resource', resource },
        resourceAttachmentPath(resource, route), `resource|${resource.id}${scope}`);
    }
  }
  return findings;
};

/** CAB-TAG-POLICY: the rule's one definition (registered in `rules/index.ts`). */
export const cabTagPolicy: RuleDefinition = {
  id: ID,
  title: 'Tags an enforced tag policy rejects on the recovery point',
  severity: {
    error: 'a tag an enforced tag policy rejects: the copy job fails',
    warning: 'a tag policy that is not enforced for recovery points, or a tag value synth cannot know',
    sources: [DOCS.tagPolicies, DOCS.troubleshootCrossAccount],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'the tag policy',
  skipsWhenUnknown: ['backup-plan', 'selected-resources', 'resource-tags'],
  appliesToTypes: (types) => types.length > 0,
  check,
};
