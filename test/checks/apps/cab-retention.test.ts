import { CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import {
  SRC, check, copyApp, dataOf, errorPaths, expectNoError, expectSilent, findingsOf, selectVolume, theFinding, warningPaths,
} from './app-helpers';
import { COPY_ERROR } from '../../../src/checks/messages/cab-retention';
import { CrossAccountAirGappedVault } from '../../../src/constructs/cross-account-air-gapped-vault';
import { CrossAccountBackupVault } from '../../../src/constructs/cross-account-backup-vault';

type App = ReturnType<typeof copyApp>;

/** Sets the lifecycle of the copy action (`copy`) and of the rule (`rule`) of the app's plan, in days. */
function lifecycles(a: App, days: { copy?: number | unknown; rule?: number }): App {
  const cfn = a.plan.node.defaultChild as backup.CfnBackupPlan;
  if (days.copy !== undefined) cfn.addPropertyOverride('BackupPlan.BackupPlanRule.0.CopyActions.0.Lifecycle.DeleteAfterDays', days.copy);
  if (days.rule !== undefined) cfn.addPropertyOverride('BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', days.rule);
  selectVolume(a);
  return a;
}

/** A copy app into a logically air-gapped vault that accepts 7 to 35 days. */
function airGappedApp(days: { copy?: number; rule?: number }): App {
  return lifecycles(copyApp({
    destination: (central) => new CrossAccountAirGappedVault(central, 'Vault', {
      backupVaultName: 'air-gapped', sourceAccounts: [SRC], minRetention: Duration.days(7), maxRetention: Duration.days(35),
    }),
  }), days);
}

/** A copy app into a CrossAccountBackupVault whose Vault Lock accepts 30 to 365 days. */
function lockedApp(days: { copy?: number | unknown; rule?: number }): App {
  return lifecycles(copyApp({
    destination: (central) => new CrossAccountBackupVault(central, 'Vault', {
      backupVaultName: 'central',
      sourceAccounts: [SRC],
      lockConfiguration: { minRetention: Duration.days(30), maxRetention: Duration.days(365) },
    }),
  }), days);
}

describe('CAB-RETENTION on apps: logically air-gapped vault', () => {
  test('non-compliant: a copy kept 3 days, below the vault\'s 7-day minimum: error on the plan, quoting AWS', () => {
    const a = airGappedApp({ copy: 3 });
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-RETENTION')).toEqual(['/Source/Plan']);
    expect(dataOf(theFinding(checks, 'CAB-RETENTION', 'error', 'Source/Plan'))).toEqual({
      ruleId: 'CAB-RETENTION',
      severity: 'error',
      constructPath: 'Source/Plan',
      routeId: 'Source/Plan/Daily -> Central/Vault',
      messageId: 'copy-retention-out-of-range',
      details: { cause: 'below-minimum', vaults: ['Central/Vault'], retentionDays: 3, minRetentionDays: 7, maxRetentionDays: 35 },
      awsError: COPY_ERROR,
    });
  });

  test('non-compliant: no copy lifecycle and no rule lifecycle: the copy never expires, which the 35-day maximum refuses', () => {
    const a = airGappedApp({});
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-RETENTION')).toEqual(['/Source/Plan']);
    // No retentionDays: the copy is never deleted.
    expect(theFinding(checks, 'CAB-RETENTION', 'error', 'Source/Plan').details).toEqual({
      cause: 'never-expires', vaults: ['Central/Vault'], minRetentionDays: 7, maxRetentionDays: 35,
    });
  });

  test('non-compliant: the copy inherits the rule\'s 90 days, above the maximum', () => {
    const a = airGappedApp({ rule: 90 });
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-RETENTION')).toEqual(['/Source/Plan']);
    expect(theFinding(checks, 'CAB-RETENTION', 'error', 'Source/Plan').details).toEqual({
      cause: 'above-maximum', vaults: ['Central/Vault'], retentionDays: 90, minRetentionDays: 7, maxRetentionDays: 35,
    });
  });

  test('compliant: the copy action keeps copies 30 days (the rule\'s 90 days do not matter)', () => {
    const a = airGappedApp({ copy: 30, rule: 90 });
    check(a.app);
    expectSilent([a.source, a.central]);
  });
});

describe('CAB-RETENTION on apps: a standard vault with Vault Lock', () => {
  test('non-compliant: a copy kept 7 days, below the lock\'s 30-day minimum', () => {
    const a = lockedApp({ copy: 7, rule: 90 });
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-RETENTION')).toEqual(['/Source/Plan']);
    expect(theFinding(checks, 'CAB-RETENTION', 'error', 'Source/Plan').details).toEqual({
      cause: 'below-minimum', vaults: ['Central/Vault'], retentionDays: 7, minRetentionDays: 30, maxRetentionDays: 365,
    });
    expectNoError([a.central], 'CAB-RETENTION');
  });

  test('non-compliant: the copy inherits the rule\'s 400 days, above the lock\'s 365', () => {
    const a = lockedApp({ rule: 400 });
    check(a.app);
    expect(errorPaths(a.source, 'CAB-RETENTION')).toEqual(['/Source/Plan']);
  });

  test('compliant: a copy kept 90 days', () => {
    const a = lockedApp({ copy: 90, rule: 400 });
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('no false positive: a vault without Vault Lock accepts any retention, never-expiring too', () => {
    const a = copyApp();
    selectVolume(a);
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('unknown: a lock bound that is a token: not checked, a CAB-UNVERIFIABLE warning on the vault', () => {
    const a = copyApp({
      destination: (central) => {
        const v = new CrossAccountBackupVault(central, 'Vault', { backupVaultName: 'central', sourceAccounts: [SRC] });
        (v.node.defaultChild as backup.CfnBackupVault).lockConfiguration = { minRetentionDays: Token.asNumber({ Ref: 'MinDays' }) };
        return v;
      },
    });
    selectVolume(a);
    const checks = check(a.app);
    expectNoError([a.source, a.central], 'CAB-RETENTION');
    expect(warningPaths(a.central, 'CAB-UNVERIFIABLE')).toEqual(['/Central/Vault']);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Central/Vault').details).toEqual({
      subject: 'the retention range of vault Central/Vault',
      reasons: ['MinRetentionDays cannot be resolved at synth time'],
      skippedChecks: ['the retention range of the destination vault'],
      unknownFacts: ['vault-retention'],
    });
  });

  test('unknown: a copy lifecycle that is a token: not checked, a warning on the plan', () => {
    const a = lockedApp({ copy: { Ref: 'Days' } });
    new CfnParameter(a.source, 'Days', { type: 'Number' }); // the template CloudFormation would accept
    check(a.app);
    expectNoError([a.source], 'CAB-RETENTION');
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual(['/Source/Plan']);
  });

  test('unknown: an imported destination in the same account: its lock is unknown, a warning', () => {
    const a = copyApp({
      centralEnv: { account: SRC, region: 'us-east-1' },
      destination: (central: Stack) => backup.BackupVault.fromBackupVaultArn(central, 'Imported', `arn:aws:backup:us-east-1:${SRC}:backup-vault:copies`),
    });
    selectVolume(a);
    const checks = check(a.app);
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE', 'Central/Imported').map((f) => f.details)).toEqual([{
      subject: `the retention range of destination vault arn:aws:backup:us-east-1:${SRC}:backup-vault:copies`,
      reasons: ['the vault is not defined in this app, so whether it is locked is unknown'],
      skippedChecks: ['the retention range of the destination vault'],
      unknownFacts: ['vault-retention'],
      externalArns: [`arn:aws:backup:us-east-1:${SRC}:backup-vault:copies`],
    }]);
  });
});
