import {
  DST, PLAN, SRC, awsManagedKey, dataOf, destinationVault, env, model, resource, route, sourceVault, vault,
} from './model-builder';
import { DEFAULT_KEY_VAULT_ERROR, STORAGE_GATEWAY_ERROR } from '../../../src/checks/messages/cab-vault-key';
import { cabVaultKey } from '../../../src/checks/rules/cab-vault-key';

describe('CAB-VAULT-KEY', () => {
  test('compliant: both vaults have customer managed keys', () => {
    expect(cabVaultKey.check(model([route()]), {})).toEqual([]);
  });

  test('error on an in-app source vault without EncryptionKeyArn', () => {
    const r = route({ sourceVault: sourceVault({ key: undefined }) });
    const findings = cabVaultKey.check(model([r]), {});
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-VAULT-KEY',
      severity: 'error',
      constructPath: 'SourceStack/Vault',
      routeId: r.id,
      messageId: 'source-vault-without-cmk',
      details: { cause: 'no-key', vaults: ['SourceStack/Vault'], accounts: [DST] },
      awsError: DEFAULT_KEY_VAULT_ERROR,
    }]);
  });

  test('error on a source vault keyed with alias/aws/backup; one finding per vault', () => {
    const src = sourceVault({ key: awsManagedKey('aws/backup') });
    const findings = cabVaultKey.check(model([route({ sourceVault: src }), route({ sourceVault: src, ruleName: 'Weekly' })]), {});
    expect(findings.map((f) => [f.messageId, f.details])).toEqual([
      ['source-vault-without-cmk', { cause: 'aws-managed-key', vaults: ['SourceStack/Vault'], keyAlias: 'aws/backup', accounts: [DST] }],
    ]);
  });

  test("the account's Default vault as source (imported by name) attaches to the plan", () => {
    const src = vault({ inApp: false, name: 'Default', path: 'SourceStack/DefaultVault', key: undefined });
    const r = route({ sourceVault: src });
    expect(cabVaultKey.check(model([r]), {}).map(dataOf)).toEqual([{
      ruleId: 'CAB-VAULT-KEY',
      severity: 'error',
      constructPath: PLAN,
      routeId: r.id,
      messageId: 'source-vault-without-cmk',
      details: { cause: 'default-vault', vaults: ['SourceStack/DefaultVault'], accounts: [DST] },
      awsError: DEFAULT_KEY_VAULT_ERROR,
    }]);
  });

  test('error on the plan when a cross-account copy goes into a vault named Default', () => {
    const dest = vault({ inApp: false, name: 'Default', env: env(DST), path: 'SourceStack/Dest', key: undefined });
    const r = route({ destination: dest });
    expect(cabVaultKey.check(model([r]), {}).map(dataOf)).toEqual([{
      ruleId: 'CAB-VAULT-KEY',
      severity: 'error',
      constructPath: PLAN,
      routeId: r.id,
      messageId: 'copy-into-default-vault',
      details: { vaults: ['SourceStack/Dest'], accounts: [DST] },
      awsError: DEFAULT_KEY_VAULT_ERROR,
    }]);
  });

  test('a same-account copy into Default, from a vault without key, is fine', () => {
    const dest = vault({ inApp: false, name: 'Default', env: env(SRC, 'us-west-2'), key: undefined });
    expect(cabVaultKey.check(model([route({ destination: dest, sourceVault: sourceVault({ key: undefined }) })]), {})).toEqual([]);
  });

  test('Storage Gateway copied (any copy) into a vault without a customer managed key', () => {
    const volume = resource('StorageGateway', { inApp: false, arn: 'arn:aws:storagegateway:us-east-1:111111111111:gateway/sgw-1/volume/vol-1', key: undefined });
    const dest = destinationVault({ env: env(SRC, 'us-west-2'), key: undefined });
    const r = route({ resources: [volume], destination: dest });
    expect(cabVaultKey.check(model([r]), {}).map(dataOf)).toEqual([{
      ruleId: 'CAB-VAULT-KEY',
      severity: 'error',
      constructPath: PLAN,
      routeId: r.id,
      messageId: 'storage-gateway-without-cmk',
      details: { cause: 'no-key', vaults: ['BackupStack/Vault'], resources: [volume.arn], types: ['StorageGateway'] },
      awsError: STORAGE_GATEWAY_ERROR,
    }]);
  });

  test('warning on an in-app cross-account destination vault without a customer managed key, for resources not fully managed', () => {
    const dest = destinationVault({ key: undefined });
    const r = route({ destination: dest });
    expect(cabVaultKey.check(model([r]), {}).map(dataOf)).toEqual([{
      ruleId: 'CAB-VAULT-KEY',
      severity: 'warning',
      constructPath: 'BackupStack/Vault',
      routeId: r.id,
      messageId: 'destination-vault-without-cmk',
      details: { cause: 'no-key', vaults: ['BackupStack/Vault'], resources: ['SourceStack/Volume'], types: ['EBS'] },
      awsError: undefined,
    }]);
  });

  test('nothing for a destination without CMK when only fully managed resources are copied, or its key is unknown', () => {
    const noKey = destinationVault({ key: undefined });
    const external = destinationVault({ path: 'BackupStack/V2', key: { kind: 'external', reference: 'arn:aws:kms:us-east-1:222222222222:key/k', env: env(DST) } });
    const importedSource = vault({ inApp: false, path: 'SourceStack/Imported', key: undefined });
    expect(cabVaultKey.check(model([
      route({ destination: noKey, resources: [resource('EFS'), resource('S3')] }),
      route({ destination: external }),
      route({ sourceVault: importedSource }),
    ]), {})).toEqual([]);
  });

  test('unknown accounts are silent', () => {
    expect(cabVaultKey.check(model([route({ sourceVault: sourceVault({ key: undefined }), crossAccount: null })]), {})).toEqual([]);
  });
});
