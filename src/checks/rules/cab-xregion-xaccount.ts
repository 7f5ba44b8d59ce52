/**
 * CAB-XREGION-XACCOUNT: one copy action that is both cross-Region and cross-account for RDS,
 * Aurora, DocumentDB, Neptune (and RDS-family clusters selected by ARN), as the seed articles
 * document (facts §1.2). AWS announced single-action support in late 2025, so
 * `allowSingleActionCrossRegionCrossAccount: true` lifts the rule. Attaches to the plan.
 */
import { capabilityOf, copyBlocked } from '../capabilities/queries';
import { makeFinding, type Finding, type Rule } from '../finding';
import { singleActionCrossRegionCrossAccount } from '../messages/cab-xregion-xaccount';
import { RuleIds } from '../rule-ids';

export const cabXregionXaccount: Rule = (model, options) => {
  const findings: Finding[] = [];
  if (options.allowSingleActionCrossRegionCrossAccount === true) return findings;
  for (const route of model.routes) {
    if (route.crossRegion !== true || route.crossAccount !== true) continue;
    const affected = route.resources.filter(
      (r) => capabilityOf(r.type).singleActionCrossRegionCrossAccount === 'legacy-unsupported' && !copyBlocked(r, route, options, model),
    );
    if (affected.length === 0) continue;
    findings.push(makeFinding(RuleIds.XREGION_XACCOUNT, 'error', route.planPath,
      singleActionCrossRegionCrossAccount(route, affected), route.id));
  }
  return findings;
};
