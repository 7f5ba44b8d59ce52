/**
 * CAB-RETENTION: a copy whose retention is outside the destination vault's retention range (facts
 * §2.4, backup-facts §3.6): the `LockConfiguration` of a backup vault (Vault Lock) or the required
 * `MinRetentionDays`/`MaxRetentionDays` of a logically air-gapped vault. Also a rule whose primary
 * target is a logically air-gapped vault (`TargetLogicallyAirGappedBackupVaultArn`, facts §2.2).
 *
 * The retention is the copy action's lifecycle, else the rule's (AWS Backup applies the source
 * backup's lifecycle to a copy without one). No `DeleteAfterDays` means "never expire", which any
 * maximum refuses. Error: AWS fails the job ("Copy job failed. The retention specified in the job is
 * not within the range specified for the target Backup Vault."). Attaches to the plan, where the
 * lifecycle is set. Silent on what synth cannot know (vaults outside the app, tokens: the model
 * reports them as unverifiable); a bound that is a token leaves the other one checked.
 */
import { makeFinding, type Finding } from '../finding';
import { backupRetentionOutOfRange, copyRetentionOutOfRange, type RetentionProblem } from '../messages/cab-retention';
import { DOCS } from '../messages/common';
import type { RetentionModel, VaultLockModel } from '../model/types';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-RETENTION';

const check: Rule = (model) => {
  const findings: Finding[] = [];
  for (const route of model.routes) {
    const lock = route.destination.lock;
    if (!lock || !route.retention) continue;
    const problem = outOfRange(route.retention, lock);
    if (problem) {
      findings.push(makeFinding(ID, 'error', route.planPath, copyRetentionOutOfRange(route, route.retention, lock, problem), route.id));
    }
  }
  for (const target of model.primaryAirGappedTargets ?? []) {
    const lock = target.vault.lock;
    if (!lock) continue;
    const problem = outOfRange(target.retention, lock);
    if (problem) findings.push(makeFinding(ID, 'error', target.planPath, backupRetentionOutOfRange(target, lock, problem)));
  }
  return findings;
};

/** How `retention` misses `lock`'s range, or undefined (inside, or unknown). */
export function outOfRange(retention: RetentionModel, lock: VaultLockModel): RetentionProblem | undefined {
  if (retention.unresolved) return undefined;
  const days = retention.deleteAfterDays;
  if (days === undefined) return lock.maxRetentionDays !== undefined ? 'never-expires' : undefined;
  if (lock.minRetentionDays !== undefined && days < lock.minRetentionDays) return 'below-minimum';
  if (lock.maxRetentionDays !== undefined && days > lock.maxRetentionDays) return 'above-maximum';
  return undefined;
}

/** CAB-RETENTION: the rule's one definition (registered in `rules/index.ts`). */
export const cabRetention: RuleDefinition = {
  id: ID,
  title: 'A copy (or backup) whose retention is outside the destination vault\'s Vault Lock or air-gapped retention range',
  severity: {
    error: 'AWS fails the job: "The retention specified in the job is not within the range specified for the target Backup Vault."',
    sources: [DOCS.troubleshootCrossAccount],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'the retention range of the destination vault',
  skipsWhenUnknown: ['backup-plan', 'vault-retention'],
  check,
};
