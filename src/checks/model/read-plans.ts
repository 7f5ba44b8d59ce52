/**
 * Backup plans: their rules and copy actions, as copy routes.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { attachPath, BuildContext, InAppResource, noteUnverifiable, PlanInfo, SelectionResult, strOf } from './build-context';
import { differ, envOfStack } from './environments';
import { effectiveRetention } from './read-air-gapped-vaults';
import { propsOf } from './read-properties';
import { num, tagsFromValue } from './read-resources';
import { destinationVault, sourceVault } from './read-vaults';
import type { CopyRoute, Env, ScheduleModel } from './types';

/** AWS Backup's schedule of a rule without `ScheduleExpression` (API reference, BackupRuleInput). */
const DEFAULT_SCHEDULE = 'cron(0 5 ? * * *)';

export function readPlan(ctx: BuildContext, cfn: CfnResource): PlanInfo | undefined {
  const props = propsOf(ctx, cfn);
  const stack = Stack.of(cfn);
  const env = envOfStack(ctx, stack);
  const path = attachPath(ctx, cfn);
  const planJson = props?.BackupPlan;
  const rules: any[] = Array.isArray(planJson?.BackupPlanRule) ? planJson.BackupPlanRule : [];
  const planName = strOf(ctx, planJson?.BackupPlanName, env);
  const routes: CopyRoute[] = [];
  const seen = new Set<string>();
  if (props === undefined || (planJson && planJson.BackupPlanRule !== undefined && !Array.isArray(planJson.BackupPlanRule))) {
    noteUnverifiable(ctx, {
      constructPath: path,
      subject: `the rules of backup plan ${path}`,
      reason: 'the plan could not be resolved at synth time',
      unknown: ['backup-plan'],
    });
  }
  rules.forEach((rule, i) => {
    if (!rule || typeof rule !== 'object') return;
    const copyActions: any[] = Array.isArray(rule.CopyActions) ? rule.CopyActions : [];
    const ruleName = strOf(ctx, rule.RuleName, env) ?? (rule.RuleName === undefined ? `BackupPlanRule[${i}]` : `BackupPlanRule[${i}] (named by ${ctx.refs.describe(rule.RuleName)})`);
    if (rule.TargetLogicallyAirGappedBackupVaultArn !== undefined) {
      const vault = destinationVault(ctx, rule.TargetLogicallyAirGappedBackupVaultArn, env, path);
      ctx.primaryAirGappedTargets.push({ planPath: path, ruleName, env, vault, retention: effectiveRetention(undefined, rule.Lifecycle) });
    }
    if (copyActions.length === 0) return;
    const source = sourceVault(ctx, rule.TargetBackupVault, stack, env);
    const recoveryPointTags = tagsFromValue(rule.RecoveryPointTags, 'recovery-point-tags', ctx.refs);
    const schedule = scheduleOf(ctx, rule, env);
    copyActions.forEach(action => {
      if (!action || typeof action !== 'object') return;
      const destination = destinationVault(ctx, action.DestinationBackupVaultArn, env, path);
      let id = `${path}/${ruleName} -> ${destination.id}`;
      for (let n = 2; seen.has(id); n++) id = `${path}/${ruleName} -> ${destination.id} #${n}`;
      seen.add(id);
      const sameStack = destination.inApp && destination.constructPath !== undefined
        && Stack.of(ctx.constructs.get(destination.constructPath)!) === stack;
      routes.push({
        id,
        planPath: path,
        planName,
        ruleName,
        source: { env, vault: source },
        destination,
        copyLifecycle: lifecycle(action.Lifecycle),
        ruleLifecycle: lifecycle(rule.Lifecycle),
        retention: effectiveRetention(action.Lifecycle, rule.Lifecycle),
        continuousBackup: rule.EnableContinuousBackup === true,
        schedule,
        recoveryPointTags,
        selections: [],
        resources: [],
        crossAccount: sameStack ? false : differ(env.account, destination.env.account),
        crossRegion: sameStack ? false : differ(env.region, destination.env.region),
      });
    });
  });
  return { cfn, path, stack, env, name: planName, routes, selections: [] };
}

export function attachSelection(_ctx: BuildContext, plan: PlanInfo, result: SelectionResult): void {
  plan.selections.push(result.model);
  (plan as { entriesOutside?: Array<[string, string]> }).entriesOutside ??= [];
  for (const e of result.entriesOutside) (plan as any).entriesOutside.push([result.model.constructPath, e]);
  (plan as { undetermined?: Array<[string, { resource: InAppResource; why: string }]> }).undetermined ??= [];
  for (const u of result.undetermined ?? []) (plan as any).undetermined.push([result.model.constructPath, u]);
}

export function lifecycle(v: any): CopyRoute['copyLifecycle'] {
  if (!v || typeof v !== 'object') return undefined;
  const out = { deleteAfterDays: num(v.DeleteAfterDays), moveToColdStorageAfterDays: num(v.MoveToColdStorageAfterDays) };
  return out.deleteAfterDays === undefined && out.moveToColdStorageAfterDays === undefined ? undefined : out;
}

/** The rule's schedule as AWS Backup runs it (its default when absent); undefined when a part is a token. */
export function scheduleOf(ctx: BuildContext, rule: any, env: Env): ScheduleModel | undefined {
  const expression = rule.ScheduleExpression === undefined ? DEFAULT_SCHEDULE : strOf(ctx, rule.ScheduleExpression, env);
  const timezone = rule.ScheduleExpressionTimezone === undefined ? 'UTC' : strOf(ctx, rule.ScheduleExpressionTimezone, env);
  if (expression === undefined || timezone === undefined) return undefined;
  return rule.ScheduleExpression === undefined ? { expression, timezone, defaulted: true } : { expression: expression.trim(), timezone };
}
