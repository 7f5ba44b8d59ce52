/**
 * Construct tree -> {@link CheckModel}.
 *
 * One walk over the tree buckets every `CfnResource` by CloudFormation type and notes the
 * organization-setting constructs and imported vaults. Then only what the copy routes need is
 * resolved: the backup plans, their selections when a plan has copy actions, the vaults, keys and
 * resources those reach. L1 properties are read as they will be deployed (escape-hatch overrides
 * included) with a resolver that keeps every reference's target (see `token-resolver.ts`), so
 * references across stacks and environments still lead to the construct they name.
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import type { IConstruct } from 'constructs';
import { attachPath, BuildContext, noteUnverifiable, PlanInfo, registerConstruct, safeResolve, strOf } from './build-context';
import { envOfStack, sameKnownEnv } from './environments';
import { planResources } from './list-facts';
import { primaryTargetUnverifiables } from './read-air-gapped-vaults';
import { PolicyReadContext, readBackupPolicies } from './read-backup-policies';
import { customerKey } from './read-keys';
import { attachSelection, readPlan } from './read-plans';
import { propsOf } from './read-properties';
import { candidates } from './read-resources';
import { readSelectionShared } from './read-selections';
import { BackupVaultBase, destinationVault, inAppVault, outOfAppVault, vaultsNamed } from './read-vaults';
import type { CheckModel, CheckOptions, CopyRoute, KeyModel, VaultModel } from './types';
import { noteRouteUnverifiables, noteUnlinkedSelection } from './unknowns';
import { CROSS_ACCOUNT_SETTING_MARKER, DYNAMODB_ADVANCED_SETTING_MARKER, RESOURCE_TYPE_OPT_IN_SETTING_MARKER, hasMarker } from '../../private/markers';

export interface BuildResult {
  readonly model: CheckModel;
  /** Construct path -> construct, for every path the model names (to attach findings). */
  readonly constructs: Map<string, IConstruct>;
}

/** Build the model of every copy route in the tree under `scope`. */
export function buildModel(scope: IConstruct, options: CheckOptions = {}): BuildResult {
  return buildFromConstructs(new BuildContext(scope, options));
}

export function buildFromConstructs(ctx: BuildContext): BuildResult {
  walkTree(ctx);
  const plans = (ctx.byType.get('AWS::Backup::BackupPlan') ?? []).map(p => readPlan(ctx, p)).filter((p): p is PlanInfo => !!p);
  const withRoutes = new Map<CfnResource, PlanInfo>();
  for (const p of plans) if (p.routes.length > 0) withRoutes.set(p.cfn, p);

  if (withRoutes.size > 0) {
    for (const sel of ctx.byType.get('AWS::Backup::BackupSelection') ?? []) {
      // As deployed: the L1 property, a raw CfnResource's properties, or an escape-hatch override.
      const planRef = propsOf(ctx, sel)?.BackupPlanId;
      const target = ctx.refs.exact(planRef)?.target;
      const plan = target ? withRoutes.get(target as CfnResource) : undefined;
      if (!plan) {
        const toPlan = target !== undefined && CfnResource.isCfnResource(target) && target.cfnResourceType === 'AWS::Backup::BackupPlan';
        if (!toPlan) noteUnlinkedSelection(ctx, sel, planRef, withRoutes);
        continue;
      }
      const result = readSelectionShared(ctx, sel, plan);
      if (result) attachSelection(ctx, plan, result);
    }
  }

  const routes: CopyRoute[] = [];
  for (const plan of withRoutes.values()) {
    // One list per plan, shared by its routes (and by every plan whose selections pick the same resources).
    const resources = planResources(ctx, plan.selections);
    for (const r of plan.routes) {
      const route: CopyRoute = { ...r, selections: plan.selections, resources };
      routes.push(route);
      noteRouteUnverifiables(ctx, route, plan);
    }
  }
  routes.push(...readBackupPolicies(policyContext(ctx), ctx.options));

  let keys: KeyModel[] | undefined;
  let inAppVaults: VaultModel[] | undefined;
  for (const t of ctx.primaryAirGappedTargets) for (const u of primaryTargetUnverifiables(t)) noteUnverifiable(ctx, u);
  const model: CheckModel = {
    ...(ctx.ssmFactsUsed.length > 0 ? { ssmFactsUsed: ctx.ssmFactsUsed } : {}),
    primaryAirGappedTargets: ctx.primaryAirGappedTargets,
    routes,
    settings: ctx.settings,
    unverifiable: ctx.unverifiable,
    vaults: [...ctx.touchedVaults.values()],
    get keys(): KeyModel[] {
      // Computed on demand: only reports need every key of the app.
      keys ??= (ctx.byType.get('AWS::KMS::Key') ?? []).map(k => customerKey(ctx, k));
      return keys;
    },
    get inAppVaults(): VaultModel[] {
      // Computed on demand: only the report's exports need every vault of the app.
      inAppVaults ??= (ctx.byType.get('AWS::Backup::BackupVault') ?? []).map(v => inAppVault(ctx, v));
      return inAppVaults;
    },
  };
  return { model, constructs: ctx.constructs };
}

/** What the backup policy reader needs of ctx builder. */
export function policyContext(ctx: BuildContext): PolicyReadContext {
  let roles: Set<string> | undefined;
  return {
    ofType: (t) => ctx.byType.get(t) ?? [],
    props: (cfn) => propsOf(ctx, cfn),
    attachPath: (cfn) => attachPath(ctx, cfn),
    envOfStack: (stack) => envOfStack(ctx, stack),
    resourcesIn: (env) => candidates(ctx, { env, stack: ctx.root } as unknown as PlanInfo),
    vaultNamed: (name, env) => {
      const cfn = vaultsNamed(ctx, name).find(v => sameKnownEnv(envOfStack(ctx, Stack.of(v)), env));
      return cfn ? inAppVault(ctx, cfn) : undefined;
    },
    outOfAppVault: (id, fields) => outOfAppVault(ctx, id, fields),
    destinationVault: (arn, env) => destinationVault(ctx, arn, env),
    note: (u) => noteUnverifiable(ctx, u),
    roleInApp: (account, roleName) => {
      roles ??= new Set((ctx.byType.get('AWS::IAM::Role') ?? []).map(r => {
        const env = envOfStack(ctx, Stack.of(r));
        return `${env.account}|${strOf(ctx, safeResolve(ctx, (r as any).roleName, r), env)}`;
      }));
      return roles.has(`${account}|${roleName}`);
    },
    noteRoute: (route, path, stack, entriesOutside) =>
      noteRouteUnverifiables(ctx, route, { path, stack, entriesOutside } as unknown as PlanInfo),
  };
}

export function walkTree(ctx: BuildContext): void {
  for (const c of ctx.root.node.findAll()) {
    if (CfnResource.isCfnResource(c)) {
      const t = c.cfnResourceType;
      let list = ctx.byType.get(t);
      if (!list) ctx.byType.set(t, list = []);
      list.push(c);
    } else if (hasMarker(c, CROSS_ACCOUNT_SETTING_MARKER) || hasMarker(c, DYNAMODB_ADVANCED_SETTING_MARKER)) {
      const kind = hasMarker(c, CROSS_ACCOUNT_SETTING_MARKER) ? 'cross-account-backup' : 'dynamodb-advanced';
      ctx.settings.push({ kind, constructPath: registerConstruct(ctx, c), env: envOfStack(ctx, Stack.of(c)) });
    } else if (hasMarker(c, RESOURCE_TYPE_OPT_IN_SETTING_MARKER)) {
      const types = (c as { resourceTypes?: unknown }).resourceTypes;
      const resourceTypes = Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string' && !Token.isUnresolved(t)) : [];
      ctx.settings.push({ kind: 'resource-type-opt-in', constructPath: registerConstruct(ctx, c), env: envOfStack(ctx, Stack.of(c)), resourceTypes });
    } else if (c instanceof BackupVaultBase && !(c instanceof BackupVault)) {
      const arn = (c as any).backupVaultArn;
      if (typeof arn === 'string' && !Token.isUnresolved(arn)) {
        ctx.importedVaultPaths.set(arn, c.node.path);
        ctx.importedVaultPaths.set(`${Stack.of(c).node.path}|${arn}`, c.node.path);
      }
      const name = (c as any).backupVaultName;
      if (typeof name === 'string' && !Token.isUnresolved(name)) ctx.importedVaultPaths.set(`name:${Stack.of(c).node.path}:${name}`, c.node.path);
    }
  }
}
