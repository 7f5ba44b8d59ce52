import {
  DST, OTHER, REGION, SRC, cmk, copyKeyPolicy, destinationVault, env, model, resource, route, sourceVault,
} from './model-builder';
import type { PolicyDocumentJson } from '../../../src/checks/model/types';
import { cabKeyPolicy } from '../../../src/checks/rules/cab-key-policy';

const ownerOnly: PolicyDocumentJson = copyKeyPolicy(SRC, []);
const slr = (a: string) => `arn:aws:iam::${a}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;

describe('CAB-KEY-POLICY', () => {
  test('compliant: the key admits the destination account (CopyCompatibleKmsKey-style policy)', () => {
    expect(cabKeyPolicy.check(model([route({ resources: [resource('RDS'), resource('EFS')] })]), {})).toEqual([]);
  });

  test('error on the resource key whose policy does not admit the destination', () => {
    const db = resource('RDS', { key: cmk({ path: 'SourceStack/DbKey', policy: ownerOnly }) });
    const r = route({ resources: [db] });
    const findings = cabKeyPolicy.check(model([r]), {});
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.ruleId).toBe('CAB-KEY-POLICY');
    expect(f.severity).toBe('error');
    expect(f.constructPath).toBe('SourceStack/DbKey');
    expect(f.routeId).toBe(r.id);
    expect(f.message.startsWith(`CAB-KEY-POLICY: KMS key SourceStack/DbKey (account ${SRC} in ${REGION}) encrypts Amazon RDS DB instance SourceStack/Db`)).toBe(true);
    expect(f.message).toContain(`copied to account ${DST}`);
    expect(f.message).toContain(`account ${DST} (principal ${slr(DST)}) is not allowed kms:DescribeKey, kms:Decrypt, kms:ReEncryptFrom, kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext, kms:CreateGrant`);
    expect(f.message).toContain('"The source snapshot KMS key [');
    expect(f.message).toContain('does not exist, is not enabled or you do not have permissions to access it"');
    expect(f.message).toContain(`new CopyCompatibleKmsKey(this, 'Key', { destinationAccounts: ['${DST}'] })`);
    expect(f.docUrl).toBe('https://repost.aws/knowledge-center/backup-cross-account-copy-error');
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
    expect(f.message).toContain('is not allowed kms:ReEncryptFrom. At run time');
    expect(f.message).not.toContain('is not allowed kms:DescribeKey');
    expect(f.message).toContain('"Given key ID is not accessible"');
  });

  test('an explicit Deny for the destination is named', () => {
    const policy: PolicyDocumentJson = {
      Statement: [
        ...copyKeyPolicy(SRC, [DST]).Statement,
        { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${DST}:root` }, Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    const [f] = cabKeyPolicy.check(model([route({ resources: [resource('EBS', { key: cmk({ policy }) })] })]), {});
    expect(f.message).toContain('is not allowed kms:Decrypt (explicitly denied: kms:Decrypt)');
    expect(f.message).toContain('remove the Deny statements');
  });

  test('fully managed resources: the source vault key is checked, not the resource key', () => {
    const efs = resource('EFS', { key: cmk({ path: 'SourceStack/EfsKey', policy: ownerOnly }) });
    expect(cabKeyPolicy.check(model([route({ resources: [efs] })]), {})).toEqual([]);
    const src = sourceVault({ key: cmk({ path: 'SourceStack/VaultKey', policy: ownerOnly }) });
    const [f] = cabKeyPolicy.check(model([route({ resources: [efs], sourceVault: src })]), {});
    expect(f.constructPath).toBe('SourceStack/VaultKey');
    expect(f.message).toContain('encrypts source vault "Vault" (SourceStack/Vault) of backup plan SourceStack/Plan (rule Daily)');
  });

  test('source vault key of fully managed types: a warning by default quoting both sides; an error with requireSourceVaultKeyTrust', () => {
    const efs = resource('EFS');
    const src = sourceVault({ key: cmk({ path: 'SourceStack/VaultKey', policy: ownerOnly }) });
    const m = model([route({ resources: [efs], sourceVault: src })]);
    const [warning] = cabKeyPolicy.check(m, {});
    expect([warning.ruleId, warning.severity, warning.constructPath]).toEqual(['CAB-KEY-POLICY', 'warning', 'SourceStack/VaultKey']);
    expect(warning.message).toContain('"Why does my cross-account copy fail in AWS Backup?" says the source vault key\'s policy must allow');
    expect(warning.message).toContain('can be an AWS managed key, which cannot be shared');
    expect(warning.message).toContain('requireSourceVaultKeyTrust: true makes it an error');
    expect(warning.message).toContain('The grant is harmless');
    expect(warning.message).not.toContain('At run time AWS Backup fails');
    const [error] = cabKeyPolicy.check(m, { requireSourceVaultKeyTrust: true });
    expect([error.severity, error.constructPath]).toEqual(['error', 'SourceStack/VaultKey']);
    expect(error.message).toContain('At run time AWS Backup fails the copy job with: "Given key ID is not accessible"');
  });

  test('a key that is both a resource key and a source vault key: one error (the resource side is documented)', () => {
    const key = cmk({ path: 'SourceStack/SharedKey', policy: ownerOnly });
    const m = model([route({ resources: [resource('EFS'), resource('EBS', { key })], sourceVault: sourceVault({ key }) })]);
    const findings = cabKeyPolicy.check(m, {});
    expect(findings.map((f) => [f.severity, f.constructPath])).toEqual([['error', 'SourceStack/SharedKey']]);
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
    expect(findings[0].message).toContain(`account ${OTHER} (principal ${slr(OTHER)})`);
    expect(findings[0].message).not.toContain(`account ${DST} (principal`);
    expect(findings[0].message).toContain('Amazon EBS volume SourceStack/Volume and Amazon RDS DB instance SourceStack/Db');
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
