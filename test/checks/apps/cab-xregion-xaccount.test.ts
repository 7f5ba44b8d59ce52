import { Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  DST, DST_ENV, ISOLATED, OTHER_REGION, REGION, SRC, check, copyApp, copyKey, dataOf, errorPaths, expectNoCabError, expectNoError,
  expectSilent, isolatedVpc, theFinding,
} from './app-helpers';
import { featureNotSupportedError } from '../../../src/checks/messages/common';

/** An RDS instance encrypted with a CopyCompatibleKmsKey, copied to the central account in `centralRegion`. */
function rdsApp(centralRegion: string) {
  const a = copyApp({ centralEnv: { account: DST, region: centralRegion } });
  const db = new rds.DatabaseInstance(a.source, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc: isolatedVpc(a.source),
    vpcSubnets: ISOLATED,
    storageEncryptionKey: copyKey(a.source),
  });
  // Every RDS instance of the plan's account and Region (a wildcard ARN).
  a.plan.addSelection('AllDatabases', { resources: [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*')] });
  return { ...a, db };
}

describe('CAB-XREGION-XACCOUNT on apps', () => {
  test('non-compliant: one copy action to another account and Region: error on the plan', () => {
    const a = rdsApp(OTHER_REGION);
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-XREGION-XACCOUNT')).toEqual(['/Source/Plan']);
    expect(dataOf(theFinding(checks, 'CAB-XREGION-XACCOUNT', 'error', 'Source/Plan'))).toEqual({
      ruleId: 'CAB-XREGION-XACCOUNT',
      severity: 'error',
      constructPath: 'Source/Plan',
      routeId: 'Source/Plan/Daily -> Central/Vault',
      messageId: 'single-action-cross-region-cross-account',
      // The instance of the app, and the pattern that may pick more outside it.
      details: { resources: ['Source/Db', 'arn:aws:rds:*:*:db:*'], types: ['RDS'], accounts: [SRC, DST], regions: [REGION, OTHER_REGION] },
      awsError: featureNotSupportedError('RDS', REGION, OTHER_REGION),
    });
    expectNoError([a.central], 'CAB-XREGION-XACCOUNT');
  });

  test('compliant: the copy stays in the Region (cross-account only)', () => {
    const a = rdsApp(DST_ENV.region);
    check(a.app);
    expectNoCabError([a.source, a.central]);
  });

  test('compliant: allowSingleActionCrossRegionCrossAccount lifts the rule', () => {
    const a = rdsApp(OTHER_REGION);
    check(a.app, { allowSingleActionCrossRegionCrossAccount: true });
    expectNoCabError([a.source, a.central]);
  });

  test('acknowledging the rule on the plan suppresses the error', () => {
    const a = rdsApp(OTHER_REGION);
    Validations.of(a.plan).acknowledge({ id: 'CAB-XREGION-XACCOUNT', reason: 'single-action copies verified in both Regions' });
    check(a.app);
    expectNoError([a.source], 'CAB-XREGION-XACCOUNT');
  });

  test('no false positive: unencrypted database in a plan copying within the account to another Region', () => {
    const a = copyApp({ centralEnv: { account: '111111111111', region: OTHER_REGION } });
    const db = new rds.DatabaseInstance(a.source, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc: isolatedVpc(a.source),
      vpcSubnets: ISOLATED,
    });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
    check(a.app);
    expectSilent([a.source, a.central]);
  });
});
