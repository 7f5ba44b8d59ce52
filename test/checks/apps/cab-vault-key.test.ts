import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  DST, ISOLATED, REGION, SRC, check, copyApp, copyKey, errorPaths, expectNoError, expectSilent, isolatedVpc, selectVolume,
  theFinding, warningPaths,
} from './app-helpers';
import { DEFAULT_KEY_VAULT_ERROR } from '../../../src/checks/messages/cab-vault-key';

describe('CAB-VAULT-KEY on apps', () => {
  test('non-compliant: a source vault without encryption key (aws/backup): error on the source vault', () => {
    const a = copyApp({ sourceVaultKey: 'none' });
    selectVolume(a);
    const checks = check(a.app);
    expect(errorPaths(a.source, 'CAB-VAULT-KEY')).toEqual(['/Source/Vault']);
    expect(theFinding(checks, 'CAB-VAULT-KEY', 'error', 'Source/Vault')).toMatchObject({
      messageId: 'source-vault-without-cmk', details: { cause: 'no-key', vaults: ['Source/Vault'], accounts: [DST] }, awsError: DEFAULT_KEY_VAULT_ERROR,
    });
    expectNoError([a.central], 'CAB-VAULT-KEY');
  });

  test('compliant: the source vault encrypted with a CopyCompatibleKmsKey', () => {
    const a = copyApp();
    selectVolume(a);
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('non-compliant: a copy into a vault named Default of another account: error', () => {
    const a = copyApp({
      destination: (central) => backup.BackupVault.fromBackupVaultArn(central, 'DefaultVault', `arn:aws:backup:${REGION}:${DST}:backup-vault:Default`),
    });
    selectVolume(a);
    check(a.app);
    expect([...errorPaths(a.source, 'CAB-VAULT-KEY'), ...errorPaths(a.central, 'CAB-VAULT-KEY')]).toEqual(['/Source/Plan']);
  });

  test('non-compliant (warning): a keyless destination vault in the app receiving a copy of a resource that is not fully managed', () => {
    const a = copyApp({
      destination: (central) => {
        const v = new backup.BackupVault(central, 'Vault', { backupVaultName: 'central' });
        v.addToAccessPolicy(new iam.PolicyStatement({
          principals: [new iam.AccountPrincipal(SRC)], actions: ['backup:CopyIntoBackupVault'], resources: ['*'],
        }));
        return v;
      },
    });
    const db = new rds.DatabaseInstance(a.source, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc: isolatedVpc(a.source),
      vpcSubnets: ISOLATED,
      storageEncryptionKey: copyKey(a.source),
    });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
    check(a.app);
    expect(warningPaths(a.central, 'CAB-VAULT-KEY')).toEqual(['/Central/Vault']);
  });

  test('no false positive: a same-account copy out of a keyless vault into another keyless vault', () => {
    const a = copyApp({
      sourceVaultKey: 'none',
      centralEnv: { account: SRC, region: 'us-east-1' },
      destination: (central) => new backup.BackupVault(central, 'Vault', { backupVaultName: 'copies' }),
    });
    selectVolume(a);
    check(a.app);
    expectNoError([a.source, a.central], 'CAB-VAULT-KEY');
    expect(warningPaths(a.central, 'CAB-VAULT-KEY')).toEqual([]);
  });
});
