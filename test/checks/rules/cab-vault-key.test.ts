import {
  DST, PLAN, REGION, SRC, awsManagedKey, destinationVault, env, model, resource, route, sourceVault, vault,
} from './model-builder';
import { cabVaultKey } from '../../../src/checks/rules/cab-vault-key';

const DEFAULT_KEY_ERROR = '"Copy job failed because the destination Backup vault is encrypted with the default Backup service managed key. '
  + 'The contents of this vault cannot be copied. Only the contents of a Backup vault encrypted by an AWS KMS key may be copied."';

describe('CAB-VAULT-KEY', () => {
  test('compliant: both vaults have customer managed keys', () => {
    expect(cabVaultKey.check(model([route()]), {})).toEqual([]);
  });

  test('error on an in-app source vault without EncryptionKeyArn', () => {
    const r = route({ sourceVault: sourceVault({ key: undefined }) });
    const findings = cabVaultKey.check(model([r]), {});
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.ruleId).toBe('CAB-VAULT-KEY');
    expect(f.severity).toBe('error');
    expect(f.constructPath).toBe('SourceStack/Vault');
    expect(f.routeId).toBe(r.id);
    expect(f.message.startsWith('CAB-VAULT-KEY: Source vault "Vault" (SourceStack/Vault) of backup plan SourceStack/Plan (rule Daily) has no encryption key')).toBe(true);
    expect(f.message).toContain(`to vault "Vault" (BackupStack/Vault) in account ${DST} in ${REGION}`);
    expect(f.message).toContain(DEFAULT_KEY_ERROR);
    expect(f.message).toContain(`new CopyCompatibleKmsKey(this, 'VaultKey', { destinationAccounts: ['${DST}'] })`);
  });

  test('error on a source vault keyed with alias/aws/backup; one finding per vault', () => {
    const src = sourceVault({ key: awsManagedKey('aws/backup') });
    const findings = cabVaultKey.check(model([route({ sourceVault: src }), route({ sourceVault: src, ruleName: 'Weekly' })]), {});
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('is encrypted with the AWS managed key aws/backup');
  });

  test("the account's Default vault as source (imported by name) attaches to the plan", () => {
    const src = vault({ inApp: false, name: 'Default', path: 'SourceStack/DefaultVault', key: undefined });
    const [f] = cabVaultKey.check(model([route({ sourceVault: src })]), {});
    expect(f.constructPath).toBe(PLAN);
    expect(f.message).toContain("is the account's Default vault");
  });

  test('error on the plan when a cross-account copy goes into a vault named Default', () => {
    const dest = vault({ inApp: false, name: 'Default', env: env(DST), path: 'SourceStack/Dest', key: undefined });
    const findings = cabVaultKey.check(model([route({ destination: dest })]), {});
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.constructPath).toBe(PLAN);
    expect(f.severity).toBe('error');
    expect(f.message).toContain("The destination is the account's Default vault");
    expect(f.message).toContain(DEFAULT_KEY_ERROR);
    expect(f.message).toContain(`new CrossAccountBackupVault(this, 'Vault', { sourceAccounts: ['${SRC}'] })`);
  });

  test('a same-account copy into Default, from a vault without key, is fine', () => {
    const dest = vault({ inApp: false, name: 'Default', env: env(SRC, 'us-west-2'), key: undefined });
    expect(cabVaultKey.check(model([route({ destination: dest, sourceVault: sourceVault({ key: undefined }) })]), {})).toEqual([]);
  });

  test('Storage Gateway copied (any copy) into a vault without a customer managed key', () => {
    const volume = resource('StorageGateway', { inApp: false, arn: 'arn:aws:storagegateway:us-east-1:111111111111:gateway/sgw-1/volume/vol-1', key: undefined });
    const dest = destinationVault({ env: env(SRC, 'us-west-2'), key: undefined });
    const [f] = cabVaultKey.check(model([route({ resources: [volume], destination: dest })]), {});
    expect(f.severity).toBe('error');
    expect(f.constructPath).toBe(PLAN);
    expect(f.message).toContain('"UnsupportedOperation : Storage Gateway backup copies require a user-created backup vault and key at destination."');
  });

  test('warning on an in-app cross-account destination vault without a customer managed key, for resources not fully managed', () => {
    const dest = destinationVault({ key: undefined });
    const [f] = cabVaultKey.check(model([route({ destination: dest })]), {});
    expect(f.severity).toBe('warning');
    expect(f.constructPath).toBe('BackupStack/Vault');
    expect(f.message.startsWith('CAB-VAULT-KEY: Destination vault "Vault" (BackupStack/Vault) has no encryption key')).toBe(true);
    expect(f.message).toContain('Amazon EBS volume SourceStack/Volume');
    expect(f.message).not.toContain('At run time');
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
