/**
 * What synth cannot know about a copy route, noted as neutral unknowns (`UnknownFact`): the
 * environments, vaults and keys outside the app, policies with tokens, selections that may pick anything.
 * Part of the model build (`build-from-constructs.ts`).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { attachPath, BuildContext, InAppResource, noteUnverifiable, PlanInfo } from './build-context';
import { listFacts } from './list-facts';
import { retentionUnverifiables } from './read-air-gapped-vaults';
import type { CopyRoute, KeyModel, PolicyDocumentJson } from './types';
import { vaultKeyed } from '../capabilities/queries';
import { copyIntoVaultAccess, keyAccessForDestination, unknownPolicyParts } from '../policy/copy-access';

/**
 * A selection whose `BackupPlanId` names no plan of this app (a parameter, an import, a token):
 * when some plan of its stack copies, what it selects may be copied unchecked.
 */
export function noteUnlinkedSelection(ctx: BuildContext, sel: CfnResource, planRef: unknown, withRoutes: Map<CfnResource, PlanInfo>): void {
  const stack = Stack.of(sel);
  const plans = [...withRoutes.values()].filter(p => p.stack === stack);
  if (plans.length === 0) return;
  noteUnverifiable(ctx, {
    constructPath: attachPath(ctx, sel),
    subject: `the resources of backup selection ${sel.node.path}`,
    reason: `its BackupPlanId is ${planRef === undefined ? 'not set or cannot be resolved' : ctx.refs.describe(planRef)}, `
      + `so the plan it belongs to is unknown and its resources were not checked against the copy actions of ${plans.map(p => p.path).join(', ')}`,
    unknown: ['selected-resources'],
  });
}

export function noteRouteUnverifiables(ctx: BuildContext, route: CopyRoute, plan: PlanInfo): void {
  for (const u of retentionUnverifiables(route, plan.path)) noteUnverifiable(ctx, u);
  const copyMatters = route.crossAccount !== false || route.crossRegion !== false;
  const src = route.source.env;
  // The types the route copies (undefined: a selection may pick anything): "Not checked" lists name only what applies.
  const types = ((plan as any).entriesOutside ?? []).length > 0 ? undefined : listFacts(ctx, route.resources).types;
  // A copy inside one stack stays in its account and Region, whatever they are: nothing to warn about.
  if ((!src.account || !src.region) && copyMatters) {
    noteUnverifiable(ctx, {
      routeId: route.id,
      constructPath: plan.path,
      subject: `the source account and Region of copy route ${route.id}`,
      reason: `stack ${plan.stack.node.path} is environment-agnostic (set env.account and env.region on the stack)`,
      unknown: ['environment'],
      types,
    });
  }
  const dst = route.destination;
  if (!dst.inApp) {
    if (!dst.env.account || !dst.env.region) {
      noteUnverifiable(ctx, {
        routeId: route.id,
        constructPath: plan.path,
        subject: `the destination vault ${dst.id} of copy route ${route.id}`,
        reason: 'its ARN cannot be resolved at synth time, so its account and Region are unknown',
        unknown: ['environment', 'vault-key', 'vault-retention'],
        types,
      });
    } else if (route.crossAccount !== false) {
      noteUnverifiable(ctx, {
        routeId: route.id,
        // The import in the plan's own stack: each plan's warning can be acknowledged where the plan is.
        constructPath: (dst.arn ? ctx.importedVaultPaths.get(`${plan.stack.node.path}|${dst.arn}`) : undefined) ?? dst.constructPath ?? plan.path,
        subject: `the access policy and key of destination vault ${dst.id}`,
        reason: 'the vault is not defined in this app',
        unknown: ['vault-access-policy', 'vault-retention'],
        about: dst.arn,
      });
    }
  } else if (dst.env.account === undefined || dst.env.region === undefined) {
    if (route.crossAccount === undefined || route.crossRegion === undefined) {
      noteUnverifiable(ctx, {
        routeId: route.id,
        constructPath: dst.constructPath!,
        subject: `the account and Region of destination vault ${dst.id}`,
        reason: 'its stack is environment-agnostic (set env.account and env.region on the stack)',
        unknown: ['environment'],
        types,
      });
    }
  }
  if (!copyMatters) return;
  const keyMatters = route.crossAccount !== false;
  if (route.crossAccount === true) notePolicyUnknowns(ctx, route);
  if (keyMatters) {
    const sv = route.source.vault;
    // The account's Default vault is always encrypted with aws/backup: its key is known (CAB-VAULT-KEY reports it).
    if (!sv.inApp && sv.name !== 'Default') {
      noteUnverifiable(ctx, {
        routeId: route.id,
        constructPath: sv.constructPath ?? plan.path,
        subject: `the encryption key of source vault ${sv.id}`,
        reason: 'the vault is not defined in this app',
        unknown: ['vault-key', 'key-policy'],
        about: sv.arn,
      });
    } else if (sv.key && (sv.key.kind === 'external' || sv.key.kind === 'unresolved')) {
      noteUnverifiable(ctx, {
        routeId: route.id,
        constructPath: sv.constructPath!,
        subject: `the key policy of ${sv.key.reference} (the key of source vault ${sv.id})`,
        reason: sv.key.kind === 'external' ? 'the key is not defined in this app' : 'the key cannot be resolved at synth time',
        unknown: ['key-policy'],
        about: sv.key.kind === 'external' ? sv.key.reference : undefined,
      });
    }
  }
  for (const [selPath, entry] of ((plan as any).entriesOutside ?? []) as Array<[string, string]>) {
    noteUnverifiable(ctx, {
      routeId: route.id,
      constructPath: selPath,
      subject: `resources selected by ${entry}`,
      reason: 'the entry may match resources that are not defined in this app (only resources defined in this app were checked)',
      unknown: ['selected-resources'],
    });
  }
  for (const [selPath, u] of ((plan as any).undetermined ?? []) as Array<[string, { resource: InAppResource; why: string }]>) {
    noteUnverifiable(ctx, {
      routeId: route.id,
      constructPath: u.resource.base.constructPath ?? selPath,
      subject: `whether backup selection ${selPath} picks ${u.resource.base.id}`,
      reason: `${u.why}, so the resource was not checked against this copy`,
      unknown: ['selected-resources'],
      types: [u.resource.base.type],
    });
  }
  if (!keyMatters) return;
  for (const r of listFacts(ctx, route.resources).notable) {
    const path = r.constructPath ?? plan.path;
    // Fully managed types are copied under the vault key: their own key never matters (capability data).
    const ownKeyMatters = !vaultKeyed(r.type);
    if (!r.inApp) {
      noteUnverifiable(ctx, {
        routeId: route.id,
        constructPath: plan.path,
        subject: ownKeyMatters ? `the encryption key and tags of ${r.arn ?? r.id}` : `the tags of ${r.arn ?? r.id}`,
        reason: 'the resource is not defined in this app',
        unknown: ownKeyMatters ? ['resource-key', 'resource-tags'] : ['resource-tags'],
      });
    } else if (!ownKeyMatters) {
      continue;
    } else if (r.key && (r.key.kind === 'external' || r.key.kind === 'unresolved' || r.key.kind === 'account-default')) {
      noteUnverifiable(ctx, {
        routeId: route.id,
        constructPath: path,
        subject: `the encryption key ${r.key.reference} of ${r.id}`,
        reason: r.key.kind === 'external' ? 'the key is not defined in this app: whether it is AWS managed and what its policy allows is unknown'
          : r.key.kind === 'account-default' ? 'the volume uses the account\'s EBS default key, which may be AWS managed (aws/ebs) or a customer managed key'
            : 'the key cannot be resolved at synth time',
        unknown: ['resource-key'],
        about: r.key.kind === 'external' ? r.key.reference : undefined,
      });
    } else if (r.encrypted === undefined) {
      const why = ctx.resourceCache.get(ctx.constructs.get(r.id) as CfnResource)?.keyUnknownWhy;
      noteUnverifiable(ctx, {
        routeId: route.id,
        constructPath: path,
        subject: `the encryption of ${r.id}`,
        reason: why ?? 'its encryption cannot be known at synth time',
        unknown: ['resource-key'],
      });
    }
  }
}

/**
 * A cross-account route whose key policy or vault access policy (in this app) cannot be judged:
 * a principal, action or condition that is a token, a statement that is an `Fn::If`, malformed JSON.
 * The rules stay silent on those; this says so, naming what was unknown.
 */
export function notePolicyUnknowns(ctx: BuildContext, route: CopyRoute): void {
  const dst = route.destination;
  const srcAccount = route.source.env.account;
  const partition = dst.env.partition ?? route.source.env.partition ?? 'aws';
  const vaultKey = `vault\u0000${dst.id}\u0000${srcAccount}`;
  if (dst.inApp && dst.constructPath && srcAccount && dst.accessPolicy && !ctx.keyAccessChecked.has(vaultKey)) {
    ctx.keyAccessChecked.add(vaultKey);
    const pseudo = { partition, accountId: dst.env.account, region: dst.env.region };
    const access = copyIntoVaultAccess(dst.accessPolicy, {
      partition, sourceAccount: srcAccount, vaultAccount: dst.env.account, vaultRegion: dst.env.region,
    });
    if (!access) {
      noteUnverifiable(ctx, {
        routeId: route.id,
        constructPath: dst.constructPath,
        subject: `the access policy of destination vault ${dst.constructPath}`,
        reason: policyUnknownWhy(ctx, dst.accessPolicy, pseudo, srcAccount),
        unknown: ['vault-access-policy'],
      });
    }
  }
  const dstAccount = dst.env.account;
  if (!dstAccount) return;
  const facts = listFacts(ctx, route.resources);
  const keys = new Set<KeyModel>(facts.resourceKeys);
  if (facts.vaultKeyed && route.source.vault.key) keys.add(route.source.vault.key);
  for (const key of keys) {
    if (key.kind !== 'customer-managed' || !key.policy || !key.constructPath) continue;
    const k = `${key.constructPath}\u0000${dstAccount}`;
    if (ctx.keyAccessChecked.has(k)) continue;
    ctx.keyAccessChecked.add(k);
    const keyEnvironment = { account: key.env.account ?? route.source.env.account, region: key.env.region ?? route.source.env.region };
    const keyPartition = key.env.partition ?? route.source.env.partition ?? 'aws';
    const access = keyAccessForDestination(key.policy, {
      partition: keyPartition, destinationAccount: dstAccount, keyAccount: keyEnvironment.account, keyRegion: keyEnvironment.region,
    });
    if (access) continue;
    noteUnverifiable(ctx, {
      routeId: route.id,
      constructPath: key.constructPath,
      subject: `the key policy of ${key.constructPath}`,
      reason: policyUnknownWhy(ctx, key.policy, { partition: keyPartition, accountId: keyEnvironment.account, region: keyEnvironment.region }),
      unknown: ['key-policy'],
    });
  }
}

/** Why a policy cannot be judged, naming each unknown part (`Statement[0].Principal.AWS is CloudFormation parameter X`). */
export function policyUnknownWhy(
  ctx: BuildContext,
  policy: PolicyDocumentJson, pseudo: { partition: string; accountId?: string; region?: string }, sourceAccount?: string,
): string {
  const parts = [...(policy.unreadable ?? []), ...unknownPolicyParts(policy, pseudo).map(p => `${p.where} is ${ctx.refs.describe(p.value)}`)];
  if (parts.length > 0) return `${[...new Set(parts)].join('; ')}, which synth cannot know`;
  return sourceAccount
    ? `it grants roles or users of account ${sourceAccount} rather than the account itself, and which role AWS Backup copies with is not known`
    : 'part of it cannot be evaluated at synth time';
}
