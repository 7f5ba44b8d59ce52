import { DST, PLAN, SRC, destinationVault, env, model, resource, route, vault } from './model-builder';
import { awsManagedKeyIntoAirGappedVault } from '../../../src/checks/messages/cab-aws-managed-key';
import { copyRetentionOutOfRange } from '../../../src/checks/messages/cab-retention';
import type { PrimaryAirGappedTarget, RetentionModel, VaultLockModel } from '../../../src/checks/model/types';
import { cabAwsManagedKey } from '../../../src/checks/rules/cab-aws-managed-key';
import { cabResource } from '../../../src/checks/rules/cab-resource';
import { cabRetention, outOfRange } from '../../../src/checks/rules/cab-retention';

const LOCK: VaultLockModel = { minRetentionDays: 7, maxRetentionDays: 35 };
const airGapped = (opts: Parameters<typeof destinationVault>[0] = {}) =>
  destinationVault({ path: 'BackupStack/AirGapped', lock: LOCK, airGapped: true, ...opts });
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
    expect(findings.map(f => [f.ruleId, f.severity, f.constructPath, f.routeId])).toEqual([['CAB-RETENTION', 'error', PLAN, r.id]]);
    expect(findings[0].docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html');
  });

  test('a standard vault with Vault Lock links the Vault Lock page', () => {
    const r = route({ destination: destinationVault({ lock: { minRetentionDays: 30 } }), retention: kept(7, 'rule') });
    const [f] = cabRetention.check(model([r]), {});
    expect(f.docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html');
  });

  test('silent: no lock, no retention in the model (not checked), retention inside the range', () => {
    expect(cabRetention.check(model([route({ retention: kept(1) })]), {})).toEqual([]);
    expect(cabRetention.check(model([route({ destination: airGapped() })]), {})).toEqual([]);
    expect(cabRetention.check(model([route({ destination: airGapped(), retention: kept(20) })]), {})).toEqual([]);
  });

  test('a primary target with a retention outside the range: error on the plan', () => {
    const target: PrimaryAirGappedTarget = { planPath: PLAN, ruleName: 'Direct', env: env(SRC), vault: airGapped({ env: env(SRC) }), retention: kept(undefined, 'rule') };
    const findings = cabRetention.check(model([], { primaryAirGappedTargets: [target] }), {});
    expect(findings.map(f => [f.ruleId, f.constructPath])).toEqual([['CAB-RETENTION', PLAN]]);
    expect(findings[0].message).toContain('Backup job failed because the lifecycle is outside the valid range for backup vault.');
  });

  test('message wording: what the copy keeps, the range, AWS\'s error and a fix with the nearest bound', () => {
    const r = route({ destination: airGapped(), retention: kept(undefined, 'rule') });
    const m = copyRetentionOutOfRange(r, r.retention!, LOCK, 'never-expires');
    expect(m.problem).toBe(`backup plan ${PLAN} (rule Daily) copies from account ${SRC} in us-east-1 to vault "AirGapped" (BackupStack/AirGapped) `
      + `in account ${DST} in us-east-1 and never deletes it (it inherits the rule's lifecycle, which has no DeleteAfterDays), `
      + 'but the logically air-gapped vault "AirGapped" (BackupStack/AirGapped) accepts only retentions from 7 to 35 days.');
    expect(m.awsError).toBe('Copy job failed. The retention specified in the job is not within the range specified for the target Backup Vault.');
    expect(m.fix).toContain('deleteAfter: Duration.days(35)');
  });
});

describe('air-gapped facts under CAB-RESOURCE', () => {
  test('an unencrypted Aurora, DocumentDB or Neptune cluster into an air-gapped vault: error on the resource; RDS and standard vaults: silent', () => {
    const resources = ['Aurora', 'DocumentDB', 'Neptune', 'RDS'].map(t => resource(t as any, { constructPath: `SourceStack/${t}`, id: `SourceStack/${t}`, encrypted: false, key: undefined }));
    const r = route({ destination: airGapped(), resources });
    // the service opt-in these types need is declared, so that only the air-gapped fact speaks
    const optedIn = { optedInResourceTypes: ['Aurora', 'DocumentDB', 'Neptune'] };
    expect(cabResource.check(model([r]), optedIn).map(f => [f.ruleId, f.severity, f.constructPath]))
      .toEqual([['CAB-RESOURCE', 'error', 'SourceStack/Aurora'], ['CAB-RESOURCE', 'error', 'SourceStack/DocumentDB'], ['CAB-RESOURCE', 'error', 'SourceStack/Neptune']]);
    expect(cabResource.check(model([route({ resources })]), {}).filter(f => f.message.includes('air-gapped'))).toEqual([]);
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
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('SourceStack/Plan, SourceStack/Plan2');
  });

  test('silent for a standard vault in a Region without air-gapped vaults, and for an air-gapped vault of an unknown Region', () => {
    const r1 = route({ destination: destinationVault({ env: env(DST, 'ap-southeast-5') }), sourceEnv: env(SRC, 'ap-southeast-5'), resources: [] });
    const r2 = route({ destination: airGapped({ env: env(DST, null) }), resources: [] });
    expect(cabResource.check(model([r1, r2]), {}).filter(f => f.message.includes('air-gapped'))).toEqual([]);
  });

  test('a primary target in another account or Region: error on the plan; same account and Region: silent', () => {
    const target = (vaultEnv: ReturnType<typeof env>): PrimaryAirGappedTarget =>
      ({ planPath: PLAN, ruleName: 'Direct', env: env(SRC), vault: vault({ path: 'X/AirGapped', env: vaultEnv, airGapped: true, lock: LOCK }), retention: kept(14, 'rule') });
    const run = (t: PrimaryAirGappedTarget) =>
      cabResource.check(model([], { primaryAirGappedTargets: [t] }), {}).map(f => [f.ruleId, f.constructPath]);
    expect(run(target(env(DST)))).toEqual([['CAB-RESOURCE', PLAN]]);
    expect(run(target(env(SRC, 'eu-west-1')))).toEqual([['CAB-RESOURCE', PLAN]]);
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

  test('message: AWS\'s air-gapped error, and a fix without other accounts for a same-account copy', () => {
    const r = route({ destination: airGapped({ env: env(SRC, 'us-west-2') }), resources: [rds] });
    const m = awsManagedKeyIntoAirGappedVault(r, rds, rds.key!, [SRC]);
    expect(m.awsError).toBe('This resource is encrypted with an AWS managed key and cannot be copied to a logically air-gapped backup vault.');
    expect(m.fix).toContain("new kms.Key(this, 'Key')");
    expect(awsManagedKeyIntoAirGappedVault(route({ destination: airGapped(), resources: [rds] }), rds, rds.key!, [DST]).fix)
      .toContain(`destinationAccounts: ['${DST}']`);
  });
});
