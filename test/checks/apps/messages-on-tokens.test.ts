/**
 * Every rule's messages, rendered on an app full of tokens (CloudFormation parameters, Fn::If,
 * Lazy options, an unnamed plan rule, wildcard selections), print no raw token, no intrinsic JSON
 * and no "rule #N".
 */
import { App, Aspects, Aws, CfnCondition, CfnParameter, Duration, Fn, Lazy, Size, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DST, OTHER_REGION, REGION, SRC } from './app-helpers';
import type { Finding } from '../../../src/checks/finding';
import { RuleIds } from '../../../src/checks/rule-ids';
import { CrossAccountBackupSetting } from '../../../src/constructs/cross-account-backup-setting';
import { CrossAccountCopyChecks } from '../../../src/frontends/aspect';
import { TagPolicy } from '../../../src/tag-policy/tag-policy';

const TAG_POLICY = TagPolicy.fromJson(JSON.stringify({
  tags: { env: { tag_key: { '@@assign': 'env' }, tag_value: { '@@assign': ['prod'] }, enforced_for: { '@@assign': ['backup:recovery-point'] } } },
}), 'root.json');

function tokenizedApp(): { app: App; checks: CrossAccountCopyChecks } {
  const app = new App();
  const central = new Stack(app, 'Central', { env: { account: DST, region: OTHER_REGION } });
  const source = new Stack(app, 'Source', { env: { account: SRC, region: REGION } });
  const mgmt = new Stack(app, 'Mgmt', { env: { account: '999999999999', region: REGION } });
  new CrossAccountBackupSetting(mgmt, 'Switch');

  // Destination: a plain vault without access policy (CAB-VAULT-POLICY), its name from a Lazy value;
  // its Vault Lock maximum refuses the never-expiring copies (CAB-RETENTION).
  new backup.BackupVault(central, 'Vault', {
    backupVaultName: Lazy.string({ produce: () => 'central' }),
    lockConfiguration: { minRetention: Duration.days(7), maxRetention: Duration.days(35) },
  });
  const destArn = Fn.sub(`arn:\${AWS::Partition}:backup:${OTHER_REGION}:${DST}:backup-vault:central`);

  // Source vault with the aws/backup key (CAB-VAULT-KEY), named by a parameter.
  const vault = new backup.BackupVault(source, 'Vault', { backupVaultName: new CfnParameter(source, 'VaultName').valueAsString });
  const plan = new backup.BackupPlan(source, 'Plan', { backupVault: vault });
  plan.addRule(new backup.BackupPlanRule({
    ruleName: 'Daily',
    recoveryPointTags: { env: 'dev' },
    copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(source, 'Dest', destArn) }],
  }));
  // A plan whose rule lost its name through an escape hatch.
  const unnamed = new backup.BackupPlan(source, 'Unnamed', { backupVault: vault });
  unnamed.addRule(new backup.BackupPlanRule({ ruleName: 'Weekly', copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(source, 'Dest2', destArn) }] }));
  (unnamed.node.defaultChild as backup.CfnBackupPlan).addPropertyDeletionOverride('BackupPlan.BackupPlanRule.0.RuleName');
  unnamed.addSelection('Sel', { resources: [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*')] });

  // A second copy to a vault whose ARN is a parameter (CAB-UNVERIFIABLE).
  plan.addRule(new backup.BackupPlanRule({
    ruleName: new CfnParameter(source, 'RuleName').valueAsString,
    copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(source, 'ParamDest', new CfnParameter(source, 'DestArn').valueAsString) }],
  }));

  const cond = new CfnCondition(source, 'UseCmk', { expression: Fn.conditionEquals(Aws.REGION, REGION) });
  const db = new rds.CfnDBInstance(source, 'Db', { dbInstanceClass: 'db.t3.micro', engine: 'postgres', allocatedStorage: '20', storageEncrypted: true });
  const multiAz = new rds.CfnDBCluster(source, 'MultiAz', {
    engine: 'postgres',
    dbClusterInstanceClass: 'db.m6gd.large',
    storageEncrypted: true,
    kmsKeyId: Fn.conditionIf(cond.logicalId, new kms.Key(source, 'IfKey').keyArn, Aws.NO_VALUE).toString(),
  });
  const table = new ddb.CfnTable(source, 'Table', {
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }], attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }], billingMode: 'PAY_PER_REQUEST',
  });
  const badKey = new kms.Key(source, 'BadKey'); // the default key policy admits only its own account (CAB-KEY-POLICY)
  const volume = new ec2.Volume(source, 'Volume', { availabilityZone: `${REGION}a`, size: Size.gibibytes(1), encrypted: true, encryptionKey: badKey });
  const paramVolume = new ec2.CfnVolume(source, 'ParamVolume', {
    availabilityZone: `${REGION}a`, size: 1, encrypted: true, kmsKeyId: new CfnParameter(source, 'KeyArn').valueAsString,
  });
  plan.addSelection('Sel', {
    resources: [
      backup.BackupResource.fromConstruct(db), backup.BackupResource.fromConstruct(multiAz), backup.BackupResource.fromConstruct(table),
      backup.BackupResource.fromConstruct(volume), backup.BackupResource.fromConstruct(paramVolume),
      backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*'), backup.BackupResource.fromArn('*'),
      backup.BackupResource.fromTag('tier', new CfnParameter(source, 'Tier').valueAsString),
    ],
  });

  const checks = new CrossAccountCopyChecks({
    report: false,
    organizationAccounts: [Lazy.string({ produce: () => SRC })], // leaves DST out: CAB-ORG
    managementAccount: Lazy.string({ produce: () => '999999999999' }),
    tagPolicy: TAG_POLICY,
  });
  Aspects.of(app).add(checks);
  return { app, checks };
}

describe('messages on a tokenized app', () => {
  let findings: Finding[];
  beforeAll(() => {
    const { app, checks } = tokenizedApp();
    app.synth();
    findings = checks._lastResult()!.findings;
  });

  test('every rule reports on it', () => {
    expect([...new Set(findings.map(f => f.ruleId))].sort()).toEqual([...RuleIds.all()].sort());
  });

  // These two tests are about the words, on purpose: what this file checks is that a token never
  // reaches the text a person reads (the whole message, the annotation's summary and short fix, the
  // details the words are written from) as ${Token[...]}, intrinsic JSON or a reference sentinel, and
  // that an unknown is named in it. The data of each rule's findings is asserted in its own tests.
  test('no message prints ${Token[, {"Fn::, a reference sentinel or "rule #N"', () => {
    for (const f of findings) {
      for (const text of [f.message, f.summary, f.shortFix, f.fix ?? '', JSON.stringify(f.details)]) {
        expect(text).not.toContain('${Token[');
        expect(text).not.toContain('{"Fn::');
        expect(text).not.toMatch(/rule #\d/);
        expect(text).not.toContain('\u0000');
      }
    }
  });

  test('the unknowns are named: the parameter, the condition, the unnamed rule', () => {
    const text = findings.map(f => f.message).join('\n');
    expect(text).toContain('CloudFormation parameter DestArn');
    expect(text).toContain('CloudFormation parameter KeyArn');
    expect(text).toContain('Fn::If on condition UseCmk');
    expect(text).toContain('BackupPlanRule[0]');
    // ... and in the data: the unverifiable subjects, and the route of the unnamed rule.
    const subjects = findings.filter(f => f.ruleId === RuleIds.UNVERIFIABLE).map(f => f.details.subject ?? '').join('\n');
    expect(subjects).toContain('CloudFormation parameter DestArn');
    expect(subjects).toContain('CloudFormation parameter KeyArn');
    expect(subjects).toContain('Fn::If on condition UseCmk');
    expect(findings.map(f => f.routeId)).toContain('Source/Unnamed/BackupPlanRule[0] -> Central/Vault');
  });
});
