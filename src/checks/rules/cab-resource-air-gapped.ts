/**
 * The CAB-RESOURCE findings about logically air-gapped vaults (facts audit §2.1, §2.2), called by
 * `cab-resource.ts`:
 * - a logically air-gapped vault (copy destination or primary target) in a Region without them
 *   (Malaysia, Calgary, Mexico, Thailand, Taipei, New Zealand, China, GovCloud): error on the vault;
 * - an unencrypted Aurora, DocumentDB or Neptune cluster copied into one: error on the resource;
 * - a primary target (`TargetLogicallyAirGappedBackupVaultArn`) in another account or Region than
 *   the plan: error on the plan.
 * Silent where the Region, account or encryption is unknown (the model reports it as unverifiable).
 */
import { airGappedUnavailableIn, unencryptedRefusedByAirGapped } from '../capabilities/air-gapped-capabilities';
import { makeFinding, type Finding } from '../finding';
import { airGappedUnavailable, primaryTargetElsewhere, unencryptedIntoAirGapped } from '../messages/cab-resource-air-gapped';
import { resourceAttachmentPath } from '../model/attachment';
import type { CheckModel, VaultModel } from '../model/types';

export function airGappedResourceFindings(model: CheckModel, ruleId: string): Finding[] {
  const findings: Finding[] = [];
  const unavailable = new Map<string, { vault: VaultModel; plans: string[]; routeId?: string }>();
  const noteVault = (vault: VaultModel, planPath: string, routeId?: string): void => {
    if (!vault.airGapped || !airGappedUnavailableIn(vault.env)) return;
    const hit = unavailable.get(vault.id) ?? { vault, plans: [], routeId };
    if (!hit.plans.includes(planPath)) hit.plans.push(planPath);
    unavailable.set(vault.id, hit);
  };
  const seen = new Set<string>();
  for (const route of model.routes) {
    if (!route.destination.airGapped) continue;
    noteVault(route.destination, route.planPath, route.id);
    for (const resource of route.resources) {
      const key = `${resource.id}|${route.destination.id}`;
      if (!unencryptedRefusedByAirGapped(resource) || seen.has(key)) continue;
      seen.add(key);
      findings.push(makeFinding(ruleId, 'error', resourceAttachmentPath(resource, route), unencryptedIntoAirGapped(route, resource), route.id));
    }
  }
  for (const target of model.primaryAirGappedTargets ?? []) {
    const v = target.vault;
    noteVault({ ...v, airGapped: true }, target.planPath);
    const otherAccount = v.env.account !== undefined && target.env.account !== undefined && v.env.account !== target.env.account;
    const otherRegion = v.env.region !== undefined && target.env.region !== undefined && v.env.region !== target.env.region;
    if (otherAccount || otherRegion) findings.push(makeFinding(ruleId, 'error', target.planPath, primaryTargetElsewhere(target)));
  }
  for (const { vault, plans, routeId } of unavailable.values()) {
    findings.push(makeFinding(ruleId, 'error', vault.constructPath ?? plans[0],
      airGappedUnavailable(vault, airGappedUnavailableIn(vault.env)!, plans), routeId));
  }
  return findings;
}
