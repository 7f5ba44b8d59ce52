/**
 * Where a finding about a selected resource attaches. Not part of the jsii API.
 */
import type { CopyRoute, ResourceModel } from './types';

/**
 * The construct the user must change for a resource: the resource itself when it is in the app,
 * else the backup selection that picks it (by ARN or tag), else the plan.
 */
export function resourceAttachmentPath(resource: ResourceModel, route: Pick<CopyRoute, 'selections' | 'planPath'>): string {
  if (resource.constructPath) return resource.constructPath;
  const selection = route.selections.find((s) => s.resources.some((r) => r.id === resource.id));
  return selection?.constructPath ?? route.planPath;
}
