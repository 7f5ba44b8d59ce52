/**
 * Apps for the per-rule app tests: real aws-cdk-lib constructs (L2 and L1), the checks added as an
 * aspect, synthesized, and the annotations read back with `aws-cdk-lib/assertions`.
 *
 * The default app is compliant: a source stack (account SRC, eu-west-1) whose plan backs up into a
 * vault encrypted with a `CopyCompatibleKmsKey` and copies into a `CrossAccountBackupVault` of a
 * central stack (account DST, eu-west-1) that admits SRC. Each test changes one thing.
 */
import { App, Aspects, Size, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { Finding, Severity } from '../../../src/checks/finding';
import { CopyCompatibleKmsKey } from '../../../src/constructs/copy-compatible-kms-key';
import { CrossAccountBackupVault } from '../../../src/constructs/cross-account-backup-vault';
import { CrossAccountCopyChecks, CrossAccountCopyChecksProps } from '../../../src/frontends/aspect';
import { compareWithAspect } from '../../cli/agreement';
import { DST, ORG, OTHER, SRC } from '../../fixtures';
import { dataOf } from '../rules/model-builder';

export { DST, ORG, SRC, OTHER as OUTSIDER, dataOf };
export const REGION = 'eu-west-1';
export const OTHER_REGION = 'us-east-1';
export const SRC_ENV = { account: SRC, region: REGION };
export const DST_ENV = { account: DST, region: REGION };

export interface CopyAppOptions {
  /** Environment of the central stack (default DST in eu-west-1). */
  readonly centralEnv?: StackProps['env'];
  /** Environment of the source stack (default SRC in eu-west-1). */
  readonly sourceEnv?: StackProps['env'];
  /** The source vault's key: a CopyCompatibleKmsKey trusting the central account (default), or none (aws/backup). */
  readonly sourceVaultKey?: 'copy-compatible' | 'none';
  /**
   * Build the destination vault (default: a CrossAccountBackupVault admitting SRC in the central stack);
   * `source` is there for a vault the source stack imports (`backup.BackupVault.fromBackupVaultArn(source, ...)`).
   */
  readonly destination?: (central: Stack, source: Stack) => backup.IBackupVault;
  /** The directory of the app's cloud assembly (default: a temporary directory). */
  readonly outdir?: string;
}

export interface CopyApp {
  readonly app: App;
  readonly source: Stack;
  readonly central: Stack;
  readonly plan: backup.BackupPlan;
  readonly sourceVault: backup.BackupVault;
  readonly destination: backup.IBackupVault;
}

/** A two-account app whose plan copies from the source stack into the central stack's vault. No selection yet. */
export function copyApp(opts: CopyAppOptions = {}): CopyApp {
  const app = new App({ outdir: opts.outdir });
  const central = new Stack(app, 'Central', { env: opts.centralEnv ?? DST_ENV });
  const source = new Stack(app, 'Source', { env: opts.sourceEnv ?? SRC_ENV });
  const destination = opts.destination
    ? opts.destination(central, source)
    : new CrossAccountBackupVault(central, 'Vault', { backupVaultName: 'central', sourceAccounts: [SRC] });
  const sourceVault = new backup.BackupVault(source, 'Vault', {
    backupVaultName: 'source',
    encryptionKey: (opts.sourceVaultKey ?? 'copy-compatible') === 'copy-compatible'
      ? new CopyCompatibleKmsKey(source, 'VaultKey', { destinationAccounts: [DST] })
      : undefined,
  });
  const plan = new backup.BackupPlan(source, 'Plan', { backupVault: sourceVault });
  plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', copyActions: [{ destinationBackupVault: destination }] }));
  return { app, source, central, plan, sourceVault, destination };
}

/** A CopyCompatibleKmsKey in `scope` that the central account may use. */
export function copyKey(scope: Stack, id = 'DataKey'): kms.Key {
  return new CopyCompatibleKmsKey(scope, id, { destinationAccounts: [DST] });
}

/** An EBS volume encrypted with a CopyCompatibleKmsKey (or `key`), selected by the plan: compliant everywhere. */
export function selectVolume(a: CopyApp, key?: kms.IKey): ec2.Volume {
  const volume = new ec2.Volume(a.source, 'Volume', {
    availabilityZone: `${REGION}a`, size: Size.gibibytes(10), encrypted: true, encryptionKey: key ?? copyKey(a.source),
  });
  a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
  return volume;
}

/** An Aurora PostgreSQL cluster on an isolated VPC, encrypted with a CopyCompatibleKmsKey, selected by the plan. */
export function selectAurora(a: CopyApp, id = 'Aurora'): rds.DatabaseCluster {
  const aurora = new rds.DatabaseCluster(a.source, id, {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.provisioned('writer'),
    vpc: isolatedVpc(a.source),
    vpcSubnets: ISOLATED,
    storageEncryptionKey: copyKey(a.source),
  });
  a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseCluster(aurora)] });
  return aurora;
}

/** A DynamoDB table (AWS owned key) selected by the plan. */
export function selectTable(a: CopyApp, id = 'Table'): ddb.Table {
  const table = new ddb.Table(a.source, id, { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
  a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromDynamoDbTable(table)] });
  return table;
}

/** A VPC with isolated subnets only (no NAT, no internet gateway). */
export function isolatedVpc(scope: Stack): ec2.Vpc {
  return new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

export const ISOLATED = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

/** Add the checks to the app and synthesize. Returns the aspect. */
export function check(app: App, props: CrossAccountCopyChecksProps = {}): CrossAccountCopyChecks {
  // The default (short) annotations, as users see them: the tests read the findings' data, not the annotations' words.
  const checks = new CrossAccountCopyChecks(props);
  Aspects.of(app).add(checks);
  app.synth();
  // Every app of these tests is also checked from its cloud assembly: the CLI must agree.
  const agreement = compareWithAspect(app, props, checks);
  expect(agreement.cli.findings).toEqual(agreement.aspect.findings);
  expect(agreement.cli.acknowledged).toEqual(agreement.aspect.acknowledged);
  return checks;
}

/**
 * The findings of `ruleId` of the checks' last run (not the acknowledged ones), in the order the rule
 * reported them; only those on `constructPath` (`Source/Plan`: no leading slash) when it is given.
 * Assert on their data (`messageId`, `details`, `awsError`, ...), not their words: each message has
 * one wording test in test/checks/messages/.
 */
export function findingsOf(checks: CrossAccountCopyChecks, ruleId: string, constructPath?: string): Finding[] {
  return checks._lastResult()!.findings.filter((f) => f.ruleId === ruleId && (constructPath === undefined || f.constructPath === constructPath));
}

/** The one finding of `ruleId` with `severity` on `constructPath` (no leading slash); fails unless there is exactly one. */
export function theFinding(checks: CrossAccountCopyChecks, ruleId: string, severity: Severity, constructPath: string): Finding {
  const found = findingsOf(checks, ruleId, constructPath).filter((f) => f.severity === severity);
  expect(found.map((f) => `${f.ruleId} ${f.severity} ${f.constructPath}`)).toEqual([`${ruleId} ${severity} ${constructPath}`]);
  return found[0];
}

function rulePattern(ruleId: string) {
  return Match.stringLikeRegexp(`^${ruleId}: `);
}

/** The construct paths (`/Stack/Construct`) that carry an error of `ruleId`, sorted. */
export function errorPaths(stack: Stack, ruleId: string): string[] {
  return Annotations.fromStack(stack).findError('*', rulePattern(ruleId)).map((m) => m.id).sort();
}

/** The construct paths that carry a warning of `ruleId`, sorted. */
export function warningPaths(stack: Stack, ruleId: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', rulePattern(ruleId)).map((m) => m.id).sort();
}

/** Asserts that no stack of the app has an error of `ruleId`. */
export function expectNoError(stacks: Stack[], ruleId: string): void {
  for (const s of stacks) Annotations.fromStack(s).hasNoError('*', rulePattern(ruleId));
}

/** Asserts that no stack of the app has any CAB-* error. */
export function expectNoCabError(stacks: Stack[]): void {
  for (const s of stacks) Annotations.fromStack(s).hasNoError('*', Match.stringLikeRegexp('^CAB-'));
}

/** Asserts that no stack of the app has any CAB-* error or warning at all. */
export function expectSilent(stacks: Stack[]): void {
  for (const s of stacks) {
    Annotations.fromStack(s).hasNoError('*', Match.stringLikeRegexp('^CAB-'));
    Annotations.fromStack(s).hasNoWarning('*', Match.stringLikeRegexp('^CAB-'));
  }
}
