/**
 * The rule registry: every rule of CrossAccountCopyChecks, in the order they run. Each rule is one
 * `RuleDefinition` in its own file named after its id; everything else about the rules (the order,
 * `RuleIds.all()`, the checks CAB-UNVERIFIABLE names, the validation plugin's template locations,
 * the report's order) is derived from this list. Adding a rule: docs/development.md.
 */
import { cabAwsManagedKey } from './cab-aws-managed-key';
import { cabDdbAdvanced } from './cab-ddb-advanced';
import { cabKeyPolicy } from './cab-key-policy';
import { cabOrg } from './cab-org';
import { cabResource } from './cab-resource';
import { cabRetention } from './cab-retention';
import { cabTagPolicy } from './cab-tag-policy';
import { cabUnverifiable } from './cab-unverifiable';
import { cabVaultKey } from './cab-vault-key';
import { cabVaultPolicy } from './cab-vault-policy';
import { cabXregionXaccount } from './cab-xregion-xaccount';
import type { Unverifiable } from '../model/types';
import { rulesSkippedBy, type Rule, type RuleDefinition } from '../rule-definition';

/** Every rule, in the order it runs (CAB-UNVERIFIABLE last: it reports what the others skipped). */
export const RULES: readonly RuleDefinition[] = [
  cabOrg,
  cabResource,
  cabXregionXaccount,
  cabDdbAdvanced,
  cabAwsManagedKey,
  cabVaultKey,
  cabKeyPolicy,
  cabVaultPolicy,
  cabTagPolicy,
  cabRetention,
  cabUnverifiable,
];

/** The checks of {@link RULES}, in order: what the engine runs by default. */
export const ALL_RULES: Rule[] = RULES.map(r => r.check);

/** The definition of rule `id`, if it is one of {@link RULES}. */
export function ruleDefinition(id: string): RuleDefinition | undefined {
  return RULES.find(r => r.id === id);
}

/** The ids of the rules whose check an unknown of the model skips (see `rulesSkippedBy`). */
export function skippedRuleIds(u: Pick<Unverifiable, 'unknown' | 'types'>): string[] {
  return rulesSkippedBy(u, RULES).map(r => r.id);
}
