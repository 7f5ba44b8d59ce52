/**
 * The names of the benchmark's shapes, in a module of their own: the parent processes of the
 * benchmark (`bench.ts`, `compare.ts`) load no library, and `shapes.ts` loads aws-cdk-lib and the checks.
 */
export const SHAPE_NAMES = ['arn-selections', 'many-accounts', 'shared-tag', 'mixed'] as const;
export type ShapeName = typeof SHAPE_NAMES[number];
