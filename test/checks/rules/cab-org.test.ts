import { DST, OTHER, PLAN, SRC, copyIntoPolicy, dataOf, destinationVault, env, model, route } from './model-builder';
import type { Finding } from '../../../src/checks/finding';
import { CROSS_ACCOUNT_DISABLED_ERROR, SAME_ORGANIZATION_ERROR } from '../../../src/checks/messages/cab-org';
import { ACCESS_DENIED_ERROR } from '../../../src/checks/messages/cab-vault-policy';
import type { OrgSettingModel } from '../../../src/checks/model/types';
import { cabOrg } from '../../../src/checks/rules/cab-org';

const ORG = 'o-aaaaaaaaaa';
/** The errors only (with organizationId declared and no CrossAccountBackupSetting, CAB-ORG also warns). */
const errorsOf = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');
const orgVaultPolicy = (org: string) => ({
  Statement: [{
    Effect: 'Allow' as const,
    Principal: '*',
    Action: 'backup:CopyIntoBackupVault',
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalOrgID': org } },
  }],
});

describe('CAB-ORG', () => {
  test('compliant: both accounts declared', () => {
    expect(cabOrg.check(model([route()]), { organizationAccounts: [SRC, DST] })).toEqual([]);
  });

  test('silent when the organization is not declared', () => {
    const m = model([route({ destination: destinationVault({ env: env(OTHER), accessPolicy: orgVaultPolicy('o-bbbbbbbbbb') }) })]);
    expect(cabOrg.check(m, {})).toEqual([]);
    expect(cabOrg.check(m, { organizationAccounts: [] })).toEqual([]);
  });

  test('error on the plan when the destination account is outside organizationAccounts', () => {
    const m = model([route({ destination: destinationVault({ env: env(OTHER) }) })]);
    const findings = cabOrg.check(m, { organizationAccounts: [SRC, DST] });
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-ORG',
      severity: 'error',
      constructPath: PLAN,
      routeId: m.routes[0].id,
      messageId: 'account-outside-organization',
      details: { accounts: [OTHER] },
      awsError: SAME_ORGANIZATION_ERROR,
    }]);
    expect(findings[0].docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html');
  });

  test('names both accounts when neither is declared', () => {
    const [f] = cabOrg.check(model([route()]), { organizationAccounts: [OTHER] });
    expect([f.messageId, f.details]).toEqual(['account-outside-organization', { accounts: [SRC, DST] }]);
  });

  test('same-account copies and unknown accounts are silent', () => {
    const same = route({ destination: destinationVault({ env: env(SRC, 'us-west-2') }) });
    const unknown = route({ destination: destinationVault({ env: env(null) }) });
    expect(cabOrg.check(model([same, unknown]), { organizationAccounts: [OTHER] })).toEqual([]);
  });

  test('one finding per copy action, even when a rule is listed twice', () => {
    const r = route({ destination: destinationVault({ env: env(OTHER) }) });
    expect(cabOrg.check(model([r, r]), { organizationAccounts: [SRC, DST] })).toHaveLength(1);
  });

  test('error on the destination vault whose policy admits another organization', () => {
    const dest = destinationVault({ accessPolicy: orgVaultPolicy('o-bbbbbbbbbb') });
    const r = route({ destination: dest });
    expect(errorsOf(cabOrg.check(model([r]), { organizationId: ORG })).map(dataOf)).toEqual([{
      ruleId: 'CAB-ORG',
      severity: 'error',
      constructPath: 'BackupStack/Vault',
      routeId: r.id,
      messageId: 'vault-names-foreign-organization',
      details: { vaults: ['BackupStack/Vault'], foreignOrganizations: ['o-bbbbbbbbbb'], organization: ORG, accounts: [SRC] },
      awsError: ACCESS_DENIED_ERROR,
    }]);
  });

  test('aws:PrincipalOrgPaths naming another organization', () => {
    const policy = {
      Statement: [{
        Effect: 'Allow' as const,
        Principal: '*',
        Action: 'backup:CopyIntoBackupVault',
        Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-bbbbbbbbbb/r-ab12/ou-ab12-11111111/*'] } },
      }],
    };
    const [f] = errorsOf(cabOrg.check(model([route({ destination: destinationVault({ accessPolicy: policy }) })]), { organizationId: ORG }));
    expect([f.messageId, f.details.foreignOrganizations]).toEqual(['vault-names-foreign-organization', ['o-bbbbbbbbbb']]);
  });

  test('silent when the policy names our organization, or admits the source account anyway', () => {
    const own = destinationVault({ accessPolicy: orgVaultPolicy(ORG) });
    const both = destinationVault({
      path: 'BackupStack/Vault2',
      accessPolicy: { Statement: [...orgVaultPolicy('o-bbbbbbbbbb').Statement, ...copyIntoPolicy([SRC]).Statement] },
    });
    expect(errorsOf(cabOrg.check(model([route({ destination: own }), route({ destination: both })]), { organizationId: ORG }))).toEqual([]);
  });

  describe('the cross-account backup switch (warnings)', () => {
    const MGMT = '999999999999';
    const setting = (account: string | null, path = 'MgmtStack/CrossAccountBackup'): OrgSettingModel =>
      ({ kind: 'cross-account-backup', constructPath: path, env: env(account) });
    const ddbSetting: OrgSettingModel = { kind: 'dynamodb-advanced', constructPath: 'SourceStack/Ddb', env: env() };

    test('a setting outside the management account: a warning on the setting', () => {
      const findings = cabOrg.check(model([route()], { settings: [setting(SRC, 'SourceStack/CrossAccountBackup')] }), { managementAccount: MGMT });
      expect(findings.map(dataOf)).toEqual([{
        ruleId: 'CAB-ORG',
        severity: 'warning',
        constructPath: 'SourceStack/CrossAccountBackup',
        routeId: undefined,
        messageId: 'setting-outside-management-account',
        details: { accounts: [SRC], managementAccount: MGMT },
        awsError: CROSS_ACCOUNT_DISABLED_ERROR,
      }]);
    });

    test('a setting in the management account, or in an env-agnostic stack: silent', () => {
      expect(cabOrg.check(model([route()], { settings: [setting(MGMT)] }), { managementAccount: MGMT })).toEqual([]);
      expect(cabOrg.check(model([route()], { settings: [setting(null)] }), { managementAccount: MGMT, organizationId: ORG })).toEqual([]);
    });

    test('each misplaced setting is reported, a well placed one is not', () => {
      const m = model([route()], { settings: [setting(MGMT), setting(SRC, 'A/S'), setting(DST, 'B/S'), ddbSetting] });
      expect(cabOrg.check(m, { managementAccount: MGMT }).map((f) => f.constructPath)).toEqual(['A/S', 'B/S']);
    });

    test('no setting and organizationId declared: one warning per app, on the plan of the first cross-account copy', () => {
      const second = route({ planPath: 'OtherStack/Plan' });
      const findings = cabOrg.check(model([route(), second], { settings: [ddbSetting] }), { organizationId: ORG, managementAccount: MGMT });
      expect(findings.map(dataOf)).toEqual([{
        ruleId: 'CAB-ORG',
        severity: 'warning',
        constructPath: PLAN,
        routeId: route().id,
        messageId: 'no-cross-account-setting',
        details: { organization: ORG, managementAccount: MGMT },
        awsError: CROSS_ACCOUNT_DISABLED_ERROR,
      }]);
    });

    test('no setting without organizationId, or without managementAccount: no warning about it', () => {
      expect(cabOrg.check(model([route()]), { managementAccount: MGMT })).toEqual([]);
      const [f] = cabOrg.check(model([route()]), { organizationId: ORG });
      expect([f.messageId, f.details]).toEqual(['no-cross-account-setting', { organization: ORG }]);
    });

    test('silent without a cross-account copy: same-account, unknown account, no routes', () => {
      const same = route({ destination: destinationVault({ env: env(SRC, 'us-west-2') }) });
      const unknown = route({ destination: destinationVault({ env: env(null) }) });
      const opts = { organizationId: ORG, managementAccount: MGMT };
      expect(cabOrg.check(model([same, unknown], { settings: [setting(SRC)] }), opts)).toEqual([]);
      expect(cabOrg.check(model([same]), opts)).toEqual([]);
      expect(cabOrg.check(model([]), opts)).toEqual([]);
    });

    test('silent for a copy that selects nothing; a selection of resources outside the app counts', () => {
      const opts = { organizationId: ORG, managementAccount: MGMT };
      const empty = route({ resources: [] });
      expect(cabOrg.check(model([empty], { settings: [setting(SRC)] }), opts)).toEqual([]);
      const byTag = { ...empty, selections: [{ constructPath: 'SourceStack/Plan/ByTag', resources: [], unresolvedEntries: ['tag backup=daily'] }] };
      expect(cabOrg.check(model([byTag]), opts).map((f) => f.severity)).toEqual(['warning']);
      expect(cabOrg.check(model([byTag], { settings: [setting(SRC, 'SourceStack/Setting')] }), opts).map((f) => f.constructPath)).toEqual(['SourceStack/Setting']);
    });
  });
});
