/**
 * The rule registry: every rule of CrossAccountCopyChecks, in the order they run (the order of
 * `RuleIds.all()`). Each rule lives in its own file named after its id.
 */
import type { Rule } from '../finding';
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

export const ALL_RULES: Rule[] = [
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
