import { RESOURCE_CAPABILITIES } from '../../../src/checks/capabilities/resource-capabilities';

/**
 * Expected values, written from docs/backup-facts.md §1.1, §1.2, §2.1, §2.4, §2.5 (not
 * copied from the table). Columns: fully managed (Y/N), cross-Region, cross-account, single action
 * (+ supported, - unsupported, ? uncertain, L legacy-unsupported), AWS managed key alias.
 */
const EXPECTED = `
EC2                 N + + + aws/ebs
EBS                 N + + + aws/ebs
S3                  Y + + + aws/s3
EFS                 Y + + + aws/elasticfilesystem
DynamoDB            N - - - aws/dynamodb
RDS                 N + + L aws/rds
RDS-MultiAZCluster  N - - - aws/rds
Aurora              N + + L aws/rds
DocumentDB          N + + L aws/rds
Neptune             N + + L aws/rds
RDSFamilyCluster    N ? ? L aws/rds
AuroraDSQL          Y + ? ? -
FSx                 N + + + aws/fsx
FSx-ONTAP           N ? ? ? aws/fsx
StorageGateway      N + + + -
Redshift            N ? ? ? aws/redshift
RedshiftServerless  N ? ? ? aws/redshift
Timestream          Y + + + -
SAPHANA             Y + + + -
VirtualMachine      Y + + + -
CloudFormation      Y + + + -
EKS                 Y + + + -
`.trim().split('\n').map((line) => line.trim().split(/\s+/));

const SUPPORT: Record<string, string> = { '+': 'supported', '-': 'unsupported', '?': 'uncertain', 'L': 'legacy-unsupported' };
const expected = new Map(EXPECTED.map(([type, fm, xr, xa, single, alias]) => [type, {
  fullyManaged: fm === 'Y',
  crossRegionCopy: SUPPORT[xr],
  crossAccountCopy: SUPPORT[xa],
  singleActionCrossRegionCrossAccount: SUPPORT[single],
  awsManagedKeyAlias: alias === '-' ? undefined : alias,
}]));

describe('resource capability table', () => {
  test('has exactly the expected rows', () => {
    expect(Object.keys(RESOURCE_CAPABILITIES).sort()).toEqual([...expected.keys()].sort());
  });

  test.each(Object.entries(RESOURCE_CAPABILITIES))('%s', (type, row) => {
    expect(row.type).toBe(type);
    expect({
      fullyManaged: row.fullyManaged,
      crossRegionCopy: row.crossRegionCopy,
      crossAccountCopy: row.crossAccountCopy,
      singleActionCrossRegionCrossAccount: row.singleActionCrossRegionCrossAccount,
      awsManagedKeyAlias: row.awsManagedKeyAlias,
    }).toEqual(expected.get(type));
    expect(row.displayName.length).toBeGreaterThan(0);
    expect(row.notes.length).toBeGreaterThan(0);
    expect(row.source.facts).toMatch(/^§\d/);
    expect(row.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/aws-backup\//);
  });

  test('DynamoDB with advanced features: fully managed, every copy supported (facts §1.1, S-DDB)', () => {
    expect(RESOURCE_CAPABILITIES.DynamoDB.withAdvancedFeatures).toEqual({
      fullyManaged: true,
      crossRegionCopy: 'supported',
      crossAccountCopy: 'supported',
      singleActionCrossRegionCrossAccount: 'supported',
    });
    const others = Object.values(RESOURCE_CAPABILITIES).filter((r) => r.type !== 'DynamoDB');
    expect(others.every((r) => r.withAdvancedFeatures === undefined)).toBe(true);
  });

  test('only the RDS cluster ARN row is of ambiguous type', () => {
    expect(Object.values(RESOURCE_CAPABILITIES).filter((r) => r.ambiguousType).map((r) => r.type)).toEqual(['RDSFamilyCluster']);
  });

  test('AWS Backup ResourceType strings from the API model (facts §1.1)', () => {
    expect(RESOURCE_CAPABILITIES.StorageGateway.backupResourceType).toBe('Storage Gateway');
    expect(RESOURCE_CAPABILITIES.SAPHANA.backupResourceType).toBe('SAP HANA on Amazon EC2');
    expect(RESOURCE_CAPABILITIES['RDS-MultiAZCluster'].backupResourceType).toBe('RDS');
    expect(RESOURCE_CAPABILITIES['FSx-ONTAP'].backupResourceType).toBe('FSx');
  });

  test('service opt-in and conflicting sources are data (audit of 2026-12-01)', () => {
    const optIn = Object.values(RESOURCE_CAPABILITIES).filter((r) => r.requiresServiceOptIn).map((r) => r.type).sort();
    expect(optIn).toEqual(['Aurora', 'DocumentDB', 'Neptune']);
    const conflicted = Object.values(RESOURCE_CAPABILITIES).filter((r) => r.conflicts).map((r) => r.type).sort();
    expect(conflicted).toEqual(['Aurora', 'AuroraDSQL', 'DocumentDB', 'FSx-ONTAP', 'Neptune', 'RDS', 'RDSFamilyCluster']);
    // Every row whose single action is legacy-unsupported says why the checks still refuse it.
    for (const r of Object.values(RESOURCE_CAPABILITIES).filter((x) => x.singleActionCrossRegionCrossAccount === 'legacy-unsupported')) {
      expect(r.conflicts).toMatch(/October 2025.*allowSingleActionCrossRegionCrossAccount: true/);
    }
    expect(RESOURCE_CAPABILITIES.RedshiftServerless.backupResourceType).toBeUndefined();
    expect(RESOURCE_CAPABILITIES.AuroraDSQL.backupResourceType).toBeUndefined();
  });
});
