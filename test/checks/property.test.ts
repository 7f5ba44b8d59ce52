import { App, Aspects, CfnParameter, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { makeFinding, Rule } from '../../src/checks/finding';
import { ALL_RULES } from '../../src/checks/rules';
import { _withRules, CrossAccountCopyChecks } from '../../src/frontends/aspect';

const ENVS = [
  { account: '111111111111', region: 'eu-west-1' },
  { account: '111111111111', region: 'us-east-1' },
  { account: '222222222222', region: 'eu-west-1' },
  { account: '333333333333', region: 'ap-southeast-2' },
  undefined, // environment-agnostic
];
const KINDS = ['rds', 'aurora', 'docdb', 'ebs', 'ec2', 'ddb', 'efs', 's3'] as const;
const KEYS = ['none', 'cmk', 'awsAlias', 'imported', 'param'] as const;
const SELECTIONS = ['construct', 'arn', 'wildcard', 'tag', 'conditions'] as const;
const DESTS = ['inAppSameStack', 'inAppOtherStack', 'importedArn', 'importedOtherAccount'] as const;

const resourceArb = fc.record({ kind: fc.constantFrom(...KINDS), key: fc.constantFrom(...KEYS), tagged: fc.boolean() });
const planArb = fc.record({
  dest: fc.constantFrom(...DESTS),
  destEnv: fc.nat(ENVS.length - 1),
  selection: fc.constantFrom(...SELECTIONS),
  copies: fc.integer({ min: 0, max: 2 }),
  vaultKey: fc.boolean(),
});
const appArb = fc.record({
  stacks: fc.array(fc.record({
    env: fc.nat(ENVS.length - 1),
    resources: fc.array(resourceArb, { maxLength: 4 }),
    plans: fc.array(planArb, { maxLength: 2 }),
  }), { minLength: 1, maxLength: 3 }),
});

type AppSpec = any;

function keyFor(s: Stack, k: string, i: number): string | undefined {
  switch (k) {
    case 'cmk': return new kms.Key(s, `K${i}`).keyArn;
    case 'awsAlias': return i % 2 ? 'alias/aws/rds' : `arn:aws:kms:${s.region}:${s.account}:alias/aws/ebs`;
    case 'imported': return kms.Key.fromKeyArn(s, `IK${i}`, 'arn:aws:kms:eu-west-1:999999999999:key/1234abcd').keyArn;
    case 'param': return new CfnParameter(s, `P${i}`).valueAsString;
    default: return undefined;
  }
}

function buildApp(spec: AppSpec, checks?: CrossAccountCopyChecks): App {
  const app = new App();
  const stacks: Stack[] = [];
  const all: Array<{ stack: Stack; construct: any; arn?: string }> = [];
  spec.stacks.forEach((st: any, si: number) => {
    const s = new Stack(app, `S${si}`, { env: ENVS[st.env] });
    stacks.push(s);
    st.resources.forEach((r: any, ri: number) => {
      const id = `R${ri}`;
      const key = keyFor(s, r.key, ri);
      const tags = r.tagged ? [{ key: 'backup', value: 'yes' }] : undefined;
      let c: any;
      switch (r.kind) {
        case 'rds': c = new rds.CfnDBInstance(s, id, { dbInstanceClass: 'db.t3.micro', engine: 'postgres', storageEncrypted: r.key !== 'none', kmsKeyId: key, tags }); break;
        case 'aurora': c = new rds.CfnDBCluster(s, id, { engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: key, tags }); break;
        case 'docdb': c = new docdb.CfnDBCluster(s, id, { storageEncrypted: true, kmsKeyId: key, tags }); break;
        case 'ebs': c = new ec2.CfnVolume(s, id, { availabilityZone: 'eu-west-1a', size: 1, encrypted: r.key !== 'none', kmsKeyId: key, tags }); break;
        case 'ec2': c = new ec2.CfnInstance(s, id, { imageId: 'ami-1', blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: true, kmsKeyId: key } }], tags }); break;
        case 'ddb': c = new ddb.CfnTable(s, id, { keySchema: [{ attributeName: 'pk', keyType: 'HASH' }], attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }], billingMode: 'PAY_PER_REQUEST', sseSpecification: key ? { sseEnabled: true, kmsMasterKeyId: key, sseType: 'KMS' } : undefined, tags }); break;
        case 'efs': c = new efs.CfnFileSystem(s, id, { encrypted: true, kmsKeyId: key, fileSystemTags: tags?.map(t => ({ key: t.key, value: t.value })) }); break;
        default: c = new s3.CfnBucket(s, id, { tags });
      }
      all.push({ stack: s, construct: c });
    });
  });
  spec.stacks.forEach((st: any, si: number) => {
    const s = stacks[si];
    st.plans.forEach((p: any, pi: number) => {
      const vault = new backup.BackupVault(s, `V${pi}`, { encryptionKey: p.vaultKey ? new kms.Key(s, `VK${pi}`) : undefined });
      const plan = new backup.BackupPlan(s, `Plan${pi}`, { backupVault: vault });
      const copyActions: backup.BackupPlanCopyActionProps[] = [];
      for (let c = 0; c < p.copies; c++) {
        const env = ENVS[p.destEnv] ?? { account: '444444444444', region: 'eu-central-1' };
        let dest: backup.IBackupVault;
        switch (p.dest) {
          case 'inAppSameStack': dest = new backup.BackupVault(s, `D${pi}-${c}`); break;
          case 'inAppOtherStack': dest = new backup.BackupVault(stacks[(si + 1) % stacks.length], `X${si}-${pi}-${c}`); break;
          case 'importedOtherAccount': dest = backup.BackupVault.fromBackupVaultArn(s, `I${pi}-${c}`, `arn:aws:backup:${env.region}:${env.account}:backup-vault:central`); break;
          default: dest = backup.BackupVault.fromBackupVaultArn(s, `I${pi}-${c}`, `arn:aws:backup:eu-west-1:111111111111:backup-vault:v${c}`);
        }
        copyActions.push({ destinationBackupVault: dest });
      }
      plan.addRule(new backup.BackupPlanRule({ ruleName: 'r', copyActions }));
      const mine = all.filter(x => x.stack === s);
      let resources: backup.BackupResource[];
      switch (p.selection) {
        case 'construct': resources = mine.length ? mine.map(x => backup.BackupResource.fromConstruct(x.construct)) : [backup.BackupResource.fromConstruct(s)]; break;
        case 'arn': resources = [backup.BackupResource.fromArn('arn:aws:dynamodb:eu-west-1:111111111111:table/Orders')]; break;
        case 'wildcard': resources = [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*'), backup.BackupResource.fromArn('arn:aws:ec2:*:*:volume/*')]; break;
        default: resources = [backup.BackupResource.fromTag('backup', 'yes')];
      }
      const sel = plan.addSelection('Sel', { resources });
      if (p.selection === 'conditions') {
        (sel.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupSelection.Conditions', { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'yes' }] });
      }
    });
  });
  if (checks) Aspects.of(app).add(checks);
  return app;
}

/** A rule that reports one error per route (so the property is not vacuous), attached to the plan. */
const perRoute: Rule = m => m.routes.map(r => makeFinding('CAB-VAULT-KEY', 'error', r.planPath, { messageId: 'test', details: {}, summary: `route ${r.id}`, problem: `route ${r.id}`, shortFix: 'f', fix: 'f', docUrl: 'https://x' }, r.id));

function errorsOf(app: App): string[] {
  const asm = app.synth();
  return asm.stacks.flatMap(st => st.findMetadataByType('aws:cdk:error').map(e => String(e.data)));
}

/** Only apps that synthesize without the checks count (some generated cross-stack references are invalid CDK). */
function synthesizesWithoutChecks(spec: AppSpec): boolean {
  try {
    buildApp(spec).synth();
    return true;
  } catch {
    return false;
  }
}

function checkIds(messages: string[]): void {
  for (const msg of messages) {
    const ids = new Set(msg.match(/CAB-[A-Z-]+/g) ?? []);
    expect(ids.size).toBe(1);
    expect(msg.startsWith([...ids][0])).toBe(true);
  }
}

describe('property: the checks never throw and every error carries exactly one rule id', () => {
  test('with a rule that reports every route', () => {
    let routesSeen = 0;
    fc.assert(fc.property(appArb, spec => {
      fc.pre(synthesizesWithoutChecks(spec));
      const checks = _withRules(new CrossAccountCopyChecks(), [perRoute]);
      const app = buildApp(spec, checks);
      const errors = errorsOf(app);
      const routes = checks._lastResult()!.model.routes.length;
      routesSeen += routes;
      expect(errors.length).toBe(routes);
      checkIds(errors);
    }), { numRuns: 40, seed: 42 });
    expect(routesSeen).toBeGreaterThan(0);
  });

  test('with ALL_RULES', () => {
    fc.assert(fc.property(appArb, spec => {
      fc.pre(synthesizesWithoutChecks(spec));
      const checks = _withRules(new CrossAccountCopyChecks(), ALL_RULES);
      checkIds(errorsOf(buildApp(spec, checks)));
    }), { numRuns: 25, seed: 7 });
  });
});
