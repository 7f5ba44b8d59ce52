/**
 * Verdicts per resource list, reused across routes. The model gives every route whose selections
 * pick the same resources the same list (a tag selection covers its plan's whole account and Region:
 * many plans, one list). What a rule concludes about a resource depends on the resource and on where
 * the copy goes (source and destination account, Region and partition, cross-account, cross-Region,
 * an air-gapped destination), not on the route's name: a rule computes what it needs of a list once
 * per such context and reuses it for every route with that list and context, so its cost is linear in
 * resources + routes, not in their product. Not part of the jsii API.
 */
import type { CopyRoute, ResourceModel } from './types';

/** What a resource's copy verdicts depend on besides the resource: one string per route, not per resource. */
export function copyContextKey(route: Pick<CopyRoute, 'source' | 'destination' | 'crossAccount' | 'crossRegion'>): string {
  const s = route.source.env;
  const d = route.destination.env;
  return `${s.account}|${s.region}|${s.partition}|${d.account}|${d.region}|${d.partition}|${route.crossAccount}|${route.crossRegion}|${route.destination.airGapped === true}`;
}

/** A cache of one value per (resource list, context). */
export class PerList<T> {
  private readonly cache = new WeakMap<readonly ResourceModel[], Map<string, T>>();

  /** The value for the route's list in `context`, computed on first use. */
  public get(list: readonly ResourceModel[], context: string, compute: () => T): T {
    let byContext = this.cache.get(list);
    if (!byContext) this.cache.set(list, byContext = new Map());
    if (byContext.has(context)) return byContext.get(context)!;
    const value = compute();
    byContext.set(context, value);
    return value;
  }
}

/** An environment as a cache key. */
export function envKey(env: { readonly account?: string; readonly region?: string; readonly partition?: string }): string {
  return `${env.account}|${env.region}|${env.partition}`;
}
