import { DST, OTHER, PLAN, REGION, SRC, copyIntoPolicy, destinationVault, env, model, route } from './model-builder';
import type { Finding } from '../../../src/checks/finding';
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
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.ruleId).toBe('CAB-ORG');
    expect(f.severity).toBe('error');
    expect(f.constructPath).toBe(PLAN);
    expect(f.message.startsWith('CAB-ORG: ')).toBe(true);
    expect(f.message).toContain(`account ${OTHER} is not in the declared organization`);
    expect(f.message).toContain(`from account ${SRC} in ${REGION}`);
    expect(f.message).toContain('"Copy job failed. Both source and destination account must be a member of the same organization."');
    expect(f.message).toContain(`add ['${OTHER}'] to organizationAccounts`);
    expect(f.docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html');
  });

  test('names both accounts when neither is declared', () => {
    const [f] = cabOrg.check(model([route()]), { organizationAccounts: [OTHER] });
    expect(f.message).toContain(`accounts ${SRC} and ${DST} are not in the declared organization`);
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
    const findings = errorsOf(cabOrg.check(model([route({ destination: dest })]), { organizationId: ORG }));
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.constructPath).toBe('BackupStack/Vault');
    expect(f.severity).toBe('error');
    expect(f.message).toMatch(/^CAB-ORG: The access policy of destination vault "Vault" \(BackupStack\/Vault\)/);
    expect(f.message).toContain('only for organization o-bbbbbbbbbb');
    expect(f.message).toContain(`account ${SRC} is in organization ${ORG}`);
    expect(f.message).toContain('"Access Denied trying to call AWS Backup service"');
    expect(f.message).toContain(`new CrossAccountBackupVault(this, 'Vault', { sourceOrganizationId: '${ORG}' })`);
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
    expect(f.message).toContain('only for organization o-bbbbbbbbbb');
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
    const DISABLED = '"Copy job failed. Cross-account copy feature is not enabled for the current organization."';

    test('a setting outside the management account: a warning on the setting', () => {
      const findings = cabOrg.check(model([route()], { settings: [setting(SRC, 'SourceStack/CrossAccountBackup')] }), { managementAccount: MGMT });
      expect(findings).toHaveLength(1);
      const [f] = findings;
      expect(f).toMatchObject({ ruleId: 'CAB-ORG', severity: 'warning', constructPath: 'SourceStack/CrossAccountBackup' });
      expect(f.message).toMatch(/^CAB-ORG: CrossAccountBackupSetting SourceStack\/CrossAccountBackup is deployed to account 111111111111, but the organization's management account is 999999999999 \(managementAccount\)\./);
      expect(f.message).toContain('only the management account can turn on');
      expect(f.message).toContain(DISABLED);
      expect(f.message).toContain("move the CrossAccountBackupSetting to a stack with env { account: '999999999999' }");
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
      expect(findings).toHaveLength(1);
      const [f] = findings;
      expect(f).toMatchObject({ ruleId: 'CAB-ORG', severity: 'warning', constructPath: PLAN, routeId: route().id });
      expect(f.message).toMatch(/^CAB-ORG: backup plan SourceStack\/Plan \(rule Daily\) copies from account 111111111111/);
      expect(f.message).toContain(`the app has no CrossAccountBackupSetting, so nothing in it switches cross-account backup on for organization ${ORG}`);
      expect(f.message).toContain(DISABLED);
      expect(f.message).toContain(`add new CrossAccountBackupSetting(this, 'CrossAccountBackup') to a stack of account ${MGMT}`);
      expect(f.message).toContain("Validations.of(plan).acknowledge({ id: 'CAB-ORG'");
    });

    test('no setting without organizationId, or without managementAccount: no warning about it', () => {
      expect(cabOrg.check(model([route()]), { managementAccount: MGMT })).toEqual([]);
      const [f] = cabOrg.check(model([route()]), { organizationId: ORG });
      expect(f.message).toContain('to a stack of the management account');
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
