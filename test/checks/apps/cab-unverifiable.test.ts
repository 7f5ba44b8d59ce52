import { Annotations as CoreAnnotations, Size, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  REGION, SRC, check, copyApp, copyKey, selectVolume, expectNoCabError, expectSilent, warningMessages, warningPaths,
} from './app-helpers';

const IMPORTED_KEY = `arn:aws:kms:${REGION}:${SRC}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** A volume encrypted with a key imported by ARN: its policy is unknown. */
function importedKeyApp() {
  const a = copyApp();
  const volume = new ec2.Volume(a.source, 'Volume', {
    availabilityZone: `${REGION}a`,
    size: Size.gibibytes(10),
    encrypted: true,
    encryptionKey: kms.Key.fromKeyArn(a.source, 'ImportedKey', IMPORTED_KEY),
  });
  a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
  return { ...a, volume };
}

describe('CAB-UNVERIFIABLE on apps', () => {
  test('an imported key: a warning (never an error) on the resource, naming what was not checked', () => {
    const a = importedKeyApp();
    check(a.app);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual(['/Source/Volume']);
    const [message] = warningMessages(a.source, '/Source/Volume', 'CAB-UNVERIFIABLE');
    expect(message).toContain(IMPORTED_KEY);
    expect(message).toContain('Not checked: AWS managed resource keys and the key policy.');
    expectNoCabError([a.source, a.central]);
  });

  test('compliant: the key defined in the app', () => {
    const a = copyApp();
    selectVolume(a);
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('Validations.acknowledge on the resource silences the warning', () => {
    const a = importedKeyApp();
    Validations.of(a.volume).acknowledge({ id: 'CAB-UNVERIFIABLE', reason: 'the key policy is managed by the platform team' });
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('Validations.acknowledge on an ancestor (the stack) silences it too', () => {
    const a = importedKeyApp();
    Validations.of(a.source).acknowledge({ id: 'CAB-UNVERIFIABLE', reason: 'keys of this stack are reviewed' });
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('Annotations.acknowledgeWarning on the resource silences it', () => {
    const a = importedKeyApp();
    CoreAnnotations.of(a.volume).acknowledgeWarning('annotation::CAB-UNVERIFIABLE', 'reviewed');
    check(a.app);
    expectSilent([a.source, a.central]);
  });

  test('an environment-agnostic source stack: a warning on its plan, no error', () => {
    const a = copyApp();
    const agnostic = new Stack(a.app, 'Agnostic');
    const vault = new backup.BackupVault(agnostic, 'Vault', { encryptionKey: copyKey(agnostic, 'VaultKey') });
    const plan = new backup.BackupPlan(agnostic, 'Plan', { backupVault: vault });
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', copyActions: [{ destinationBackupVault: a.destination }] }));
    const volume = new ec2.Volume(agnostic, 'Volume', {
      availabilityZone: `${REGION}a`, size: Size.gibibytes(10), encrypted: true, encryptionKey: copyKey(agnostic),
    });
    plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
    check(a.app, { organizationAccounts: ['111111111111', '222222222222'] });
    expect(warningPaths(agnostic, 'CAB-UNVERIFIABLE')).toEqual(['/Agnostic/Plan']);
    expect(warningMessages(agnostic, '/Agnostic/Plan', 'CAB-UNVERIFIABLE')[0]).toContain('stack Agnostic is environment-agnostic');
    expectNoCabError([agnostic, a.central]);
  });

  test('an unencrypted EBS volume: a warning that EBS encryption by default may apply, never an error', () => {
    const a = copyApp();
    const volume = new ec2.Volume(a.source, 'Volume', { availabilityZone: `${REGION}a`, size: Size.gibibytes(10) });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
    check(a.app);
    expect(warningMessages(a.source, '/Source/Volume', 'CAB-UNVERIFIABLE')).toEqual([
      expect.stringContaining('the encryption of Source/Volume/Resource cannot be verified at synth time: it is not explicitly encrypted'),
    ]);
    expectNoCabError([a.source, a.central]);
  });
});
