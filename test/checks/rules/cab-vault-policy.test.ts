import { OTHER, SRC, copyIntoPolicy, dataOf, destinationVault, env, model, route, sourceVault } from './model-builder';
import { ACCESS_DENIED_ERROR } from '../../../src/checks/messages/cab-vault-policy';
import type { PolicyDocumentJson } from '../../../src/checks/model/types';
import { cabVaultPolicy } from '../../../src/checks/rules/cab-vault-policy';

const orgPolicy = (org: string): PolicyDocumentJson => ({
  Statement: [{
    Effect: 'Allow',
    Principal: '*',
    Action: 'backup:CopyIntoBackupVault',
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalOrgID': org } },
  }],
});

describe('CAB-VAULT-POLICY', () => {
  test('compliant: the policy admits the source account', () => {
    expect(cabVaultPolicy.check(model([route()]), {})).toEqual([]);
  });

  test('error on the vault when it has no access policy', () => {
    const r = route({ destination: destinationVault({ accessPolicy: undefined }) });
    const findings = cabVaultPolicy.check(model([r]), {});
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-VAULT-POLICY',
      severity: 'error',
      constructPath: 'BackupStack/Vault',
      routeId: r.id,
      messageId: 'vault-policy-denies-source',
      details: { cause: 'no-policy', vaults: ['BackupStack/Vault'], accounts: [SRC], plans: ['SourceStack/Plan'] },
      awsError: ACCESS_DENIED_ERROR,
    }]);
    expect(findings[0].awsError).toBe('Access Denied trying to call AWS Backup service');
  });

  test('error naming every source account the policy does not admit, once per vault', () => {
    const dest = destinationVault({ accessPolicy: copyIntoPolicy([OTHER]) });
    const routes = [
      route({ destination: dest }),
      route({ destination: dest, planPath: 'ThirdStack/Plan', sourceEnv: env(OTHER) }),
      route({ destination: dest, planPath: 'FourthStack/Plan', sourceEnv: env('444444444444') }),
      route({ destination: dest, planPath: 'SourceStack/Plan2' }),
    ];
    const findings = cabVaultPolicy.check(model(routes), {});
    expect(findings.map((f) => [f.messageId, f.details])).toEqual([['vault-policy-denies-source', {
      cause: 'not-allowed',
      vaults: ['BackupStack/Vault'],
      accounts: [SRC, '444444444444'],
      plans: ['SourceStack/Plan', 'SourceStack/Plan2', 'FourthStack/Plan'],
    }]]);
  });

  test('an explicit Deny is reported as such', () => {
    const policy: PolicyDocumentJson = {
      Statement: [
        ...copyIntoPolicy([SRC]).Statement,
        { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${SRC}:root` }, Action: 'backup:*', Resource: '*' },
      ],
    };
    const [f] = cabVaultPolicy.check(model([route({ destination: destinationVault({ accessPolicy: policy }) })]), {});
    expect([f.messageId, f.details.cause, f.details.accounts]).toEqual(['vault-policy-denies-source', 'denied', [SRC]]);
  });

  test('organization conditions: unknown organization passes; a matching one passes; another one is left to the org rule', () => {
    const m = model([route({ destination: destinationVault({ accessPolicy: orgPolicy('o-aaaaaaaaaa') }) })]);
    expect(cabVaultPolicy.check(m, {})).toEqual([]);
    expect(cabVaultPolicy.check(m, { organizationId: 'o-aaaaaaaaaa' })).toEqual([]);
    expect(cabVaultPolicy.check(m, { organizationId: 'o-bbbbbbbbbb' })).toEqual([]);
  });

  test('a deny-outside-organization statement does not fire when the organization is unknown', () => {
    const policy: PolicyDocumentJson = {
      Statement: [
        ...copyIntoPolicy([SRC]).Statement,
        { Effect: 'Deny', Principal: '*', Action: 'backup:CopyIntoBackupVault', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa' } } },
      ],
    };
    const m = model([route({ destination: destinationVault({ accessPolicy: policy }) })]);
    expect(cabVaultPolicy.check(m, {})).toEqual([]);
    expect(cabVaultPolicy.check(m, { organizationId: 'o-bbbbbbbbbb' })).toHaveLength(1);
  });

  test('silent: policies naming specific roles of the source account, imported vaults, same-account and unknown accounts', () => {
    const rolePolicy: PolicyDocumentJson = {
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SRC}:role/BackupRole` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }],
    };
    const routes = [
      route({ destination: destinationVault({ accessPolicy: rolePolicy }) }),
      route({ destination: destinationVault({ inApp: false, accessPolicy: undefined, path: 'SourceStack/Imported' }) }),
      route({ destination: destinationVault({ env: env(SRC, 'us-west-2'), accessPolicy: undefined, path: 'SourceStack/Same' }) }),
      route({ destination: destinationVault({ accessPolicy: undefined, path: 'BackupStack/Unknown' }), sourceEnv: env(null) }),
    ];
    expect(cabVaultPolicy.check(model(routes), {})).toEqual([]);
  });

  describe('source vault access policy (backup:CopyFromBackupVault)', () => {
    /** A public immutability module's statement: copies only to vaults of the source account. */
    const exceptToSourceAccount: PolicyDocumentJson = {
      Statement: [{
        Sid: 'DenyBackupCopyExceptToSourceAccount',
        Effect: 'Deny',
        Principal: '*',
        Action: 'backup:CopyFromBackupVault',
        Resource: '*',
        Condition: { 'ForAllValues:ArnNotLike': { 'backup:CopyTargets': [`arn:aws:backup:*:${SRC}:backup-vault:*`] } },
      }],
    };

    test('error on the source vault when its policy denies the copy to the destination, with the statement quoted', () => {
      const r = route({ sourceVault: sourceVault({ accessPolicy: exceptToSourceAccount }) });
      const findings = cabVaultPolicy.check(model([r, route({ ...r, ruleName: 'Weekly' })]), {});
      expect(findings.map(dataOf)).toEqual([{
        ruleId: 'CAB-VAULT-POLICY',
        severity: 'error',
        constructPath: 'SourceStack/Vault',
        routeId: r.id,
        messageId: 'source-vault-denies-copy',
        // the statement as the checks read it (normalized: lists for Action and Resource)
        details: {
          vaults: ['SourceStack/Vault', 'BackupStack/Vault'],
          plans: ['SourceStack/Plan'],
          statements: [{ ...exceptToSourceAccount.Statement[0], Action: ['backup:CopyFromBackupVault'], Resource: ['*'] }],
        },
        awsError: undefined,
      }]);
      expect(findings[0].docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html');
    });

    test('silent when the statement spares the destination (a copy inside the source account)', () => {
      const inAccount = route({ sourceVault: sourceVault({ accessPolicy: exceptToSourceAccount }), destination: destinationVault({ env: env(SRC, 'us-west-2') }) });
      expect(cabVaultPolicy.check(model([inAccount]), {})).toEqual([]);
    });

    test('a plain Deny of CopyFromBackupVault refuses every copy; a Deny of another action does not', () => {
      const deny = (action: string): PolicyDocumentJson => ({ Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: action, Resource: '*' }] });
      expect(cabVaultPolicy.check(model([route({ sourceVault: sourceVault({ accessPolicy: deny('backup:CopyFromBackupVault') }) })]), {})).toHaveLength(1);
      expect(cabVaultPolicy.check(model([route({ sourceVault: sourceVault({ accessPolicy: deny('backup:DeleteRecoveryPoint') }) })]), {})).toEqual([]);
    });

    test('not judged when the decision depends on what synth cannot know (destination ARN, org paths, a role)', () => {
      const unknownDestination = route({
        sourceVault: sourceVault({ accessPolicy: exceptToSourceAccount }),
        destination: { ...destinationVault(), arn: undefined },
      });
      const byOrgPath: PolicyDocumentJson = {
        Statement: [{
          Effect: 'Deny',
          Principal: '*',
          Action: 'backup:CopyFromBackupVault',
          Resource: '*',
          Condition: { 'ForAllValues:StringNotLike': { 'backup:CopyTargetOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'] } },
        }],
      };
      const toRole: PolicyDocumentJson = {
        Statement: [{
          Effect: 'Deny',
          Principal: { AWS: `arn:aws:iam::${SRC}:role/Operator` },
          Action: 'backup:CopyFromBackupVault',
          Resource: '*',
        }],
      };
      expect(cabVaultPolicy.check(model([unknownDestination]), {})).toEqual([]);
      expect(cabVaultPolicy.check(model([route({ sourceVault: sourceVault({ accessPolicy: byOrgPath }) })]), {})).toEqual([]);
      expect(cabVaultPolicy.check(model([route({ sourceVault: sourceVault({ accessPolicy: toRole }) })]), {})).toEqual([]);
    });
  });

  describe('a policy that admits every principal without a condition', () => {
    const open: PolicyDocumentJson = { Statement: [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'backup:CopyIntoBackupVault', Resource: '*' }] };

    test('warning on the vault, with the statement quoted (destination and source vaults alike)', () => {
      const findings = cabVaultPolicy.check(model([route({ destination: destinationVault({ accessPolicy: open }) })]), {});
      expect(findings.map((f) => [f.ruleId, f.severity, f.constructPath, f.messageId, f.details, f.awsError])).toEqual([[
        'CAB-VAULT-POLICY', 'warning', 'BackupStack/Vault', 'vault-policy-open-to-everyone',
        { vaults: ['BackupStack/Vault'], statements: [{ Effect: 'Allow', Sid: 'Anyone', Action: ['backup:CopyIntoBackupVault'], Resource: ['*'], Principal: '*' }] },
        undefined,
      ]]);
      const onSource = cabVaultPolicy.check(model([route({ sourceVault: sourceVault({ accessPolicy: { Statement: [{ ...open.Statement[0], Principal: { AWS: ['*'] } }] } }) })]), {});
      expect(onSource.map((f) => [f.severity, f.constructPath, f.messageId])).toEqual([['warning', 'SourceStack/Vault', 'vault-policy-open-to-everyone']]);
    });

    test('silent with a condition, with named principals, and for Deny statements', () => {
      const conditioned = { Statement: [{ ...open.Statement[0], Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }] };
      const denyAll = { Statement: [{ Effect: 'Deny' as const, Principal: { AWS: '*' }, Action: 'backup:DeleteRecoveryPoint', Resource: '*' }] };
      for (const accessPolicy of [conditioned, copyIntoPolicy([SRC]), { Statement: [...copyIntoPolicy([SRC]).Statement, ...denyAll.Statement] }]) {
        expect(cabVaultPolicy.check(model([route({ destination: destinationVault({ accessPolicy }) })]), {})).toEqual([]);
      }
    });
  });
});
