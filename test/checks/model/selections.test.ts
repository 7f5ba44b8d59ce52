import { Size, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { model, newApp, onlyRoute, planWithCopy, resourceIds, stack, vpc } from './helpers';
import { skippedRuleIds } from '../../../src/checks/rules';

const ISO = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

function setup() {
  const app = newApp();
  const s = stack(app, 'S');
  const net = vpc(s);
  const db = new rds.DatabaseInstance(s, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc: net, vpcSubnets: ISO });
  const aurora = new rds.DatabaseCluster(s, 'Aurora', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.provisioned('w'),
    vpc: net,
    vpcSubnets: ISO,
  });
  const table = new ddb.Table(s, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
  const vol = new ec2.Volume(s, 'Vol', { availabilityZone: 'eu-west-1a', size: Size.gibibytes(1) });
  const fs = new efs.FileSystem(s, 'Fs', { vpc: net, vpcSubnets: ISO });
  const { plan } = planWithCopy(s);
  return { app, s, db, aurora, table, vol, fs, plan };
}

describe('selections', () => {
  test('fromConstruct(stack) collects RDS, Aurora cluster (not its instances), EBS, DynamoDB, EFS', () => {
    const { app, s, plan } = setup();
    plan.addSelection('All', { resources: [backup.BackupResource.fromConstruct(s)] });
    const r = onlyRoute(model(app));
    expect(resourceIds(r)).toEqual(['S/Aurora/Resource', 'S/Db/Resource', 'S/Fs/Resource', 'S/Table/Resource', 'S/Vol/Resource']);
    expect(r.resources.find(x => x.id === 'S/Aurora/Resource')).toMatchObject({ type: 'Aurora', cfnType: 'AWS::RDS::DBCluster', constructPath: 'S/Aurora', selectedBy: ['construct'], inApp: true });
    expect(r.resources.find(x => x.id === 'S/Db/Resource')!.type).toBe('RDS');
    expect(r.selections).toHaveLength(1);
    expect(r.selections[0]).toMatchObject({ constructPath: 'S/Plan/All', unresolvedEntries: [] });
  });

  test('every BackupResource.from* of an L2 resolves to the in-app resource', () => {
    const { app, db, aurora, table, fs, plan, s } = setup();
    const inst = new ec2.Instance(s, 'Inst', { vpc: vpc2(s), instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-12345678' }), vpcSubnets: ISO });
    plan.addSelection('Each', {
      resources: [
        backup.BackupResource.fromRdsDatabaseInstance(db),
        backup.BackupResource.fromRdsDatabaseCluster(aurora),
        backup.BackupResource.fromDynamoDbTable(table),
        backup.BackupResource.fromEfsFileSystem(fs),
        backup.BackupResource.fromEc2Instance(inst),
      ],
    });
    const r = onlyRoute(model(app));
    expect(resourceIds(r)).toEqual(['S/Aurora/Resource', 'S/Db/Resource', 'S/Fs/Resource', 'S/Inst/Resource', 'S/Table/Resource']);
    expect(r.resources.find(x => x.id === 'S/Inst/Resource')!.type).toBe('EC2');
  });

  test('wildcard ARN selects every in-app RDS instance of the plan account and Region only', () => {
    const { app, plan } = setup();
    const other = stack(app, 'Other', { account: '999999999999', region: 'eu-west-1' });
    new rds.CfnDBInstance(other, 'Elsewhere', { dbInstanceClass: 'db.t3.micro', engine: 'postgres' });
    plan.addSelection('Wild', { resources: [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*')] });
    const m = model(app);
    const r = onlyRoute(m);
    // The in-app instance, and the pattern itself: RDS DB instances outside the app, of a known type.
    expect(resourceIds(r)).toEqual(['S/Db/Resource', 'arn:aws:rds:*:*:db:*']);
    expect(r.resources[0].selectedBy).toEqual(['arn']);
    expect(r.resources[1]).toMatchObject({ type: 'RDS', inApp: false, arn: 'arn:aws:rds:*:*:db:*', env: { account: '111111111111', region: 'eu-west-1' } });
    expect(r.selections[0].unresolvedEntries).toEqual([]);
    expect(m.unverifiable.find(u => u.subject === 'the encryption key and tags of arn:aws:rds:*:*:db:*')).toMatchObject({ constructPath: 'S/Plan' });
  });

  test('a wildcard ARN that fixes no resource type is not checked: the skipped type-level rules are named', () => {
    const { app, plan } = setup();
    plan.addSelection('Wild', { resources: [backup.BackupResource.fromArn('arn:aws:rds:*:*:*')] });
    const m = model(app);
    const r = onlyRoute(m);
    expect(resourceIds(r)).toEqual(['S/Aurora/Resource', 'S/Db/Resource']);
    expect(r.selections[0].unresolvedEntries).toEqual(['arn arn:aws:rds:*:*:*']);
    expect(skippedRuleIds(m.unverifiable.find(u => u.subject === 'resources selected by arn arn:aws:rds:*:*:*')!))
      .toEqual(expect.arrayContaining(['CAB-RESOURCE', 'CAB-XREGION-XACCOUNT', 'CAB-DDB-ADVANCED']));
  });

  test('wildcard on cluster ARNs selects Aurora, and a literal out-of-app ARN becomes an out-of-app resource typed from its ARN', () => {
    const { app, plan } = setup();
    plan.addSelection('Mixed', {
      resources: [
        backup.BackupResource.fromArn('arn:aws:rds:eu-west-1:111111111111:cluster:*'),
        backup.BackupResource.fromArn('arn:aws:rds:eu-west-1:111111111111:cluster:legacy'),
        backup.BackupResource.fromArn('arn:aws:dynamodb:eu-west-1:111111111111:table/Orders'),
      ],
    });
    const r = onlyRoute(model(app));
    expect(resourceIds(r)).toEqual(['S/Aurora/Resource', 'arn:aws:dynamodb:eu-west-1:111111111111:table/Orders',
      'arn:aws:rds:eu-west-1:111111111111:cluster:*', 'arn:aws:rds:eu-west-1:111111111111:cluster:legacy']);
    expect(r.resources.find(x => x.id.endsWith('cluster:legacy'))).toMatchObject({ type: 'RDSFamilyCluster', inApp: false, env: { account: '111111111111', region: 'eu-west-1' }, tags: [] });
    expect(r.resources.find(x => x.id.endsWith('Orders'))!.type).toBe('DynamoDB');
  });

  test('a literal ARN that names an in-app resource by physical name is the in-app resource', () => {
    const { app, plan, s } = setup();
    new ddb.Table(s, 'Named', { tableName: 'Orders', partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    plan.addSelection('ByArn', { resources: [backup.BackupResource.fromArn('arn:aws:dynamodb:eu-west-1:111111111111:table/Orders')] });
    const r = onlyRoute(model(app));
    expect(resourceIds(r)).toEqual(['S/Named/Resource']);
  });

  test('tag selection sees tags applied with Tags.of, ORs ListOfTags, and reports the tag entry as unverifiable', () => {
    const { app, plan, s, table, vol } = setup();
    Tags.of(table).add('backup', 'daily');
    Tags.of(vol).add('tier', 'gold');
    Tags.of(s).add('team', 'core');
    plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily'), backup.BackupResource.fromTag('tier', 'gold')] });
    const m = model(app);
    const r = onlyRoute(m);
    expect(resourceIds(r)).toEqual(['S/Table/Resource', 'S/Vol/Resource']);
    expect(r.resources.find(x => x.id === 'S/Table/Resource')!.selectedBy).toEqual(['tag backup=daily']);
    expect(r.resources.find(x => x.id === 'S/Table/Resource')!.tags).toEqual(expect.arrayContaining([
      { key: 'backup', value: 'daily', source: 'resource' }, { key: 'team', value: 'core', source: 'resource' },
    ]));
    expect(r.selections[0].unresolvedEntries).toEqual(['tag backup=daily', 'tag tier=gold']);
    expect(m.unverifiable.filter(u => u.subject.startsWith('resources selected by tag'))).toHaveLength(2);
  });

  test('L1 Conditions (AND, Like/NotEquals) combine with Resources by AND, minus NotResources', () => {
    const { app, plan, s, table, vol, db } = setup();
    Tags.of(table).add('env', 'prod-eu');
    Tags.of(vol).add('env', 'prod-us');
    Tags.of(db).add('env', 'prod-eu');
    Tags.of(db).add('skip', 'yes');
    const t2 = new ddb.Table(s, 'T2', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    Tags.of(t2).add('env', 'prod-eu');
    new backup.CfnBackupSelection(s, 'Cond', {
      backupPlanId: plan.backupPlanId,
      backupSelection: {
        selectionName: 'c',
        iamRoleArn: 'arn:aws:iam::111111111111:role/r',
        resources: ['*'],
        notResources: [t2.tableArn],
        // Conditions is a JSON property: CloudFormation names, as deployed.
        conditions: {
          StringLike: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'prod-*' }],
          StringNotEquals: [{ ConditionKey: 'aws:ResourceTag/skip', ConditionValue: 'yes' }],
          StringNotLike: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: '*-us' }],
        },
      },
    });
    const r = onlyRoute(model(app));
    expect(resourceIds(r)).toEqual(['S/Table/Resource']);
    expect(r.resources[0].selectedBy[0]).toContain('conditions StringLike env=prod-*');
  });

  test('Resources OR ListOfTags (escape hatch adds ListOfTags to an L2 selection)', () => {
    const { app, plan, db, vol } = setup();
    Tags.of(vol).add('backup', 'yes');
    const sel = plan.addSelection('Both', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
    (sel.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupSelection.ListOfTags', [{ ConditionKey: 'backup', ConditionValue: 'yes', ConditionType: 'STRINGEQUALS' }]);
    const r = onlyRoute(model(app));
    expect(resourceIds(r)).toEqual(['S/Db/Resource', 'S/Vol/Resource']);
  });

  test('selection of a plan in another stack, selecting resources across stacks by construct', () => {
    const app = newApp();
    const data = stack(app, 'Data');
    const table = new ddb.Table(data, 'T', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    const ops = stack(app, 'Ops');
    const { plan } = planWithCopy(ops);
    plan.addSelection('X', { resources: [backup.BackupResource.fromDynamoDbTable(table)] });
    const r = onlyRoute(model(app));
    expect(resourceIds(r)).toEqual(['Data/T/Resource']);
  });

  test('selections of two plans stay with their plan; duplicates across selections are merged', () => {
    const { app, s, plan, table } = setup();
    const other = planWithCopy(s, undefined, 'Other').plan;
    plan.addSelection('A', { resources: [backup.BackupResource.fromDynamoDbTable(table)] });
    plan.addSelection('B', { resources: [backup.BackupResource.fromConstruct(table)] });
    other.addSelection('C', { resources: [backup.BackupResource.fromArn('arn:aws:ec2:*:*:volume/*')] });
    const m = model(app);
    const first = m.routes.find(x => x.planPath === 'S/Plan')!;
    const second = m.routes.find(x => x.planPath === 'S/Other')!;
    expect(resourceIds(first)).toEqual(['S/Table/Resource']);
    expect(first.selections).toHaveLength(2);
    expect(first.resources[0].selectedBy).toEqual(['construct']);
    expect(resourceIds(second)).toEqual(['S/Vol/Resource', 'arn:aws:ec2:*:*:volume/*']);
  });

  test('a selection without Resources, ListOfTags or Conditions selects everything in the plan environment', () => {
    const { app, plan, s } = setup();
    new backup.CfnBackupSelection(s, 'Everything', { backupPlanId: plan.backupPlanId, backupSelection: { selectionName: 'e', iamRoleArn: 'arn:aws:iam::111111111111:role/r' } });
    const r = onlyRoute(model(app));
    expect(resourceIds(r)).toHaveLength(5);
    expect(r.selections[0].unresolvedEntries).toEqual(['every resource (no Resources, ListOfTags or Conditions)']);
  });
});

function vpc2(s: any): ec2.IVpc {
  return s.node.tryFindChild('Vpc') as ec2.IVpc;
}
