/**
 * Facts written by `lookup` (or by hand) judged by the same rules as the app's own constructs:
 * imported keys, the organization, AWS Backup Region settings.
 */
import { Size } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ExternalFacts } from '../../../src';
import { DST, OUTSIDER, REGION, SRC, check, copyApp, errorPaths, warningPaths } from '../../checks/apps/app-helpers';

const KEY_ARN = `arn:aws:kms:${REGION}:${SRC}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ORG = 'o-a1b2c3d4e5';

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
  const volume = new ec2.Volume(a.source, 'Volume', {
    availabilityZone: `${REGION}a`, size: Size.gibibytes(10), encrypted: true, encryptionKey: kms.Key.fromKeyArn(a.source, 'ImportedKey', KEY_ARN),
  });
  a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
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
    const build = () => {
      const a = copyApp();
      const table = new dynamodb.Table(a.source, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
      a.plan.addSelection('Selection', { resources: [backup.BackupResource.fromDynamoDbTable(table)] });
      return a;
    };
    const undeclared = build();
    check(undeclared.app);
    expect(warningPaths(undeclared.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Table']);

    const a = build();
    check(a.app, { facts: [facts({ regionSettings: [{ account: SRC, region: REGION, resourceTypeManagement: { DynamoDB: true } }] })] });
    expect(warningPaths(a.source, 'CAB-DDB-ADVANCED')).toEqual([]);

    const otherRegion = build();
    check(otherRegion.app, { facts: [facts({ regionSettings: [{ account: SRC, region: 'us-east-1', resourceTypeManagement: { DynamoDB: true } }] })] });
    expect(warningPaths(otherRegion.source, 'CAB-DDB-ADVANCED')).toEqual(['/Source/Table']);
  });
});
