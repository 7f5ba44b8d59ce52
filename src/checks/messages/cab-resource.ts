/** Message text of CAB-RESOURCE. */
import {
  DOCS, capital, envText, planShort, planText, resourceId, resourceText, routeText, featureNotSupportedError,
} from './common';
import type { CopyBlocker, OptInProblem, RegionProblem } from '../capabilities/queries';
import { capabilityOf } from '../capabilities/queries';
import { OPT_IN_REGIONS } from '../capabilities/region-capabilities';
import type { FindingDetails, MessageParts } from '../finding';
import type { CopyRoute, Env, ResourceModel, ResourceTypeId } from '../model/types';

const WHAT: Record<CopyBlocker, string> = {
  'any-copy': 'any copy (not even to another vault of the same account and Region)',
  'cross-region': 'copies to another Region',
  'cross-account': 'copies to another account',
  'single-action': 'one copy action that is both cross-Region and cross-account',
};

const TYPE_FIX: Partial<Record<ResourceTypeId, string>> = {
  'RDS-MultiAZCluster': 'back the cluster up with a plan that has no copy actions, or use a Multi-AZ DB instance '
    + '(rds.DatabaseInstance with multiAz: true) or an Aurora cluster, which AWS Backup can copy.',
  'DynamoDB': 'enable AWS Backup advanced features for DynamoDB in the source account and Region with a '
    + 'DynamoDbAdvancedBackupSetting in a stack of that account and Region (dynamoDbAdvancedFeatures: false, or external '
    + 'facts that say they are off, count as off wherever no such setting is deployed).',
};

/** `WHAT`, short. */
const WHAT_SHORT: Record<CopyBlocker, string> = {
  'any-copy': 'a copy',
  'cross-region': 'a cross-Region copy',
  'cross-account': 'a cross-account copy',
  'single-action': 'one copy action both cross-Region and cross-account',
};

/** `resources`, `types`, and `accounts` and `regions` of `env` when it is given (where a setting is judged). */
function resourceDetails(resource: ResourceModel, env?: Env): FindingDetails {
  return {
    resources: [resourceId(resource)],
    types: [resource.type],
    ...(env?.account !== undefined ? { accounts: [env.account] } : {}),
    ...(env?.region !== undefined ? { regions: [env.region] } : {}),
  };
}

const SHORT_TYPE_FIX: Partial<Record<ResourceTypeId, string>> = {
  'RDS-MultiAZCluster': 'back it up with a plan without copy actions, or use a Multi-AZ DB instance or an Aurora cluster.',
  'DynamoDB': 'add a DynamoDbAdvancedBackupSetting to a stack of the source account and Region.',
};

/** The type cannot be copied this way. Details: `cause` (the `CopyBlocker`: `any-copy`, `cross-region`, ...), `resources`, `types`. */
export function unsupportedCopy(route: CopyRoute, resource: ResourceModel, blocker: CopyBlocker): MessageParts {
  const row = capabilityOf(resource.type);
  return {
    messageId: 'unsupported-copy',
    details: { cause: blocker, ...resourceDetails(resource) },
    summary: `${resourceText(resource)} is in ${WHAT_SHORT[blocker]}, which AWS Backup does not support for the type.`,
    shortFix: SHORT_TYPE_FIX[resource.type] ?? `back it up with a plan without ${blocker === 'any-copy' ? 'copy actions' : 'such copies'}.`,
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}. `
      + `AWS Backup does not support ${WHAT[blocker]} for the type ${row.displayName}. ${row.notes}`,
    awsError: featureNotSupportedError(resource.type, route.source.env.region, route.destination.env.region),
    fix: TYPE_FIX[resource.type]
      ?? `remove ${resource.constructPath ?? resource.arn ?? resource.id} from the selections of plans whose copy actions `
      + `make ${WHAT[blocker]}, and back it up with a plan whose copy actions AWS Backup supports for it.`,
    docUrl: row.source.url,
  };
}

/** The documentation does not confirm the copy (warning). Details as {@link unsupportedCopy}. */
export function uncertainCopy(route: CopyRoute, resource: ResourceModel, blocker: CopyBlocker): MessageParts {
  const row = capabilityOf(resource.type);
  return {
    messageId: 'uncertain-copy',
    details: { cause: blocker, ...resourceDetails(resource) },
    summary: `${resourceText(resource)} is in ${WHAT_SHORT[blocker]}, which AWS Backup's docs do not confirm for the type.`,
    shortFix: 'run one copy job by hand, then acknowledge; or remove it from such plans.',
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}. `
      + `The AWS Backup documentation does not confirm ${WHAT[blocker]} for the type ${row.displayName}. `
      + `${row.conflicts ? `${row.conflicts} ` : ''}${row.notes} `
      + `If it is unsupported, the copy job fails with "${featureNotSupportedError(resource.type, route.source.env.region, route.destination.env.region)}".`,
    fix: 'run one copy job by hand to confirm it works, then acknowledge this warning on the resource; '
      + 'otherwise remove the resource from plans with such copy actions.',
    docUrl: row.source.url,
  };
}

/** For a plan an Organizations backup policy manages: whose opt-in settings apply (AWS Backup troubleshooting). */
function organizationsOverride(route: CopyRoute): string {
  return route.policy
    ? ' For backup plans that are managed by Organizations, "the resource opt-in settings in the management account override '
      + 'the settings in a member account" (AWS Backup troubleshooting).'
    : '';
}

/** The fix's addition when whose opt-in applies cannot be told: a policy's plan and no `managementAccount` declared. */
function managementAccountHint(route: CopyRoute, managementAccountKnown: boolean): string {
  return route.policy && !managementAccountKnown
    ? ' The plan comes from an Organizations backup policy, so the management account\'s setting is the one that counts: '
      + 'declare managementAccount in the checks\' options and opt in in that account, in the same Region.'
    : '';
}

/** AWS's exception to "opt-in is ignored for explicitly assigned resources" (facts §4.4). */
export const SERVICE_OPT_IN_EXCEPTION = 'AWS Backup applies the Region\'s service opt-in even to resources a plan selects '
  + 'by ARN for these types: "Service opt-in settings are ignored for most resource types. However Aurora, Neptune, and '
  + 'Amazon DocumentDB require service opt-in." (Select AWS services to back up)';

/** The service opt-in page. */
const OPT_IN_DOC = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html';

/**
 * An Aurora, Neptune or DocumentDB cluster copied while its type's service opt-in is not declared (warning).
 * Details: `resources`, `types`, `accounts` and `regions` (where the opt-in is judged).
 */
export function serviceOptInUndeclared(route: CopyRoute, resource: ResourceModel, backupEnv: Env, managementAccountKnown = true): MessageParts {
  const type = capabilityOf(resource.type).backupResourceType!;
  return {
    messageId: 'service-opt-in-undeclared',
    details: resourceDetails(resource, backupEnv),
    summary: `Nothing declares the ${type} service opt-in that backups of ${resourceText(resource)} need.`,
    shortFix: `add a ResourceTypeOptInSetting for ${type} to a stack of ${envText(backupEnv)}, or declare optedInResourceTypes.`,
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}, but the `
      + `service opt-in for ${type} is not declared for ${envText(backupEnv)}. ${SERVICE_OPT_IN_EXCEPTION}.${organizationsOverride(route)} While it is off, `
      + 'AWS Backup does not back the cluster up, so there is nothing to copy and no job fails to tell you. Synth cannot see the '
      + 'Region setting.',
    fix: `opt in with new ResourceTypeOptInSetting(this, 'ServiceOptIn', { resourceTypes: ['${type}'] }) in a stack of `
      + `${envText(backupEnv)}; or, if it is on everywhere (\`aws backup describe-region-settings\`: "${type}": true under `
      + `ResourceTypeOptInPreference), declare optedInResourceTypes: ['${type}'] in the checks' options.`
      + managementAccountHint(route, managementAccountKnown),
    docUrl: OPT_IN_DOC,
  };
}

/**
 * An Aurora, Neptune or DocumentDB cluster copied while external facts say its type's service opt-in is
 * off in its account and Region (error: AWS documents that these types require the opt-in). `fact`: what
 * the facts are called. Details: `resources`, `types`, `accounts`, `regions`, `facts`.
 */
export function serviceOptInOff(route: CopyRoute, resource: ResourceModel, backupEnv: Env, fact: string): MessageParts {
  const type = capabilityOf(resource.type).backupResourceType!;
  return {
    messageId: 'service-opt-in-off',
    details: { ...resourceDetails(resource, backupEnv), facts: fact },
    summary: `The ${type} service opt-in that backups of ${resourceText(resource)} need is off (external facts).`,
    shortFix: `add a ResourceTypeOptInSetting for ${type} to a stack of ${envText(backupEnv)}.`,
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}, but the `
      + `service opt-in for ${type} is off in ${envText(backupEnv)} according to the ${fact} (ResourceTypeOptInPreference `
      + `"${type}": false). ${SERVICE_OPT_IN_EXCEPTION}.${organizationsOverride(route)} While it is off, AWS Backup does not back the cluster up, so there `
      + 'is nothing to copy and no job fails to tell you.',
    fix: `opt in with new ResourceTypeOptInSetting(this, 'ServiceOptIn', { resourceTypes: ['${type}'] }) in a stack of `
      + `${envText(backupEnv)} (or \`aws backup update-region-settings --resource-type-opt-in-preference ${type}=true\`), `
      + 'then read the facts again with cdk-cross-account-backup lookup.',
    docUrl: OPT_IN_DOC,
  };
}

function regionName(region: string): string {
  const hit = OPT_IN_REGIONS.find((r) => r.region === region);
  return hit ? `${region} (${hit.displayName})` : region;
}

/**
 * A per-type limit of opt-in Regions. Details: `cause` (`cross-account`, `cross-region`), `resources`,
 * `types`, `regions` (the opt-in Region).
 */
export function optInRegionLimit(route: CopyRoute, resource: ResourceModel, problem: OptInProblem): MessageParts {
  const row = capabilityOf(resource.type);
  const what = problem.kind === 'cross-account' ? 'cross-account copies' : 'cross-Region copies';
  return {
    messageId: 'opt-in-region-limit',
    details: { cause: problem.kind, ...resourceDetails(resource), regions: [problem.region] },
    summary: `${resourceText(resource)} is in ${what === 'cross-account copies' ? 'a cross-account' : 'a cross-Region'} copy, `
      + `unsupported for the type in opt-in Region ${problem.region}.`,
    shortFix: problem.kind === 'cross-account'
      ? 'copy it across accounts only outside opt-in Regions, or keep its copies in the source account.'
      : 'copy it only between Regions that are not opt-in Regions, or keep its copies in the source Region.',
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}. `
      + `AWS Backup does not support ${what} of the type ${row.displayName} in opt-in Region ${regionName(problem.region)}.`,
    awsError: featureNotSupportedError(resource.type, route.source.env.region, route.destination.env.region),
    fix: problem.kind === 'cross-account'
      ? 'copy it across accounts only between Regions that are not opt-in Regions, or keep its copies in the source account.'
      : 'copy it only to and from Regions that support it (not opt-in Regions), or keep its copies in the source Region.',
    docUrl: DOCS.regions,
  };
}

/**
 * A partition or Region-group limit of the whole copy action. Details: `cause` (`cross-partition`,
 * `cross-account-unsupported`, `cross-region-outside-group`), `partitions` (source, destination),
 * `regions` (the Regions a partition copies between, for `cross-region-outside-group`).
 */
export function regionLimit(route: CopyRoute, problem: RegionProblem): MessageParts {
  const base = `${planText(route)} copies ${routeText(route)}.`;
  const docUrl = DOCS.regions;
  const messageId = 'region-limit';
  const partitions = [problem.sourcePartition, problem.destinationPartition];
  const plan = capital(planShort(route));
  switch (problem.kind) {
    case 'cross-partition':
      return {
        messageId,
        details: { cause: problem.kind, partitions },
        summary: `${plan} copies from partition ${problem.sourcePartition} to partition ${problem.destinationPartition}: `
          + 'AWS Backup never copies between partitions.',
        shortFix: `copy into a vault in the ${problem.sourcePartition} partition.`,
        problem: `${base} The source is in partition ${problem.sourcePartition} and the destination in partition `
          + `${problem.destinationPartition}: AWS Backup never copies between partitions.`,
        fix: `copy into a vault in the ${problem.sourcePartition} partition.`,
        docUrl,
      };
    case 'cross-account-unsupported':
      return {
        messageId,
        details: { cause: problem.kind, partitions },
        summary: `${plan} copies across accounts, which AWS Backup does not support in the ${problem.partition!.displayName}.`,
        shortFix: 'copy into a vault of the same account.',
        problem: `${base} AWS Backup does not support cross-account copy in the ${problem.partition!.displayName} `
          + `(partition ${problem.sourcePartition}).`,
        fix: 'copy into a vault of the same account (another Region of the partition where supported).',
        docUrl,
      };
    case 'cross-region-outside-group':
      return {
        messageId,
        details: { cause: problem.kind, partitions, regions: [...(problem.partition!.crossRegionCopyRegions ?? [])] },
        summary: `${plan} copies across Regions, which AWS Backup does in the ${problem.partition!.displayName} only between `
          + `${(problem.partition!.crossRegionCopyRegions ?? []).join(' and ')}.`,
        shortFix: `copy into a vault in ${(problem.partition!.crossRegionCopyRegions ?? []).join(' or ')}.`,
        problem: `${base} In the ${problem.partition!.displayName}, AWS Backup copies across Regions only between `
          + `${(problem.partition!.crossRegionCopyRegions ?? []).join(' and ')}.`,
        fix: `copy into a vault in ${(problem.partition!.crossRegionCopyRegions ?? []).join(' or ')}.`,
        docUrl,
      };
  }
}
