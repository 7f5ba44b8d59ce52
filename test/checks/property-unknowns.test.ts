/**
 * Property: on random apps that mix tokens, CloudFormation parameters, conditions, escape hatches,
 * CfnInclude'd fragments and wildcard selections, the checks never throw, every error carries
 * exactly one rule id, no message prints a raw token, and every copy route whose outcome depends on
 * something synth cannot know has a finding or a warning.
 */
import * as path from 'path';
import { App, Aspects, Aws, CfnCondition, CfnParameter, CfnResource, Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as inc from 'aws-cdk-lib/cloudformation-include';
import * as fc from 'fast-check';
import { DST, OTHER_REGION, REGION, SRC } from './apps/app-helpers';
import type { Finding } from '../../src/checks/finding';
import { CopyCompatibleKmsKey } from '../../src/constructs/copy-compatible-kms-key';
import { CrossAccountBackupVault } from '../../src/constructs/cross-account-backup-vault';
import { CrossAccountCopyChecks, CrossAccountCopyChecksProps } from '../../src/frontends/aspect';

const TEMPLATES = path.join(__dirname, 'apps', 'templates');

const DESTS = ['central', 'centralOneStatement', 'centralFnIf', 'centralMalformed', 'importedArn', 'paramArn', 'subArn'] as const;
const KINDS = ['ebs', 'rds', 'ddb', 's3'] as const;
const KEYS = ['cmk', 'tokenPrincipal', 'fnIf', 'param', 'awsAlias'] as const;
const SELECTIONS = ['construct', 'typedPattern', 'untypedPattern', 'tagConditions', 'raw', 'override'] as const;

const planArb = fc.record({
  agnostic: fc.boolean(),
  otherRegion: fc.boolean(),
  dest: fc.constantFrom(...DESTS),
  resources: fc.array(
    fc.record({ kind: fc.constantFrom(...KINDS), key: fc.constantFrom(...KEYS), tokenTag: fc.boolean() }),
    { minLength: 1, maxLength: 3 },
  ),
  selection: fc.constantFrom(...SELECTIONS),
  include: fc.boolean(),
});
const appArb = fc.record({
  plans: fc.array(planArb, { minLength: 1, maxLength: 2 }),
  accounts: fc.constantFrom('none', 'lazy', 'param'),
});

type PlanSpec = {
  agnostic: boolean;
  otherRegion: boolean;
  dest: typeof DESTS[number];
  selection: typeof SELECTIONS[number];
  include: boolean;
  resources: Array<{ kind: typeof KINDS[number]; key: typeof KEYS[number]; tokenTag: boolean }>;
};
type AppSpec = { plans: PlanSpec[]; accounts: 'none' | 'lazy' | 'param' };

/** Whether the spec makes some copy of the plan depend on what synth cannot know (under-approximated). */
function dependsOnUnknown(p: PlanSpec): boolean {
  if (p.agnostic) return true;
  if (['centralFnIf', 'centralMalformed', 'importedArn', 'paramArn'].includes(p.dest)) return true;
  if (p.selection === 'typedPattern' || p.selection === 'untypedPattern') return true;
  const ownKey = p.resources.filter(r => r.kind === 'ebs' || r.kind === 'rds');
  if (p.selection === 'tagConditions') return p.resources.some(r => r.tokenTag) || ownKey.some(r => !r.tokenTag && ['fnIf', 'param', 'tokenPrincipal'].includes(r.key));
  return ownKey.some(r => ['fnIf', 'param', 'tokenPrincipal'].includes(r.key));
}

const copyInto = (account: string) => ({
  Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*',
});

function keyArn(s: Stack, k: PlanSpec['resources'][number]['key'], id: string): string {
  switch (k) {
    case 'cmk': return new CopyCompatibleKmsKey(s, `${id}Key`, { destinationAccounts: [DST] }).keyArn;
    case 'tokenPrincipal': {
      const key = new kms.Key(s, `${id}Key`);
      key.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.AccountPrincipal(new CfnParameter(s, `${id}Account`).valueAsString)], actions: ['kms:*'], resources: ['*'],
      }));
      return key.keyArn;
    }
    case 'fnIf': {
      const cond = new CfnCondition(s, `${id}Cond`, { expression: Fn.conditionEquals(new CfnParameter(s, `${id}Flag`).valueAsString, 'yes') });
      return Fn.conditionIf(cond.logicalId, new CopyCompatibleKmsKey(s, `${id}Key`, { destinationAccounts: [DST] }).keyArn, Aws.NO_VALUE).toString();
    }
    case 'param': return new CfnParameter(s, `${id}KeyArn`).valueAsString;
    default: return 'alias/aws/rds';
  }
}

interface BuiltApp {
  readonly app: App;
  readonly checks: CrossAccountCopyChecks;
  readonly plans: Array<{ spec: PlanSpec; path: string; includePath?: string }>;
}

function buildApp(spec: AppSpec): BuiltApp {
  const app = new App();
  const central = new Stack(app, 'Central', { env: { account: DST, region: REGION } });
  const props: CrossAccountCopyChecksProps = { report: false };
  const checks = new CrossAccountCopyChecks(spec.accounts === 'none' ? props : {
    ...props,
    organizationAccounts: spec.accounts === 'lazy'
      ? [Lazy.string({ produce: () => SRC }), Lazy.string({ produce: () => DST })]
      : [SRC, new CfnParameter(central, 'Member').valueAsString],
  });
  const centralOther = new Stack(app, 'CentralOther', { env: { account: DST, region: OTHER_REGION } });
  const plans: Array<{ spec: PlanSpec; path: string; includePath?: string }> = [];
  spec.plans.forEach((p, pi) => {
    const region = p.otherRegion ? OTHER_REGION : REGION;
    const s = new Stack(app, `Source${pi}`, p.agnostic ? {} : { env: { account: SRC, region } });
    const target = p.otherRegion ? centralOther : central;
    const name = `central${pi}`;
    const arn = `arn:aws:backup:${target.region}:${DST}:backup-vault:${name}`;
    if (p.dest.startsWith('central')) {
      if (p.dest === 'central') {
        new CrossAccountBackupVault(target, `Vault${pi}`, { backupVaultName: name, sourceAccounts: [SRC] });
      } else {
        const v = new backup.BackupVault(target, `Vault${pi}`, { backupVaultName: name });
        const cfn = v.node.defaultChild as backup.CfnBackupVault;
        if (p.dest === 'centralOneStatement') {cfn.addPropertyOverride('AccessPolicy', { Statement: copyInto(SRC) });} else if (p.dest === 'centralMalformed') {cfn.addPropertyOverride('AccessPolicy', '{"Statement": {');} else {
          const cond = new CfnCondition(target, `Allow${pi}`, { expression: Fn.conditionEquals(Aws.REGION, REGION) });
          cfn.addPropertyOverride('AccessPolicy', { Statement: [{ ...copyInto(SRC), Principal: { AWS: Fn.conditionIf(cond.logicalId, SRC, DST) } }] });
        }
      }
    }
    let destArn: string;
    switch (p.dest) {
      case 'paramArn': destArn = new CfnParameter(s, 'DestArn').valueAsString; break;
      case 'subArn': destArn = Fn.sub(`arn:\${AWS::Partition}:backup:${target.region}:${DST}:backup-vault:${name}`); break;
      case 'importedArn': destArn = `arn:aws:backup:${target.region}:${DST}:backup-vault:outside`; break;
      default: destArn = arn;
    }
    const vault = new backup.BackupVault(s, 'Vault', { encryptionKey: new CopyCompatibleKmsKey(s, 'VaultKey', { destinationAccounts: [DST] }) });
    const plan = new backup.BackupPlan(s, 'Plan', { backupVault: vault });
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(s, 'Dest', destArn) }] }));
    const constructs: Array<{ arn: string }> = [];
    p.resources.forEach((r, ri) => {
      const id = `R${ri}`;
      const tags = [{ key: 'backup', value: r.tokenTag ? new CfnParameter(s, `${id}Tag`).valueAsString : 'yes' }];
      switch (r.kind) {
        case 'ebs': {
          const c = new ec2.CfnVolume(s, id, { availabilityZone: `${region}a`, size: 1, encrypted: true, kmsKeyId: keyArn(s, r.key, id), tags });
          constructs.push({ arn: `arn:aws:ec2:${region}:${SRC}:volume/${c.ref}` }); break;
        }
        case 'rds': {
          const c = new rds.CfnDBInstance(s, id, { dbInstanceClass: 'db.t3.micro', engine: 'postgres', allocatedStorage: '20', storageEncrypted: true, kmsKeyId: keyArn(s, r.key, id), tags });
          constructs.push({ arn: `arn:aws:rds:${region}:${SRC}:db:${c.ref}` }); break;
        }
        case 'ddb': {
          const c = new ddb.CfnTable(s, id, { keySchema: [{ attributeName: 'pk', keyType: 'HASH' }], attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }], billingMode: 'PAY_PER_REQUEST', tags });
          constructs.push({ arn: c.attrArn }); break;
        }
        default: {
          const c = new s3.CfnBucket(s, id, { tags });
          constructs.push({ arn: c.attrArn });
        }
      }
    });
    const arns = constructs.map(c => c.arn);
    switch (p.selection) {
      case 'typedPattern': plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*')] }); break;
      case 'untypedPattern': plan.addSelection('Sel', { resources: [backup.BackupResource.fromArn('*')] }); break;
      case 'raw':
        new CfnResource(s, 'RawSel', { type: 'AWS::Backup::BackupSelection', properties: { BackupPlanId: plan.backupPlanId, BackupSelection: { SelectionName: 'raw', IamRoleArn: 'arn:aws:iam::111111111111:role/b', Resources: arns } } });
        break;
      case 'override': {
        const other = new backup.BackupPlan(s, 'Other', { backupVault: vault });
        other.addRule(new backup.BackupPlanRule({ ruleName: 'NoCopy' }));
        const sel = other.addSelection('Sel', { resources: arns.map(a => backup.BackupResource.fromArn(a)) });
        (sel.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupPlanId', plan.backupPlanId);
        break;
      }
      default: {
        const sel = plan.addSelection('Sel', { resources: arns.map(a => backup.BackupResource.fromArn(a)) });
        if (p.selection === 'tagConditions') {
          (sel.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupSelection.Conditions', {
            StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'yes' }],
          });
        }
      }
    }
    let includePath: string | undefined;
    if (p.include) includePath = new inc.CfnInclude(s, 'Included', { templateFile: path.join(TEMPLATES, 'included-plan.json') }).getResource('IncludedPlan').node.path;
    plans.push({ spec: p, path: plan.node.path, includePath });
  });
  Aspects.of(app).add(checks);
  return { app, checks, plans };
}

const RAW_TOKEN = /\$\{Token\[|\{"Fn::|rule #\d|\u0000/;

describe('property: tokens, parameters, conditions, escape hatches, CfnInclude and wildcards', () => {
  test('never throws; one rule id per error; no raw token in any message; every unknown route is reported', () => {
    let apps = 0;
    let unknownPlans = 0;
    fc.assert(fc.property(appArb, (spec: AppSpec) => {
      const { app, checks, plans } = buildApp(spec);
      expect(() => app.synth()).not.toThrow();
      apps++;
      const result = checks._lastResult()!;
      const all: Finding[] = [...result.findings, ...result.acknowledged];
      for (const f of all) {
        expect(f.message).not.toMatch(RAW_TOKEN);
        expect(new Set(f.message.match(/CAB-[A-Z-]+/g))).toEqual(new Set([f.ruleId]));
      }
      for (const p of plans) {
        const unknown = [
          ...(dependsOnUnknown({ ...p.spec, include: false }) ? [p.path] : []),
          ...(p.includePath ? [p.includePath] : []), // its selection is arn:aws:rds:*:*:*
        ];
        for (const planPath of unknown) {
          unknownPlans++;
          const reported = all.some(f => f.routeId?.startsWith(`${planPath}/`));
          if (!reported) throw new Error(`no finding for the routes of ${planPath} (${JSON.stringify(p.spec)})`);
        }
      }
    }), { numRuns: 200, seed: 10 });
    expect(apps).toBe(200);
    expect(unknownPlans).toBeGreaterThan(100);
  });
});
