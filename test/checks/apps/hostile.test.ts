/**
 * Unusual but legal apps (issue 10): every case is judged as AWS would, never a crash and never a
 * silent pass. Plain aws-cdk-lib, and CfnInclude for the template cases.
 */
import * as path from 'path';
import { CfnCondition, CfnParameter, CfnResource, Fn, Lazy, Size, Stack, Token, Aws } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as inc from 'aws-cdk-lib/cloudformation-include';
import {
  DST, ORG, OTHER_REGION, OUTSIDER, REGION, SRC, check, copyApp, copyKey, errorPaths, expectNoError,
  expectSilent, findingsOf, selectVolume, theFinding, warningPaths,
} from './app-helpers';
import { CopyCompatibleKmsKey } from '../../../src/constructs/copy-compatible-kms-key';
import { CrossAccountBackupVault } from '../../../src/constructs/cross-account-backup-vault';

const TEMPLATES = path.join(__dirname, 'templates');

/** What CAB-UNVERIFIABLE names as skipped when the resources of a selection entry are unknown. */
const RESOURCE_CHECKS = [
  'resource type and Region support', 'the single cross-Region and cross-account copy action', 'DynamoDB advanced features',
  'AWS managed resource keys', 'the key policy', 'the tag policy',
];
/** ... when whether a selection picks an (EBS) resource is unknown: the checks that apply to it. */
const PICK_CHECKS = ['resource type and Region support', 'AWS managed resource keys', 'the key policy', 'the tag policy'];

/** A plain backup.BackupVault in the central stack whose L1 is configured by `override`. */
function centralVault(override: (cfn: backup.CfnBackupVault) => void) {
  return copyApp({
    destination: (central) => {
      const v = new backup.BackupVault(central, 'Vault', {
        backupVaultName: 'central',
        encryptionKey: new CopyCompatibleKmsKey(central, 'VaultKey', { destinationAccounts: [SRC] }),
      });
      override(v.node.defaultChild as backup.CfnBackupVault);
      return v;
    },
  });
}

/** An EBS volume encrypted with the AWS managed key aws/ebs (CAB-AWS-MANAGED-KEY when copied across accounts). */
function awsManagedVolume(scope: Stack): ec2.Volume {
  return new ec2.Volume(scope, 'Volume', {
    availabilityZone: `${REGION}a`, size: Size.gibibytes(1), encrypted: true, encryptionKey: kms.Alias.fromAliasName(scope, 'Ebs', 'alias/aws/ebs'),
  });
}

const copyInto = (account: string) => ({
  Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*',
});

describe('policy documents of every shape IAM accepts', () => {
  test('an access policy whose Statement is one object is read: admitting the source account is silent', () => {
    const a = centralVault(cfn => cfn.addPropertyOverride('AccessPolicy', { Version: '2012-10-17', Statement: copyInto(SRC) }));
    selectVolume(a);
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('an access policy whose Statement is one object admitting another account: CAB-VAULT-POLICY error', () => {
    const a = centralVault(cfn => cfn.addPropertyOverride('AccessPolicy', { Version: '2012-10-17', Statement: copyInto(OUTSIDER) }));
    selectVolume(a);
    check(a.app);
    expect(errorPaths(a.central, 'CAB-VAULT-POLICY')).toEqual(['/Central/Vault']);
  });

  test('an access policy as JSON text with no Statement grants nothing: CAB-VAULT-POLICY error', () => {
    const a = centralVault(cfn => cfn.addPropertyOverride('AccessPolicy', '{"Version": "2012-10-17"}'));
    selectVolume(a);
    check(a.app);
    expect(errorPaths(a.central, 'CAB-VAULT-POLICY')).toEqual(['/Central/Vault']);
  });

  test('a key policy overridden with malformed JSON text: a CAB-UNVERIFIABLE warning on the key, no error', () => {
    const a = copyApp();
    const key = copyKey(a.source);
    (key.node.defaultChild as kms.CfnKey).addPropertyOverride('KeyPolicy', '{"Statement": [');
    selectVolume(a, key);
    const checks = check(a.app);
    expectNoError([a.source, a.central], 'CAB-KEY-POLICY');
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/DataKey').details).toEqual({
      subject: 'the key policy of Source/DataKey',
      reasons: ['the policy is not valid JSON (Unexpected end of JSON input), which synth cannot know'],
      skippedChecks: ['the key policy'],
      unknownFacts: ['key-policy'],
    });
  });
});

describe('silent passes become warnings', () => {
  test('CopyCompatibleKmsKey destinationAccounts from a CfnParameter: CAB-UNVERIFIABLE on the key naming the parameter', () => {
    const a = copyApp();
    const param = new CfnParameter(a.source, 'CentralAccount', { type: 'String' });
    const key = new CopyCompatibleKmsKey(a.source, 'DataKey', { destinationAccounts: [param.valueAsString] });
    selectVolume(a, key);
    const checks = check(a.app);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toContain('/Source/DataKey');
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/DataKey').details).toEqual({
      subject: 'the key policy of Source/DataKey',
      reasons: [expect.stringContaining('.Principal.AWS is arn:${AWS::Partition}${:iam::${CloudFormation parameter CentralAccount}:root}')],
      skippedChecks: ['the key policy'],
      unknownFacts: ['key-policy'],
    });
    expect(checks._lastResult()!.findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  test('CrossAccountBackupVault sourceAccounts from a CfnParameter: CAB-UNVERIFIABLE on the vault', () => {
    const a = copyApp({
      destination: (central) => new CrossAccountBackupVault(central, 'Vault', {
        backupVaultName: 'central',
        sourceAccounts: [new CfnParameter(central, 'SourceAccount', { type: 'String' }).valueAsString],
      }),
    });
    selectVolume(a);
    const checks = check(a.app);
    expect(warningPaths(a.central, 'CAB-UNVERIFIABLE')).toEqual(['/Central/Vault']);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Central/Vault').details).toEqual({
      subject: 'the access policy of destination vault Central/Vault',
      reasons: [expect.stringContaining('${CloudFormation parameter SourceAccount}')],
      skippedChecks: ['the vault access policy'],
      unknownFacts: ['vault-access-policy'],
    });
    expectNoError([a.central], 'CAB-VAULT-POLICY');
  });

  test('a key policy whose only grant names a role of the source account: CAB-KEY-POLICY error (the destination is never that role)', () => {
    const a = copyApp();
    const role = new iam.Role(a.source, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const key = new kms.Key(a.source, 'DataKey');
    key.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(role.roleArn)], actions: ['kms:*'], resources: ['*'] }));
    selectVolume(a, key);
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-KEY-POLICY')).toEqual(['/Source/DataKey']);
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE', 'Source/DataKey')).toEqual([]);
  });

  test('a key policy statement whose principal is a token: CAB-UNVERIFIABLE naming it', () => {
    const a = copyApp();
    const key = new kms.Key(a.source, 'DataKey');
    const arn = Fn.importValue('CentralBackupRoleArn');
    key.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(arn)], actions: ['kms:*'], resources: ['*'] }));
    selectVolume(a, key);
    const checks = check(a.app);
    expectNoError([a.source], 'CAB-KEY-POLICY');
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/DataKey').details).toEqual({
      subject: 'the key policy of Source/DataKey',
      reasons: ['Statement[1].Principal.AWS is the export CentralBackupRoleArn, which synth cannot know'],
      skippedChecks: ['the key policy'],
      unknownFacts: ['key-policy'],
    });
  });

  test('an included vault policy with an Fn::If principal: CAB-UNVERIFIABLE naming the condition', () => {
    const a = copyApp({
      destination: (central) => {
        new inc.CfnInclude(central, 'Template', { templateFile: path.join(TEMPLATES, 'vault-fn-if.json') });
        return backup.BackupVault.fromBackupVaultArn(central, 'Included', `arn:aws:backup:${REGION}:${DST}:backup-vault:included`);
      },
    });
    selectVolume(a);
    const checks = check(a.app);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Central/Template/CentralVault').details).toEqual({
      subject: 'the access policy of destination vault Central/Template/CentralVault',
      reasons: [`Statement[0].Principal.AWS is Fn::If on condition IsAllowed (arn:aws:iam::${SRC}:root or arn:aws:iam::${OUTSIDER}:root), which synth cannot know`],
      skippedChecks: ['the vault access policy'],
      unknownFacts: ['vault-access-policy'],
    });
    expectNoError([a.central], 'CAB-VAULT-POLICY');
  });

  test('a BackupSelection written as a raw CfnResource is linked to its plan and its resources checked', () => {
    const a = copyApp();
    const volume = awsManagedVolume(a.source);
    new CfnResource(a.source, 'RawSelection', {
      type: 'AWS::Backup::BackupSelection',
      properties: {
        BackupPlanId: a.plan.backupPlanId,
        BackupSelection: { SelectionName: 'raw', IamRoleArn: 'arn:aws:iam::111111111111:role/b', Resources: [a.source.formatArn({ service: 'ec2', resource: 'volume', resourceName: volume.volumeId })] },
      },
    });
    const checks = check(a.app);
    expect(findingsOf(checks, 'CAB-AWS-MANAGED-KEY').map(f => f.constructPath)).toEqual(['Source/Volume']);
  });

  test('a BackupPlanId set through addPropertyOverride links the selection', () => {
    const a = copyApp();
    const other = new backup.BackupPlan(a.source, 'Other', { backupVault: a.sourceVault });
    other.addRule(new backup.BackupPlanRule({ ruleName: 'NoCopy' }));
    const volume = awsManagedVolume(a.source);
    const sel = other.addSelection('Sel', { resources: [backup.BackupResource.fromConstruct(volume)] });
    (sel.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupPlanId', a.plan.backupPlanId);
    const checks = check(a.app);
    expect(findingsOf(checks, 'CAB-AWS-MANAGED-KEY').map(f => f.constructPath)).toEqual(['Source/Volume']);
  });

  test('a selection whose BackupPlanId is a parameter: CAB-UNVERIFIABLE on the selection', () => {
    const a = copyApp();
    selectVolume(a);
    const param = new CfnParameter(a.source, 'PlanId', { type: 'String' });
    new backup.CfnBackupSelection(a.source, 'Orphan', {
      backupPlanId: param.valueAsString,
      backupSelection: { selectionName: 'orphan', iamRoleArn: 'arn:aws:iam::111111111111:role/b', resources: ['*'] },
    });
    const checks = check(a.app);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/Orphan').details).toMatchObject({
      subject: 'the resources of backup selection Source/Orphan',
      reasons: [expect.stringContaining('its BackupPlanId is CloudFormation parameter PlanId, so the plan it belongs to is unknown')],
      skippedChecks: RESOURCE_CHECKS,
    });
  });

  test('Resources AND Conditions where the resource\'s tag value is a token: CAB-UNVERIFIABLE on the resource', () => {
    const a = copyApp();
    const volume = new ec2.Volume(a.source, 'Volume', { availabilityZone: `${REGION}a`, size: Size.gibibytes(1), encrypted: true });
    (volume.node.defaultChild as ec2.CfnVolume).tags.setTag('backup', new CfnParameter(a.source, 'Tier').valueAsString);
    const sel = a.plan.addSelection('Sel', { resources: [backup.BackupResource.fromConstruct(volume)] });
    (sel.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupSelection.Conditions', {
      StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'daily' }],
    });
    const checks = check(a.app);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/Volume').details).toEqual({
      subject: 'whether backup selection Source/Plan/Sel picks Source/Volume/Resource',
      reasons: [expect.stringContaining('its tag backup has a value that is not known at synth time')],
      skippedChecks: PICK_CHECKS,
      unknownFacts: ['selected-resources'],
    });
    expect(findingsOf(checks, 'CAB-AWS-MANAGED-KEY')).toEqual([]);
  });

  test('Conditions whose value is a token: CAB-UNVERIFIABLE naming the parameter', () => {
    const a = copyApp();
    const volume = new ec2.Volume(a.source, 'Volume', { availabilityZone: `${REGION}a`, size: Size.gibibytes(1), encrypted: true });
    (volume.node.defaultChild as ec2.CfnVolume).tags.setTag('backup', 'daily');
    const sel = a.plan.addSelection('Sel', { resources: [backup.BackupResource.fromConstruct(volume)] });
    (sel.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupSelection.Conditions', {
      StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: new CfnParameter(a.source, 'Wanted').valueAsString }],
    });
    const checks = check(a.app);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/Volume').details).toEqual({
      subject: 'whether backup selection Source/Plan/Sel picks Source/Volume/Resource',
      reasons: [expect.stringContaining('the value of condition StringEquals backup is CloudFormation parameter Wanted')],
      skippedChecks: PICK_CHECKS,
      unknownFacts: ['selected-resources'],
    });
  });

  test('KmsKeyId: Fn::If(cond, cmk, AWS::NoValue): the key is unknown, CAB-UNVERIFIABLE instead of judging the CMK', () => {
    const a = copyApp();
    const cond = new CfnCondition(a.source, 'UseCmk', { expression: Fn.conditionEquals(Aws.REGION, REGION) });
    const db = new rds.CfnDBInstance(a.source, 'Db', {
      dbInstanceClass: 'db.t3.micro',
      engine: 'postgres',
      storageEncrypted: true,
      allocatedStorage: '20',
      kmsKeyId: Fn.conditionIf(cond.logicalId, copyKey(a.source).keyArn, Aws.NO_VALUE).toString(),
    });
    a.plan.addSelection('Sel', { resources: [backup.BackupResource.fromConstruct(db)] });
    const checks = check(a.app);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/Db').details).toEqual({
      subject: expect.stringContaining('the encryption key Fn::If on condition UseCmk ('),
      reasons: ['the key cannot be resolved at synth time'],
      skippedChecks: ['AWS managed resource keys', 'the key policy'],
      unknownFacts: ['resource-key'],
    });
  });
});

describe('what synth can know is resolved', () => {
  test('Lazy organizationAccounts, organizationId and managementAccount are resolved: no false CAB-ORG', () => {
    const a = copyApp();
    selectVolume(a);
    const checks = check(a.app, {
      organizationAccounts: [Lazy.string({ produce: () => SRC }), Lazy.string({ produce: () => DST })],
      organizationId: Lazy.string({ produce: () => ORG }),
    });
    expect(findingsOf(checks, 'CAB-ORG').filter(f => f.severity === 'error')).toEqual([]);
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE')).toEqual([]);
  });

  test('a Lazy organizationAccounts that leaves the destination out: CAB-ORG error as with literals', () => {
    const a = copyApp();
    selectVolume(a);
    const checks = check(a.app, { organizationAccounts: [Lazy.string({ produce: () => SRC })] });
    expect(findingsOf(checks, 'CAB-ORG').filter(f => f.severity === 'error')).toHaveLength(1);
  });

  test('organizationAccounts from a CfnParameter: CAB-UNVERIFIABLE, never compared as token text', () => {
    const a = copyApp();
    selectVolume(a);
    const checks = check(a.app, { organizationAccounts: [SRC, new CfnParameter(a.source, 'Member').valueAsString] });
    expect(findingsOf(checks, 'CAB-ORG')).toEqual([]);
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE').map(f => [f.constructPath, f.details])).toEqual([['', {
      subject: 'the checks\' option organizationAccounts[1]',
      reasons: ['it is CloudFormation parameter Member, not a 12-digit account id known at synth time, so it was ignored'],
      skippedChecks: ['organization membership'],
      unknownFacts: ['organization'],
    }]]);
  });

  test.each([
    ['Fn::Sub', () => Fn.sub(`arn:\${AWS::Partition}:backup:\${AWS::Region}:${DST}:backup-vault:central`)],
    ['Fn::Join', () => Fn.join(':', ['arn', Aws.PARTITION, 'backup', Aws.REGION, DST, 'backup-vault', 'central'])],
  ])('a destination ARN built with %s from pseudo parameters is resolved: the vault without access policy fails', (_name, arn) => {
    const a = copyApp({
      destination: (central) => {
        new backup.BackupVault(central, 'Vault', { backupVaultName: 'central' });
        return backup.BackupVault.fromBackupVaultArn(central, 'ByArn', Token.asString(arn()));
      },
    });
    selectVolume(a);
    const checks = check(a.app);
    expect(findingsOf(checks, 'CAB-VAULT-POLICY').map(f => f.constructPath)).toEqual(['Central/Vault']);
  });
});

describe('unknowns are named, never printed as tokens', () => {
  test.each([
    ['an SSM parameter', (s: Stack) => ssm.StringParameter.valueForStringParameter(s, '/org/central-vault-arn'), 'SSM parameter /org/central-vault-arn'],
    ['an SSM dynamic reference', (s: Stack) => ssm.StringParameter.valueForStringParameter(s, '/org/central-vault-arn', 3), 'SSM parameter /org/central-vault-arn'],
    ['an export', () => Fn.importValue('CentralVaultArn'), 'the export CentralVaultArn'],
  ])('a destination ARN from %s', (_what, arnOf, named) => {
    const a = copyApp();
    selectVolume(a);
    a.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Weekly', copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(a.source, 'Other', arnOf(a.source)) }],
    }));
    const checks = check(a.app);
    const w = findingsOf(checks, 'CAB-UNVERIFIABLE').filter(f => f.routeId?.startsWith('Source/Plan/Weekly'));
    expect(w.map(f => [f.constructPath, f.routeId, f.details.subject])).toEqual([
      ['Source/Plan', `Source/Plan/Weekly -> ${named}`, `the destination vault ${named} of copy route Source/Plan/Weekly -> ${named}`],
    ]);
    // The point of these cases is the words on an odd input: a token never reaches the text as
    // ${Token[...]}, intrinsic JSON or a dynamic reference, neither in the message nor in its short form.
    for (const text of [w[0].message, w[0].summary, w[0].shortFix]) expect(text).not.toMatch(/\$\{Token\[|\{"Fn::|\{\{resolve/);
  });
});

describe('type-level judgement of ARN patterns', () => {
  test('arn:aws:rds:*:*:db:* on a cross-Region cross-account route: CAB-XREGION-XACCOUNT error', () => {
    const a = copyApp({ centralEnv: { account: DST, region: OTHER_REGION } });
    a.plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*')] });
    const checks = check(a.app);
    expect(findingsOf(checks, 'CAB-XREGION-XACCOUNT').map(f => [f.severity, f.constructPath])).toEqual([['error', 'Source/Plan']]);
  });

  test('a DynamoDB table pattern with advanced features declared off: CAB-DDB-ADVANCED error (a warning when undeclared)', () => {
    const a = copyApp();
    a.plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn(`arn:aws:dynamodb:${REGION}:${SRC}:table/*`)] });
    const checks = check(a.app, { dynamoDbAdvancedFeatures: false });
    expect(findingsOf(checks, 'CAB-DDB-ADVANCED').map(f => f.severity)).toEqual(['error']);
    const b = copyApp();
    b.plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn(`arn:aws:dynamodb:${REGION}:${SRC}:table/*`)] });
    expect(findingsOf(check(b.app), 'CAB-DDB-ADVANCED').map(f => f.severity)).toEqual(['warning']);
  });

  test.each(['*', 'arn:aws:rds:*:*:*'])('%s fixes no type: CAB-UNVERIFIABLE naming the type-level checks skipped', (pattern) => {
    const a = copyApp({ centralEnv: { account: DST, region: OTHER_REGION } });
    a.plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn(pattern)] });
    const checks = check(a.app);
    expect(findingsOf(checks, 'CAB-XREGION-XACCOUNT')).toEqual([]);
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE').map(f => [f.constructPath, f.details])).toEqual([['Source/Plan/Sel', {
      subject: `resources selected by arn ${pattern}`,
      reasons: ['the entry may match resources that are not defined in this app (only resources defined in this app were checked)'],
      skippedChecks: RESOURCE_CHECKS,
      unknownFacts: ['selected-resources'],
    }]]);
  });
});

describe('no noise', () => {
  test('a copy inside one environment-agnostic stack: no CAB-UNVERIFIABLE', () => {
    const a = copyApp();
    const stack = new Stack(a.app, 'Agnostic');
    const vault = new backup.BackupVault(stack, 'Vault');
    const plan = new backup.BackupPlan(stack, 'Plan', { backupVault: vault });
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'Local', copyActions: [{ destinationBackupVault: new backup.BackupVault(stack, 'Other') }] }));
    const volume = new ec2.Volume(stack, 'Volume', { availabilityZone: 'us-east-1a', size: Size.gibibytes(1), encrypted: true });
    plan.addSelection('Sel', { resources: [backup.BackupResource.fromConstruct(volume)] });
    check(a.app);
    expectSilent([stack]);
  });

  test('imported DynamoDB table and S3 bucket (fully managed): no warning about their encryption key', () => {
    const a = copyApp();
    const table = ddb.Table.fromTableArn(a.source, 'Table', `arn:aws:dynamodb:${REGION}:${SRC}:table/Orders`);
    a.plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn(table.tableArn), backup.BackupResource.fromArn('arn:aws:s3:::my-bucket')] });
    const checks = check(a.app, { dynamoDbAdvancedFeatures: true });
    // Only their tags are unknown: nothing about an encryption key, and the key checks are not skipped.
    const notDefined = (arn: string) => ['Source/Plan', { subject: `the tags of ${arn}`, reasons: ['the resource is not defined in this app'], skippedChecks: ['the tag policy'], unknownFacts: ['resource-tags'] }];
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE').map(f => [f.constructPath, f.details]))
      .toEqual([notDefined(`arn:aws:dynamodb:${REGION}:${SRC}:table/Orders`), notDefined('arn:aws:s3:::my-bucket')]);
  });

  test('an unnamed plan rule is named by its place in the template, never "rule #N"', () => {
    const a = copyApp({ centralEnv: { account: DST, region: OTHER_REGION } });
    const cfn = a.plan.node.defaultChild as backup.CfnBackupPlan;
    cfn.addPropertyDeletionOverride('BackupPlan.BackupPlanRule.0.RuleName');
    a.plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*')] });
    const checks = check(a.app);
    const [f] = findingsOf(checks, 'CAB-XREGION-XACCOUNT');
    expect(f.routeId).toBe('Source/Plan/BackupPlanRule[0] -> Central/Vault');
    // The words on an odd input: the rule is named as the route names it, never "rule #N".
    expect(f.message).toContain('BackupPlanRule[0]');
    expect(f.message).not.toMatch(/rule #\d/);
  });
});
