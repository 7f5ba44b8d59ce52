/**
 * The selection styles of AWS Backup on apps. Probe: an RDS instance encrypted with aws/rds, which a
 * cross-account copy cannot copy (CAB-AWS-MANAGED-KEY on the instance) — so an error on /Source/Db
 * proves the selection selected it, and no error proves it did not.
 */
import { Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ISOLATED, REGION, SRC, check, copyApp, errorPaths, isolatedVpc } from './app-helpers';

const RULE = 'CAB-AWS-MANAGED-KEY';

function dbApp() {
  const a = copyApp();
  const db = new rds.DatabaseInstance(a.source, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    instanceIdentifier: 'orders',
    vpc: isolatedVpc(a.source),
    vpcSubnets: ISOLATED,
    storageEncrypted: true,
  });
  return { ...a, db };
}

/** A selection written as the L1, as teams do for conditions the L2 does not offer. */
function cfnSelection(plan: backup.BackupPlan, id: string, selection: Partial<backup.CfnBackupSelection.BackupSelectionResourceTypeProperty>) {
  const role = new iam.Role(Stack.of(plan), `${id}Role`, { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
  return new backup.CfnBackupSelection(Stack.of(plan), id, {
    backupPlanId: plan.backupPlanId,
    backupSelection: { selectionName: id, iamRoleArn: role.roleArn, ...selection },
  });
}

describe('selection styles on apps', () => {
  test.each<[string, (a: ReturnType<typeof dbApp>) => backup.BackupResource[]]>([
    ['the construct (fromRdsDatabaseInstance)', (a) => [backup.BackupResource.fromRdsDatabaseInstance(a.db)]],
    ['BackupResource.fromConstruct of the stack', (a) => [backup.BackupResource.fromConstruct(a.source)]],
    ['a literal ARN', () => [backup.BackupResource.fromArn(`arn:aws:rds:${REGION}:${SRC}:db:orders`)]],
    ['the ARN attribute (a token)', (a) => [backup.BackupResource.fromArn(a.db.instanceArn)]],
    ['a wildcard ARN arn:aws:rds:*:*:db:*', () => [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*')]],
    ['a tag (ListOfTags through the L2)', (a) => {
      Tags.of(a.db).add('backup', 'daily');
      return [backup.BackupResource.fromTag('backup', 'daily')];
    }],
  ])('selected by %s: error on the instance', (_, resources) => {
    const a = dbApp();
    a.plan.addSelection('Selection', { resources: resources(a) });
    check(a.app);
    expect(errorPaths(a.source, RULE)).toEqual(['/Source/Db']);
  });

  test('a literal ARN of another instance, and a tag the instance does not carry: not selected', () => {
    const a = dbApp();
    Tags.of(a.db).add('backup', 'weekly');
    a.plan.addSelection('Selection', {
      resources: [backup.BackupResource.fromArn(`arn:aws:rds:${REGION}:${SRC}:db:legacy`), backup.BackupResource.fromTag('backup', 'daily')],
    });
    check(a.app);
    expect(errorPaths(a.source, RULE)).toEqual([]);
  });

  test('ListOfTags through CfnBackupSelection', () => {
    const a = dbApp();
    Tags.of(a.db).add('backup', 'daily');
    cfnSelection(a.plan, 'ByTag', { listOfTags: [{ conditionType: 'STRINGEQUALS', conditionKey: 'backup', conditionValue: 'daily' }] });
    check(a.app);
    expect(errorPaths(a.source, RULE)).toEqual(['/Source/Db']);
  });

  test('Conditions (StringEquals aws:ResourceTag) through CfnBackupSelection, selecting and not selecting', () => {
    const a = dbApp();
    Tags.of(a.db).add('team', 'orders');
    cfnSelection(a.plan, 'ByCondition', {
      resources: ['arn:aws:rds:*:*:db:*'],
      conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/team', ConditionValue: 'orders' }] },
    });
    check(a.app);
    expect(errorPaths(a.source, RULE)).toEqual(['/Source/Db']);

    const b = dbApp();
    Tags.of(b.db).add('team', 'billing');
    cfnSelection(b.plan, 'ByCondition', {
      resources: ['arn:aws:rds:*:*:db:*'],
      conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/team', ConditionValue: 'orders' }] },
    });
    check(b.app);
    expect(errorPaths(b.source, RULE)).toEqual([]);
  });

  test('NotResources excludes the instance from a stack-wide selection', () => {
    const a = dbApp();
    const selection = a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(a.source)] });
    (selection.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupSelection.NotResources', [a.db.instanceArn]);
    check(a.app);
    expect(errorPaths(a.source, RULE)).toEqual([]);
  });

  test('selected by nothing: no error', () => {
    const a = dbApp();
    check(a.app);
    expect(errorPaths(a.source, RULE)).toEqual([]);
  });
});
