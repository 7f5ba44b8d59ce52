/** Message text of CAB-RESOURCE. */
import { DOCS, featureNotSupportedError, planText, resourceText, routeText } from './common';
import type { CopyBlocker, OptInProblem, RegionProblem } from '../capabilities/queries';
import { capabilityOf } from '../capabilities/queries';
import { OPT_IN_REGIONS } from '../capabilities/region-capabilities';
import type { MessageParts } from '../finding';
import type { CopyRoute, ResourceModel, ResourceTypeId } from '../model/types';

const WHAT: Record<CopyBlocker, string> = {
  'any-copy': 'any copy (not even to another vault of the same account and Region)',
  'cross-region': 'copies to another Region',
  'cross-account': 'copies to another account',
  'single-action': 'one copy action that is both cross-Region and cross-account',
};

const TYPE_FIX: Partial<Record<ResourceTypeId, string>> = {
  'RDS-MultiAZCluster': 'back the cluster up with a plan that has no copy actions, or use a Multi-AZ DB instance '
    + '(rds.DatabaseInstance with multiAz: true) or an Aurora cluster, which AWS Backup can copy.',
  'FSx-ONTAP': 'back the volume up with a plan that has no copy actions, and replicate it with NetApp SnapMirror.',
  'DynamoDB': 'enable AWS Backup advanced features for DynamoDB in the source account and Region (DynamoDbAdvancedBackupSetting, '
    + 'or `aws backup update-region-settings --resource-type-opt-in-preference DynamoDB=true '
    + '--resource-type-management-preference DynamoDB=true`) and declare it with dynamoDbAdvancedFeatures: true.',
};

/** The type cannot be copied this way. */
export function unsupportedCopy(route: CopyRoute, resource: ResourceModel, blocker: CopyBlocker): MessageParts {
  const row = capabilityOf(resource.type);
  return {
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}. `
      + `AWS Backup does not support ${WHAT[blocker]} for the type ${row.displayName}. ${row.notes}`,
    awsError: featureNotSupportedError(resource.type, route.source.env.region, route.destination.env.region),
    fix: TYPE_FIX[resource.type]
      ?? `remove ${resource.constructPath ?? resource.arn ?? resource.id} from the selections of plans whose copy actions `
      + `make ${WHAT[blocker]}, and back it up with a plan whose copy actions AWS Backup supports for it.`,
    docUrl: row.source.url,
  };
}

/** The documentation does not confirm the copy (warning). */
export function uncertainCopy(route: CopyRoute, resource: ResourceModel, blocker: CopyBlocker): MessageParts {
  const row = capabilityOf(resource.type);
  return {
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}. `
      + `The AWS Backup documentation does not confirm ${WHAT[blocker]} for the type ${row.displayName}. ${row.notes} `
      + `If it is unsupported, the copy job fails with "${featureNotSupportedError(resource.type, route.source.env.region, route.destination.env.region)}".`,
    fix: 'run one copy job by hand to confirm it works, then acknowledge this warning on the resource; '
      + 'otherwise remove the resource from plans with such copy actions.',
    docUrl: row.source.url,
  };
}

function regionName(region: string): string {
  const hit = OPT_IN_REGIONS.find((r) => r.region === region);
  return hit ? `${region} (${hit.displayName})` : region;
}

/** A per-type limit of opt-in Regions. */
export function optInRegionLimit(route: CopyRoute, resource: ResourceModel, problem: OptInProblem): MessageParts {
  const row = capabilityOf(resource.type);
  const what = problem.kind === 'cross-account' ? 'cross-account copies' : 'cross-Region copies';
  return {
    problem: `${resourceText(resource)} is selected by ${planText(route)}, which copies it ${routeText(route)}. `
      + `AWS Backup does not support ${what} of the type ${row.displayName} in opt-in Region ${regionName(problem.region)}.`,
    awsError: featureNotSupportedError(resource.type, route.source.env.region, route.destination.env.region),
    fix: problem.kind === 'cross-account'
      ? 'copy it across accounts only between Regions that are not opt-in Regions, or keep its copies in the source account.'
      : 'copy it only to and from Regions that support it (not opt-in Regions), or keep its copies in the source Region.',
    docUrl: DOCS.regions,
  };
}

/** A partition or Region-group limit of the whole copy action. */
export function regionLimit(route: CopyRoute, problem: RegionProblem): MessageParts {
  const base = `${planText(route)} copies ${routeText(route)}.`;
  const docUrl = DOCS.regions;
  switch (problem.kind) {
    case 'cross-partition':
      return {
        problem: `${base} The source is in partition ${problem.sourcePartition} and the destination in partition `
          + `${problem.destinationPartition}: AWS Backup never copies between partitions.`,
        fix: `copy into a vault in the ${problem.sourcePartition} partition.`,
        docUrl,
      };
    case 'cross-account-unsupported':
      return {
        problem: `${base} AWS Backup does not support cross-account copy in the ${problem.partition!.displayName} `
          + `(partition ${problem.sourcePartition}).`,
        fix: 'copy into a vault of the same account (another Region of the partition where supported).',
        docUrl,
      };
    case 'cross-region-outside-group':
      return {
        problem: `${base} In the ${problem.partition!.displayName}, AWS Backup copies across Regions only between `
          + `${(problem.partition!.crossRegionCopyRegions ?? []).join(' and ')}.`,
        fix: `copy into a vault in ${(problem.partition!.crossRegionCopyRegions ?? []).join(' or ')}.`,
        docUrl,
      };
  }
}
