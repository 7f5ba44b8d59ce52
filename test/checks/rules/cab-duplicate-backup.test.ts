import { destinationVault, model, resource, route, sourceVault, type RouteOptions } from './model-builder';
import type { CopyRoute, ResourceModel, ScheduleModel } from '../../../src/checks/model/types';
import { cabDuplicateBackup } from '../../../src/checks/rules/cab-duplicate-backup';

const DAILY: ScheduleModel = { expression: 'cron(0 5 ? * * *)', timezone: 'UTC', defaulted: true };
const MONTHLY: ScheduleModel = { expression: 'cron(0 5 1 * ? *)', timezone: 'UTC' };

const tables = (n: number, prefix = 'Shared'): ResourceModel[] =>
  Array.from({ length: n }, (_, i) => resource('DynamoDB', { constructPath: `${prefix}/Table${i}`, key: undefined, selectedBy: ['tag backup=daily'] }));

/** A route of plan `App<i>/Plan` (its own source vault) with a schedule. */
function planRoute(i: number, resources: ResourceModel[], schedule: ScheduleModel | undefined = DAILY, opts: RouteOptions = {}): CopyRoute {
  return {
    ...route({ planPath: `App${i}/Plan`, sourceVault: sourceVault({ path: `App${i}/Vault` }), resources, ...opts }),
    schedule,
  };
}

describe('CAB-DUPLICATE-BACKUP', () => {
  test('a warning on each plan that backs up and copies the same resources into the same vault on the same schedule', () => {
    const shared = tables(5);
    const routes = [0, 1, 2].map((i) => planRoute(i, shared)); // one list, shared as the model shares a tag selection's result
    const findings = cabDuplicateBackup.check(model(routes), {});
    expect(findings.map((f) => [f.ruleId, f.severity, f.constructPath, f.routeId])).toEqual(
      routes.map((r) => ['CAB-DUPLICATE-BACKUP', 'warning', r.planPath, r.id]));
    expect(findings.map((f) => [f.messageId, f.details])).toEqual([0, 1, 2].map((i) => ['duplicate-backup', {
      resources: ['Shared/Table0', 'Shared/Table1', 'Shared/Table2'],
      resourceCount: 5,
      plans: [0, 1, 2].filter((o) => o !== i).map((o) => `App${o}/Plan`),
      planCount: 2,
      vaults: ['BackupStack/Vault'],
      schedule: 'cron(0 5 ? * * *)',
    }]));
    const [first] = findings;
    expect(first.docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html');
  });

  test('counts only the resources another plan copies too, also when the plans select them in different lists', () => {
    const shared = tables(2);
    const a = planRoute(0, [...shared, ...tables(3, 'OnlyA')]);
    const b = planRoute(1, [shared[1], shared[0]]);
    const [fa, fb, ...rest] = cabDuplicateBackup.check(model([a, b]), {});
    expect(rest).toEqual([]);
    const common = { resources: ['Shared/Table0', 'Shared/Table1'], resourceCount: 2, planCount: 1, vaults: ['BackupStack/Vault'], schedule: DAILY.expression };
    expect([fa, fb].map((f) => [f.constructPath, f.details])).toEqual([
      ['App0/Plan', { ...common, plans: ['App1/Plan'] }],
      ['App1/Plan', { ...common, plans: ['App0/Plan'] }],
    ]);
  });

  test('many plans: names the first three and counts the rest', () => {
    const shared = tables(1);
    const findings = cabDuplicateBackup.check(model(Array.from({ length: 100 }, (_, i) => planRoute(i, shared))), {});
    expect(findings).toHaveLength(100);
    expect(findings[0].details).toMatchObject({ plans: ['App1/Plan', 'App10/Plan', 'App11/Plan'], planCount: 99, resourceCount: 1 });
  });

  test('continuous backups are told apart (AWS Backup keeps the continuous backup for one plan only)', () => {
    const shared = tables(1);
    const routes = [0, 1].map((i) => ({ ...planRoute(i, shared), continuousBackup: true }));
    const findings = cabDuplicateBackup.check(model(routes), {});
    expect(findings.map((f) => f.details.cause)).toEqual(['continuous', 'continuous']);
    // snapshot backups carry no cause
    expect(cabDuplicateBackup.check(model([0, 1].map((i) => planRoute(i, shared))), {}).map((f) => f.details.cause)).toEqual([undefined, undefined]);
  });

  test('silent: one plan with several rules, different schedules, different destination vaults, unknown schedules, resources outside the app', () => {
    const shared = tables(3);
    const silent = (routes: CopyRoute[]) => expect(cabDuplicateBackup.check(model(routes), {})).toEqual([]);
    // two rules of one plan (AWS Backup merges them)
    silent([planRoute(0, shared), { ...planRoute(0, shared, DAILY, { ruleName: 'Hourly' }) }]);
    // a daily and a monthly plan (a retention scheme)
    silent([planRoute(0, shared, DAILY), planRoute(1, shared, MONTHLY)]);
    // into different vaults
    silent([planRoute(0, shared), planRoute(1, shared, DAILY, { destination: destinationVault({ path: 'BackupStack/Other' }) })]);
    // a schedule synth cannot resolve (or a hand-built model without one)
    silent([planRoute(0, shared), { ...planRoute(1, shared), schedule: undefined }]);
    // the same ARN pattern in two plans: which resources it matches is unknown
    const pattern = resource('RDS', { inApp: false, arn: 'arn:aws:rds:*:*:db:*' });
    silent([planRoute(0, [pattern]), planRoute(1, [pattern])]);
    // different resources
    silent([planRoute(0, tables(2, 'A')), planRoute(1, tables(2, 'B'))]);
  });

  test('the same timezone matters: cron(0 5 ? * * *) in UTC and in Europe/Berlin are different times', () => {
    const shared = tables(1);
    const routes = [planRoute(0, shared, DAILY), planRoute(1, shared, { ...DAILY, timezone: 'Europe/Berlin', defaulted: false })];
    expect(cabDuplicateBackup.check(model(routes), {})).toEqual([]);
  });

  test('never throws on odd input: empty routes, no resources, routes without plans paths', () => {
    expect(cabDuplicateBackup.check(model([]), {})).toEqual([]);
    expect(cabDuplicateBackup.check(model([planRoute(0, []), planRoute(1, [])]), {})).toEqual([]);
    const odd = { ...planRoute(0, tables(1)), planPath: '' };
    expect(() => cabDuplicateBackup.check(model([odd, planRoute(1, tables(1))]), {})).not.toThrow();
  });

  test('linear: 100 plans sharing one list of 10,000 tables read each table a bounded number of times, not once per plan', () => {
    let reads = 0;
    const shared = new Proxy(tables(10_000), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const findings = cabDuplicateBackup.check(model(Array.from({ length: 100 }, (_, i) => planRoute(i, shared))), {});
    expect(findings).toHaveLength(100);
    expect(reads).toBeLessThanOrEqual(2 * 10_000); // two passes over the list (holders, then duplicates), whatever the number of plans
  });
});
