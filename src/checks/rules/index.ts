/**
 * The rule registry: every rule of CrossAccountCopyChecks, in the order they run.
 * (Filled by the rules task; each rule lives in its own file named after its id.)
 */
import type { Rule } from '../finding';

export const ALL_RULES: Rule[] = [];
