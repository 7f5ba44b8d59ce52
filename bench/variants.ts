/**
 * The benchmark's variants, in a module of their own: the parent process of the benchmark loads no library.
 *
 * `synth`: plain synth. `checks`: the checks with the report (the default). `checks-no-report`: the
 * checks without the report. `cdk-nag`: cdk-nag's AwsSolutions pack. Two floors, to tell what the
 * checks cost from what reading the construct tree costs: `model`: the checks' model build alone (every
 * property the rules read, resolved), no rule, no report; `read`: only the L1 properties
 * (`cfnProperties`, unresolved) of each resource of a type AWS Backup backs up and of each backup
 * selection, the least any check that reads the construct tree reads.
 */
export const VARIANTS = ['synth', 'checks', 'checks-no-report', 'cdk-nag', 'model', 'read'] as const;
export type Variant = typeof VARIANTS[number];
