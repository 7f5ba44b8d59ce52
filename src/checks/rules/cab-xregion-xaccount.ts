/**
 * CAB-XREGION-XACCOUNT: one copy action that is both cross-Region and cross-account for RDS,
 * Aurora, DocumentDB, Neptune (and RDS-family clusters selected by ARN). An error by default
 * because the project's users asked for it, although AWS announced support in October 2025 and the
 * feature availability page documents it (facts §1.2); `allowSingleActionCrossRegionCrossAccount:
 * true` lifts the rule. Attaches to the plan.
 */
import { capabilityOf, copyBlocked } from '../capabilities/queries';
import { makeFinding, type Finding } from '../finding';
import { singleActionCrossRegionCrossAccount } from '../messages/cab-xregion-xaccount';
import { DOCS } from '../messages/common';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-XREGION-XACCOUNT';

const check: Rule = (model, options) => {
  const findings: Finding[] = [];
  if (options.allowSingleActionCrossRegionCrossAccount === true) return findings;
  for (const route of model.routes) {
    if (route.crossRegion !== true || route.crossAccount !== true) continue;
    const affected = route.resources.filter(
      (r) => capabilityOf(r.type).singleActionCrossRegionCrossAccount === 'legacy-unsupported' && !copyBlocked(r, route, options, model),
    );
    if (affected.length === 0) continue;
    findings.push(makeFinding(ID, 'error', route.planPath,
      singleActionCrossRegionCrossAccount(route, affected), route.id));
  }
  return findings;
};

/** CAB-XREGION-XACCOUNT: the rule's one definition (registered in `rules/index.ts`). */
export const cabXregionXaccount: RuleDefinition = {
  id: ID,
  title: 'One copy action that is both cross-Region and cross-account for RDS, Aurora, DocumentDB or Neptune',
  severity: {
    error: 'by default, because the project\'s users asked for it, although AWS announced support in October 2025 (allowSingleActionCrossRegionCrossAccount lifts the rule)',
    sources: [DOCS.featureAvailability],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'the single cross-Region and cross-account copy action',
  skipsWhenUnknown: ['backup-plan', 'environment', 'selected-resources'],
  appliesToTypes: (types) => types.some(t => capabilityOf(t).singleActionCrossRegionCrossAccount !== 'supported'),
  check,
};
