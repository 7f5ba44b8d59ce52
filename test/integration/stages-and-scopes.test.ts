/**
 * Where the stacks live and where the checks were added: Stages (nested, CDK Pipelines style),
 * routes across Stages, two scopes with checks, a forced re-synth, and report paths that cannot be
 * written. Synthesized with `app.synth()` (the CLI tests in test/cli run the same layouts through `cdk synth`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { compliantApp, newApp, violatingApp } from './fixtures';
import { CrossAccountCopyChecks } from '../../src/frontends/aspect';
import { reportWriteError } from '../../src/frontends/write-report';
import { CrossAccountBackupReport } from '../../src/report/report-files';
import type { ReportJson } from '../../src/report/report-schema';

function readReport(dir: string, name: string = CrossAccountBackupReport.JSON_FILE_NAME): ReportJson {
  return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf-8'));
}

/** The violating fixture built inside `scope` (a Stage in place of the App). */
function inStage<T>(scope: Stage, build: (app: App) => T): T {
  return build(scope as unknown as App);
}

describe('checks on the App, stacks in Stages', () => {
  test.each([
    ['a Stage', (app: App) => new Stage(app, 'Prod')],
    ['a nested Stage', (app: App) => new Stage(new Stage(app, 'Prod'), 'Backup')],
  ])('errors on constructs in %s fail synthesis, naming construct path and rule id', (_name, makeStage) => {
    const app = newApp();
    const stage = makeStage(app);
    inStage(stage, violatingApp);
    Aspects.of(app).add(new CrossAccountCopyChecks());
    expect(() => app.synth()).toThrow(new RegExp(`\\[${stage.node.path}/Source/LegacyKey\\] CAB-KEY-POLICY: .*\\(rule CAB-KEY-POLICY; in Stage ${stage.node.path};`));
    // the report of the App covers the Stage's routes
    const report = readReport(app.outdir);
    expect(report.summary.passed).toBe(false);
    expect(report.findings.map(f => f.constructPath)).toContain(`${stage.node.path}/Source/LegacyKey`);
  });

  test('acknowledged on an ancestor inside the Stage (either spelling), errors no longer fail synthesis', () => {
    const app = newApp();
    const stage = new Stage(app, 'Prod');
    const f = inStage(stage, violatingApp);
    Validations.of(f.source).acknowledge({ id: 'CAB-KEY-POLICY', reason: 'r1' }, { id: 'CAB-AWS-MANAGED-KEY', reason: 'r2' }, { id: 'CAB-XREGION-XACCOUNT', reason: 'r3' });
    Validations.of(stage).acknowledge({ id: 'Annotation::CAB-VAULT-POLICY', reason: 'r4' });
    Aspects.of(app).add(new CrossAccountCopyChecks());
    expect(() => app.synth()).not.toThrow();
    const report = readReport(app.outdir);
    expect(report.summary.passed).toBe(true);
    expect(report.acknowledged.map(a => [a.ruleId, a.reason]).sort()).toEqual([
      ['CAB-AWS-MANAGED-KEY', 'r2'], ['CAB-KEY-POLICY', 'r1'], ['CAB-VAULT-POLICY', 'r4'], ['CAB-XREGION-XACCOUNT', 'r3'],
    ]);
  });

  test('a route whose source and destination stacks are in two Stages is checked and fails synthesis', () => {
    const app = newApp();
    const workloads = new Stage(app, 'Workloads');
    const vaults = new Stage(app, 'Vaults');
    const f = inStage(workloads, compliantApp);
    // the destination vault's stack moves to the other Stage: a vault without an access policy
    const central = new Stack(vaults, 'Central', { env: { account: '222222222222', region: 'eu-west-1' } });
    const vault = new backup.BackupVault(central, 'Vault', { backupVaultName: 'central2' });
    f.plan.addRule(new backup.BackupPlanRule({ ruleName: 'Other', copyActions: [{ destinationBackupVault: vault }] }));
    Aspects.of(app).add(new CrossAccountCopyChecks());
    expect(() => app.synth()).toThrow(/\[Vaults\/Central\/Vault\] CAB-VAULT-POLICY: .*rule CAB-VAULT-POLICY; in Stage Vaults;/);
  });

  test('warnings on constructs in a Stage are annotations of the Stage\'s stacks and do not fail synthesis', () => {
    const app = newApp();
    const stage = new Stage(app, 'Prod');
    const f = inStage(stage, compliantApp);
    f.plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
    Aspects.of(app).add(new CrossAccountCopyChecks());
    expect(() => app.synth()).not.toThrow();
    expect(readReport(app.outdir).summary.warnings).toBeGreaterThan(0);
  });
});

describe('two scopes with checks', () => {
  test('two Stacks: two reports, each for its own stack, in two files', () => {
    const f = violatingApp();
    Aspects.of(f.source).add(new CrossAccountCopyChecks());
    Aspects.of(f.central).add(new CrossAccountCopyChecks());
    f.app.synth();
    const source = readReport(f.app.outdir, 'cross-account-backup-report-Source.json');
    const central = readReport(f.app.outdir, 'cross-account-backup-report-Central.json');
    expect(source.summary.passed).toBe(false);
    expect(source.routes.length).toBeGreaterThan(0);
    expect(central.routes).toEqual([]);
    expect(central.summary.passed).toBe(true);
    expect(fs.existsSync(path.join(f.app.outdir, 'cross-account-backup-report-Source.md'))).toBe(true);
    expect(fs.existsSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME))).toBe(false);
  });

  test('the App and a Stack: the App\'s report under the plain name, the Stack\'s beside it', () => {
    const f = violatingApp();
    Aspects.of(f.app).add(new CrossAccountCopyChecks());
    Aspects.of(f.central).add(new CrossAccountCopyChecks({ organizationAccounts: ['111111111111', '222222222222'] }));
    f.app.synth();
    expect(readReport(f.app.outdir).summary.passed).toBe(false);
    const central = readReport(f.app.outdir, 'cross-account-backup-report-Central.json');
    expect(central.options.organizationAccounts).toEqual(['111111111111', '222222222222']);
    expect(readReport(f.app.outdir).options.organizationAccounts).toBeUndefined();
  });
});

describe('a forced re-synth', () => {
  test('after adding a mistake, the new error is annotated and reported, the old ones once each', () => {
    const f = compliantApp();
    Aspects.of(f.app).add(new CrossAccountCopyChecks());
    f.app.synth();
    expect(readReport(f.app.outdir).summary.passed).toBe(true);

    const legacyKey = new kms.Key(f.source, 'LegacyKey');
    const legacyDb = new rds.DatabaseInstance(f.source, 'LegacyDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc: f.source.node.findChild('Vpc') as ec2.IVpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      storageEncryptionKey: legacyKey,
    });
    f.plan.addSelection('Legacy', { resources: [backup.BackupResource.fromRdsDatabaseInstance(legacyDb)] });
    f.app.synth({ force: true, errorOnDuplicateSynth: false });

    const report = readReport(f.app.outdir);
    expect(report.summary.passed).toBe(false);
    expect(report.findings.map(x => [x.ruleId, x.constructPath])).toEqual([['CAB-KEY-POLICY', 'Source/LegacyKey']]);
    expect(Annotations.fromStack(f.source).findError('/Source/LegacyKey', Match.stringLikeRegexp('^CAB-KEY-POLICY'))).toHaveLength(1);
  });
});

describe('a report path that cannot be written', () => {
  test('a directory named like the report: an error naming the path and the fix', () => {
    const f = compliantApp();
    fs.mkdirSync(path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME), { recursive: true });
    Aspects.of(f.app).add(new CrossAccountCopyChecks());
    const file = path.join(f.app.outdir, CrossAccountBackupReport.JSON_FILE_NAME);
    expect(() => f.app.synth()).toThrow(`Cannot write the copy-route report to ${file}: a directory of that name is in the way`);
  });

  test('permission denied: the path, the code and the fix (no raw EACCES)', () => {
    const message = reportWriteError('/out/cross-account-backup-report.json', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
    expect(message).toBe('Cannot write the copy-route report to /out/cross-account-backup-report.json: permission denied (EACCES); make the file and its directory writable (chmod u+w), remove the file, or set `report: false` on CrossAccountCopyChecks / CrossAccountCopyValidator to write no report.');
  });
});
