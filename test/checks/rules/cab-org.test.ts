import { DST, OTHER, PLAN, REGION, SRC, copyIntoPolicy, destinationVault, env, model, route } from './model-builder';
import { cabOrg } from '../../../src/checks/rules/cab-org';

const ORG = 'o-aaaaaaaaaa';
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
    expect(cabOrg(model([route()]), { organizationAccounts: [SRC, DST] })).toEqual([]);
  });

  test('silent when the organization is not declared', () => {
    const m = model([route({ destination: destinationVault({ env: env(OTHER), accessPolicy: orgVaultPolicy('o-bbbbbbbbbb') }) })]);
    expect(cabOrg(m, {})).toEqual([]);
    expect(cabOrg(m, { organizationAccounts: [] })).toEqual([]);
  });

  test('error on the plan when the destination account is outside organizationAccounts', () => {
    const m = model([route({ destination: destinationVault({ env: env(OTHER) }) })]);
    const findings = cabOrg(m, { organizationAccounts: [SRC, DST] });
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
    const [f] = cabOrg(model([route()]), { organizationAccounts: [OTHER] });
    expect(f.message).toContain(`accounts ${SRC} and ${DST} are not in the declared organization`);
  });

  test('same-account copies and unknown accounts are silent', () => {
    const same = route({ destination: destinationVault({ env: env(SRC, 'us-west-2') }) });
    const unknown = route({ destination: destinationVault({ env: env(null) }) });
    expect(cabOrg(model([same, unknown]), { organizationAccounts: [OTHER] })).toEqual([]);
  });

  test('one finding per copy action, even when a rule is listed twice', () => {
    const r = route({ destination: destinationVault({ env: env(OTHER) }) });
    expect(cabOrg(model([r, r]), { organizationAccounts: [SRC, DST] })).toHaveLength(1);
  });

  test('error on the destination vault whose policy admits another organization', () => {
    const dest = destinationVault({ accessPolicy: orgVaultPolicy('o-bbbbbbbbbb') });
    const findings = cabOrg(model([route({ destination: dest })]), { organizationId: ORG });
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
    const [f] = cabOrg(model([route({ destination: destinationVault({ accessPolicy: policy }) })]), { organizationId: ORG });
    expect(f.message).toContain('only for organization o-bbbbbbbbbb');
  });

  test('silent when the policy names our organization, or admits the source account anyway', () => {
    const own = destinationVault({ accessPolicy: orgVaultPolicy(ORG) });
    const both = destinationVault({
      path: 'BackupStack/Vault2',
      accessPolicy: { Statement: [...orgVaultPolicy('o-bbbbbbbbbb').Statement, ...copyIntoPolicy([SRC]).Statement] },
    });
    expect(cabOrg(model([route({ destination: own }), route({ destination: both })]), { organizationId: ORG })).toEqual([]);
  });
});
