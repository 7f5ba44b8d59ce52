import { CfnParameter, Size, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  ISOLATED, REGION, SRC, check, copyApp, copyKey, errorPaths, expectNoError, expectSilent, isolatedVpc,
  theFinding, warningPaths,
} from './app-helpers';
import { TAG_VALUE_ERROR } from '../../../src/checks/messages/cab-tag-policy';
import { TagPolicy } from '../../../src/tag-policy/tag-policy';

/** Attached to the organization root: cost centers, enforced on recovery points (and on volumes). */
const ROOT_POLICY = TagPolicy.fromJson(JSON.stringify({
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@assign': ['100', '200', '300*'] },
      enforced_for: { '@@assign': ['backup:recovery-point', 'ec2:volume'] },
    },
    environment: {
      tag_key: { '@@assign': 'Environment' },
      tag_value: { '@@assign': ['prod', 'dev'] },
    },
  },
}), 'root');

/** Attached to the workloads OU: adds a cost center (appended to the root's list). */
const OU_POLICY = TagPolicy.fromJson(JSON.stringify({
  tags: { costcenter: { tag_value: { '@@append': ['400'] } } },
}), 'workloads');

const EFFECTIVE = TagPolicy.effective([ROOT_POLICY, OU_POLICY]);

/** A volume copied to the central account, tagged by `tag`. */
function taggedVolumeApp(tag: (volume: ec2.Volume) => void, recoveryPointTags?: Record<string, string>) {
  const a = copyApp();
  const volume = new ec2.Volume(a.source, 'Volume', {
    availabilityZone: `${REGION}a`, size: Size.gibibytes(10), encrypted: true, encryptionKey: copyKey(a.source),
  });
  tag(volume);
  if (recoveryPointTags) {
    a.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Weekly',
      recoveryPointTags,
      copyActions: [{ destinationBackupVault: a.destination }],
    }));
  }
  a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
  return { ...a, volume };
}

describe('CAB-TAG-POLICY on apps', () => {
  test('non-compliant: an enforced value violation from Tags.of on the stack: error on the resource', () => {
    const a = taggedVolumeApp(() => undefined);
    Tags.of(a.source).add('CostCenter', '999');
    const checks = check(a.app, { tagPolicy: EFFECTIVE });
    expect(errorPaths(a.source, 'CAB-TAG-POLICY')).toEqual(['/Source/Volume']);
    expect(theFinding(checks, 'CAB-TAG-POLICY', 'error', 'Source/Volume')).toMatchObject({
      messageId: 'enforced-violation',
      // the effective policy's allowed values include the OU's
      details: { cause: 'value', resources: ['Source/Volume'], tagKey: 'CostCenter', tagValue: '999', policyKey: 'CostCenter', allowedValues: ['100', '200', '300*', '400'] },
      awsError: TAG_VALUE_ERROR('CostCenter'),
    });
    expectNoError([a.central], 'CAB-TAG-POLICY');
  });

  test('non-compliant: the key in another capitalization (enforced)', () => {
    const a = taggedVolumeApp((v) => Tags.of(v).add('costcenter', '100'));
    const checks = check(a.app, { tagPolicy: EFFECTIVE });
    expect(errorPaths(a.source, 'CAB-TAG-POLICY')).toEqual(['/Source/Volume']);
    expect(theFinding(checks, 'CAB-TAG-POLICY', 'error', 'Source/Volume').details)
      .toMatchObject({ cause: 'key-casing', tagKey: 'costcenter', tagValue: '100', policyKey: 'CostCenter' });
  });

  test('compliant: allowed values, including a wildcard value and a value the OU appended', () => {
    for (const value of ['100', '300-marketing', '400']) {
      const a = taggedVolumeApp((v) => {
        Tags.of(v).add('CostCenter', value);
        Tags.of(v).add('Environment', 'prod');
      });
      check(a.app, { tagPolicy: EFFECTIVE });
      expectSilent([a.source, a.central]);
    }
  });

  test('the OU value is not allowed by the root policy alone', () => {
    const a = taggedVolumeApp((v) => Tags.of(v).add('CostCenter', '400'));
    check(a.app, { tagPolicy: ROOT_POLICY });
    expect(errorPaths(a.source, 'CAB-TAG-POLICY')).toEqual(['/Source/Volume']);
  });

  test('non-enforced violation: a warning, not an error', () => {
    const a = taggedVolumeApp((v) => Tags.of(v).add('Environment', 'staging'));
    const checks = check(a.app, { tagPolicy: EFFECTIVE });
    expect(errorPaths(a.source, 'CAB-TAG-POLICY')).toEqual([]);
    expect(warningPaths(a.source, 'CAB-TAG-POLICY')).toEqual(['/Source/Volume']);
    expect(theFinding(checks, 'CAB-TAG-POLICY', 'warning', 'Source/Volume')).toMatchObject({
      messageId: 'unenforced-violation',
      details: { cause: 'value', resources: ['Source/Volume'], tagKey: 'Environment', tagValue: 'staging', policyKey: 'Environment', allowedValues: ['prod', 'dev'] },
    });
  });

  test('a tag value that is a token: a warning that it could not be checked', () => {
    const a = taggedVolumeApp(() => undefined);
    const param = new CfnParameter(a.source, 'CostCenterParam');
    Tags.of(a.volume).add('CostCenter', param.valueAsString);
    const checks = check(a.app, { tagPolicy: EFFECTIVE });
    expect(errorPaths(a.source, 'CAB-TAG-POLICY')).toEqual([]);
    expect(warningPaths(a.source, 'CAB-TAG-POLICY')).toEqual(['/Source/Volume']);
    expect(theFinding(checks, 'CAB-TAG-POLICY', 'warning', 'Source/Volume')).toMatchObject({
      messageId: 'unresolved-tag', details: { cause: 'unresolved', resources: ['Source/Volume'], tagKey: 'CostCenter' },
    });
  });

  test('non-compliant: the plan rule\'s recoveryPointTags: error on the plan', () => {
    const a = taggedVolumeApp((v) => Tags.of(v).add('CostCenter', '100'), { CostCenter: 'unknown' });
    const checks = check(a.app, { tagPolicy: EFFECTIVE });
    expect(errorPaths(a.source, 'CAB-TAG-POLICY')).toEqual(['/Source/Plan']);
    // The rule's recoveryPointTags, not the resource: the plan is named, not the volume.
    expect(theFinding(checks, 'CAB-TAG-POLICY', 'error', 'Source/Plan')).toMatchObject({
      messageId: 'enforced-violation', details: { cause: 'value', plans: ['Source/Plan'], tagKey: 'CostCenter', tagValue: 'unknown' },
    });
    expect(theFinding(checks, 'CAB-TAG-POLICY', 'error', 'Source/Plan').details.resources).toBeUndefined();
  });

  test('compliant: recoveryPointTags that replace a bad resource tag', () => {
    const a = copyApp();
    const volume = new ec2.Volume(a.source, 'Tagged', {
      availabilityZone: `${REGION}a`, size: Size.gibibytes(10), encrypted: true, encryptionKey: copyKey(a.source),
    });
    Tags.of(volume).add('CostCenter', '999');
    const plan = new backup.BackupPlan(a.source, 'Retagging', { backupVault: a.sourceVault });
    plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Weekly', recoveryPointTags: { CostCenter: '200' }, copyActions: [{ destinationBackupVault: a.destination }],
    }));
    plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
    check(a.app, { tagPolicy: EFFECTIVE });
    expectSilent([a.source, a.central]);
  });

  test('no false positive: a same-account copy of a badly tagged resource', () => {
    const a = copyApp({ centralEnv: { account: SRC, region: 'us-east-1' } });
    const db = new rds.DatabaseInstance(a.source, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc: isolatedVpc(a.source),
      vpcSubnets: ISOLATED,
      storageEncryptionKey: copyKey(a.source),
    });
    Tags.of(db).add('CostCenter', '999');
    a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
    check(a.app, { tagPolicy: EFFECTIVE });
    expectNoError([a.source, a.central], 'CAB-TAG-POLICY');
  });
});
