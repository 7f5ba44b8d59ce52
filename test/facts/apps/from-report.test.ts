/**
 * Done-when 1 of issue 14: a workload app that imports the central vault by ARN is judged with the
 * central app's report (`ExternalFacts.fromReport`), as if the vault were its own.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CrossAccountBackupVault, CrossAccountCopyChecks, CopyCompatibleKmsKey, ExternalFacts } from '../../../src';
import { _withClock } from '../../../src/frontends/aspect';
import { DST, DST_ENV, OUTSIDER, REGION, SRC, check, copyApp, errorPaths, expectSilent, selectVolume, warningPaths } from '../../checks/apps/app-helpers';

const CENTRAL_VAULT_ARN = `arn:aws:backup:${REGION}:${DST}:backup-vault:central`;

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facts-report-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The central account's own app, synthesized with the checks: its report is the workload app's facts. */
function centralReport(vault: (central: Stack) => void): string {
  const app = new App({ outdir: path.join(dir, 'central.out') });
  vault(new Stack(app, 'Central', { env: DST_ENV }));
  Aspects.of(app).add(new CrossAccountCopyChecks());
  app.synth();
  return path.join(app.outdir, 'cross-account-backup-report.json');
}

/** The workload app: its plan copies into the central vault, imported by ARN into the source stack. */
function workloadApp() {
  const a = copyApp({
    outdir: path.join(dir, 'workload.out'),
    destination: (_central, source) => backup.BackupVault.fromBackupVaultArn(source, 'CentralVault', CENTRAL_VAULT_ARN),
  });
  selectVolume(a);
  return a;
}

const copyInto = (account: string) => new iam.PolicyStatement({
  principals: [new iam.AccountPrincipal(account)], actions: ['backup:CopyIntoBackupVault'], resources: ['*'],
});

describe('ExternalFacts.fromReport: the central app\'s report describes the imported vault', () => {
  test('the report admits another account: CAB-VAULT-POLICY on the import, no CAB-UNVERIFIABLE about the vault', () => {
    const report = centralReport((central) => {
      const v = new backup.BackupVault(central, 'Vault', {
        backupVaultName: 'central', encryptionKey: new CopyCompatibleKmsKey(central, 'VaultKey', { destinationAccounts: [SRC] }),
      });
      v.addToAccessPolicy(copyInto(OUTSIDER));
    });
    const a = workloadApp();
    check(a.app, { facts: [ExternalFacts.fromReport(report)] });
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual(['/Source/CentralVault']);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual([]);
  });

  test('the report admits the source account: no finding at all', () => {
    const report = centralReport((central) => {
      new CrossAccountBackupVault(central, 'Vault', { backupVaultName: 'central', sourceAccounts: [SRC] });
    });
    const a = workloadApp();
    check(a.app, { facts: [ExternalFacts.fromReport(report)] });
    expectSilent([a.source, a.central]);
  });

  test('without the facts the same app is only CAB-UNVERIFIABLE (the facts make the difference)', () => {
    const a = workloadApp();
    check(a.app);
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual([]);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual(['/Source/CentralVault']);
  });

  test('a vault of the report encrypted with aws/backup: CAB-VAULT-KEY warns on the import as for an in-app vault', () => {
    const report = centralReport((central) => {
      const v = new backup.BackupVault(central, 'Vault', { backupVaultName: 'central' });
      v.addToAccessPolicy(copyInto(SRC));
    });
    const a = workloadApp();
    check(a.app, { facts: [ExternalFacts.fromReport(report)] });
    expect(warningPaths(a.source, 'CAB-VAULT-KEY')).toEqual(['/Source/CentralVault']);
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual([]);
  });

  test('a Vault Lock in the report: CAB-RETENTION on the plan when the copy is kept longer than the maximum', () => {
    const report = centralReport((central) => {
      new CrossAccountBackupVault(central, 'Vault', {
        backupVaultName: 'central', sourceAccounts: [SRC], lockConfiguration: { minRetention: Duration.days(7), maxRetention: Duration.days(30) },
      });
    });
    const a = workloadApp();
    a.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Long', deleteAfter: Duration.days(90), copyActions: [{ destinationBackupVault: a.destination, deleteAfter: Duration.days(90) }],
    }));
    const checks = check(a.app, { facts: [ExternalFacts.fromReport(report)] });
    // Daily keeps its copies forever (no lifecycle), Long for 90 days: both outside 7-30 days.
    const retention = checks._lastResult()!.findings.filter((f) => f.ruleId === 'CAB-RETENTION');
    expect(retention.map((f) => [f.constructPath, f.routeId])).toEqual([
      ['Source/Plan', `Source/Plan/Daily -> ${CENTRAL_VAULT_ARN}`],
      ['Source/Plan', `Source/Plan/Long -> ${CENTRAL_VAULT_ARN}`],
    ]);
  });

  test('a report older than maxFactAge: a CAB-UNVERIFIABLE warning naming the fact and its age; the vault is still judged', () => {
    const report = centralReport((central) => {
      new CrossAccountBackupVault(central, 'Vault', { backupVaultName: 'central', sourceAccounts: [SRC] });
    });
    const readAt = fs.statSync(report).mtime;
    const a = workloadApp();
    const checks = _withClock(new CrossAccountCopyChecks({ facts: [ExternalFacts.fromReport(report)], maxFactAge: Duration.days(7) }),
      () => new Date(readAt.getTime() + 10 * 24 * 3600 * 1000));
    Aspects.of(a.app).add(checks);
    a.app.synth();
    const result = checks._lastResult()!;
    const stale = result.model.unverifiable.filter((u) => u.subject.includes('external fact'));
    expect(stale.map((u) => ({ path: u.constructPath, unknown: u.unknown, about: u.about }))).toEqual([{ path: 'Source/CentralVault', unknown: [], about: CENTRAL_VAULT_ARN }]);
    // the warning names the vault's ARN for programs, and no unknown fact (the checks judged with the fact)
    const [finding] = result.findings.filter((f) => f.ruleId === 'CAB-UNVERIFIABLE' && f.details.subject?.includes('external fact'));
    expect(finding.details.externalArns).toEqual([CENTRAL_VAULT_ARN]);
    expect(finding.details).not.toHaveProperty('unknownFacts');
    expect(stale[0].subject).toContain(CENTRAL_VAULT_ARN);
    expect(stale[0].reason).toMatch(/^the fact is 10 days old, older than maxFactAge \(7 days\)/);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual(['/Source/CentralVault']);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toHaveLength(1);
  });

  test('the same clock within maxFactAge: no warning (the age check reads the injected clock, not the time of the test)', () => {
    const report = centralReport((central) => {
      new CrossAccountBackupVault(central, 'Vault', { backupVaultName: 'central', sourceAccounts: [SRC] });
    });
    const readAt = fs.statSync(report).mtime;
    const a = workloadApp();
    const checks = _withClock(new CrossAccountCopyChecks({ facts: [ExternalFacts.fromReport(report)], maxFactAge: Duration.days(7) }),
      () => new Date(readAt.getTime() + 6 * 24 * 3600 * 1000));
    Aspects.of(a.app).add(checks);
    a.app.synth();
    expect(checks._lastResult()!.model.unverifiable).toEqual([]);
  });
});
