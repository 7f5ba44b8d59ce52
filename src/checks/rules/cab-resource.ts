/**
 * CAB-RESOURCE: a selected resource type that cannot be copied that way at all, and partition or
 * Region limits (facts §1.1, §4.4, §5).
 *
 * - error (AWS documents the failure): the type supports no copy at all (RDS Multi-AZ DB clusters,
 *   DynamoDB with advanced features declared off), or not across Regions / accounts; an opt-in Region
 *   limit of the type; a copy across partitions, a cross-account copy in China, a cross-Region copy out
 *   of China or GovCloud (these attach to the plan); an Aurora, Neptune or DocumentDB cluster copied
 *   while external facts say the service opt-in for its type is off in its account and Region (AWS
 *   documents that these types require it).
 * - warning (synth cannot know, or the sources conflict): the documentation does not confirm the copy
 *   (FSx for ONTAP, Redshift, Redshift Serverless, cross-account Aurora DSQL); DynamoDB copied within
 *   the account while advanced features are not declared; an Aurora, Neptune or DocumentDB cluster
 *   copied while the service opt-in for its type is not declared for its account and Region (without
 *   it AWS Backup does not back the cluster up, so there is nothing to copy). Not for RDS-family
 *   clusters selected by ARN, whose actual type is unknown (the model reports them as unverifiable).
 *
 * Split with the other rules: DynamoDB without advanced features copied across accounts is
 * CAB-DDB-ADVANCED's (enabling advanced features fixes it); the single-action restriction of RDS,
 * Aurora, DocumentDB and Neptune is CAB-XREGION-XACCOUNT's.
 */
import {
  backupEnvOf, capabilityOf, copyVerdict, dynamoDbAdvancedState, effectiveCapabilities, offSetting, optInProblem, regionProblem,
  serviceOptInDeclared, type CopyVerdict, type OptInProblem,
} from '../capabilities/queries';
import { makeFinding, type Finding } from '../finding';
import { airGappedResourceFindings } from './cab-resource-air-gapped';
import { dynamoDbAdvancedUndeclared } from '../messages/cab-ddb-advanced';
import { optInRegionLimit, regionLimit, serviceOptInOff, serviceOptInUndeclared, uncertainCopy, unsupportedCopy } from '../messages/cab-resource';
import { DOCS } from '../messages/common';
import { resourceAttachmentPath } from '../model/attachment';
import { copyContextKey, PerList } from '../model/per-list';
import type { CheckModel, CheckOptions, CopyRoute, Env, ResourceModel } from '../model/types';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-RESOURCE';

const check: Rule = (model, options) => {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const once = (key: string): boolean => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };

  const perList = new PerList<ResourceProblem[]>();
  for (const route of model.routes) {
    const routeKey = `${route.planPath}|${route.ruleName}|${route.destination.id}`;
    const limit = regionProblem(route.source.env, route.destination.env, route.crossAccount);
    if (limit && once(`route|${routeKey}`)) {
      findings.push(makeFinding(ID, 'error', route.planPath, regionLimit(route, limit), route.id));
    }

    // What each resource of the list may report, judged once per list and copy context; the findings
    // (some per route) are made below from these, for each route.
    // A plan an Organizations backup policy manages takes its service opt-in from the management account: part of the context.
    const context = route.policy ? `${copyContextKey(route)}|organizations` : copyContextKey(route);
    const problems = perList.get(route.resources, context, () => resourceProblems(route, model, options));
    for (const p of problems) {
      const { resource, env } = p;
      const path = resourceAttachmentPath(resource, route);
      if (p.kind === 'ddb-undeclared') {
        if (once(`${resource.id}|ddb-undeclared`)) {
          findings.push(makeFinding(ID, 'warning', path, dynamoDbAdvancedUndeclared(route, resource, env), route.id));
        }
      } else if (p.kind === 'verdict') {
        const target = p.verdict.blocker === 'any-copy' ? '' : routeKey;
        if (once(`${resource.id}|${p.verdict.blocker}|${target}`)) {
          findings.push(p.verdict.support === 'unsupported'
            ? makeFinding(ID, 'error', path, unsupportedCopy(route, resource, p.verdict.blocker!), route.id)
            : makeFinding(ID, 'warning', path, uncertainCopy(route, resource, p.verdict.blocker!), route.id));
        }
      } else if (p.kind === 'opt-in') {
        if (once(`${resource.id}|opt-in|${routeKey}`)) {
          findings.push(makeFinding(ID, 'error', path, optInRegionLimit(route, resource, p.optIn), route.id));
        }
      } else if (once(`${resource.id}|service-opt-in|${p.optInEnv.account}`)) {
        // Off in the external facts: an error (AWS documents that these types need the opt-in); else not declared.
        const backupType = capabilityOf(resource.type).backupResourceType;
        const off = backupType ? offSetting('resource-type-opt-in', p.optInEnv, model.settings, backupType) : undefined;
        findings.push(off
          ? makeFinding(ID, 'error', path, serviceOptInOff(route, resource, p.optInEnv, off.constructPath), route.id)
          : makeFinding(ID, 'warning', path, serviceOptInUndeclared(route, resource, p.optInEnv, options.managementAccount !== undefined), route.id));
      }
    }
  }
  findings.push(...airGappedResourceFindings(model, ID));
  return findings;
};

/** What one resource may report on a route (before the once-per-key filter). */
type ResourceProblem = { readonly resource: ResourceModel; readonly env: Env } & (
  | { readonly kind: 'ddb-undeclared' }
  | { readonly kind: 'verdict'; readonly verdict: CopyVerdict }
  | { readonly kind: 'opt-in'; readonly optIn: OptInProblem }
  | { readonly kind: 'service-opt-in'; /** Whose opt-in settings apply: see {@link optInEnvOf}. */ readonly optInEnv: Env });

/**
 * The problems of the route's resources, in resource order: a function of the resources and the
 * route's copy context (source and destination environments, cross-account, cross-Region) only.
 */
function resourceProblems(route: CopyRoute, model: CheckModel, options: CheckOptions): ResourceProblem[] {
  const out: ResourceProblem[] = [];
  for (const resource of route.resources) {
    const env = backupEnvOf(resource, route.source.env);
    if (resource.type === 'DynamoDB') {
      const state = dynamoDbAdvancedState(env, options, model.settings);
      // Off across accounts: CAB-DDB-ADVANCED. Off with unknown accounts: silent.
      if (state === 'off' && route.crossAccount !== false) continue;
      if (state === 'undeclared' && route.crossAccount === false) out.push({ kind: 'ddb-undeclared', resource, env });
    }
    const caps = effectiveCapabilities(resource, options, model, route.source.env);
    const verdict = copyVerdict(caps, route.crossRegion, route.crossAccount);
    const reportable = verdict.support === 'unsupported' || (verdict.support === 'uncertain' && !capabilityOf(resource.type).ambiguousType);
    if (reportable) {
      out.push({ kind: 'verdict', resource, env, verdict });
      if (verdict.support === 'unsupported') continue;
    }
    const optIn = optInProblem(resource.type, env.region, route.destination.env.region, route.crossRegion, route.crossAccount);
    if (optIn) out.push({ kind: 'opt-in', resource, env, optIn });
    const row = capabilityOf(resource.type);
    const optInEnv = optInEnvOf(route, env, options);
    if (row.requiresServiceOptIn && row.backupResourceType && optInEnv.account !== undefined && optInEnv.region !== undefined
      && !serviceOptInDeclared(row.backupResourceType, optInEnv, options, model.settings)) {
      out.push({ kind: 'service-opt-in', resource, env, optInEnv });
    }
  }
  return out;
}

/**
 * The account and Region whose service opt-in settings decide whether AWS Backup backs the resource up:
 * its own, except for a plan an Organizations backup policy manages, where "the resource opt-in settings
 * in the management account override the settings in a member account" (AWS Backup troubleshooting): the
 * declared `managementAccount` in the resource's Region. Without one, whose setting applies cannot be told:
 * the resource's own account's (or an environment-agnostic setting) counts, as for a plan, and the fix says
 * to declare `managementAccount`.
 */
function optInEnvOf(route: CopyRoute, env: Env, options: CheckOptions): Env {
  return route.policy && options.managementAccount !== undefined ? { ...env, account: options.managementAccount } : env;
}

/** CAB-RESOURCE: the rule's one definition (registered in `rules/index.ts`). */
export const cabResource: RuleDefinition = {
  id: ID,
  title: 'The resource type cannot be copied that way at all (type, Region, partition, logically air-gapped vault)',
  severity: {
    error: 'AWS documents the failure: the type supports no copy, or not across Regions or accounts; an opt-in Region limit; a service opt-in the external facts say is off; a copy across partitions or out of China/GovCloud; a logically air-gapped vault where AWS offers none',
    warning: 'the documentation does not confirm the copy (FSx for ONTAP, Redshift, Aurora DSQL across accounts), or a setting it depends on (DynamoDB advanced features, service opt-in) is not declared',
    sources: [DOCS.featureAvailability, DOCS.regions],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'resource type and Region support',
  skipsWhenUnknown: ['backup-plan', 'environment', 'selected-resources', 'vault-region'],
  appliesToTypes: (types) => types.length > 0,
  check,
};
