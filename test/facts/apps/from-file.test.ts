/**
 * Facts written by `lookup` (or by hand) judged by the same rules as the app's own constructs:
 * imported keys, the organization, AWS Backup Region settings.
 */
import { Stack, Tags } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CrossAccountBackupSetting, ExternalFacts, TagPolicy } from '../../../src';
import { CROSS_ACCOUNT_DISABLED_ERROR } from '../../../src/checks/messages/cab-org';
import {
  DST, ORG, OTHER_REGION, OUTSIDER, REGION, SRC, check, copyApp, errorPaths, selectAurora, selectTable, selectVolume, theFinding, warningPaths,
} from '../../checks/apps/app-helpers';

const KEY_ARN = `arn:aws:kms:${REGION}:${SRC}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** Facts read now (never stale in these tests), from `lookup`. */
function facts(doc: Record<string, unknown>): ExternalFacts {
  const readAt = new Date().toISOString();
  const withOrigin = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(withOrigin);
    if (v && typeof v === 'object') return { ...v, origin: { source: 'lookup', readAt } };
    return v;
  };
  const out: Record<string, unknown> = { formatVersion: '1.0.0' };
  for (const [k, v] of Object.entries(doc)) out[k] = withOrigin(v);
  return ExternalFacts.fromObject(out, 'facts.json');
}

/** The copy app with an EBS volume encrypted with the imported key `KEY_ARN`. */
function importedKeyApp() {
  const a = copyApp();
  selectVolume(a, kms.Key.fromKeyArn(a.source, 'ImportedKey', KEY_ARN));
  return a;
}

/** The copy app with a DynamoDB table. */
function tableApp() {
  const a = copyApp();
  selectTable(a);
  return a;
}

describe('facts about imported keys', () => {
  test('an AWS managed key (keyManager AWS): CAB-AWS-MANAGED-KEY on the volume, as for an alias/aws/ebs key of the app', () => {
    const a = importedKeyApp();
    check(a.app, { facts: [facts({ keys: [{ arn: KEY_ARN, keyManager: 'AWS', keyState: 'Enabled' }] })] });
    expect(errorPaths(a.source, 'CAB-AWS-MANAGED-KEY')).toEqual(['/Source/Volume']);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual([]);
  });

  test('a customer managed key whose policy grants the destination nothing: CAB-KEY-POLICY on the volume', () => {
    const a = importedKeyApp();
    const policy = { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SRC}:root` }, Action: 'kms:*', Resource: '*' }] };
    check(a.app, { facts: [facts({ keys: [{ arn: KEY_ARN, keyManager: 'CUSTOMER', policy }] })] });
    expect(errorPaths(a.source, 'CAB-KEY-POLICY')).toEqual(['/Source/Volume']);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual([]);
  });

  test('the same key granting the destination account: silent', () => {
    const a = importedKeyApp();
    const policy = { Statement: [{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${SRC}:root`, `arn:aws:iam::${DST}:root`] }, Action: 'kms:*', Resource: '*' }] };
    check(a.app, { facts: [facts({ keys: [{ arn: KEY_ARN, keyManager: 'CUSTOMER', policy }] })] });
    expect(errorPaths(a.source, 'CAB-KEY-POLICY')).toEqual([]);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual([]);
  });

  test('facts about another key only: the imported key stays CAB-UNVERIFIABLE', () => {
    const a = importedKeyApp();
    check(a.app, { facts: [facts({ keys: [{ arn: KEY_ARN.replace('1234abcd', '9999abcd'), keyManager: 'AWS' }] })] });
    expect(errorPaths(a.source, 'CAB-AWS-MANAGED-KEY')).toEqual([]);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual(['/Source/Volume']);
  });
});

describe('facts about the organization and AWS Backup settings', () => {
  const organization = (accounts: string[]) => ({ id: ORG, managementAccount: accounts[0], accounts });

  test('an organization without the destination account: CAB-ORG on the plan', () => {
    const a = importedKeyApp();
    check(a.app, { facts: [facts({ organization: organization([OUTSIDER, SRC]), keys: [{ arn: KEY_ARN, keyManager: 'CUSTOMER', policy: {} }] })] });
    expect(errorPaths(a.source, 'CAB-ORG')).toEqual(['/Source/Plan']);
  });

  test('declared options win over the facts', () => {
    const a = importedKeyApp();
    const checks = check(a.app, {
      organizationId: ORG,
      organizationAccounts: [SRC, DST],
      facts: [facts({ organization: organization([OUTSIDER, SRC]) })],
    });
    expect(errorPaths(a.source, 'CAB-ORG')).toEqual([]);
    expect(checks._lastResult()!.options.organizationAccounts).toEqual([SRC, DST]);
  });

  test('cross-account backup on in the management account: no warning about a missing CrossAccountBackupSetting', () => {
    const withoutSetting = importedKeyApp();
    check(withoutSetting.app, { facts: [facts({ organization: organization([OUTSIDER, SRC, DST]) })] });
    expect(warningPaths(withoutSetting.source, 'CAB-ORG')).toEqual(['/Source/Plan']);

    const a = importedKeyApp();
    const on = { organization: organization([OUTSIDER, SRC, DST]), globalSettings: [{ account: OUTSIDER, crossAccountBackup: true }] };
    check(a.app, { facts: [facts(on)] });
    expect(warningPaths(a.source, 'CAB-ORG')).toEqual([]);
  });

  test('DynamoDB advanced features on in the table\'s account and Region (Region settings): no CAB-DDB-ADVANCED', () => {
    const undeclared = tableApp();
    check(undeclared.app);
    expect(warningPaths(undeclared.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Table']);

    const a = tableApp();
    check(a.app, { facts: [facts({ regionSettings: [{ account: SRC, region: REGION, resourceTypeManagement: { DynamoDB: true } }] })] });
    expect(warningPaths(a.source, 'CAB-DDB-ADVANCED')).toEqual([]);

    const otherRegion = tableApp();
    check(otherRegion.app, { facts: [facts({ regionSettings: [{ account: SRC, region: 'us-east-1', resourceTypeManagement: { DynamoDB: true } }] })] });
    expect(warningPaths(otherRegion.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Table']);
  });
});

describe('settings the facts say are off: judged as a declared "off"', () => {
  const organization = { id: ORG, managementAccount: OUTSIDER, accounts: [OUTSIDER, SRC, DST] };

  test('cross-account backup off in the management account: CAB-ORG error on the plan (AWS refuses the copy)', () => {
    const a = importedKeyApp();
    const checks = check(a.app, { facts: [facts({ organization, globalSettings: [{ account: OUTSIDER, crossAccountBackup: false }] })] });
    expect(errorPaths(a.source, 'CAB-ORG')).toEqual(['/Source/Plan']);
    expect(warningPaths(a.source, 'CAB-ORG')).toEqual([]);
    expect(theFinding(checks, 'CAB-ORG', 'error', 'Source/Plan')).toMatchObject({
      messageId: 'cross-account-backup-off', details: { managementAccount: OUTSIDER, facts: `external facts of account ${OUTSIDER}` }, awsError: CROSS_ACCOUNT_DISABLED_ERROR,
    });
  });

  test('cross-account backup off: on in a newer fact, or turned on by a CrossAccountBackupSetting of the app: no error', () => {
    const newer = importedKeyApp();
    const old = ExternalFacts.fromObject({
      formatVersion: '1.0.0',
      globalSettings: [{ account: OUTSIDER, crossAccountBackup: false, origin: { source: 'lookup', readAt: new Date(Date.now() - 60_000).toISOString() } }],
    }, 'old.json');
    check(newer.app, { facts: [old, facts({ organization, globalSettings: [{ account: OUTSIDER, crossAccountBackup: true }] })] });
    expect(errorPaths(newer.source, 'CAB-ORG')).toEqual([]);
    expect(warningPaths(newer.source, 'CAB-ORG')).toEqual([]);

    const a = importedKeyApp();
    const management = new Stack(a.app, 'Management', { env: { account: OUTSIDER, region: REGION } });
    new CrossAccountBackupSetting(management, 'CrossAccountBackup');
    check(a.app, { facts: [facts({ organization, globalSettings: [{ account: OUTSIDER, crossAccountBackup: false }] })] });
    expect(errorPaths(a.source, 'CAB-ORG')).toEqual([]);
  });

  test('cross-account backup off in an account that is not the management account: no error, the warning about the switch stays', () => {
    const a = importedKeyApp();
    check(a.app, { facts: [facts({ organization, globalSettings: [{ account: SRC, crossAccountBackup: false }] })] });
    expect(errorPaths(a.source, 'CAB-ORG')).toEqual([]);
    expect(warningPaths(a.source, 'CAB-ORG')).toEqual(['/Source/Plan']);
  });

  const ddbOff = (region: string) => facts({ regionSettings: [{ account: SRC, region, resourceTypeManagement: { DynamoDB: false } }] });

  test('DynamoDB advanced features off in the table\'s account and Region: CAB-DDB-ADVANCED error on the table', () => {
    const a = tableApp();
    const checks = check(a.app, { facts: [ddbOff(REGION)] });
    expect(errorPaths(a.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Table']);
    expect(warningPaths(a.source, 'CAB-DDB-ADVANCED')).toEqual([]);
    expect(theFinding(checks, 'CAB-DDB-ADVANCED', 'error', 'Source/Table')).toMatchObject({
      messageId: 'dynamo-db-without-advanced-features', details: { resources: ['Source/Table'], accounts: [SRC], regions: [REGION], facts: `external facts of account ${SRC} in ${REGION}` },
    });
  });

  test('DynamoDB advanced features off in another Region: still the warning; declared on in the options: silent', () => {
    const other = tableApp();
    check(other.app, { facts: [ddbOff(OTHER_REGION)] });
    expect(errorPaths(other.source, 'CAB-DDB-ADVANCED')).toEqual([]);
    expect(warningPaths(other.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Table']);

    const declared = tableApp();
    check(declared.app, { dynamoDbAdvancedFeatures: true, facts: [ddbOff(REGION)] });
    expect(errorPaths(declared.source, 'CAB-DDB-ADVANCED')).toEqual([]);
    expect(warningPaths(declared.source, 'CAB-DDB-ADVANCED')).toEqual([]);
  });

  const auroraApp = () => {
    const a = copyApp();
    selectAurora(a);
    return a;
  };
  const auroraOptIn = (on: boolean) =>
    facts({ regionSettings: [{ account: SRC, region: REGION, resourceTypeOptIn: { Aurora: on, DynamoDB: true } }] });

  test('the Aurora service opt-in off in the cluster\'s account and Region: CAB-RESOURCE error on the cluster', () => {
    const a = auroraApp();
    const checks = check(a.app, { facts: [auroraOptIn(false)] });
    expect(errorPaths(a.source, 'CAB-RESOURCE')).toEqual(['/Source/Aurora']);
    expect(warningPaths(a.source, 'CAB-RESOURCE')).toEqual([]);
    expect(theFinding(checks, 'CAB-RESOURCE', 'error', 'Source/Aurora')).toMatchObject({
      messageId: 'service-opt-in-off', details: { resources: ['Source/Aurora'], types: ['Aurora'], accounts: [SRC], regions: [REGION], facts: `external facts of account ${SRC} in ${REGION}` },
    });
  });

  test('the Aurora service opt-in on: silent; no fact: the warning', () => {
    const on = auroraApp();
    check(on.app, { facts: [auroraOptIn(true)] });
    expect(errorPaths(on.source, 'CAB-RESOURCE')).toEqual([]);
    expect(warningPaths(on.source, 'CAB-RESOURCE')).toEqual([]);

    const none = auroraApp();
    check(none.app, { facts: [facts({ regionSettings: [{ account: DST, region: REGION, resourceTypeOptIn: { Aurora: false } }] })] });
    expect(errorPaths(none.source, 'CAB-RESOURCE')).toEqual([]);
    expect(warningPaths(none.source, 'CAB-RESOURCE')).toEqual(['/Source/Aurora']);
  });
});

describe('effective tag policies from the facts: the destination account\'s judges the copied recovery point', () => {
  /** An effective policy as DescribeEffectivePolicy returns it (no operators): cost centers enforced on recovery points. */
  const EFFECTIVE = { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'], enforced_for: ['backup:recovery-point'] } } };
  const tagged = (value: string) => {
    const a = copyApp();
    Tags.of(selectVolume(a)).add('CostCenter', value);
    return a;
  };

  test('the destination account\'s policy rejects the copied tag: CAB-TAG-POLICY error on the volume', () => {
    const a = tagged('999');
    const checks = check(a.app, { facts: [facts({ tagPolicies: [{ account: DST, policy: EFFECTIVE }] })] });
    expect(errorPaths(a.source, 'CAB-TAG-POLICY')).toEqual(['/Source/Volume']);
    expect(theFinding(checks, 'CAB-TAG-POLICY', 'error', 'Source/Volume')).toMatchObject({
      messageId: 'enforced-violation', details: { cause: 'value', tagKey: 'CostCenter', tagValue: '999', allowedValues: ['100', '200'] },
    });
  });

  test('the policy accepts the tag: silent; a policy of the source account only, or none applying (null): silent', () => {
    const ok = tagged('100');
    check(ok.app, { facts: [facts({ tagPolicies: [{ account: DST, policy: EFFECTIVE }] })] });
    expect(errorPaths(ok.source, 'CAB-TAG-POLICY')).toEqual([]);
    expect(warningPaths(ok.source, 'CAB-TAG-POLICY')).toEqual([]);

    const sourceOnly = tagged('999');
    check(sourceOnly.app, { facts: [facts({ tagPolicies: [{ account: SRC, policy: EFFECTIVE }, { account: DST, policy: null }] })] });
    expect(errorPaths(sourceOnly.source, 'CAB-TAG-POLICY')).toEqual([]);
  });

  test('a declared tagPolicy wins over the facts', () => {
    const a = tagged('999');
    const accepting = TagPolicy.fromJson(JSON.stringify({ tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['999'], enforced_for: ['backup:recovery-point'] } } }));
    check(a.app, { tagPolicy: accepting, facts: [facts({ tagPolicies: [{ account: DST, policy: EFFECTIVE }] })] });
    expect(errorPaths(a.source, 'CAB-TAG-POLICY')).toEqual([]);
  });

  test('a fact whose policy is not a tag policy: a CAB-UNVERIFIABLE warning on the plan, no throw', () => {
    const a = tagged('999');
    check(a.app, { facts: [facts({ tagPolicies: [{ account: DST, policy: { tags: 'CostCenter' } }] })] });
    expect(errorPaths(a.source, 'CAB-TAG-POLICY')).toEqual([]);
    expect(warningPaths(a.source, 'CAB-UNVERIFIABLE')).toEqual(['/Source/Plan']);
    const readable = tagged('999');
    check(readable.app, { facts: [facts({ tagPolicies: [{ account: DST, policy: null }] })] });
    expect(warningPaths(readable.source, 'CAB-UNVERIFIABLE')).toEqual([]);
  });
});
