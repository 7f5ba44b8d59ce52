import {
  DST, OTHER, SRC, cmk, copyKeyPolicy, dataOf, destinationVault, env, model, resource, route, sourceVault,
} from './model-builder';
import { KEY_NOT_ACCESSIBLE_ERROR, SNAPSHOT_KEY_ERROR } from '../../../src/checks/messages/cab-key-policy';
import type { PolicyDocumentJson } from '../../../src/checks/model/types';
import { cabKeyPolicy } from '../../../src/checks/rules/cab-key-policy';
import { backupServiceRole } from '../../fixtures';

const ownerOnly: PolicyDocumentJson = copyKeyPolicy(SRC, []);
const slr = backupServiceRole;

describe('CAB-KEY-POLICY', () => {
  test('compliant: the key admits the destination account (CopyCompatibleKmsKey-style policy)', () => {
    expect(cabKeyPolicy.check(model([route({ resources: [resource('RDS'), resource('EFS')] })]), {})).toEqual([]);
  });

  test('error on the resource key whose policy does not admit the destination', () => {
    const db = resource('RDS', { key: cmk({ path: 'SourceStack/DbKey', policy: ownerOnly }) });
    const r = route({ resources: [db] });
    const findings = cabKeyPolicy.check(model([r]), {});
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-KEY-POLICY',
      severity: 'error',
      constructPath: 'SourceStack/DbKey',
      routeId: r.id,
      messageId: 'key-policy-denies-destination',
      details: {
        key: 'SourceStack/DbKey',
        resources: ['SourceStack/Db'],
        accounts: [DST],
        principals: [slr(DST)],
        missingActions: ['kms:DescribeKey', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:CreateGrant'],
      },
      awsError: SNAPSHOT_KEY_ERROR(db.key!.reference),
    }]);
    expect(findings[0].docUrl).toBe('https://repost.aws/knowledge-center/backup-cross-account-copy-error');
  });

  test('names only the missing actions: CreateGrant without the AWS-resource condition is fine, missing ReEncrypt is not', () => {
    const policy: PolicyDocumentJson = {
      Statement: [
        ...ownerOnly.Statement,
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DST}:root` }, Action: ['kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:CreateGrant'], Resource: '*' },
      ],
    };
    const volume = resource('EBS', { key: cmk({ policy }) });
    const [f] = cabKeyPolicy.check(model([route({ resources: [volume] })]), {});
    expect(f.details).toMatchObject({ accounts: [DST], missingActions: ['kms:ReEncryptFrom'] });
    expect(f.details.deniedActions).toBeUndefined();
    expect(f.awsError).toBe(KEY_NOT_ACCESSIBLE_ERROR);
  });

  test('an explicit Deny for the destination is named', () => {
    const policy: PolicyDocumentJson = {
      Statement: [
        ...copyKeyPolicy(SRC, [DST]).Statement,
        { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${DST}:root` }, Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    const [f] = cabKeyPolicy.check(model([route({ resources: [resource('EBS', { key: cmk({ policy }) })] })]), {});
    expect(f.details).toMatchObject({ accounts: [DST], missingActions: ['kms:Decrypt'], deniedActions: ['kms:Decrypt'] });
  });

  test('fully managed resources: the source vault key is checked, not the resource key', () => {
    const efs = resource('EFS', { key: cmk({ path: 'SourceStack/EfsKey', policy: ownerOnly }) });
    expect(cabKeyPolicy.check(model([route({ resources: [efs] })]), {})).toEqual([]);
    const src = sourceVault({ key: cmk({ path: 'SourceStack/VaultKey', policy: ownerOnly }) });
    const [f] = cabKeyPolicy.check(model([route({ resources: [efs], sourceVault: src })]), {});
    expect(f.constructPath).toBe('SourceStack/VaultKey');
    expect(f.details).toMatchObject({ key: 'SourceStack/VaultKey', vaults: ['SourceStack/Vault'] });
    expect(f.details.resources).toBeUndefined();
  });

  test('source vault key of fully managed types: a warning by default quoting both sides; an error with requireSourceVaultKeyTrust', () => {
    const efs = resource('EFS');
    const src = sourceVault({ key: cmk({ path: 'SourceStack/VaultKey', policy: ownerOnly }) });
    const m = model([route({ resources: [efs], sourceVault: src })]);
    const data = {
      ruleId: 'CAB-KEY-POLICY',
      constructPath: 'SourceStack/VaultKey',
      routeId: m.routes[0].id,
      messageId: 'vault-key-policy-denies-destination',
      details: expect.objectContaining({ key: 'SourceStack/VaultKey', vaults: ['SourceStack/Vault'], accounts: [DST] }),
    };
    expect(cabKeyPolicy.check(m, {}).map(dataOf)).toEqual([{ ...data, severity: 'warning', awsError: undefined }]);
    expect(cabKeyPolicy.check(m, { requireSourceVaultKeyTrust: true }).map(dataOf))
      .toEqual([{ ...data, severity: 'error', awsError: KEY_NOT_ACCESSIBLE_ERROR }]);
  });

  test('a key that is both a resource key and a source vault key: one error (the resource side is documented)', () => {
    const key = cmk({ path: 'SourceStack/SharedKey', policy: ownerOnly });
    const m = model([route({ resources: [resource('EFS'), resource('EBS', { key })], sourceVault: sourceVault({ key }) })]);
    const findings = cabKeyPolicy.check(m, {});
    expect(findings.map((f) => [f.severity, f.constructPath, f.messageId])).toEqual([['error', 'SourceStack/SharedKey', 'key-policy-denies-destination']]);
  });

  test('DynamoDB with advanced features (declared or not declared) is fully managed: vault key; declared off, its copy is impossible: nothing', () => {
    const table = resource('DynamoDB', { key: cmk({ path: 'SourceStack/TableKey', policy: ownerOnly }) });
    const src = sourceVault({ key: cmk({ path: 'SourceStack/VaultKey', policy: ownerOnly }) });
    const m = model([route({ resources: [table], sourceVault: src })]);
    expect(cabKeyPolicy.check(m, { dynamoDbAdvancedFeatures: false })).toEqual([]);
    expect(cabKeyPolicy.check(m, { dynamoDbAdvancedFeatures: true }).map((f) => f.constructPath)).toEqual(['SourceStack/VaultKey']);
    expect(cabKeyPolicy.check(m, {}).map((f) => f.constructPath)).toEqual(['SourceStack/VaultKey']);
  });

  test('one finding per key, listing every destination account it fails', () => {
    const key = cmk({ policy: copyKeyPolicy(SRC, [DST]) });
    const routes = [
      route({ resources: [resource('EBS', { key })] }),
      route({ resources: [resource('EBS', { key })], destination: destinationVault({ env: env(OTHER), path: 'OtherStack/Vault' }) }),
      route({ resources: [resource('RDS', { key })], destination: destinationVault({ env: env(OTHER), path: 'OtherStack/Vault' }) }),
    ];
    const findings = cabKeyPolicy.check(model(routes), {});
    expect(findings).toHaveLength(1);
    expect(findings[0].details).toMatchObject({
      resources: ['SourceStack/Volume', 'SourceStack/Db'],
      accounts: [OTHER],
      principals: [slr(OTHER)],
    });
  });

  test('unknowable conditions get the benefit of the doubt; org conditions use organizationId', () => {
    const policy: PolicyDocumentJson = {
      Statement: [
        ...ownerOnly.Statement,
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-aaaaaaaaaa', 'kms:ViaService': 'backup.us-east-1.amazonaws.com' } },
        },
      ],
    };
    const m = model([route({ resources: [resource('EBS', { key: cmk({ policy }) })] })]);
    expect(cabKeyPolicy.check(m, {})).toEqual([]);
    expect(cabKeyPolicy.check(m, { organizationId: 'o-aaaaaaaaaa' })).toEqual([]);
    expect(cabKeyPolicy.check(m, { organizationId: 'o-bbbbbbbbbb' })).toHaveLength(1);
  });

  test('silent: unresolvable principals, same-account copies, unencrypted resources, keys not in the app', () => {
    const tokenPolicy: PolicyDocumentJson = { Statement: [{ Effect: 'Allow', Principal: { AWS: { Ref: 'DestinationAccount' } }, Action: 'kms:*', Resource: '*' }] };
    const routes = [
      route({ resources: [resource('EBS', { key: cmk({ policy: tokenPolicy }) })] }),
      route({ resources: [resource('EBS', { key: cmk({ policy: ownerOnly }) })], destination: destinationVault({ env: env(SRC, 'us-west-2') }) }),
      route({ resources: [resource('RDS', { encrypted: false, key: cmk({ policy: ownerOnly }) })] }),
      route({ resources: [resource('RDS', { key: { kind: 'external', reference: 'arn:aws:kms:us-east-1:111111111111:key/x', env: env() } })] }),
      route({ resources: [resource('RDS', { key: cmk({ policy: ownerOnly }) })], destination: destinationVault({ env: env(null) }) }),
    ];
    expect(cabKeyPolicy.check(model(routes), {})).toEqual([]);
  });
});
