import { App, Duration, RemovalPolicy, Stack, Token, aws_backup as backup, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { backupRole, onlyResource } from './policy-helpers';
import { CrossAccountAirGappedVault, CrossAccountAirGappedVaultProps } from '../../src';
import { evaluatePolicy } from '../../src/checks/policy/evaluator';
import { DST, FIFTH, ORG, OTHER, SRC, SRC2 } from '../fixtures';

const CENTRAL = DST;
const RESTORE = FIFTH;
const OU = `${ORG}/r-f6g7h8i9j0example/ou-def0-awsbbbbb/`;
const LAG = 'AWS::Backup::LogicallyAirGappedBackupVault';

const root = (account: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] });

function centralStack(app = new App()): Stack {
  return new Stack(app, 'Central', { env: { account: CENTRAL, region: 'eu-central-1' } });
}

const RETENTION = { minRetention: Duration.days(7), maxRetention: Duration.days(35) };

function vault(stack: Stack, props: Partial<CrossAccountAirGappedVaultProps> = {}): CrossAccountAirGappedVault {
  return new CrossAccountAirGappedVault(stack, 'Vault', { sourceAccounts: [SRC], ...RETENTION, ...props });
}

/** Decision of a policy for `action` by a principal of `account` (its role `principalArn`), IAM semantics for missing keys. */
function decideFor(policy: unknown, account: string, action: string, principalArn = backupRole(account), conditionKeys = {}) {
  return evaluatePolicy(policy, {
    principalArn,
    principalAccount: account,
    action,
    conditionKeys,
    unknownConditions: 'fail',
    pseudo: { partition: 'aws', accountId: CENTRAL, region: 'eu-central-1' },
  }).decision;
}

describe('the vault', () => {
  test('emits a logically air-gapped vault with the retention range, an AWS owned key and a retained removal policy', () => {
    const stack = centralStack();
    vault(stack, { backupVaultName: 'air-gapped' });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Backup::BackupVault', 0);
    t.hasResource(LAG, {
      Properties: { BackupVaultName: 'air-gapped', MinRetentionDays: 7, MaxRetentionDays: 35, EncryptionKeyArn: Match.absent() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    t.resourceCountIs('AWS::RAM::ResourceShare', 0);
  });

  test('without a name it gets the same kind of generated name as backup.BackupVault, valid for AWS', () => {
    const stack = centralStack();
    vault(stack);
    const name = onlyResource(stack, LAG).Properties.BackupVaultName;
    expect(name).toMatch(/^[a-zA-Z0-9\-_]{2,50}$/);
  });

  test('removalPolicy is applied', () => {
    const stack = centralStack();
    vault(stack, { removalPolicy: RemovalPolicy.DESTROY });
    expect(onlyResource(stack, LAG).DeletionPolicy).toBe('Delete');
  });

  test('is an IBackupVault a plan copies into; from another environment its ARN is a literal', () => {
    const app = new App();
    const central = centralStack(app);
    const source = new Stack(app, 'Source', { env: { account: SRC, region: 'eu-west-1' } });
    const v = vault(central, { backupVaultName: 'air-gapped' });
    const plan = new backup.BackupPlan(source, 'Plan', { backupVault: new backup.BackupVault(source, 'Local') });
    plan.addRule(new backup.BackupPlanRule({ copyActions: [{ destinationBackupVault: v, deleteAfter: Duration.days(30) }] }));
    Template.fromStack(source).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:222222222222:backup-vault:air-gapped', Lifecycle: { DeleteAfterDays: 30 } }] })] },
    });
  });

  test('in its own stack the ARN and name stay references', () => {
    const stack = centralStack();
    const v = vault(stack, { backupVaultName: 'air-gapped' });
    const logicalId = stack.getLogicalId(v.cfnVault);
    expect(stack.resolve(v.backupVaultArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'BackupVaultArn'] });
    expect(stack.resolve(v.backupVaultName)).toEqual({ Ref: logicalId });
    expect(stack.resolve(v.backupVaultRef.backupVaultArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'BackupVaultArn'] });
  });

  test('used from another environment while its own stack is environment-agnostic: a clear error', () => {
    const app = new App();
    const central = new Stack(app, 'Central');
    const source = new Stack(app, 'Source', { env: { account: SRC, region: 'eu-west-1' } });
    const v = vault(central, { backupVaultName: 'air-gapped' });
    const plan = new backup.BackupPlan(source, 'Plan', { backupVault: new backup.BackupVault(source, 'Local') });
    plan.addRule(new backup.BackupPlanRule({ copyActions: [{ destinationBackupVault: v }] }));
    expect(() => app.synth()).toThrow(/has no explicit account and region/);
  });

  test('grant() adds the actions on the vault ARN to the grantee, and refuses wildcards', () => {
    const stack = centralStack();
    const v = vault(stack);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    v.grant(role, 'backup:DescribeBackupVault');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'backup:DescribeBackupVault', Resource: { 'Fn::GetAtt': [stack.getLogicalId(v.cfnVault), 'BackupVaultArn'] } })] },
    });
    expect(() => v.grant(role, 'backup:*')).toThrow(/wildcard/);
  });

  test('isCrossAccountAirGappedVault', () => {
    const stack = centralStack();
    expect(CrossAccountAirGappedVault.isCrossAccountAirGappedVault(vault(stack))).toBe(true);
    expect(CrossAccountAirGappedVault.isCrossAccountAirGappedVault(new backup.BackupVault(stack, 'Plain'))).toBe(false);
  });
});

describe('access policy', () => {
  test('source accounts, organization and OUs: backup:CopyIntoBackupVault only, as CrossAccountBackupVault writes it', () => {
    const stack = centralStack();
    vault(stack, { sourceAccounts: [SRC, SRC2], sourceOrganizationalUnitPaths: [OU] });
    Template.fromStack(stack).hasResourceProperties(LAG, {
      AccessPolicy: {
        Version: '2012-10-17',
        Statement: Match.exact([
          { Sid: 'AllowCopyIntoBackupVaultFromSourceAccounts', Effect: 'Allow', Principal: { AWS: [root(SRC), root(SRC2)] }, Action: 'backup:CopyIntoBackupVault', Resource: '*' },
          {
            Sid: 'AllowCopyIntoBackupVaultFromOrganizationalUnits',
            Effect: 'Allow',
            Principal: '*',
            Action: 'backup:CopyIntoBackupVault',
            Resource: '*',
            Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [OU] } },
          },
        ]),
      },
    });
  });

  test('policy evaluator: the source accounts may copy in; an unrelated account and other actions may not', () => {
    const stack = centralStack();
    const v = vault(stack, { sourceAccounts: [SRC], sourceOrganizationId: ORG, shareForRestoreWith: [RESTORE] });
    v.allowCopyFrom(SRC2);
    const policy = stack.resolve(onlyResource(stack, LAG).Properties.AccessPolicy);
    expect(decideFor(policy, SRC, 'backup:CopyIntoBackupVault')).toBe('allow');
    expect(decideFor(policy, SRC2, 'backup:CopyIntoBackupVault')).toBe('allow');
    expect(decideFor(policy, OTHER, 'backup:CopyIntoBackupVault', backupRole(OTHER), { 'aws:PrincipalOrgID': ORG })).toBe('allow');
    expect(decideFor(policy, OTHER, 'backup:CopyIntoBackupVault', backupRole(OTHER), { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' })).toBe('implicit-deny');
    expect(decideFor(policy, SRC, 'backup:StartRestoreJob')).toBe('implicit-deny');
    // The accounts the vault is shared with restore through RAM, not through the access policy: they cannot copy in.
    expect(decideFor(policy, RESTORE, 'backup:CopyIntoBackupVault')).toBe('implicit-deny');
  });

  test('addToAccessPolicy refuses other actions for other accounts, and accepts them for this account', () => {
    const stack = centralStack();
    const v = vault(stack);
    expect(() => v.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(OTHER)], actions: ['backup:DeleteRecoveryPoint'], resources: ['*'] })))
      .toThrow(/AWS Backup's cross-account guide says that any cross-account action other than backup:CopyIntoBackupVault will be rejected/);
    v.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['backup:DescribeBackupVault'], resources: ['*'] }));
    expect(JSON.stringify(onlyResource(stack, LAG).Properties.AccessPolicy)).toContain('backup:DescribeBackupVault');
  });

  test('allowOtherCrossAccountActions: addToAccessPolicy keeps the grant, with one warning instead of an error', () => {
    const stack = centralStack();
    const v = vault(stack, { allowOtherCrossAccountActions: true });
    v.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(OTHER)], actions: ['backup:DeleteRecoveryPoint'], resources: ['*'] }));
    expect(JSON.stringify(onlyResource(stack, LAG).Properties.AccessPolicy)).toContain('backup:DeleteRecoveryPoint');
    expect(Annotations.fromStack(stack).findWarning('/Central/Vault', Match.stringLikeRegexp('otherCrossAccountAction'))).toHaveLength(1);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  test('allowCopyFrom adds each account once', () => {
    const stack = centralStack();
    const v = vault(stack);
    v.allowCopyFrom(SRC2);
    v.allowCopyFrom(SRC2);
    expect(v.sourceAccounts).toEqual([SRC, SRC2]);
    const st = onlyResource(stack, LAG).Properties.AccessPolicy.Statement;
    expect(st).toHaveLength(1);
    expect(st[0].Principal.AWS).toEqual([root(SRC), root(SRC2)]);
  });
});

describe('sharing for restore (AWS RAM)', () => {
  test('a resource share of the vault ARN to the accounts', () => {
    const stack = centralStack();
    const v = vault(stack, { backupVaultName: 'air-gapped', shareForRestoreWith: [RESTORE, OTHER] });
    Template.fromStack(stack).hasResourceProperties('AWS::RAM::ResourceShare', {
      Name: 'air-gapped-restore',
      Principals: [RESTORE, OTHER],
      ResourceArns: [{ 'Fn::GetAtt': [stack.getLogicalId(v.cfnVault), 'BackupVaultArn'] }],
      AllowExternalPrincipals: true,
    });
    expect(v.restoreAccounts).toEqual([RESTORE, OTHER]);
    expect(v.restoreShare).toBeDefined();
  });

  test.each([
    [ORG],
    ['ou-def0-awsbbbbb'],
    ['arn:aws:organizations::999999999999:organization/o-a1b2c3d4e5'],
    ['arn:aws:organizations::999999999999:ou/o-a1b2c3d4e5/ou-def0-awsbbbbb'],
  ])('an organization or OU (%s) is refused with AWS\'s reason', (principal) => {
    expect(() => vault(centralStack(), { shareForRestoreWith: [principal] })).toThrow(/only be shared with individual accounts .*OperationNotPermittedException/);
  });

  test('a malformed account id or an empty list is refused', () => {
    expect(() => vault(centralStack(), { shareForRestoreWith: ['12345'] })).toThrow(/shareForRestoreWith\[0\]/);
    expect(() => vault(centralStack(), { shareForRestoreWith: [] })).toThrow(/empty/);
  });
});

describe('encryption key', () => {
  function keyed(props: Partial<CrossAccountAirGappedVaultProps> = {}) {
    const stack = centralStack();
    const key = new kms.Key(stack, 'Key');
    const v = vault(stack, { encryptionKey: key, ...props });
    return { stack, key, v, policy: () => stack.resolve(onlyResource(stack, 'AWS::KMS::Key').Properties.KeyPolicy) };
  }

  test('the vault names the key', () => {
    const { stack, key } = keyed();
    Template.fromStack(stack).hasResourceProperties(LAG, { EncryptionKeyArn: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } });
  });

  test('key policy: CreateGrant and DescribeKey via AWS Backup for the vault creation', () => {
    const { stack } = keyed();
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'Allow AWS Backup to create the logically air-gapped vault with this key',
          Effect: 'Allow',
          Principal: { AWS: root(CENTRAL) },
          Action: ['kms:CreateGrant', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringLike: { 'kms:ViaService': 'backup.*.amazonaws.com' } },
        }]),
      },
    });
  });

  test('policy evaluator: source copy roles, the central AWSServiceRoleForBackup and the restore accounts may use the key; an unrelated account may not', () => {
    const { policy, v } = keyed({ shareForRestoreWith: [RESTORE], sourceOrganizationalUnitPaths: [OU] });
    v.allowCopyFrom(SRC2);
    const p = policy();
    const copyRole = (a: string) => `arn:aws:iam::${a}:role/service-role/AWSBackupDefaultServiceRole`;
    const principals = [[SRC, copyRole(SRC)], [SRC2, copyRole(SRC2)], [CENTRAL, backupRole(CENTRAL)], [RESTORE, backupRole(RESTORE)]];
    for (const [account, principal] of principals) {
      for (const action of ['kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom']) {
        expect([account, action, decideFor(p, account, action, principal)]).toEqual([account, action, 'allow']);
      }
      expect(decideFor(p, account, 'kms:CreateGrant', principal, { 'kms:GrantIsForAWSResource': true })).toBe('allow');
    }
    // An account of the OU may use it; an unrelated account may not, not even to create grants.
    expect(decideFor(p, OTHER, 'kms:Decrypt', copyRole(OTHER), { 'aws:PrincipalOrgPaths': [`${OU}`] })).toBe('allow');
    expect(decideFor(p, OTHER, 'kms:Decrypt', copyRole(OTHER))).toBe('implicit-deny');
    expect(decideFor(p, OTHER, 'kms:CreateGrant', copyRole(OTHER), { 'kms:GrantIsForAWSResource': true })).toBe('implicit-deny');
    // Grants to the source accounts are for AWS resources only.
    expect(decideFor(p, SRC, 'kms:CreateGrant', copyRole(SRC), { 'kms:GrantIsForAWSResource': false })).toBe('implicit-deny');
  });

  test('allowCopyFrom trusts the new account on the key, in one statement for all accounts', () => {
    const { v, policy } = keyed();
    v.allowCopyFrom(SRC2);
    const use = policy().Statement.filter((s: any) => s.Sid === 'Allow the source accounts to copy into the vault (key use)');
    expect(use).toHaveLength(1);
    expect(use[0].Principal.AWS).toEqual([root(SRC), root(SRC2)]);
  });

  test('an imported key cannot be changed: a warning that lists what its policy needs, and the vault still uses it', () => {
    const stack = centralStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', `arn:aws:kms:eu-central-1:${CENTRAL}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    vault(stack, { encryptionKey: key });
    Annotations.fromStack(stack).hasWarning('/Central/Vault', Match.stringLikeRegexp('cannot be changed.*kms:ViaService backup'));
    Template.fromStack(stack).hasResourceProperties(LAG, { EncryptionKeyArn: key.keyArn });
  });

  test('an asymmetric or HMAC key is refused', () => {
    const stack = centralStack();
    const rsa = new kms.Key(stack, 'Rsa', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    expect(() => vault(stack, { encryptionKey: rsa })).toThrow(/RSA_2048.*symmetric/);
    const hmac = new kms.Key(stack, 'Hmac', { keySpec: kms.KeySpec.HMAC_256, keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC });
    expect(() => new CrossAccountAirGappedVault(stack, 'V2', { sourceAccounts: [SRC], ...RETENTION, encryptionKey: hmac })).toThrow(/symmetric/);
  });
});

describe('bad input', () => {
  test.each([
    ['no source', { sourceAccounts: undefined }, /give at least one of 'sourceAccounts'/],
    ['minimum below 7 days', { minRetention: Duration.days(6) }, /minRetention is 6 days.*at least 7 days/],
    ['minimum above maximum', { minRetention: Duration.days(40), maxRetention: Duration.days(35) }, /minRetention \(40 days\) is longer than maxRetention \(35 days\)/],
    ['retention not in whole days', { maxRetention: Duration.hours(36) }, /maxRetention: 1 day 12 hours is not a whole number of days/],
    ['a name AWS refuses', { backupVaultName: 'my.vault' }, /'my\.vault' is not a valid logically air-gapped vault name/],
    ['a name too long', { backupVaultName: 'a'.repeat(51) }, /not a valid logically air-gapped vault name/],
    ['a malformed source account', { sourceAccounts: ['1234'] }, /sourceAccounts\[0\]/],
  ])('%s', (_name, props, error) => {
    expect(() => vault(centralStack(), props as Partial<CrossAccountAirGappedVaultProps>)).toThrow(error);
  });

  test('equal bounds and a minimum of exactly 7 days are accepted', () => {
    const stack = centralStack();
    vault(stack, { minRetention: Duration.days(7), maxRetention: Duration.days(7) });
    Template.fromStack(stack).hasResourceProperties(LAG, { MinRetentionDays: 7, MaxRetentionDays: 7 });
  });

  test('tokens are not validated', () => {
    const stack = centralStack();
    vault(stack, {
      backupVaultName: Token.asString({ Ref: 'Name' }),
      shareForRestoreWith: [Token.asString({ Ref: 'Account' })],
      minRetention: Duration.days(Token.asNumber({ Ref: 'MinDays' })),
    });
    Template.fromStack(stack).hasResourceProperties(LAG, { BackupVaultName: { Ref: 'Name' }, MinRetentionDays: { Ref: 'MinDays' }, MaxRetentionDays: 35 });
  });
});
