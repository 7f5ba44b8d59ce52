import { Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { check, copyApp, copyKey, DST, expectNoCabError, theFinding, warningPaths, type CopyApp } from './app-helpers';

const ID = 'CAB-DUPLICATE-BACKUP';

/** Tagged tables in the source stack, and a second plan in a second stack of the same account and Region with the same tag selection. */
function twoPlansOneTag(second: { schedule?: events.Schedule; destination?: 'same' | 'other' } = {}) {
  const a = copyApp();
  for (const id of ['Orders', 'Invoices']) {
    Tags.of(new ddb.Table(a.source, id, { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } })).add('backup', 'daily');
  }
  a.plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
  const other = new Stack(a.app, 'Reporting', { env: { account: a.source.account, region: a.source.region } });
  const vault = new backup.BackupVault(other, 'Vault', { backupVaultName: 'reporting', encryptionKey: copyKey(other, 'VaultKey') });
  const plan = new backup.BackupPlan(other, 'Plan', { backupVault: vault });
  const destination = second.destination === 'other'
    ? backup.BackupVault.fromBackupVaultArn(other, 'OtherCentral', `arn:aws:backup:${a.source.region}:${DST}:backup-vault:other`)
    : backup.BackupVault.fromBackupVaultArn(other, 'Central', `arn:aws:backup:${a.source.region}:${DST}:backup-vault:central`);
  plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: second.schedule, copyActions: [{ destinationBackupVault: destination }] }));
  plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
  return { ...a, other, otherPlan: plan };
}

function duplicateWarnings(a: CopyApp & { other: Stack }): string[] {
  return [...warningPaths(a.source, ID), ...warningPaths(a.other, ID)];
}

describe('CAB-DUPLICATE-BACKUP on apps', () => {
  test('two plans of one account and Region with the same tag selection, copying into the same vault: a warning on each plan', () => {
    const a = twoPlansOneTag();
    const checks = check(a.app, { dynamoDbAdvancedFeatures: true });
    expect(duplicateWarnings(a)).toEqual(['/Source/Plan', '/Reporting/Plan']);
    expect(theFinding(checks, ID, 'warning', 'Source/Plan')).toMatchObject({
      messageId: 'duplicate-backup',
      details: {
        resources: ['Source/Invoices', 'Source/Orders'],
        resourceCount: 2,
        plans: ['Reporting/Plan'],
        planCount: 1,
        vaults: ['Central/Vault'],
        schedule: 'cron(0 5 ? * * *)',
      },
    });
    // No schedule in either plan: AWS Backup's default, in UTC.
    const route = checks._lastResult()!.model.routes.find((r) => r.id === theFinding(checks, ID, 'warning', 'Source/Plan').routeId);
    expect(route?.schedule).toEqual({ expression: 'cron(0 5 ? * * *)', timezone: 'UTC', defaulted: true });
    expectNoCabError([a.source, a.central, a.other]);
  });

  test('fixed: one plan selects the tagged tables: silent', () => {
    const a = copyApp();
    const t = new ddb.Table(a.source, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    Tags.of(t).add('backup', 'daily');
    a.plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
    a.plan.addSelection('Again', { resources: [backup.BackupResource.fromDynamoDbTable(t)] }); // twice in one plan: one backup
    check(a.app, { dynamoDbAdvancedFeatures: true });
    expect(warningPaths(a.source, ID)).toEqual([]);
  });

  test('a monthly plan next to the daily one (a retention scheme), or a copy into another vault: silent', () => {
    const monthly = twoPlansOneTag({ schedule: events.Schedule.cron({ day: '1', hour: '5', minute: '0' }) });
    check(monthly.app, { dynamoDbAdvancedFeatures: true });
    expect(duplicateWarnings(monthly)).toEqual([]);
    const elsewhere = twoPlansOneTag({ destination: 'other' });
    check(elsewhere.app, { dynamoDbAdvancedFeatures: true });
    expect(duplicateWarnings(elsewhere)).toEqual([]);
  });
});
