import { Annotations as CoreAnnotations, Size, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  REGION, SRC, check, copyApp, copyKey, selectVolume, expectNoCabError, expectSilent, theFinding, warningPaths,
} from './app-helpers';

const IMPORTED_KEY = `arn:aws:kms:${REGION}:${SRC}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** A volume encrypted with a key imported by ARN: its policy is unknown. */
function importedKeyApp() {
  const a = copyApp();
  return { ...a, volume: selectVolume(a, kms.Key.fromKeyArn(a.source, 'ImportedKey', IMPORTED_KEY)) };
}

describe('CAB-UNVERIFIABLE on apps', () => {
  test('an imported key: a warning (never an error) on the resource, naming what was not checked', () => {
    const a = importedKeyApp();
    const checks = check(a.app);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual(['/Source/Volume']);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/Volume')).toMatchObject({
      messageId: 'not-verifiable',
      details: { subject: `the encryption key ${IMPORTED_KEY} of Source/Volume/Resource`, skippedChecks: ['AWS managed resource keys', 'the key policy'] },
    });
    expectNoCabError([a.source, a.central]);
  });

  test('an imported key: the details name the unknown facts and the key ARN, for programs and external facts', () => {
    const a = importedKeyApp();
    const checks = check(a.app);
    const f = theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/Volume');
    expect(f.details.unknownFacts).toEqual(['resource-key']);
    expect(f.details.externalArns).toEqual([IMPORTED_KEY]);
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
    const checks = check(a.app, { organizationAccounts: ['111111111111', '222222222222'] });
    expect(warningPaths(agnostic, 'CAB-UNVERIFIABLE')).toEqual(['/Agnostic/Plan']);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Agnostic/Plan').details).toEqual({
      subject: 'the source account and Region of copy route Agnostic/Plan/Daily -> Central/Vault',
      reasons: ['stack Agnostic is environment-agnostic (set env.account and env.region on the stack)'],
      skippedChecks: ['organization membership', 'resource type and Region support', 'AWS managed resource keys', 'the key policy', 'the vault access policy'],
      unknownFacts: ['environment'],
    });
    expectNoCabError([agnostic, a.central]);
  });

  test('an unencrypted EBS volume: a warning that EBS encryption by default may apply, never an error', () => {
    const a = copyApp();
    const volume = new ec2.Volume(a.source, 'Volume', { availabilityZone: `${REGION}a`, size: Size.gibibytes(10) });
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
    const checks = check(a.app);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', 'Source/Volume').details).toEqual({
      subject: 'the encryption of Source/Volume/Resource',
      reasons: ['it is not explicitly encrypted, and EBS encryption by default (with the account\'s default key) may apply'],
      skippedChecks: ['AWS managed resource keys', 'the key policy'],
      unknownFacts: ['resource-key'],
    });
    expectNoCabError([a.source, a.central]);
  });
});
