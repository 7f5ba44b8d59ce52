import { Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  DST, ORG, SRC, check, copyApp, dataOf, errorPaths, expectNoError, expectSilent, selectVolume, theFinding, warningPaths,
} from './app-helpers';
import { CROSS_ACCOUNT_DISABLED_ERROR, SAME_ORGANIZATION_ERROR } from '../../../src/checks/messages/cab-org';
import { ACCESS_DENIED_ERROR } from '../../../src/checks/messages/cab-vault-policy';
import { CopyCompatibleKmsKey } from '../../../src/constructs/copy-compatible-kms-key';
import { CrossAccountBackupSetting } from '../../../src/constructs/cross-account-backup-setting';
import { CrossAccountBackupVault } from '../../../src/constructs/cross-account-backup-vault';
import { MGMT } from '../../fixtures';

/** The default app, copying an EBS volume encrypted with a CopyCompatibleKmsKey. */
function volumeApp(opts: Parameters<typeof copyApp>[0] = {}) {
  const a = copyApp(opts);
  selectVolume(a);
  return a;
}

/** A stack of the management account with the cross-account backup switch. */
function managementStack(app: ReturnType<typeof copyApp>['app'], account = MGMT): Stack {
  const s = new Stack(app, 'Management', { env: { account, region: 'us-east-1' } });
  new CrossAccountBackupSetting(s, 'CrossAccountBackup');
  return s;
}

describe('CAB-ORG on apps', () => {
  test('non-compliant: the central account is not in organizationAccounts: error on the plan', () => {
    const a = volumeApp();
    const checks = check(a.app, { organizationAccounts: [SRC] });
    expect(errorPaths(a.source, 'CAB-ORG')).toEqual(['/Source/Plan']);
    expect(dataOf(theFinding(checks, 'CAB-ORG', 'error', 'Source/Plan'))).toEqual({
      ruleId: 'CAB-ORG',
      severity: 'error',
      constructPath: 'Source/Plan',
      routeId: 'Source/Plan/Daily -> Central/Vault',
      messageId: 'account-outside-organization',
      details: { accounts: [DST] },
      awsError: SAME_ORGANIZATION_ERROR,
    });
    expectNoError([a.central], 'CAB-ORG');
  });

  test('compliant: both accounts in organizationAccounts', () => {
    const a = volumeApp();
    check(a.app, { organizationAccounts: [SRC, DST] });
    expectSilent([a.source, a.central]);
  });

  test('non-compliant: the destination vault admits another organization: error on the vault', () => {
    const a = volumeApp({
      destination: (central) => new backup.BackupVault(central, 'Vault', {
        backupVaultName: 'central',
        encryptionKey: new CopyCompatibleKmsKey(central, 'VaultKey', { destinationAccounts: [SRC] }),
        accessPolicy: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({
            principals: [new iam.AnyPrincipal()],
            actions: ['backup:CopyIntoBackupVault'],
            resources: ['*'],
            conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } },
          })],
        }),
      }),
    });
    managementStack(a.app);
    const checks = check(a.app, { organizationId: ORG });
    expect(errorPaths(a.central, 'CAB-ORG')).toEqual(['/Central/Vault']);
    expect(theFinding(checks, 'CAB-ORG', 'error', 'Central/Vault')).toMatchObject({
      messageId: 'vault-names-foreign-organization',
      details: { vaults: ['Central/Vault'], foreignOrganizations: ['o-zzzzzzzzzz'], organization: ORG, accounts: [SRC] },
      awsError: ACCESS_DENIED_ERROR,
    });
    expectNoError([a.source], 'CAB-ORG');
  });

  test('compliant: a CrossAccountBackupVault admitting the organization', () => {
    const a = volumeApp({
      destination: (central) => new CrossAccountBackupVault(central, 'Vault', { backupVaultName: 'central', sourceOrganizationId: ORG }),
    });
    const mgmt = managementStack(a.app);
    check(a.app, { organizationId: ORG, managementAccount: MGMT });
    expectSilent([a.source, a.central, mgmt]);
  });

  test('acknowledging CAB-ORG on an ancestor of the plan suppresses the error', () => {
    const a = volumeApp();
    Validations.of(a.source).acknowledge({ id: 'CAB-ORG', reason: 'account 222222222222 joins the organization next week' });
    check(a.app, { organizationAccounts: [SRC] });
    expect(errorPaths(a.source, 'CAB-ORG')).toEqual([]);
  });

  test('no false positive: a same-account copy, with organizationAccounts naming neither account', () => {
    const a = volumeApp({ centralEnv: { account: SRC, region: 'us-east-1' } });
    check(a.app, { organizationAccounts: [DST], organizationId: ORG, managementAccount: MGMT });
    expectSilent([a.source, a.central]);
  });

  test('no false positive: a plan without copy actions', () => {
    const a = volumeApp();
    const plain = new backup.BackupPlan(a.source, 'LocalPlan', { backupVault: a.sourceVault });
    plain.addRule(new backup.BackupPlanRule({ ruleName: 'Daily' }));
    plain.addSelection('All', { resources: [backup.BackupResource.fromConstruct(a.source)] });
    check(a.app, { organizationAccounts: [SRC, DST] });
    expectSilent([a.source, a.central]);
  });

  describe('the cross-account backup switch', () => {
    test('a CrossAccountBackupSetting outside the management account: warning on the setting', () => {
      const a = volumeApp();
      const member = managementStack(a.app, SRC);
      const checks = check(a.app, { organizationId: ORG, managementAccount: MGMT });
      expect(warningPaths(member, 'CAB-ORG')).toEqual(['/Management/CrossAccountBackup']);
      expect(theFinding(checks, 'CAB-ORG', 'warning', 'Management/CrossAccountBackup')).toMatchObject({
        messageId: 'setting-outside-management-account',
        details: { accounts: [SRC], managementAccount: MGMT },
        awsError: CROSS_ACCOUNT_DISABLED_ERROR,
      });
      expectNoError([a.source, a.central, member], 'CAB-ORG');
    });

    test('compliant: the setting in the management account', () => {
      const a = volumeApp();
      const mgmt = managementStack(a.app);
      check(a.app, { organizationId: ORG, managementAccount: MGMT });
      expectSilent([a.source, a.central, mgmt]);
    });

    test('no setting in the app and organizationId declared: warning on the plan, which an acknowledgement silences', () => {
      const a = volumeApp();
      const checks = check(a.app, { organizationId: ORG });
      expect(warningPaths(a.source, 'CAB-ORG')).toEqual(['/Source/Plan']);
      expect(theFinding(checks, 'CAB-ORG', 'warning', 'Source/Plan')).toMatchObject({
        messageId: 'no-cross-account-setting', details: { organization: ORG }, awsError: CROSS_ACCOUNT_DISABLED_ERROR,
      });

      const b = volumeApp();
      Validations.of(b.plan).acknowledge({ id: 'CAB-ORG', reason: 'enabled in the console of the management account' });
      check(b.app, { organizationId: ORG });
      expectSilent([b.source, b.central]);
    });

    test('no warning without a cross-account copy', () => {
      const a = volumeApp({ centralEnv: { account: SRC, region: 'us-east-1' } });
      const member = managementStack(a.app, SRC);
      check(a.app, { organizationId: ORG, managementAccount: MGMT });
      expectSilent([a.source, a.central, member]);
    });
  });
});
