/**
 * Array helpers shared by the policy code and the constructs. Not part of the jsii API.
 */

/** A policy element as a list: `undefined`/`null` -> `[]`, an array as is, anything else -> `[x]`. */
export function toArray(x: unknown): any[] {
  if (x === undefined || x === null) return [];
  return Array.isArray(x) ? x : [x];
}
