import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DST, DST_ARN, model, newApp, onlyRoute, planWithCopy, SRC, stack } from './helpers';
import { buildModel } from '../../../src/checks/model/build-from-constructs';
import { skippedRuleIds } from '../../../src/checks/rules';

describe('copy routes', () => {
  test('plan without copy actions has no route and resolves no selection', () => {
    const app = newApp();
    const s = stack(app, 'S');
    const plan = backup.BackupPlan.daily35DayRetention(s, 'P');
    plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*')] });
    const m = model(app);
    expect(m.routes).toEqual([]);
    expect(m.unverifiable).toEqual([]);
  });

  test('copy to an imported vault in another account: env from the ARN, cross-account, not cross-region', () => {
    const app = newApp();
    const s = stack(app, 'S');
    const { vault } = planWithCopy(s);
    const r = onlyRoute(model(app));
    expect(r.id).toBe(`S/Plan/Daily -> ${DST_ARN}`);
    expect(r.planPath).toBe('S/Plan');
    expect(r.ruleName).toBe('Daily');
    expect(r.source.env).toEqual({ ...SRC, partition: 'aws' });
    expect(r.source.vault).toMatchObject({ id: 'S/PlanVault', inApp: true, name: 'plan-vault', constructPath: 'S/PlanVault' });
    expect(r.source.vault.arn).toBe('arn:aws:backup:eu-west-1:111111111111:backup-vault:plan-vault');
    expect(r.source.vault.key).toMatchObject({ kind: 'customer-managed', constructPath: 'S/PlanVaultKey', env: { account: SRC.account } });
    expect(JSON.stringify(r.source.vault.key!.policy)).toContain('kms:*');
    expect(r.destination).toMatchObject({ inApp: false, name: 'central', arn: DST_ARN, env: { account: DST.account, region: DST.region, partition: 'aws' }, constructPath: 'S/PlanDest' });
    expect(r.crossAccount).toBe(true);
    expect(r.crossRegion).toBe(false);
    expect(vault.node.path).toBe('S/PlanVault');
    // destination outside the app: its access policy is not checked
    const m2 = buildModel(app).model;
    expect(m2.unverifiable.map(u => u.subject)).toContain(`the access policy and key of destination vault ${DST_ARN}`);
    expect(skippedRuleIds(m2.unverifiable.find(u => u.subject.startsWith('the access policy'))!)).toEqual(['CAB-VAULT-POLICY', 'CAB-RETENTION']);
  });

  test('copy to an in-app vault in another stack and environment (cross-env reference by ARN literal)', () => {
    const app = newApp();
    const src = stack(app, 'Src');
    const dst = stack(app, 'Dst', { account: '222222222222', region: 'us-east-1' });
    const dstKey = new kms.Key(dst, 'Key');
    new backup.BackupVault(dst, 'Central', { backupVaultName: 'central', encryptionKey: dstKey });
    planWithCopy(src, backup.BackupVault.fromBackupVaultArn(src, 'Imp', 'arn:aws:backup:us-east-1:222222222222:backup-vault:central'));
    const r = onlyRoute(model(app));
    expect(r.destination).toMatchObject({ id: 'Dst/Central', inApp: true, name: 'central', env: { account: '222222222222', region: 'us-east-1' } });
    expect(r.destination.key).toMatchObject({ kind: 'customer-managed', constructPath: 'Dst/Key' });
    expect(r.crossAccount).toBe(true);
    expect(r.crossRegion).toBe(true);
  });

  test('copy to an in-app vault of another stack by reference (same account, other region) keeps the target', () => {
    const app = newApp();
    const a = stack(app, 'A');
    const b = stack(app, 'B', { account: SRC.account, region: 'eu-west-1' });
    const target = new backup.BackupVault(b, 'Target', { accessPolicy: undefined });
    planWithCopy(a, target);
    const r = onlyRoute(model(app));
    expect(r.destination).toMatchObject({ id: 'B/Target', inApp: true });
    expect(r.destination.key).toBeUndefined(); // aws/backup
    expect(r.crossAccount).toBe(false);
    expect(r.crossRegion).toBe(false);
  });

  test('vault access policy is resolved, references become intrinsics', () => {
    const app = newApp();
    const s = stack(app, 'S');
    const v = new backup.BackupVault(s, 'V', { backupVaultName: 'vv' });
    v.addToAccessPolicy(new iam.PolicyStatement({
      actions: ['backup:CopyIntoBackupVault'], resources: ['*'], principals: [new iam.AccountPrincipal('333333333333')],
    }));
    planWithCopy(s, v);
    const r = onlyRoute(model(app));
    expect(r.destination.accessPolicy!.Statement[0]).toMatchObject({ Effect: 'Allow', Action: ['backup:CopyIntoBackupVault'] });
    expect(JSON.stringify(r.destination.accessPolicy)).toContain('333333333333');
  });

  test('L1 plan with a literal TargetBackupVault name, lifecycle, tags, continuous backup and two copy actions', () => {
    const app = newApp();
    const s = stack(app, 'S');
    new backup.CfnBackupVault(s, 'Named', { backupVaultName: 'named' });
    new backup.CfnBackupPlan(s, 'L1Plan', {
      backupPlan: {
        backupPlanName: 'l1',
        backupPlanRule: [{
          ruleName: 'r1',
          targetBackupVault: 'named',
          enableContinuousBackup: true,
          lifecycle: { deleteAfterDays: 30 },
          recoveryPointTags: { team: 'a', cost: Stack.of(s).account },
          copyActions: [
            { destinationBackupVaultArn: DST_ARN, lifecycle: { deleteAfterDays: 400, moveToColdStorageAfterDays: 10 } },
            { destinationBackupVaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:named' },
          ],
        }, { ruleName: 'nocopy', targetBackupVault: 'named' }],
      },
    });
    const m = model(app);
    expect(m.routes).toHaveLength(2);
    const [x, y] = m.routes;
    expect(x).toMatchObject({
      planPath: 'S/L1Plan',
      planName: 'l1',
      ruleName: 'r1',
      continuousBackup: true,
      ruleLifecycle: { deleteAfterDays: 30 },
      copyLifecycle: { deleteAfterDays: 400, moveToColdStorageAfterDays: 10 },
      crossAccount: true,
    });
    expect(x.source.vault).toMatchObject({ id: 'S/Named', inApp: true });
    expect(x.recoveryPointTags).toEqual([
      { key: 'team', value: 'a', source: 'recovery-point-tags' },
      { key: 'cost', value: '111111111111', source: 'recovery-point-tags' },
    ]);
    expect(y.destination).toMatchObject({ id: 'S/Named', inApp: true });
    expect(y.crossAccount).toBe(false);
    expect(y.crossRegion).toBe(false);
  });

  test('source vault name that is not in the app (imported by name) is out of app, with unverifiable key', () => {
    const app = newApp();
    const s = stack(app, 'S');
    const plan = new backup.BackupPlan(s, 'P', { backupVault: backup.BackupVault.fromBackupVaultName(s, 'Existing', 'existing') });
    plan.addRule(new backup.BackupPlanRule({ copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(s, 'D', DST_ARN) }] }));
    const m = model(app);
    const r = onlyRoute(m);
    expect(r.source.vault).toMatchObject({ inApp: false, name: 'existing', arn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:existing', constructPath: 'S/Existing' });
    const u = m.unverifiable.find(x => x.subject.includes('source vault'))!;
    expect(u).toMatchObject({ constructPath: 'S/Existing', unknown: ['vault-key', 'key-policy'] });
    expect(skippedRuleIds(u)).toEqual(['CAB-VAULT-KEY', 'CAB-KEY-POLICY']);
  });

  test('the account\'s Default vault imported as source vault: its key is known (aws/backup), so it is not unverifiable', () => {
    const app = newApp();
    const s = stack(app, 'S');
    const source = backup.BackupVault.fromBackupVaultArn(s, 'DefaultVault', 'arn:aws:backup:eu-west-1:111111111111:backup-vault:Default');
    const plan = new backup.BackupPlan(s, 'P', { backupVault: source });
    plan.addRule(new backup.BackupPlanRule({ copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(s, 'D', DST_ARN) }] }));
    const m = model(app);
    expect(onlyRoute(m).source.vault).toMatchObject({ inApp: false, name: 'Default', constructPath: 'S/DefaultVault' });
    expect(m.unverifiable.filter(u => u.subject.includes('source vault'))).toEqual([]);
  });

  test('the default vault the L2 creates has no key (aws/backup)', () => {
    const app = newApp();
    const s = stack(app, 'S');
    const plan = new backup.BackupPlan(s, 'P');
    plan.addRule(new backup.BackupPlanRule({ copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(s, 'D', DST_ARN) }] }));
    const r = onlyRoute(model(app));
    expect(r.source.vault).toMatchObject({ id: 'S/P/Vault', inApp: true });
    expect(r.source.vault.key).toBeUndefined();
  });

  test('env-agnostic stacks: unknown envs, crossAccount undefined, unverifiable entries', () => {
    const app = newApp();
    const s = new Stack(app, 'Agnostic');
    planWithCopy(s);
    const m = model(app);
    const r = onlyRoute(m);
    expect(r.source.env).toEqual({ account: undefined, region: undefined, partition: undefined });
    expect(r.crossAccount).toBeUndefined();
    expect(r.crossRegion).toBeUndefined();
    const u = m.unverifiable.find(x => x.subject.startsWith('the source account'))!;
    expect(u).toMatchObject({ constructPath: 'Agnostic/Plan', routeId: r.id });
    expect(u.reason).toContain('environment-agnostic');
    expect(skippedRuleIds(u)).toContain('CAB-ORG');
  });

  test('env-agnostic plan copying to an in-app vault of the same stack is same account and region', () => {
    const app = newApp();
    const s = new Stack(app, 'Agnostic');
    const v = new backup.BackupVault(s, 'Local');
    planWithCopy(s, v);
    const r = onlyRoute(model(app));
    expect(r.crossAccount).toBe(false);
    expect(r.crossRegion).toBe(false);
  });

  test('destination from an unresolvable token (CfnParameter) is unknown and unverifiable', () => {
    const app = newApp();
    const s = stack(app, 'S');
    const param = new CfnParameter(s, 'DestArn');
    planWithCopy(s, backup.BackupVault.fromBackupVaultArn(s, 'D2', param.valueAsString));
    const m = model(app);
    const r = onlyRoute(m);
    expect(r.destination.inApp).toBe(false);
    expect(r.destination.env).toEqual({});
    expect(r.crossAccount).toBeUndefined();
    expect(m.unverifiable.find(u => u.subject.startsWith('the destination vault'))!.reason).toContain('cannot be resolved');
  });

  test('model.vaults lists touched vaults and model.keys every CMK', () => {
    const app = newApp();
    const s = stack(app, 'S');
    planWithCopy(s);
    new kms.Key(s, 'Unused');
    const m = model(app);
    expect(m.vaults.map(v => v.id).sort()).toEqual(['S/PlanVault', DST_ARN]);
    expect(m.keys.map(k => k.constructPath).sort()).toEqual(['S/PlanVaultKey', 'S/Unused']);
  });
});
