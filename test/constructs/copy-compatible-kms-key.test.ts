import {
  App,
  RemovalPolicy,
  Stack,
  Token,
  aws_backup as backup,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kms as kms,
  aws_rds as rds,
} from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { decide, keyPolicyOf } from './policy-helpers';
import { CopyCompatibleKmsKey } from '../../src';
import { evaluatePolicy } from '../../src/checks/policy/evaluator';
import { DST, ORG, OTHER, SRC, SRC2 } from '../fixtures';

const DST2 = SRC2;

// The key policy the article prescribes, written out here rather than taken from
// src/checks/policy/copy-permissions.ts: a change to the shared lists must fail this test.
const USE_ACTIONS = [
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
];
const GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];
/** What AWS Backup in the destination account actually calls (ReEncrypt* expands to these). */
const COPY_CALLS = ['kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'];

const root = (account: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] });

function sourceStack(context?: Record<string, unknown>): Stack {
  const app = new App({ context });
  return new Stack(app, 'Source', { env: { account: SRC, region: 'eu-west-1' } });
}

describe('key policy', () => {
  test('keeps the admin statement and adds exactly the two statements of the article for the destination account', () => {
    const stack = sourceStack();
    new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST] });

    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: Match.exact([
          { Action: 'kms:*', Effect: 'Allow', Principal: { AWS: root(SRC) }, Resource: '*' },
          {
            Sid: 'Allow use of the key',
            Effect: 'Allow',
            Principal: { AWS: root(DST) },
            Action: USE_ACTIONS,
            Resource: '*',
          },
          {
            Sid: 'Allow attachment of persistent resources',
            Effect: 'Allow',
            Principal: { AWS: root(DST) },
            Action: GRANT_ACTIONS,
            Resource: '*',
            Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          },
        ]),
      },
    });
  });

  test('several destination accounts share the two statements', () => {
    const stack = sourceStack();
    new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST, DST2] });
    const statements = keyPolicyOf(stack).Statement;
    expect(statements).toHaveLength(3);
    expect(statements[1].Principal).toEqual({ AWS: [root(DST), root(DST2)] });
    expect(statements[2].Principal).toEqual({ AWS: [root(DST), root(DST2)] });
  });

  test('an organization gets the same two statements for principal AWS * with aws:PrincipalOrgID', () => {
    const stack = sourceStack();
    new CopyCompatibleKmsKey(stack, 'Key', { destinationOrganizationId: ORG });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.exact([
          Match.objectLike({ Action: 'kms:*', Principal: { AWS: root(SRC) } }),
          {
            Sid: 'Allow use of the key by organization members',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: USE_ACTIONS,
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
          },
          {
            Sid: 'Allow attachment of persistent resources by organization members',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: GRANT_ACTIONS,
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG }, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          },
        ]),
      },
    });
  });

  test('accounts and organization together: admin statement plus both pairs, distinct Sids', () => {
    const stack = sourceStack();
    new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST], destinationOrganizationId: ORG });
    const sids = keyPolicyOf(stack).Statement.map((s: any) => s.Sid);
    expect(sids).toEqual([
      undefined,
      'Allow use of the key',
      'Allow attachment of persistent resources',
      'Allow use of the key by organization members',
      'Allow attachment of persistent resources by organization members',
    ]);
  });

  test('a user-supplied policy is kept, the account keeps its administration (policy evaluator), and the copy statements are added', () => {
    const stack = sourceStack();
    const policy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        sid: 'Auditors', principals: [new iam.ArnPrincipal(`arn:aws:iam::${SRC}:role/Auditor`)], actions: ['kms:DescribeKey'], resources: ['*'],
      })],
    });
    new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST], policy });
    const doc = keyPolicyOf(stack);
    // kms.Key alone would leave only 'Auditors' here: nobody could change or delete the key.
    expect(doc.Statement.map((s: any) => s.Sid)).toEqual(['Auditors', undefined, 'Allow use of the key', 'Allow attachment of persistent resources']);
    const rootDecision = (action: string) => evaluatePolicy(doc, {
      principalArn: `arn:aws:iam::${SRC}:root`, principalAccount: SRC, action, pseudo: { partition: 'aws', accountId: SRC },
    }).decision;
    for (const action of ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:Decrypt']) expect(rootDecision(action)).toBe('allow');
    expect(decide(doc, DST, 'kms:PutKeyPolicy')).toBe('implicit-deny');
    expect(decide(doc, DST, 'kms:Decrypt')).toBe('allow');
  });

  test('an empty user policy also keeps the administration statement', () => {
    const stack = sourceStack();
    new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST], policy: new iam.PolicyDocument() });
    expect(keyPolicyOf(stack).Statement[0]).toEqual({
      Effect: 'Allow',
      Action: 'kms:*',
      Resource: '*',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${SRC}:root`]] } },
    });
  });

  test('a user policy that already lets the account administer the key gets no second admin statement', () => {
    const stack = sourceStack();
    const policy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        sid: 'Admin', principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'],
      })],
    });
    new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST], policy });
    expect(keyPolicyOf(stack).Statement.map((s: any) => s.Sid)).toEqual(['Admin', 'Allow use of the key', 'Allow attachment of persistent resources']);
  });

  test('a user policy that denies the account kms:PutKeyPolicy is refused', () => {
    const policy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        sid: 'NoChanges', effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['kms:PutKeyPolicy'], resources: ['*'],
      })],
    });
    expect(() => new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationAccounts: [DST], policy })).toThrow(
      "CopyCompatibleKmsKey 'Source/Key': policy denies the account root principal kms:PutKeyPolicy (statement NoChanges)",
    );
  });

  test.each([
    ['on', true],
    ['off', false],
  ])('with minimizePolicies %s the statements are not merged and the output is deterministic', (_name, flag) => {
    const build = () => {
      const stack = sourceStack({ '@aws-cdk/aws-iam:minimizePolicies': flag });
      const key = new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST, DST2], destinationOrganizationId: ORG });
      key.allowCopyTo(OTHER);
      return keyPolicyOf(stack);
    };
    const policy = build();
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual([
      undefined,
      'Allow use of the key',
      'Allow attachment of persistent resources',
      'Allow use of the key by organization members',
      'Allow attachment of persistent resources by organization members',
    ]);
    expect(policy.Statement[1].Principal.AWS).toHaveLength(3);
    expect(build()).toEqual(policy);
  });

  test('the flag only changes the order of actions and principals (IAM ignores it), never the content', () => {
    const build = (flag: boolean) => {
      const stack = sourceStack({ '@aws-cdk/aws-iam:minimizePolicies': flag });
      const key = new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST2, DST], destinationOrganizationId: ORG });
      key.allowCopyTo(OTHER);
      return keyPolicyOf(stack);
    };
    const byText = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    const canonical = (policy: any) => JSON.parse(JSON.stringify(policy), (_k, v) => (Array.isArray(v) ? [...v].sort(byText) : v));
    const on = build(true);
    const off = build(false);
    expect(canonical(on)).toEqual(canonical(off));
    expect(on.Statement.map((s: any) => s.Sid)).toEqual(off.Statement.map((s: any) => s.Sid));
  });
});

describe('allowCopyTo', () => {
  test('adds the account to both statements', () => {
    const stack = sourceStack();
    const key = new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST] });
    key.allowCopyTo(DST2);
    expect(key.destinationAccounts).toEqual([DST, DST2]);
    const [, use, grant] = keyPolicyOf(stack).Statement;
    expect(use.Principal).toEqual({ AWS: [root(DST), root(DST2)] });
    expect(grant.Principal).toEqual({ AWS: [root(DST), root(DST2)] });
  });

  test('adding the same account twice changes nothing', () => {
    const once = sourceStack();
    new CopyCompatibleKmsKey(once, 'Key', { destinationAccounts: [DST] }).allowCopyTo(DST2);
    const twice = sourceStack();
    const key = new CopyCompatibleKmsKey(twice, 'Key', { destinationAccounts: [DST] });
    key.allowCopyTo(DST2);
    key.allowCopyTo(DST2);
    key.allowCopyTo(DST);
    expect(key.destinationAccounts).toEqual([DST, DST2]);
    expect(Template.fromStack(twice).toJSON()).toEqual(Template.fromStack(once).toJSON());
  });

  test('on an organization-only key it creates the account statements', () => {
    const stack = sourceStack();
    const key = new CopyCompatibleKmsKey(stack, 'Key', { destinationOrganizationId: ORG });
    expect(key.destinationAccounts).toEqual([]);
    key.allowCopyTo(DST);
    const statements = keyPolicyOf(stack).Statement;
    expect(statements.map((s: any) => s.Sid)).toEqual([
      undefined,
      'Allow use of the key by organization members',
      'Allow attachment of persistent resources by organization members',
      'Allow use of the key',
      'Allow attachment of persistent resources',
    ]);
    expect(statements[3].Principal).toEqual({ AWS: root(DST) });
  });

  test('refuses a bad account id', () => {
    const key = new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationAccounts: [DST] });
    expect(() => key.allowCopyTo('2222')).toThrow("CopyCompatibleKmsKey 'Source/Key': allowCopyTo(): '2222' is not an AWS account id");
  });
});

describe('evaluated key policy', () => {
  const stack = sourceStack();
  new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST] });
  const policy = keyPolicyOf(stack);

  test.each(COPY_CALLS)('the destination backup role may %s', (action) => {
    expect(decide(policy, DST, action)).toBe('allow');
  });

  test.each(GRANT_ACTIONS)('the destination backup role may %s for an AWS resource', (action) => {
    expect(decide(policy, DST, action, { 'kms:GrantIsForAWSResource': true })).toBe('allow');
  });

  test.each(GRANT_ACTIONS)('the destination may not %s for anything but an AWS resource', (action) => {
    expect(decide(policy, DST, action, { 'kms:GrantIsForAWSResource': false })).toBe('implicit-deny');
    expect(decide(policy, DST, action)).toBe('implicit-deny');
  });

  test.each(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:CreateAlias', 'kms:RetireGrant', 'kms:GenerateDataKeyPair', 'kms:Sign'])(
    'the destination may not %s',
    (action) => {
      expect(decide(policy, DST, action, { 'kms:GrantIsForAWSResource': true })).toBe('implicit-deny');
    },
  );

  test.each([...COPY_CALLS, ...GRANT_ACTIONS, 'kms:PutKeyPolicy'])('an unrelated account may not %s', (action) => {
    expect(decide(policy, OTHER, action, { 'kms:GrantIsForAWSResource': true, 'aws:PrincipalOrgID': ORG })).toBe('implicit-deny');
  });

  test('the key account keeps full administration', () => {
    expect(decide(policy, SRC, 'kms:PutKeyPolicy')).toBe('allow');
    expect(decide(policy, SRC, 'kms:ScheduleKeyDeletion')).toBe('allow');
  });
});

describe('evaluated key policy, organization', () => {
  const stack = sourceStack();
  new CopyCompatibleKmsKey(stack, 'Key', { destinationOrganizationId: ORG });
  const policy = keyPolicyOf(stack);

  test('a member account may do what the copy needs', () => {
    for (const action of COPY_CALLS) expect(decide(policy, DST, action, { 'aws:PrincipalOrgID': ORG })).toBe('allow');
    for (const action of GRANT_ACTIONS) {
      expect(decide(policy, DST, action, { 'aws:PrincipalOrgID': ORG, 'kms:GrantIsForAWSResource': true })).toBe('allow');
      expect(decide(policy, DST, action, { 'aws:PrincipalOrgID': ORG, 'kms:GrantIsForAWSResource': false })).toBe('implicit-deny');
    }
  });

  test('a member account may not administer the key', () => {
    expect(decide(policy, DST, 'kms:PutKeyPolicy', { 'aws:PrincipalOrgID': ORG })).toBe('implicit-deny');
    expect(decide(policy, DST, 'kms:ScheduleKeyDeletion', { 'aws:PrincipalOrgID': ORG })).toBe('implicit-deny');
  });

  test('an account of another organization, or of none, may do nothing', () => {
    expect(decide(policy, OTHER, 'kms:Decrypt', { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' })).toBe('implicit-deny');
    expect(decide(policy, OTHER, 'kms:Decrypt')).toBe('implicit-deny');
    expect(decide(policy, OTHER, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': true })).toBe('implicit-deny');
  });
});

describe('key properties', () => {
  test('key rotation is on by default', () => {
    const stack = sourceStack();
    new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST] });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('key rotation can be switched off', () => {
    const stack = sourceStack();
    new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST], enableKeyRotation: false });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: false });
  });

  test('kms.KeyProps pass through (alias, description, removal policy)', () => {
    const stack = sourceStack();
    new CopyCompatibleKmsKey(stack, 'Key', {
      destinationAccounts: [DST],
      alias: 'alias/backup-copies',
      description: 'copies',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ Description: 'copies' }) });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/backup-copies' });
  });

  test('exposes what was configured', () => {
    const key = new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationAccounts: [DST], destinationOrganizationId: ORG });
    expect(key.destinationAccounts).toEqual([DST]);
    expect(key.destinationOrganizationId).toBe(ORG);
    // the returned list is a copy
    key.destinationAccounts.push(OTHER);
    expect(key.destinationAccounts).toEqual([DST]);
    expect(CopyCompatibleKmsKey.isCopyCompatibleKmsKey(key)).toBe(true);
    expect(CopyCompatibleKmsKey.isCopyCompatibleKmsKey(new kms.Key(sourceStack(), 'Plain'))).toBe(false);
    expect(CopyCompatibleKmsKey.isCopyCompatibleKmsKey(undefined)).toBe(false);
  });
});

describe('usable wherever an IKey is', () => {
  test('as the storage encryption key of an RDS instance', () => {
    const stack = sourceStack();
    const key = new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST] });
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
    new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncryptionKey: key,
    });
    const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  test('as the encryption key of a backup vault', () => {
    const stack = sourceStack();
    const key = new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [DST] });
    new backup.BackupVault(stack, 'Vault', { encryptionKey: key });
    const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });
});

describe('bad input is refused at construction', () => {
  test('no destination at all', () => {
    expect(() => new CopyCompatibleKmsKey(sourceStack(), 'Key', {})).toThrow(
      "CopyCompatibleKmsKey 'Source/Key': a key for cross-account copies must trust the accounts that receive them: give at least one of 'destinationAccounts', 'destinationOrganizationId', 'destinationOrganizationalUnitPaths'.",
    );
  });
  test('destinationOrganizationalUnitPaths: malformed, from two organizations, or outside destinationOrganizationId', () => {
    const ou = (org: string, id: string) => `${org}/r-f6g7h8i9j0example/ou-def0-${id}/`;
    expect(() => new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationOrganizationalUnitPaths: ['ou-def0-awsbbbbb'] }))
      .toThrow("CopyCompatibleKmsKey 'Source/Key': destinationOrganizationalUnitPaths[0]: 'ou-def0-awsbbbbb' is not an organizational unit path");
    expect(() => new CopyCompatibleKmsKey(sourceStack(), 'Key', {
      destinationOrganizationalUnitPaths: [ou(ORG, 'awsbbbbb'), ou('o-zzzzzzzzzz', 'awscccccc')],
    })).toThrow(/destinationOrganizationalUnitPaths name 2 organizations/);
    expect(() => new CopyCompatibleKmsKey(sourceStack(), 'Key', {
      destinationOrganizationId: ORG, destinationOrganizationalUnitPaths: [ou('o-zzzzzzzzzz', 'awscccccc')],
    })).toThrow(/destinationOrganizationalUnitPaths\[0\]/);
    const key = new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationOrganizationalUnitPaths: [ou(ORG, 'awsbbbbb')] });
    expect(key.destinationOrganizationalUnitPaths).toEqual([ou(ORG, 'awsbbbbb')]);
  });

  test('empty destinationAccounts', () => {
    expect(() => new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationAccounts: [] })).toThrow(
      "CopyCompatibleKmsKey 'Source/Key': destinationAccounts: the list is empty",
    );
  });
  test('duplicate destination account', () => {
    expect(() => new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationAccounts: [DST, DST] })).toThrow(
      `destinationAccounts: '${DST}' is listed more than once`,
    );
  });
  test('malformed account id', () => {
    expect(() => new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationAccounts: [DST, '22222222222'] })).toThrow(
      "CopyCompatibleKmsKey 'Source/Key': destinationAccounts[1]: '22222222222' is not an AWS account id",
    );
  });
  test('malformed organization id', () => {
    expect(() => new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationOrganizationId: 'r-ab12' })).toThrow(
      "CopyCompatibleKmsKey 'Source/Key': destinationOrganizationId: 'r-ab12' is not an AWS Organizations organization id",
    );
  });
  test('asymmetric key spec', () => {
    expect(
      () => new CopyCompatibleKmsKey(sourceStack(), 'Key', { destinationAccounts: [DST], keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY }),
    ).toThrow("keySpec 'RSA_2048' / keyUsage 'SIGN_VERIFY' cannot encrypt backups");
  });
  test('tokens are left alone', () => {
    const stack = sourceStack();
    const account = Token.asString({ Ref: 'DestinationAccount' });
    const org = Token.asString({ Ref: 'OrgId' });
    const key = new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [account], destinationOrganizationId: org });
    key.allowCopyTo(account); // same token: no duplicate statement
    const statements = keyPolicyOf(stack).Statement;
    expect(statements).toHaveLength(5);
    expect(statements[1].Principal.AWS['Fn::Join'][1]).toContainEqual({ Ref: 'DestinationAccount' });
    expect(statements[3].Condition.StringEquals['aws:PrincipalOrgID']).toEqual({ Ref: 'OrgId' });
  });
});
