import {
  Annotations as CoreAnnotations,
  App,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  aws_backup as backup,
  aws_iam as iam,
  aws_kms as kms,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { accessPolicyOf, decide, keyPolicyOf, onlyResource } from './policy-helpers';
import { CopyCompatibleKmsKey, CrossAccountBackupVault } from '../../src';
import { DST, ORG, OTHER, SRC, SRC2 } from '../fixtures';

const CENTRAL = DST;
const OU = `${ORG}/r-f6g7h8i9j0example/ou-def0-awsbbbbb/`;
const OU_TREE = `${ORG}/r-f6g7h8i9j0example/ou-def0-awscccccc/*`;

const root = (account: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] });

function centralStack(context?: Record<string, unknown>, app = new App({ context })): Stack {
  return new Stack(app, 'Central', { env: { account: CENTRAL, region: 'eu-central-1' } });
}

describe('access policy', () => {
  test('source accounts: one statement, backup:CopyIntoBackupVault for their account roots, nothing else', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC, SRC2] });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Version: '2012-10-17',
        Statement: Match.exact([
          {
            Sid: 'AllowCopyIntoBackupVaultFromSourceAccounts',
            Effect: 'Allow',
            Principal: { AWS: [root(SRC), root(SRC2)] },
            Action: 'backup:CopyIntoBackupVault',
            Resource: '*',
          },
        ]),
      },
    });
  });

  test('organization: Principal "*" with StringEquals aws:PrincipalOrgID, as in the AWS docs', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceOrganizationId: ORG });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: Match.exact([
          {
            Sid: 'AllowCopyIntoBackupVaultFromOrganization',
            Effect: 'Allow',
            Principal: '*',
            Action: 'backup:CopyIntoBackupVault',
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': [ORG] } },
          },
        ]),
      },
    });
  });

  test('OU paths: Principal "*" with ForAnyValue:StringLike aws:PrincipalOrgPaths, as in the AWS docs', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceOrganizationalUnitPaths: [OU, OU_TREE] });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: Match.exact([
          {
            Sid: 'AllowCopyIntoBackupVaultFromOrganizationalUnits',
            Effect: 'Allow',
            Principal: '*',
            Action: 'backup:CopyIntoBackupVault',
            Resource: '*',
            Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [OU, OU_TREE] } },
          },
        ]),
      },
    });
  });

  test('all three sources: three statements with distinct Sids; org + OUs is flagged as redundant', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], sourceOrganizationId: ORG, sourceOrganizationalUnitPaths: [OU] });
    expect(accessPolicyOf(stack).Statement.map((s: any) => s.Sid)).toEqual([
      'AllowCopyIntoBackupVaultFromSourceAccounts',
      'AllowCopyIntoBackupVaultFromOrganization',
      'AllowCopyIntoBackupVaultFromOrganizationalUnits',
    ]);
    Annotations.fromStack(stack).hasWarning('/Central/Vault', Match.stringLikeRegexp('sourceOrganizationId already admits every account'));
  });

  test('no redundancy warning without both', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceOrganizationalUnitPaths: [OU] });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toHaveLength(0);
  });

  test.each([true, false])('with minimizePolicies=%s the statements stay separate and the policy is the same', (flag) => {
    const build = (ctx: Record<string, unknown>) => {
      const stack = centralStack(ctx);
      const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], sourceOrganizationalUnitPaths: [OU] });
      vault.allowCopyFrom(SRC2);
      vault.addToAccessPolicy(
        new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['backup:CopyIntoBackupVault'], resources: ['*'] }),
      );
      return accessPolicyOf(stack);
    };
    const policy = build({ '@aws-cdk/aws-iam:minimizePolicies': flag });
    expect(policy.Statement).toHaveLength(3);
    expect(policy.Statement[0].Principal).toEqual({ AWS: [root(SRC), root(SRC2)] });
    expect(build({ '@aws-cdk/aws-iam:minimizePolicies': flag })).toEqual(policy);
  });
});

describe('evaluated access policy', () => {
  test('source accounts: each source may copy in, nothing else; others may not', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC, SRC2] });
    const policy = accessPolicyOf(stack);
    for (const account of [SRC, SRC2]) {
      expect(decide(policy, account, 'backup:CopyIntoBackupVault')).toBe('allow');
      for (const action of ['backup:StartRestoreJob', 'backup:DeleteRecoveryPoint', 'backup:CopyFromBackupVault', 'backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVault']) {
        expect(decide(policy, account, action)).toBe('implicit-deny');
      }
    }
    expect(decide(policy, OTHER, 'backup:CopyIntoBackupVault', { 'aws:PrincipalOrgID': ORG })).toBe('implicit-deny');
  });

  test('organization: members with the right aws:PrincipalOrgID only', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceOrganizationId: ORG });
    const policy = accessPolicyOf(stack);
    expect(decide(policy, OTHER, 'backup:CopyIntoBackupVault', { 'aws:PrincipalOrgID': ORG })).toBe('allow');
    expect(decide(policy, OTHER, 'backup:CopyIntoBackupVault', { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' })).toBe('implicit-deny');
    expect(decide(policy, OTHER, 'backup:CopyIntoBackupVault')).toBe('implicit-deny');
    expect(decide(policy, OTHER, 'backup:StartRestoreJob', { 'aws:PrincipalOrgID': ORG })).toBe('implicit-deny');
  });

  test('OU paths: accounts in the OU (exact path) or below it (path/*) only', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceOrganizationalUnitPaths: [OU, OU_TREE] });
    const policy = accessPolicyOf(stack);
    const paths = (...p: string[]) => ({ 'aws:PrincipalOrgPaths': p, 'aws:PrincipalOrgID': ORG });
    expect(decide(policy, OTHER, 'backup:CopyIntoBackupVault', paths(OU))).toBe('allow');
    expect(decide(policy, OTHER, 'backup:CopyIntoBackupVault', paths(`${ORG}/r-f6g7h8i9j0example/ou-def0-awscccccc/ou-def0-awsddddd/`))).toBe('allow');
    // a child of the exact-path OU is not admitted
    expect(decide(policy, OTHER, 'backup:CopyIntoBackupVault', paths(`${OU}ou-def0-awseeeee/`))).toBe('implicit-deny');
    // another OU of the same organization is not admitted
    expect(decide(policy, OTHER, 'backup:CopyIntoBackupVault', paths(`${ORG}/r-f6g7h8i9j0example/ou-def0-awsfffff/`))).toBe('implicit-deny');
    expect(decide(policy, OTHER, 'backup:CopyIntoBackupVault')).toBe('implicit-deny');
    expect(decide(policy, OTHER, 'backup:DeleteRecoveryPoint', paths(OU))).toBe('implicit-deny');
  });
});

describe('encryption', () => {
  test('without encryptionKey it creates a CopyCompatibleKmsKey (child EncryptionKey) and never uses aws/backup', () => {
    const stack = centralStack();
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC] });
    expect(vault.createdEncryptionKey).toBeInstanceOf(CopyCompatibleKmsKey);
    expect(vault.node.tryFindChild('EncryptionKey')).toBe(vault.createdEncryptionKey);
    expect(vault.encryptionKey).toBe(vault.createdEncryptionKey);
    const keyId = stack.getLogicalId(vault.createdEncryptionKey!.node.defaultChild as kms.CfnKey);
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  test('the created key trusts the source accounts, so copies can be copied back', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC] });
    const policy = keyPolicyOf(stack);
    expect(decide(policy, SRC, 'kms:Decrypt')).toBe('allow');
    expect(decide(policy, SRC, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': true })).toBe('allow');
    expect(decide(policy, SRC, 'kms:PutKeyPolicy')).toBe('implicit-deny');
    expect(decide(policy, OTHER, 'kms:Decrypt')).toBe('implicit-deny');
    expect(decide(policy, CENTRAL, 'kms:PutKeyPolicy')).toBe('allow');
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('the created key trusts the organization when the vault admits the organization', () => {
    const byOrg = centralStack();
    const vault = new CrossAccountBackupVault(byOrg, 'Vault', { sourceOrganizationId: ORG });
    expect(vault.createdEncryptionKey!.destinationOrganizationId).toBe(ORG);
    const policy = keyPolicyOf(byOrg);
    expect(decide(policy, SRC, 'kms:Decrypt', { 'aws:PrincipalOrgID': ORG })).toBe('allow');
    expect(decide(policy, SRC, 'kms:Decrypt', { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' })).toBe('implicit-deny');
  });

  test('OU-restricted vault: the created key trusts exactly those OUs, not the whole organization (policy evaluator)', () => {
    const stack = centralStack();
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceOrganizationalUnitPaths: [OU, OU_TREE] });
    expect(vault.createdEncryptionKey!.destinationOrganizationId).toBeUndefined();
    expect(vault.createdEncryptionKey!.destinationOrganizationalUnitPaths).toEqual([OU, OU_TREE]);
    const key = keyPolicyOf(stack);
    const access = accessPolicyOf(stack);
    const inOu = { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalOrgPaths': [OU] };
    const inChildOu = { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalOrgPaths': [`${ORG}/r-f6g7h8i9j0example/ou-def0-awscccccc/ou-def0-awsddddd/`] };
    const outside = { 'aws:PrincipalOrgID': ORG, 'aws:PrincipalOrgPaths': [`${ORG}/r-f6g7h8i9j0example/ou-def0-awseeeeee/`] };
    for (const ctx of [inOu, inChildOu]) {
      expect(decide(access, SRC, 'backup:CopyIntoBackupVault', ctx)).toBe('allow');
      for (const action of ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey']) expect(decide(key, SRC, action, ctx)).toBe('allow');
      expect(decide(key, SRC, 'kms:CreateGrant', { ...ctx, 'kms:GrantIsForAWSResource': true })).toBe('allow');
    }
    // An account of the same organization outside the OUs: the vault refuses it, and so does its key.
    expect(decide(access, SRC, 'backup:CopyIntoBackupVault', outside)).toBe('implicit-deny');
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey']) expect(decide(key, SRC, action, outside)).toBe('implicit-deny');
    expect(decide(key, SRC, 'kms:CreateGrant', { ...outside, 'kms:GrantIsForAWSResource': true })).toBe('implicit-deny');
    // Nothing in the key policy names the organization id alone.
    expect(JSON.stringify(key)).not.toContain('aws:PrincipalOrgID');
  });

  test('a given encryptionKey is used and no key is created', () => {
    const stack = centralStack();
    const key = new kms.Key(stack, 'MyKey');
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], encryptionKey: key });
    expect(vault.createdEncryptionKey).toBeUndefined();
    expect(vault.encryptionKey).toBe(key);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } });
  });

  test('OU paths given only as tokens: the created key carries the same tokens', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceOrganizationalUnitPaths: [Token.asString({ Ref: 'OuPath' })] });
    const ouStatements = keyPolicyOf(stack).Statement.filter((st: any) => st.Condition?.['ForAnyValue:StringLike']);
    expect(ouStatements).toHaveLength(2);
    for (const st of ouStatements) expect(st.Condition['ForAnyValue:StringLike']['aws:PrincipalOrgPaths']).toEqual([{ Ref: 'OuPath' }]);
  });
});

describe('allowCopyFrom', () => {
  test('adds the account to the access policy and to the created key', () => {
    const stack = centralStack();
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC] });
    vault.allowCopyFrom(SRC2);
    expect(vault.sourceAccounts).toEqual([SRC, SRC2]);
    expect(vault.createdEncryptionKey!.destinationAccounts).toEqual([SRC, SRC2]);
    expect(decide(accessPolicyOf(stack), SRC2, 'backup:CopyIntoBackupVault')).toBe('allow');
    expect(decide(keyPolicyOf(stack), SRC2, 'kms:Decrypt')).toBe('allow');
  });

  test('is idempotent', () => {
    const once = centralStack();
    new CrossAccountBackupVault(once, 'Vault', { sourceAccounts: [SRC] }).allowCopyFrom(SRC2);
    const twice = centralStack();
    const vault = new CrossAccountBackupVault(twice, 'Vault', { sourceAccounts: [SRC] });
    vault.allowCopyFrom(SRC2);
    vault.allowCopyFrom(SRC2);
    vault.allowCopyFrom(SRC);
    expect(vault.sourceAccounts).toEqual([SRC, SRC2]);
    expect(Template.fromStack(twice).toJSON()).toEqual(Template.fromStack(once).toJSON());
  });

  test('on an organization-only vault it creates the accounts statement', () => {
    const stack = centralStack();
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceOrganizationId: ORG });
    vault.allowCopyFrom(SRC);
    expect(accessPolicyOf(stack).Statement.map((s: any) => s.Sid)).toEqual([
      'AllowCopyIntoBackupVaultFromOrganization',
      'AllowCopyIntoBackupVaultFromSourceAccounts',
    ]);
    expect(decide(accessPolicyOf(stack), SRC, 'backup:CopyIntoBackupVault')).toBe('allow');
  });

  test('does not touch a key it did not create', () => {
    const stack = centralStack();
    const key = new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [SRC] });
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], encryptionKey: key });
    vault.allowCopyFrom(SRC2);
    expect(key.destinationAccounts).toEqual([SRC]);
  });

  test('refuses a bad account id', () => {
    const vault = new CrossAccountBackupVault(centralStack(), 'Vault', { sourceAccounts: [SRC] });
    expect(() => vault.allowCopyFrom('1111-1111-1111')).toThrow(
      "CrossAccountBackupVault 'Central/Vault': allowCopyFrom(): '1111-1111-1111' is not an AWS account id",
    );
  });
});

describe('vault properties pass through', () => {
  test('backupVaultName', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], backupVaultName: 'central-copies' });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'central-copies' });
  });

  test('without a name the vault gets the same generated name a backup.BackupVault gets', () => {
    const a = centralStack();
    new CrossAccountBackupVault(a, 'Vault', { sourceAccounts: [SRC] });
    const b = centralStack();
    new backup.BackupVault(b, 'Vault');
    const name = onlyResource(a, 'AWS::Backup::BackupVault').Properties.BackupVaultName;
    expect(name).toBe(onlyResource(b, 'AWS::Backup::BackupVault').Properties.BackupVaultName);
    expect(name).toMatch(/^CentralVault[0-9A-F]{8}$/);
  });

  test('removalPolicy applies to the vault and to the key it created', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], removalPolicy: RemovalPolicy.DESTROY });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });

  test('default removal policy is RETAIN for both', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC] });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('lockConfiguration (and its aws-cdk-lib validation)', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', {
      sourceAccounts: [SRC],
      lockConfiguration: { minRetention: Duration.days(7), maxRetention: Duration.days(365), changeableFor: Duration.days(3) },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 365, ChangeableForDays: 3 },
    });
    expect(
      () =>
        new CrossAccountBackupVault(centralStack(), 'Vault', {
          sourceAccounts: [SRC],
          lockConfiguration: { minRetention: Duration.days(7), changeableFor: Duration.hours(1) },
        }),
    ).toThrow(/72-hour cooling-off/);
  });

  test('notifications', () => {
    const stack = centralStack();
    const topic = new sns.Topic(stack, 'Topic');
    new CrossAccountBackupVault(stack, 'Vault', {
      sourceAccounts: [SRC],
      notificationTopic: topic,
      notificationEvents: [backup.BackupVaultEvents.COPY_JOB_FAILED],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      Notifications: { BackupVaultEvents: ['COPY_JOB_FAILED'], SNSTopicArn: { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) } },
    });
  });

  test('blockRecoveryPointDeletion adds its Deny statement (a Deny for everyone is not a cross-account grant)', () => {
    const stack = centralStack();
    new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], blockRecoveryPointDeletion: true });
    const policy = accessPolicyOf(stack);
    expect(policy.Statement).toHaveLength(2);
    expect(decide(policy, SRC, 'backup:CopyIntoBackupVault')).toBe('allow');
    expect(decide(policy, CENTRAL, 'backup:DeleteRecoveryPoint')).toBe('explicit-deny');
  });

  test('a user accessPolicy is merged with the copy statements', () => {
    const stack = centralStack();
    const accessPolicy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'OpsMayRestore',
          principals: [new iam.ArnPrincipal(`arn:aws:iam::${CENTRAL}:role/Ops`)],
          actions: ['backup:StartRestoreJob'],
          resources: ['*'],
        }),
      ],
    });
    new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], accessPolicy });
    expect(accessPolicyOf(stack).Statement.map((s: any) => s.Sid)).toEqual(['OpsMayRestore', 'AllowCopyIntoBackupVaultFromSourceAccounts']);
  });
});

describe('no cross-account action other than backup:CopyIntoBackupVault', () => {
  const foreignRestore = () =>
    new iam.PolicyStatement({
      sid: 'RestoreFromOther',
      principals: [new iam.AccountPrincipal(OTHER)],
      actions: ['backup:CopyIntoBackupVault', 'backup:StartRestoreJob'],
      resources: ['*'],
    });

  test('a user accessPolicy granting another account more is refused', () => {
    expect(
      () =>
        new CrossAccountBackupVault(centralStack(), 'Vault', {
          sourceAccounts: [SRC],
          accessPolicy: new iam.PolicyDocument({ statements: [foreignRestore()] }),
        }),
    ).toThrow(
      `CrossAccountBackupVault 'Central/Vault': accessPolicy statement 'RestoreFromOther' allows backup:StartRestoreJob to arn:aws:iam::${OTHER}:root, `
      + 'which is outside this vault\'s account. AWS Backup\'s cross-account guide says that any cross-account action other than '
      + 'backup:CopyIntoBackupVault will be rejected. Grant other actions only to principals of this account, use allowCopyFrom() or the '
      + 'source* props to admit copies, or set allowOtherCrossAccountActions: true to keep the grant with a warning.',
    );
  });

  describe('allowOtherCrossAccountActions: the grant is kept, with a warning instead of an error (the sources do not agree that AWS refuses it)', () => {
    const WARNING = 'CrossAccountBackupVault \'Central/Vault\': accessPolicy statement \'RestoreFromOther\' allows backup:StartRestoreJob to '
      + `arn:aws:iam::${OTHER}:root, which is outside this vault's account. AWS Backup's cross-account guide says that any cross-account `
      + 'action other than backup:CopyIntoBackupVault will be rejected (a console procedure says so; the API reference does not). '
      + 'Deploy it once: if AWS refuses the policy, grant the action only to principals of this account; once it works, acknowledge '
      + 'this warning. [ack: cdk-cross-account-backup:otherCrossAccountAction]';

    test('in accessPolicy: deployed as written, with a warning on the vault', () => {
      const stack = centralStack();
      new CrossAccountBackupVault(stack, 'Vault', {
        sourceAccounts: [SRC],
        allowOtherCrossAccountActions: true,
        accessPolicy: new iam.PolicyDocument({ statements: [foreignRestore()] }),
      });
      const statements = accessPolicyOf(stack).Statement as Array<{ Sid?: string; Action: unknown }>;
      expect(statements.find((st) => st.Sid === 'RestoreFromOther')?.Action).toEqual(['backup:CopyIntoBackupVault', 'backup:StartRestoreJob']);
      const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue());
      expect(warnings.map((w) => [w.id, w.entry.data])).toEqual([['/Central/Vault', WARNING]]);
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    });

    test('with addToAccessPolicy: a warning per statement, none for the same statement added twice, no synth error when one changes later', () => {
      const stack = centralStack();
      const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], allowOtherCrossAccountActions: true });
      vault.addToAccessPolicy(foreignRestore());
      vault.addToAccessPolicy(foreignRestore());
      const later = new iam.PolicyStatement({ sid: 'Describe', principals: [new iam.AccountPrincipal(OTHER)], actions: ['backup:DescribeBackupVault'], resources: ['*'] });
      vault.addToAccessPolicy(later);
      later.addActions('backup:StartRestoreJob');
      const warnings = Annotations.fromStack(stack).findWarning('/Central/Vault', Match.stringLikeRegexp('otherCrossAccountAction'));
      expect(warnings.map((w) => /statement (\S+) allows ([^ ]+)/.exec(w.entry.data as string)!.slice(1))).toEqual([
        ["'RestoreFromOther'", 'backup:StartRestoreJob'],
        ["'Describe'", 'backup:DescribeBackupVault'],
      ]);
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    });

    test('the warning can be acknowledged', () => {
      const stack = centralStack();
      const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], allowOtherCrossAccountActions: true });
      vault.addToAccessPolicy(foreignRestore());
      CoreAnnotations.of(vault).acknowledgeWarning('cdk-cross-account-backup:otherCrossAccountAction', 'restores from the DR account are tested');
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    });

    test('without a foreign grant: no warning', () => {
      const stack = centralStack();
      new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC], allowOtherCrossAccountActions: true });
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    });
  });

  test.each([
    ['Principal *', new iam.StarPrincipal(), ['backup:DescribeBackupVault']],
    ['AWS *', new iam.AnyPrincipal(), ['backup:ListRecoveryPointsByBackupVault']],
    ['a role of another account', new iam.ArnPrincipal(`arn:aws:iam::${OTHER}:role/Restorer`), ['backup:StartRestoreJob']],
    ['a wildcard action', new iam.AccountPrincipal(OTHER), ['backup:Copy*']],
  ])('addToAccessPolicy refuses %s', (_name, principal, actions) => {
    const vault = new CrossAccountBackupVault(centralStack(), 'Vault', { sourceAccounts: [SRC] });
    expect(() => vault.addToAccessPolicy(new iam.PolicyStatement({ principals: [principal], actions, resources: ['*'] }))).toThrow(
      `allows ${actions[0]} to `,
    );
  });

  test('addToAccessPolicy accepts same-account grants, service principals, Deny statements and CopyIntoBackupVault', () => {
    const stack = centralStack();
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC] });
    vault.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['backup:DeleteRecoveryPoint'], resources: ['*'] }));
    vault.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(`arn:aws:iam::${CENTRAL}:role/Ops`)], actions: ['backup:StartRestoreJob'], resources: ['*'] }));
    vault.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.ServicePrincipal('backup.amazonaws.com')], actions: ['backup:DescribeBackupVault'], resources: ['*'] }));
    vault.addToAccessPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['backup:DeleteBackupVault'], resources: ['*'] }));
    vault.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(OTHER)], actions: ['backup:CopyIntoBackupVault'], resources: ['*'] }));
    expect(accessPolicyOf(stack).Statement).toHaveLength(6);
  });

  test('a statement changed after it was added is caught at synth', () => {
    const stack = centralStack();
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC] });
    const st = new iam.PolicyStatement({ sid: 'Ops', principals: [new iam.AccountRootPrincipal()], actions: ['backup:StartRestoreJob'], resources: ['*'] });
    vault.addToAccessPolicy(st);
    st.addPrincipals(new iam.AccountPrincipal(OTHER));
    expect(() => Template.fromStack(stack)).toThrow(/access policy statement 'Ops' allows backup:StartRestoreJob to arn:aws:iam::333333333333:root/);
  });

  test('in an environment-agnostic stack literal account principals cannot be judged and are let through; * is still refused', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC] });
    vault.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(OTHER)], actions: ['backup:StartRestoreJob'], resources: ['*'] }));
    expect(() =>
      vault.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['backup:StartRestoreJob'], resources: ['*'] })),
    ).toThrow('allows backup:StartRestoreJob to *');
  });
});

describe('copy destination of a backup plan', () => {
  function twoAccountApp(centralEnv = { account: CENTRAL, region: 'eu-central-1' }, sourceEnv = { account: SRC, region: 'eu-west-1' }) {
    const app = new App();
    const central = new Stack(app, 'Central', { env: centralEnv });
    const vault = new CrossAccountBackupVault(central, 'Vault', { sourceAccounts: [SRC] });
    const source = new Stack(app, 'Source', { env: sourceEnv });
    const plan = new backup.BackupPlan(source, 'Plan', {
      backupVault: new backup.BackupVault(source, 'LocalVault', { encryptionKey: new CopyCompatibleKmsKey(source, 'Key', { destinationAccounts: [CENTRAL] }) }),
    });
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        deleteAfter: Duration.days(35),
        copyActions: [{ destinationBackupVault: vault, deleteAfter: Duration.days(35) }],
      }),
    );
    return { app, central, source, vault };
  }

  test('another account and Region: a literal ARN of the central vault, no export, no stack dependency', () => {
    const { app, central, source } = twoAccountApp();
    const assembly = app.synth();
    const sourceTemplate = assembly.getStackByName(source.stackName).template;
    const plan = Object.values(sourceTemplate.Resources).find((r: any) => r.Type === 'AWS::Backup::BackupPlan') as any;
    const name = onlyResource(central, 'AWS::Backup::BackupVault').Properties.BackupVaultName;
    expect(plan.Properties.BackupPlan.BackupPlanRule[0].CopyActions).toEqual([
      { DestinationBackupVaultArn: `arn:aws:backup:eu-central-1:${CENTRAL}:backup-vault:${name}`, Lifecycle: { DeleteAfterDays: 35 } },
    ]);
    expect(JSON.stringify(sourceTemplate)).not.toContain('Fn::ImportValue');
    expect(assembly.getStackByName(central.stackName).template.Outputs ?? {}).toEqual({});
    expect(source.dependencies).toEqual([]);
    expect(central.dependencies).toEqual([]);
  });

  test('the generated name is deterministic across synths', () => {
    const arn = () => {
      const { source } = twoAccountApp();
      return Template.fromStack(source).toJSON();
    };
    expect(arn()).toEqual(arn());
  });

  test('another account, same Region: literal ARN', () => {
    const { source } = twoAccountApp({ account: CENTRAL, region: 'eu-west-1' });
    Template.fromStack(source).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [{ CopyActions: [{ DestinationBackupVaultArn: Match.stringLikeRegexp(`^arn:aws:backup:eu-west-1:${CENTRAL}:backup-vault:CentralVault`) }] }] },
    });
  });

  test('same account, another Region: literal ARN (no cross-Region export machinery)', () => {
    const { source } = twoAccountApp({ account: SRC, region: 'eu-central-1' });
    Template.fromStack(source).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [{ CopyActions: [{ DestinationBackupVaultArn: Match.stringLikeRegexp(`^arn:aws:backup:eu-central-1:${SRC}:backup-vault:`) }] }] },
    });
  });

  test('a Region of another partition renders that partition', () => {
    const { source } = twoAccountApp({ account: CENTRAL, region: 'cn-north-1' }, { account: SRC, region: 'cn-northwest-1' });
    Template.fromStack(source).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [{ CopyActions: [{ DestinationBackupVaultArn: Match.stringLikeRegexp(`^arn:aws-cn:backup:cn-north-1:${CENTRAL}:`) }] }] },
    });
  });

  test('same environment, another stack: a normal cross-stack reference', () => {
    const { app, central, source } = twoAccountApp({ account: SRC, region: 'eu-west-1' });
    app.synth();
    Template.fromStack(source).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [{ CopyActions: [{ DestinationBackupVaultArn: { 'Fn::ImportValue': Match.stringLikeRegexp('^Central:ExportsOutput') } }] }] },
    });
    expect(source.dependencies).toEqual([central]);
  });

  test('same stack: Fn::GetAtt', () => {
    const stack = centralStack();
    const vault = new CrossAccountBackupVault(stack, 'Vault', { sourceAccounts: [SRC] });
    const plan = new backup.BackupPlan(stack, 'Plan', { backupVault: vault });
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'r', copyActions: [{ destinationBackupVault: vault }] }));
    new CfnOutput(stack, 'Name', { value: vault.backupVaultName });
    const vaultId = stack.getLogicalId(vault.node.defaultChild as backup.CfnBackupVault);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          {
            TargetBackupVault: { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] },
            CopyActions: [{ DestinationBackupVaultArn: { 'Fn::GetAtt': [vaultId, 'BackupVaultArn'] } }],
          },
        ],
      },
    });
    t.hasOutput('Name', { Value: { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] } });
  });

  test('the vault name also renders literally in another environment', () => {
    const { source, vault, central } = twoAccountApp();
    new CfnOutput(source, 'CentralVaultName', { value: vault.backupVaultName });
    const name = onlyResource(central, 'AWS::Backup::BackupVault').Properties.BackupVaultName;
    Template.fromStack(source).hasOutput('CentralVaultName', { Value: name });
  });

  test('a vault in an environment-agnostic stack cannot be referenced from another environment: clear error', () => {
    const app = new App();
    const central = new Stack(app, 'Central');
    const vault = new CrossAccountBackupVault(central, 'Vault', { sourceAccounts: [SRC] });
    const source = new Stack(app, 'Source', { env: { account: SRC, region: 'eu-west-1' } });
    new backup.BackupPlan(source, 'Plan', { backupVault: new backup.BackupVault(source, 'LocalVault') }).addRule(
      new backup.BackupPlanRule({ copyActions: [{ destinationBackupVault: vault }] }),
    );
    expect(() => app.synth()).toThrow(/has no explicit account and region\. Set env: \{ account, region \} on 'Central'/);
  });

  test('exposes the configuration and the marker', () => {
    const vault = new CrossAccountBackupVault(centralStack(), 'Vault', { sourceAccounts: [SRC], sourceOrganizationalUnitPaths: [OU] });
    expect(vault.sourceAccounts).toEqual([SRC]);
    expect(vault.sourceOrganizationalUnitPaths).toEqual([OU]);
    expect(vault.sourceOrganizationId).toBeUndefined();
    expect(CrossAccountBackupVault.isCrossAccountBackupVault(vault)).toBe(true);
    expect(CrossAccountBackupVault.isCrossAccountBackupVault(new backup.BackupVault(centralStack(), 'Plain'))).toBe(false);
  });
});

describe('bad input is refused at construction', () => {
  const make = (props: any) => () => new CrossAccountBackupVault(centralStack(), 'Vault', props);

  test('no source at all', () => {
    expect(make({})).toThrow(
      "CrossAccountBackupVault 'Central/Vault': a vault for cross-account copies must say whose copies it accepts: give at least one of 'sourceAccounts', 'sourceOrganizationId', 'sourceOrganizationalUnitPaths'.",
    );
  });
  test('the name Default', () => {
    expect(make({ sourceAccounts: [SRC], backupVaultName: 'Default' })).toThrow(
      "CrossAccountBackupVault 'Central/Vault': backupVaultName: 'Default' is the name of the AWS Backup default vault",
    );
  });
  test('empty lists', () => {
    expect(make({ sourceAccounts: [] })).toThrow('sourceAccounts: the list is empty');
    expect(make({ sourceOrganizationalUnitPaths: [] })).toThrow('sourceOrganizationalUnitPaths: the list is empty');
  });
  test('duplicates', () => {
    expect(make({ sourceAccounts: [SRC, SRC2, SRC] })).toThrow(`sourceAccounts: '${SRC}' is listed more than once`);
    expect(make({ sourceOrganizationalUnitPaths: [OU, OU] })).toThrow(`sourceOrganizationalUnitPaths: '${OU}' is listed more than once`);
  });
  test('a malformed account id', () => {
    expect(make({ sourceAccounts: [SRC, 'arn:aws:iam::444444444444:root'] })).toThrow(
      "sourceAccounts[1]: 'arn:aws:iam::444444444444:root' is not an AWS account id",
    );
  });
  test('a malformed organization id', () => {
    expect(make({ sourceOrganizationId: 'o-short' })).toThrow("sourceOrganizationId: 'o-short' is not an AWS Organizations organization id");
  });
  test('a malformed OU path', () => {
    expect(make({ sourceOrganizationalUnitPaths: ['ou-def0-awsbbbbb'] })).toThrow(
      "sourceOrganizationalUnitPaths[0]: 'ou-def0-awsbbbbb' is not an organizational unit path",
    );
    expect(make({ sourceOrganizationalUnitPaths: [OU.slice(0, -1)] })).toThrow("It must end with '/'");
  });
  test('an OU path outside sourceOrganizationId', () => {
    expect(make({ sourceOrganizationId: 'o-zzzzzzzzzz', sourceOrganizationalUnitPaths: [OU] })).toThrow(
      `sourceOrganizationalUnitPaths[0]: '${OU}' is not in organization 'o-zzzzzzzzzz'`,
    );
  });
  test('OU paths of two organizations', () => {
    expect(make({ sourceOrganizationalUnitPaths: [OU, 'o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/'] })).toThrow(
      'sourceOrganizationalUnitPaths name 2 organizations (o-a1b2c3d4e5, o-zzzzzzzzzz)',
    );
  });
  test('an invalid vault name is still refused by aws-cdk-lib', () => {
    expect(make({ sourceAccounts: [SRC], backupVaultName: 'bad name!' })).toThrow(/Expected vault name to match pattern/);
  });
  test('tokens are left alone', () => {
    const stack = centralStack();
    const account = Token.asString({ Ref: 'SourceAccount' });
    const org = Token.asString({ Ref: 'OrgId' });
    const path = Token.asString({ Ref: 'OuPath' });
    const vault = new CrossAccountBackupVault(stack, 'Vault', {
      sourceAccounts: [account],
      sourceOrganizationId: org,
      sourceOrganizationalUnitPaths: [path],
      backupVaultName: Token.asString({ Ref: 'VaultName' }),
    });
    vault.allowCopyFrom(account);
    const statements = accessPolicyOf(stack).Statement;
    expect(statements).toHaveLength(3);
    expect(statements[1].Condition.StringEquals['aws:PrincipalOrgID']).toEqual([{ Ref: 'OrgId' }]);
    expect(statements[2].Condition['ForAnyValue:StringLike']['aws:PrincipalOrgPaths']).toEqual([{ Ref: 'OuPath' }]);
  });
});
