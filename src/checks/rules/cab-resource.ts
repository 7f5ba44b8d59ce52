/**
 * CAB-RESOURCE: a selected resource type that cannot be copied that way at all, and partition or
 * Region limits (facts §1.1, §5).
 *
 * - error: the type supports no copy at all (RDS Multi-AZ DB clusters, FSx for ONTAP, DynamoDB
 *   without advanced features), or not across Regions / accounts; an opt-in Region limit of the type;
 *   a copy across partitions, a cross-account copy in China, a cross-Region copy out of China or
 *   GovCloud (these attach to the plan).
 * - warning: the documentation does not confirm the copy (Redshift, Redshift Serverless,
 *   cross-account Aurora DSQL). Unverified is not unsupported, so no error. Not for RDS-family
 *   clusters selected by ARN, whose actual type is unknown (the model reports them as unverifiable).
 *
 * Split with the other rules: DynamoDB without advanced features copied across accounts is
 * CAB-DDB-ADVANCED's (enabling advanced features fixes it); the legacy single-action restriction of
 * RDS, Aurora, DocumentDB and Neptune is CAB-XREGION-XACCOUNT's.
 */
import { resourceAttachmentPath } from '../../private/attachment';
import {
  backupEnvOf, capabilityOf, copyVerdict, dynamoDbAdvancedEnabled, effectiveCapabilities, optInProblem, regionProblem,
} from '../capabilities/queries';
import { makeFinding, type Finding, type Rule } from '../finding';
import { optInRegionLimit, regionLimit, uncertainCopy, unsupportedCopy } from '../messages/cab-resource';
import { RuleIds } from '../rule-ids';
import { airGappedResourceFindings } from './cab-resource-air-gapped';

export const cabResource: Rule = (model, options) => {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const once = (key: string): boolean => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };

  for (const route of model.routes) {
    const routeKey = `${route.planPath}|${route.ruleName}|${route.destination.id}`;
    const limit = regionProblem(route.source.env, route.destination.env, route.crossAccount);
    if (limit && once(`route|${routeKey}`)) {
      findings.push(makeFinding(RuleIds.RESOURCE, 'error', route.planPath, regionLimit(route, limit), route.id));
    }

    for (const resource of route.resources) {
      const env = backupEnvOf(resource, route.source.env);
      if (resource.type === 'DynamoDB' && !dynamoDbAdvancedEnabled(env, options, model.settings)) {
        // Across accounts: CAB-DDB-ADVANCED. Unknown accounts: silent.
        if (route.crossAccount !== false) continue;
      }
      const path = resourceAttachmentPath(resource, route);
      const caps = effectiveCapabilities(resource, options, model, route.source.env);
      const verdict = copyVerdict(caps, route.crossRegion, route.crossAccount);
      const reportable = verdict.support === 'unsupported' || (verdict.support === 'uncertain' && !capabilityOf(resource.type).ambiguousType);
      if (reportable) {
        const target = verdict.blocker === 'any-copy' ? '' : routeKey;
        if (once(`${resource.id}|${verdict.blocker}|${target}`)) {
          findings.push(verdict.support === 'unsupported'
            ? makeFinding(RuleIds.RESOURCE, 'error', path, unsupportedCopy(route, resource, verdict.blocker!), route.id)
            : makeFinding(RuleIds.RESOURCE, 'warning', path, uncertainCopy(route, resource, verdict.blocker!), route.id));
        }
        if (verdict.support === 'unsupported') continue;
      }
      const optIn = optInProblem(resource.type, env.region, route.destination.env.region, route.crossRegion, route.crossAccount);
      if (optIn && once(`${resource.id}|opt-in|${routeKey}`)) {
        findings.push(makeFinding(RuleIds.RESOURCE, 'error', path, optInRegionLimit(route, resource, optIn), route.id));
      }
    }
  }
  findings.push(...airGappedResourceFindings(model));
  return findings;
};
