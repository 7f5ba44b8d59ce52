import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { OUTSIDER, REGION, SRC, check, copyApp, dataOf, selectVolume, errorPaths, expectNoError, expectSilent, theFinding, warningPaths } from './app-helpers';
import { ACCESS_DENIED_ERROR } from '../../../src/checks/messages/cab-vault-policy';
import { CopyCompatibleKmsKey } from '../../../src/constructs/copy-compatible-kms-key';
import { CrossAccountBackupVault } from '../../../src/constructs/cross-account-backup-vault';

/** A plain backup.BackupVault in the central stack, encrypted with a key the source may use. */
function plainVault(configure: (v: backup.BackupVault) => void = () => undefined) {
  return copyApp({
    destination: (central) => {
      const v = new backup.BackupVault(central, 'Vault', {
        backupVaultName: 'central',
        encryptionKey: new CopyCompatibleKmsKey(central, 'VaultKey', { destinationAccounts: [SRC] }),
      });
      configure(v);
      return v;
    },
  });
}


const copyInto = (account: string) => new iam.PolicyStatement({
  principals: [new iam.AccountPrincipal(account)], actions: ['backup:CopyIntoBackupVault'], resources: ['*'],
});

describe('CAB-VAULT-POLICY on apps', () => {
  test('non-compliant: a destination backup.BackupVault without access policy: error on the vault', () => {
    const a = plainVault();
    selectVolume(a);
    const checks = check(a.app);
    expect(errorPaths(a.central, 'CAB-VAULT-POLICY')).toEqual(['/Central/Vault']);
    expect(dataOf(theFinding(checks, 'CAB-VAULT-POLICY', 'error', 'Central/Vault'))).toEqual({
      ruleId: 'CAB-VAULT-POLICY',
      severity: 'error',
      constructPath: 'Central/Vault',
      routeId: 'Source/Plan/Daily -> Central/Vault',
      messageId: 'vault-policy-denies-source',
      details: { cause: 'no-policy', vaults: ['Central/Vault'], accounts: [SRC], plans: ['Source/Plan'] },
      awsError: ACCESS_DENIED_ERROR,
    });
    expectNoError([a.source], 'CAB-VAULT-POLICY');
  });

  test('non-compliant: an access policy that admits another account only', () => {
    const a = plainVault((v) => v.addToAccessPolicy(copyInto(OUTSIDER)));
    selectVolume(a);
    check(a.app);
    expect(errorPaths(a.central, 'CAB-VAULT-POLICY')).toEqual(['/Central/Vault']);
  });

  test('compliant: addToAccessPolicy admitting the source account', () => {
    const a = plainVault((v) => v.addToAccessPolicy(copyInto(SRC)));
    selectVolume(a);
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('compliant: a CrossAccountBackupVault', () => {
    const a = copyApp();
    selectVolume(a);
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('an imported destination vault: not checked, a CAB-UNVERIFIABLE warning instead of an error', () => {
    const a = copyApp({
      destination: (central) => backup.BackupVault.fromBackupVaultArn(central, 'Imported', `arn:aws:backup:${REGION}:222222222222:backup-vault:central`),
    });
    selectVolume(a);
    check(a.app);
    expectNoError([a.source, a.central], 'CAB-VAULT-POLICY');
    expect(warningPaths(a.central, 'CAB-UNVERIFIABLE')).toEqual(['/Central/Imported']);
  });

  test('no false positive: a same-account copy into a vault without access policy', () => {
    const a = copyApp({
      centralEnv: { account: SRC, region: 'us-east-1' },
      destination: (central) => new backup.BackupVault(central, 'Vault', {
        backupVaultName: 'copies', encryptionKey: new CopyCompatibleKmsKey(central, 'VaultKey', { destinationAccounts: [SRC] }),
      }),
    });
    selectVolume(a);
    check(a.app);
    expectNoError([a.source, a.central], 'CAB-VAULT-POLICY');
  });

  test('a CrossAccountBackupVault whose own accessPolicy lets anyone copy in without a condition: a warning on the vault', () => {
    const a = copyApp({
      destination: (central) => new CrossAccountBackupVault(central, 'Vault', {
        backupVaultName: 'central',
        sourceAccounts: [SRC],
        accessPolicy: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({
            sid: 'Anyone', principals: [new iam.StarPrincipal()], actions: ['backup:CopyIntoBackupVault'], resources: ['*'],
          })],
        }),
      }),
    });
    selectVolume(a);
    check(a.app);
    expectNoError([a.source, a.central], 'CAB-VAULT-POLICY');
    expect(warningPaths(a.central, 'CAB-VAULT-POLICY')).toEqual(['/Central/Vault']);
  });

  test('a source vault whose access policy denies copies out of the account: an error on the source vault', () => {
    const a = copyApp();
    a.sourceVault.addToAccessPolicy(new iam.PolicyStatement({
      sid: 'DenyCopyOutOfAccount',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['backup:CopyFromBackupVault'],
      resources: ['*'],
      conditions: { 'ForAllValues:ArnNotLike': { 'backup:CopyTargets': [`arn:aws:backup:*:${SRC}:backup-vault:*`] } },
    }));
    selectVolume(a);
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual(['/Source/Vault']);
    const denied = theFinding(checks, 'CAB-VAULT-POLICY', 'error', 'Source/Vault');
    expect(denied).toMatchObject({
      messageId: 'source-vault-denies-copy', details: { vaults: ['Source/Vault', 'Central/Vault'], plans: ['Source/Plan'] },
    });
    expect(denied.details.statements?.map((st) => [st.Sid, st.Effect, st.Action])).toEqual([['DenyCopyOutOfAccount', 'Deny', ['backup:CopyFromBackupVault']]]);
    expectNoError([a.central], 'CAB-VAULT-POLICY');
  });
});
