import { DST, PLAN, SRC, dataOf, destinationVault, env, model, resource, route, vault } from './model-builder';
import type { Finding } from '../../../src/checks/finding';
import { AIR_GAPPED_AWS_MANAGED_KEY_ERROR } from '../../../src/checks/messages/cab-aws-managed-key';
import { BACKUP_ERROR, COPY_ERROR } from '../../../src/checks/messages/cab-retention';
import type { PrimaryAirGappedTarget, RetentionModel, VaultLockModel } from '../../../src/checks/model/types';
import { cabAwsManagedKey } from '../../../src/checks/rules/cab-aws-managed-key';
import { cabResource } from '../../../src/checks/rules/cab-resource';
import { cabRetention, outOfRange } from '../../../src/checks/rules/cab-retention';

const LOCK: VaultLockModel = { minRetentionDays: 7, maxRetentionDays: 35 };
const airGapped = (opts: Parameters<typeof destinationVault>[0] = {}) =>
  destinationVault({ path: 'BackupStack/AirGapped', lock: LOCK, airGapped: true, ...opts });
/** The findings of CAB-RESOURCE about logically air-gapped vaults. */
const airGappedOnly = (findings: Finding[]) =>
  findings.filter(f => ['air-gapped-unavailable', 'unencrypted-into-air-gapped', 'primary-target-elsewhere'].includes(f.messageId));
const kept = (days?: number, from: RetentionModel['from'] = 'copy-action'): RetentionModel => ({ from, deleteAfterDays: days });

describe('CAB-RETENTION', () => {
  test.each([
    [kept(3), 'below-minimum'],
    [kept(36), 'above-maximum'],
    [kept(undefined), 'never-expires'],
    [kept(7), undefined],
    [kept(35), undefined],
    [{ from: 'rule', unresolved: true } as RetentionModel, undefined],
  ])('outOfRange(%j, 7..35) = %s', (retention, expected) => {
    expect(outOfRange(retention, LOCK)).toBe(expected);
  });

  test('a lock with a minimum only: never-expiring copies are fine; a lock bound that is unknown is not judged', () => {
    expect(outOfRange(kept(undefined), { minRetentionDays: 30 })).toBeUndefined();
    expect(outOfRange(kept(10), { minRetentionDays: 30 })).toBe('below-minimum');
    expect(outOfRange(kept(10), { unresolved: ['MinRetentionDays'] })).toBeUndefined();
    expect(outOfRange(kept(400), { maxRetentionDays: 365, unresolved: ['MinRetentionDays'] })).toBe('above-maximum');
  });

  test('error on the plan for a copy below the minimum of an air-gapped vault', () => {
    const r = route({ destination: airGapped(), retention: kept(3) });
    const findings = cabRetention.check(model([r]), {});
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-RETENTION',
      severity: 'error',
      constructPath: PLAN,
      routeId: r.id,
      messageId: 'copy-retention-out-of-range',
      details: { cause: 'below-minimum', vaults: ['BackupStack/AirGapped'], retentionDays: 3, minRetentionDays: 7, maxRetentionDays: 35 },
      awsError: COPY_ERROR,
    }]);
    expect(findings[0].docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html');
  });

  test('a standard vault with Vault Lock links the Vault Lock page', () => {
    const r = route({ destination: destinationVault({ lock: { minRetentionDays: 30 } }), retention: kept(7, 'rule') });
    const [f] = cabRetention.check(model([r]), {});
    expect(f.docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html');
    expect(f.details).toEqual({ cause: 'below-minimum', vaults: ['BackupStack/Vault'], retentionDays: 7, minRetentionDays: 30 });
  });

  test('silent: no lock, no retention in the model (not checked), retention inside the range', () => {
    expect(cabRetention.check(model([route({ retention: kept(1) })]), {})).toEqual([]);
    expect(cabRetention.check(model([route({ destination: airGapped() })]), {})).toEqual([]);
    expect(cabRetention.check(model([route({ destination: airGapped(), retention: kept(20) })]), {})).toEqual([]);
  });

  test('a primary target with a retention outside the range: error on the plan', () => {
    const target: PrimaryAirGappedTarget = { planPath: PLAN, ruleName: 'Direct', env: env(SRC), vault: airGapped({ env: env(SRC) }), retention: kept(undefined, 'rule') };
    const findings = cabRetention.check(model([], { primaryAirGappedTargets: [target] }), {});
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-RETENTION',
      severity: 'error',
      constructPath: PLAN,
      routeId: undefined,
      messageId: 'backup-retention-out-of-range',
      details: { cause: 'never-expires', vaults: ['BackupStack/AirGapped'], minRetentionDays: 7, maxRetentionDays: 35 },
      awsError: BACKUP_ERROR,
    }]);
  });
});

describe('air-gapped facts under CAB-RESOURCE', () => {
  test('an unencrypted Aurora, DocumentDB or Neptune cluster into an air-gapped vault: error on the resource; RDS and standard vaults: silent', () => {
    const resources = ['Aurora', 'DocumentDB', 'Neptune', 'RDS'].map(t => resource(t as any, { constructPath: `SourceStack/${t}`, id: `SourceStack/${t}`, encrypted: false, key: undefined }));
    const r = route({ destination: airGapped(), resources });
    // the service opt-in these types need is declared, so that only the air-gapped fact speaks
    const optedIn = { optedInResourceTypes: ['Aurora', 'DocumentDB', 'Neptune'] };
    expect(cabResource.check(model([r]), optedIn).map(f => [f.ruleId, f.severity, f.constructPath, f.messageId, f.details]))
      .toEqual(['Aurora', 'DocumentDB', 'Neptune'].map(t => ['CAB-RESOURCE', 'error', `SourceStack/${t}`, 'unencrypted-into-air-gapped',
        { resources: [`SourceStack/${t}`], types: [t], vaults: ['BackupStack/AirGapped'] }]));
    expect(airGappedOnly(cabResource.check(model([route({ resources })]), {}))).toEqual([]);
  });

  test.each([
    ['ap-southeast-5', undefined],
    ['mx-central-1', undefined],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('an air-gapped vault in %s: error on the vault, once for several plans', (region, partition) => {
    const v = airGapped({ env: env(DST, region, partition) });
    const src = env(DST, region, partition);
    const findings = cabResource.check(model([
      route({ destination: v, sourceEnv: src, resources: [] }),
      route({ destination: v, sourceEnv: src, resources: [], planPath: 'SourceStack/Plan2' }),
    ]), {}).filter(f => f.constructPath === 'BackupStack/AirGapped');
    expect(findings.map(f => [f.severity, f.messageId, f.details])).toEqual([['error', 'air-gapped-unavailable',
      { vaults: ['BackupStack/AirGapped'], regions: [region], plans: ['SourceStack/Plan', 'SourceStack/Plan2'] }]]);
  });

  test('silent for a standard vault in a Region without air-gapped vaults, and for an air-gapped vault of an unknown Region', () => {
    const r1 = route({ destination: destinationVault({ env: env(DST, 'ap-southeast-5') }), sourceEnv: env(SRC, 'ap-southeast-5'), resources: [] });
    const r2 = route({ destination: airGapped({ env: env(DST, null) }), resources: [] });
    expect(airGappedOnly(cabResource.check(model([r1, r2]), {}))).toEqual([]);
  });

  test('a primary target in another account or Region: error on the plan; same account and Region: silent', () => {
    const target = (vaultEnv: ReturnType<typeof env>): PrimaryAirGappedTarget =>
      ({ planPath: PLAN, ruleName: 'Direct', env: env(SRC), vault: vault({ path: 'X/AirGapped', env: vaultEnv, airGapped: true, lock: LOCK }), retention: kept(14, 'rule') });
    const run = (t: PrimaryAirGappedTarget) =>
      cabResource.check(model([], { primaryAirGappedTargets: [t] }), {}).map(f => [f.ruleId, f.constructPath, f.messageId, f.details]);
    const elsewhere = (accounts: string[], regions: string[]) =>
      [['CAB-RESOURCE', PLAN, 'primary-target-elsewhere', { vaults: ['X/AirGapped'], plans: [PLAN], accounts, regions }]];
    expect(run(target(env(DST)))).toEqual(elsewhere([DST, SRC], ['us-east-1', 'us-east-1']));
    expect(run(target(env(SRC, 'eu-west-1')))).toEqual(elsewhere([SRC, SRC], ['eu-west-1', 'us-east-1']));
    expect(run(target(env(SRC)))).toEqual([]);
    expect(run(target(env(null, null)))).toEqual([]);
  });
});

describe('air-gapped facts under CAB-AWS-MANAGED-KEY', () => {
  const rds = resource('RDS', { key: { kind: 'service-default', reference: 'alias/aws/rds', alias: 'aws/rds', env: env(SRC) } });

  test('same-account copy of an aws/rds instance into an air-gapped vault: error; into a standard vault: silent', () => {
    const lag = route({ destination: airGapped({ env: env(SRC, 'us-west-2') }), resources: [rds] });
    expect(cabAwsManagedKey.check(model([lag]), {}).map(f => [f.ruleId, f.severity])).toEqual([['CAB-AWS-MANAGED-KEY', 'error']]);
    const std = route({ destination: destinationVault({ env: env(SRC, 'us-west-2') }), resources: [rds] });
    expect(cabAwsManagedKey.check(model([std]), {})).toEqual([]);
  });

  test('the air-gapped error, and only the other accounts as the new key\'s destinations', () => {
    const same = route({ destination: airGapped({ env: env(SRC, 'us-west-2') }), resources: [rds] });
    const other = route({ destination: airGapped(), resources: [rds] });
    expect(cabAwsManagedKey.check(model([same]), {}).map(dataOf)).toEqual([{
      ruleId: 'CAB-AWS-MANAGED-KEY',
      severity: 'error',
      constructPath: 'SourceStack/Db',
      routeId: same.id,
      messageId: 'aws-managed-key-into-air-gapped-vault',
      details: { resources: ['SourceStack/Db'], types: ['RDS'], key: 'alias/aws/rds', keyKind: 'service-default', keyAlias: 'aws/rds', accounts: [], vaults: ['BackupStack/AirGapped'] },
      awsError: AIR_GAPPED_AWS_MANAGED_KEY_ERROR,
    }]);
    expect(cabAwsManagedKey.check(model([other]), {}).map(f => [f.messageId, f.details.accounts]))
      .toEqual([['aws-managed-key-into-air-gapped-vault', [DST]]]);
  });
});
