/**
 * Resource lists shared by routes: a plan's routes share one list, and plans whose selections pick
 * the same resources share the same list, so what the unverifiable notes and the rules need of a
 * list is computed once per list (see `per-list.ts`), not once per route.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { BuildContext } from './build-context';
import { dedupeResources } from './read-resources';
import type { KeyModel, ResourceModel, ResourceTypeId, SelectionModel } from './types';
import { vaultKeyed } from '../capabilities/queries';

/** What the unverifiable notes need of one resource list. */
export interface ListFacts {
  readonly types: ResourceTypeId[];
  /** Resources outside the app, and resources not copied under the vault key whose key or encryption is unknown. */
  readonly notable: ResourceModel[];
  /** Keys of the resources not copied under the vault key (encrypted or maybe). */
  readonly resourceKeys: KeyModel[];
  /** Some resource of the list is copied under the vault key. */
  readonly vaultKeyed: boolean;
  /** Every resource of the list is defined in the app. */
  readonly allInApp: boolean;
}

/**
 * What the unverifiable notes need of a resource list, once per list (routes share lists): its
 * types, the resources whose key or tags may be unknown, the keys of the resources that are not
 * copied under the vault key, and whether some are.
 */
export function listFacts(ctx: BuildContext, list: readonly ResourceModel[]): ListFacts {
  let facts = ctx.listFactsCache.get(list);
  if (facts) return facts;
  const types = new Set<ResourceTypeId>();
  const notable: ResourceModel[] = [];
  const resourceKeys = new Set<KeyModel>();
  let anyVaultKeyed = false;
  let allInApp = true;
  for (const r of list) {
    if (!r.inApp) allInApp = false;
    types.add(r.type);
    const keyedByVault = vaultKeyed(r.type);
    if (keyedByVault) anyVaultKeyed = true;
    else if (r.encrypted !== false && r.key) resourceKeys.add(r.key);
    const keyUnknown = r.key !== undefined && (r.key.kind === 'external' || r.key.kind === 'unresolved' || r.key.kind === 'account-default');
    if (!r.inApp || (!keyedByVault && (keyUnknown || r.encrypted === undefined))) notable.push(r);
  }
  facts = { types: [...types], notable, resourceKeys: [...resourceKeys], vaultKeyed: anyVaultKeyed, allInApp };
  ctx.listFactsCache.set(list, facts);
  return facts;
}

/** The resources of a plan's selections, deduplicated by id: a shared list when it is one selection's, or the same union again. */
export function planResources(ctx: BuildContext, selections: SelectionModel[]): ResourceModel[] {
  // one selection's list has each in-app resource once (only ARNs outside the app may repeat)
  if (selections.length === 1 && listFacts(ctx, selections[0].resources).allInApp) return selections[0].resources;
  const ids = selections.map(s => {
    let id = ctx.listIds.get(s.resources);
    if (id === undefined) ctx.listIds.set(s.resources, id = ctx.listCount++);
    return id;
  });
  const key = ids.join(',');
  let merged = ctx.mergedLists.get(key);
  if (!merged) ctx.mergedLists.set(key, merged = dedupeResources(selections.flatMap(s => s.resources)));
  return merged;
}
