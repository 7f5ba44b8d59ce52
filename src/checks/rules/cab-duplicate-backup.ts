/**
 * CAB-DUPLICATE-BACKUP: resources that several backup plans back up on the same schedule and copy
 * into the same vault (a warning). AWS Backup merges overlapping rules within one plan only (the
 * backup for the rule with the longer retention); across plans each plan runs its own backup and
 * copy jobs, so the same data is backed up, copied, transferred and stored once per plan. Typical
 * cause: several plans of one account and Region with the same tag selection (a tag selection
 * covers the whole account and Region, not the plan's stack).
 *
 * A warning, not an error: nothing fails, and keeping separate recovery points may be intended.
 * Silent for: plans on different schedules (a daily and a monthly plan are a common retention
 * scheme), different destination vaults, schedules synth cannot resolve, resources outside the app
 * (ARN patterns: which resources they match is unknown), and hand-built models without schedules.
 *
 * Linear in resources + routes: routes are grouped by (destination vault, schedule), each distinct
 * resource list of a group (the model shares one list between routes whose selections pick the same
 * resources) is read once, and per resource only the lists that hold it are recorded.
 */
import { makeFinding, type Finding } from '../finding';
import { DUPLICATE_BACKUP_DOCS, duplicateBackup } from '../messages/cab-duplicate-backup';
import type { CopyRoute, ResourceModel, ScheduleModel } from '../model/types';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-DUPLICATE-BACKUP';
/** Resources and other plans a message names before it counts the rest. */
const EXAMPLES = 3;

interface List {
  readonly resources: readonly ResourceModel[];
  /** Plan paths of the group's routes that copy this list. */
  readonly plans: Set<string>;
}

const check: Rule = (model) => {
  const groups = new Map<string, { schedule: ScheduleModel; routes: CopyRoute[]; plans: Set<string> }>();
  for (const route of model.routes) {
    const schedule = route.schedule;
    if (!schedule || route.resources.length === 0) continue;
    const key = `${route.destination.id}\u0000${schedule.expression}\u0000${schedule.timezone}\u0000${route.continuousBackup}`;
    let g = groups.get(key);
    if (!g) groups.set(key, g = { schedule, routes: [], plans: new Set() });
    g.routes.push(route);
    g.plans.add(route.planPath);
  }

  const findings: Finding[] = [];
  for (const g of groups.values()) {
    if (g.plans.size < 2) continue;
    // The distinct resource lists of the group and the plans that copy each.
    const lists: List[] = [];
    const listOf = new Map<readonly ResourceModel[], List>();
    for (const route of g.routes) {
      let l = listOf.get(route.resources);
      if (!l) {
        listOf.set(route.resources, l = { resources: route.resources, plans: new Set() });
        lists.push(l);
      }
      l.plans.add(route.planPath);
    }
    // Resource id -> the first list that holds it, and for the ids that more than one list holds,
    // all of them (`shared`). The model shares one list between the routes whose selections pick
    // the same resources, so `shared` is usually empty: no array per resource.
    const first = new Map<string, List>();
    const shared = new Map<string, List[]>();
    for (const l of lists) {
      for (const r of l.resources) {
        if (!r.inApp) continue;
        const f = first.get(r.id);
        if (f === undefined) { first.set(r.id, l); continue; }
        if (f === l) continue;
        const h = shared.get(r.id);
        if (!h) shared.set(r.id, [f, l]);
        else if (!h.includes(l)) h.push(l);
      }
    }
    // The plans of the lists that share a resource, once per holder array.
    const plansOfShared = new Map<readonly List[], Set<string>>();
    const plansOf = (h: readonly List[]): Set<string> => {
      let s = plansOfShared.get(h);
      if (!s) {
        plansOfShared.set(h, s = new Set());
        for (const l of h) for (const p of l.plans) s.add(p);
      }
      return s;
    };
    // Per list: how many of its resources another plan copies too, the first ones, and the plans involved.
    const duplicates = new Map<List, { count: number; examples: string[]; plans: Set<string> }>();
    for (const l of lists) {
      let d: { count: number; examples: string[]; plans: Set<string> } | undefined;
      const seen = new Set<readonly List[] | List>();
      for (const r of l.resources) {
        if (!r.inApp) continue;
        // the lists that hold the resource: this one only, unless `shared` says otherwise
        const h = shared.get(r.id);
        const plans = h ? plansOf(h) : l.plans;
        if (plans.size < 2) continue;
        d ??= { count: 0, examples: [], plans: new Set<string>() };
        d.count++;
        d.examples.push(r.constructPath ?? r.id);
        const holder = h ?? l;
        if (!seen.has(holder)) {
          seen.add(holder);
          for (const p of plans) d.plans.add(p);
        }
      }
      if (d) duplicates.set(l, d);
    }
    for (const route of g.routes) {
      const d = duplicates.get(listOf.get(route.resources)!);
      if (!d) continue;
      const others = [...d.plans].filter(p => p !== route.planPath).sort();
      if (others.length === 0) continue;
      findings.push(makeFinding(ID, 'warning', route.planPath, duplicateBackup({
        route,
        schedule: g.schedule,
        count: d.count,
        examples: d.examples.slice().sort().slice(0, EXAMPLES),
        others: others.slice(0, EXAMPLES),
        otherPlans: others.length,
      }), route.id));
    }
  }
  return findings;
};

/** CAB-DUPLICATE-BACKUP: the rule's one definition (registered in `rules/index.ts`). */
export const cabDuplicateBackup: RuleDefinition = {
  id: ID,
  title: 'The same resources backed up and copied into the same vault by several backup plans on the same schedule',
  severity: {
    warning: 'nothing fails: AWS Backup runs the backup and copy jobs of every plan (it merges overlapping rules within one plan only), '
      + 'so the duplicates cost storage and data transfer; whether separate recovery points are intended cannot be known at synth',
    sources: [DUPLICATE_BACKUP_DOCS.planOptions, DUPLICATE_BACKUP_DOCS.overlappingContinuous, DUPLICATE_BACKUP_DOCS.backupPlans],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'duplicate backups and copies',
  // an unreadable plan may be one more plan that copies the same resources
  skipsWhenUnknown: ['backup-plan'],
  check,
};
