import {
  DST, OTHER_REGION, PLAN, REGION, SELECTION, SRC, dataOf, destinationVault, env, model, resource, route,
} from './model-builder';
import { capabilityOf } from '../../../src/checks/capabilities/queries';
import { featureNotSupportedError } from '../../../src/checks/messages/common';
import { cabResource } from '../../../src/checks/rules/cab-resource';

/** Aurora, Neptune and DocumentDB opted in everywhere: the service opt-in warning is tested on its own. */
const OPTED_IN = { optedInResourceTypes: ['Aurora', 'Neptune', 'DocumentDB'] };

describe('CAB-RESOURCE', () => {
  test('compliant: EBS, RDS, Aurora, EFS copied across accounts and Regions', () => {
    const resources = [resource('EBS'), resource('RDS'), resource('Aurora'), resource('EFS')];
    const r = route({ resources, destination: destinationVault({ env: env(DST, OTHER_REGION) }) });
    expect(cabResource.check(model([r]), OPTED_IN)).toEqual([]);
  });

  describe('service opt-in of Aurora, Neptune and DocumentDB (facts §4.4)', () => {
    const aurora = resource('Aurora', { constructPath: 'SourceStack/Cluster' });
    const optInSetting = (account: string, region: string, types: string[]) =>
      ({ kind: 'resource-type-opt-in' as const, constructPath: 'SourceStack/ServiceOptIn', env: env(account, region), resourceTypes: types });

    test('a copied cluster whose opt-in is not declared for its account and Region: one warning on the cluster', () => {
      const r = route({ resources: [aurora] });
      const findings = cabResource.check(model([r, route({ resources: [aurora], ruleName: 'Weekly' })]), {});
      expect(findings.map(dataOf)).toEqual([{
        ruleId: 'CAB-RESOURCE',
        severity: 'warning',
        constructPath: 'SourceStack/Cluster',
        routeId: r.id,
        messageId: 'service-opt-in-undeclared',
        details: { resources: ['SourceStack/Cluster'], types: ['Aurora'], accounts: [SRC], regions: [REGION] },
        awsError: undefined,
      }]);
      expect(findings[0].docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html');
    });

    test.each(['Neptune', 'DocumentDB'] as const)('%s too', (type) => {
      const findings = cabResource.check(model([route({ resources: [resource(type)] })]), {});
      expect(findings.map((f) => [f.severity, f.messageId, f.details.types])).toEqual([['warning', 'service-opt-in-undeclared', [type]]]);
    });

    test('silent with the option, or a ResourceTypeOptInSetting for that type, account and Region', () => {
      expect(cabResource.check(model([route({ resources: [aurora] })]), { optedInResourceTypes: ['Aurora'] })).toEqual([]);
      expect(cabResource.check(model([route({ resources: [aurora] })], { settings: [optInSetting(SRC, REGION, ['Aurora'])] }), {})).toEqual([]);
      expect(cabResource.check(model([route({ resources: [aurora] })], { settings: [optInSetting(SRC, REGION, ['Neptune'])] }), {})).toHaveLength(1);
      expect(cabResource.check(model([route({ resources: [aurora] })], { settings: [optInSetting(DST, REGION, ['Aurora'])] }), {})).toHaveLength(1);
      expect(cabResource.check(model([route({ resources: [aurora] })], { settings: [optInSetting(SRC, OTHER_REGION, ['Aurora'])] }), {})).toHaveLength(1);
    });

    test('silent for other types, for RDS-family clusters of unknown type, and when the account or Region is unknown', () => {
      expect(cabResource.check(model([route({ resources: [resource('RDS'), resource('EBS')] })]), {})).toEqual([]);
      const byArn = resource('RDSFamilyCluster', { inApp: false, arn: 'arn:aws:rds:us-east-1:111111111111:cluster:c' });
      expect(cabResource.check(model([route({ resources: [byArn] })]), {})).toEqual([]);
      const unknown = resource('Aurora', { env: env(null, null) });
      const unknownRoute = route({ resources: [unknown], sourceEnv: env(null, null), crossAccount: null, crossRegion: null });
      expect(cabResource.check(model([unknownRoute]), {})).toEqual([]);
    });
  });

  test('RDS Multi-AZ DB cluster: any copy fails, even same account and Region', () => {
    const cluster = resource('RDS-MultiAZCluster', { constructPath: 'SourceStack/MultiAz' });
    const r = route({ resources: [cluster], destination: destinationVault({ env: env(SRC), path: 'SourceStack/Other' }) });
    const findings = cabResource.check(model([r]), {});
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-RESOURCE',
      severity: 'error',
      constructPath: 'SourceStack/MultiAz',
      routeId: r.id,
      messageId: 'unsupported-copy',
      details: { cause: 'any-copy', resources: ['SourceStack/MultiAz'], types: ['RDS-MultiAZCluster'] },
      awsError: featureNotSupportedError('RDS-MultiAZCluster', REGION, REGION),
    }]);
    expect(findings[0].awsError).toBe(`Copy job from ${REGION} to ${REGION} cannot be initiated for RDS resources. Feature is not supported for provided resource type.`);
  });

  test('FSx for ONTAP: a warning (sources conflict since the September 2026 announcement), on the selection when selected by ARN', () => {
    const volume = resource('FSx-ONTAP', { inApp: false, arn: 'arn:aws:fsx:us-east-1:111111111111:volume/fsvol-1' });
    const r = route({ resources: [volume] });
    expect(cabResource.check(model([r]), {}).map(dataOf)).toEqual([{
      ruleId: 'CAB-RESOURCE',
      severity: 'warning',
      constructPath: SELECTION,
      routeId: r.id,
      messageId: 'uncertain-copy',
      details: { cause: 'any-copy', resources: ['arn:aws:fsx:us-east-1:111111111111:volume/fsvol-1'], types: ['FSx-ONTAP'] },
      awsError: undefined,
    }]);
    // the warning's reason, which its message quotes: the capability row's conflict
    expect(capabilityOf('FSx-ONTAP').conflicts).toContain('September 2026 announcement');
  });

  test('FSx for ONTAP: no cross-Region copy in opt-in Regions (an error)', () => {
    const volume = resource('FSx-ONTAP', { env: env(SRC, 'eu-south-1') });
    const r = route({ sourceEnv: env(SRC, 'eu-south-1'), resources: [volume], destination: destinationVault({ env: env(SRC, 'eu-west-1') }) });
    const findings = cabResource.check(model([r]), {});
    expect(findings.map((f) => f.severity).sort()).toEqual(['error', 'warning']);
    expect(dataOf(findings.find((f) => f.severity === 'error')!)).toMatchObject({
      messageId: 'opt-in-region-limit',
      details: { cause: 'cross-region', resources: ['SourceStack/FSx-ONTAP'], types: ['FSx-ONTAP'], regions: ['eu-south-1'] },
      awsError: featureNotSupportedError('FSx-ONTAP', 'eu-south-1', 'eu-west-1'),
    });
  });

  test('Aurora DSQL across accounts: a warning naming the Aurora DSQL user guide', () => {
    const [f] = cabResource.check(model([route({ resources: [resource('AuroraDSQL')] })]), {});
    expect([f.severity, f.messageId, f.details.types]).toEqual(['warning', 'uncertain-copy', ['AuroraDSQL']]);
    // the guide its message names: the capability row's conflict
    expect(capabilityOf('AuroraDSQL').conflicts).toContain('https://docs.aws.amazon.com/aurora-dsql/latest/userguide/backup-aurora-dsql.html');
  });

  test('one finding per resource for a type that supports no copy, however many copy actions', () => {
    const cluster = resource('RDS-MultiAZCluster');
    const routes = [route({ resources: [cluster] }), route({ resources: [cluster], ruleName: 'Weekly' })];
    expect(cabResource.check(model(routes), {})).toHaveLength(1);
  });

  describe('DynamoDB', () => {
    const table = resource('DynamoDB', { key: undefined });
    const sameAccountOtherRegion = route({ resources: [table], destination: destinationVault({ env: env(SRC, OTHER_REGION) }) });

    const off = { dynamoDbAdvancedFeatures: false };

    test('advanced features declared off: a same-account copy fails (error)', () => {
      expect(cabResource.check(model([sameAccountOtherRegion]), off).map(dataOf)).toEqual([{
        ruleId: 'CAB-RESOURCE',
        severity: 'error',
        constructPath: 'SourceStack/Table',
        routeId: sameAccountOtherRegion.id,
        messageId: 'unsupported-copy',
        details: { cause: 'any-copy', resources: ['SourceStack/Table'], types: ['DynamoDB'] },
        awsError: featureNotSupportedError('DynamoDB', REGION, OTHER_REGION),
      }]);
    });

    test('advanced features not declared: a warning', () => {
      const findings = cabResource.check(model([sameAccountOtherRegion, route({ ...sameAccountOtherRegion, ruleName: 'Weekly' })]), {});
      expect(findings.map(dataOf)).toEqual([{
        ruleId: 'CAB-RESOURCE',
        severity: 'warning',
        constructPath: 'SourceStack/Table',
        routeId: sameAccountOtherRegion.id,
        messageId: 'dynamo-db-advanced-undeclared',
        details: { resources: ['SourceStack/Table'], accounts: [SRC], regions: [REGION] },
        awsError: undefined,
      }]);
    });

    test('cross-account copies are left to the DynamoDB advanced-features rule, unknown accounts are silent', () => {
      for (const options of [{}, off]) {
        expect(cabResource.check(model([route({ resources: [table] })]), options)).toEqual([]);
        expect(cabResource.check(model([route({ resources: [table], crossAccount: null })]), options)).toEqual([]);
      }
    });

    test('with advanced features declared, or a setting for the account and Region, it is silent', () => {
      expect(cabResource.check(model([sameAccountOtherRegion]), { dynamoDbAdvancedFeatures: true })).toEqual([]);
      const settings = [{ kind: 'dynamodb-advanced' as const, constructPath: 'Org/Ddb', env: env(SRC, REGION) }];
      expect(cabResource.check(model([sameAccountOtherRegion], { settings }), off)).toEqual([]);
      const elsewhere = [{ kind: 'dynamodb-advanced' as const, constructPath: 'Org/Ddb', env: env(SRC, 'eu-west-1') }];
      expect(cabResource.check(model([sameAccountOtherRegion], { settings: elsewhere }), off)).toHaveLength(1);
    });
  });

  test('Redshift: a warning, not an error (copy support unverified)', () => {
    const cluster = resource('Redshift');
    const [f] = cabResource.check(model([route({ resources: [cluster] })]), {});
    expect(dataOf(f)).toMatchObject({ ruleId: 'CAB-RESOURCE', severity: 'warning', messageId: 'uncertain-copy', awsError: undefined });
  });

  test.each(['Redshift', 'RedshiftServerless'] as const)('%s cross-Region and cross-account in one action: a warning (not found either way), not an error', (type) => {
    const r = route({ resources: [resource(type)], destination: destinationVault({ env: env(DST, OTHER_REGION) }) });
    expect(r.crossRegion && r.crossAccount).toBe(true);
    const [f] = cabResource.check(model([r]), {});
    expect(dataOf(f)).toMatchObject({ ruleId: 'CAB-RESOURCE', severity: 'warning', messageId: 'uncertain-copy', awsError: undefined });
  });

  test('RDS-family cluster selected by a wildcard ARN is not reported (it may be Aurora)', () => {
    const any = resource('RDSFamilyCluster', { inApp: false, arn: 'arn:aws:rds:*:*:cluster:*', env: env(null, null) });
    expect(cabResource.check(model([route({ resources: [any] })]), {})).toEqual([]);
  });

  describe('Regions and partitions', () => {
    test('DocumentDB cross-account in an opt-in Region', () => {
      const docdb = resource('DocumentDB', { env: env(SRC, 'af-south-1') });
      const r = route({ sourceEnv: env(SRC, 'af-south-1'), resources: [docdb], destination: destinationVault({ env: env(DST, 'af-south-1') }) });
      const [f] = cabResource.check(model([r]), {});
      expect(dataOf(f)).toEqual({
        ruleId: 'CAB-RESOURCE',
        severity: 'error',
        constructPath: 'SourceStack/DocumentDB',
        routeId: r.id,
        messageId: 'opt-in-region-limit',
        details: { cause: 'cross-account', resources: ['SourceStack/DocumentDB'], types: ['DocumentDB'], regions: ['af-south-1'] },
        awsError: featureNotSupportedError('DocumentDB', 'af-south-1', 'af-south-1'),
      });
    });

    test('Neptune cross-Region from Cape Town is allowed, from Milan it is not', () => {
      const fromRegion = (region: string) => route({
        sourceEnv: env(SRC, region),
        resources: [resource('Neptune', { env: env(SRC, region) })],
        destination: destinationVault({ env: env(SRC, 'eu-west-1') }),
      });
      expect(cabResource.check(model([fromRegion('af-south-1')]), OPTED_IN)).toEqual([]);
      const findings = cabResource.check(model([fromRegion('eu-south-1')]), OPTED_IN);
      expect(findings.map((f) => [f.messageId, f.details])).toEqual([['opt-in-region-limit',
        { cause: 'cross-region', resources: ['SourceStack/Neptune'], types: ['Neptune'], regions: ['eu-south-1'] }]]);
    });

    test('cross-partition copy attaches to the plan', () => {
      const r = route({ destination: destinationVault({ env: env(DST, 'cn-north-1') }) });
      expect(cabResource.check(model([r]), {}).map(dataOf)).toEqual([{
        ruleId: 'CAB-RESOURCE',
        severity: 'error',
        constructPath: PLAN,
        routeId: r.id,
        messageId: 'region-limit',
        details: { cause: 'cross-partition', partitions: ['aws', 'aws-cn'] },
        awsError: undefined,
      }]);
    });

    test('cross-account copy in China', () => {
      const cn = env(SRC, 'cn-north-1', 'aws-cn');
      const r = route({ sourceEnv: cn, resources: [resource('EBS', { env: cn })], destination: destinationVault({ env: env(DST, 'cn-north-1', 'aws-cn') }) });
      const findings = cabResource.check(model([r]), {});
      expect(findings.map((f) => [f.constructPath, f.messageId, f.details])).toEqual([
        [PLAN, 'region-limit', { cause: 'cross-account-unsupported', partitions: ['aws-cn', 'aws-cn'] }],
      ]);
    });

    test('same-account copy between the two China Regions is fine; unknown Regions are silent', () => {
      const cn = env(SRC, 'cn-north-1');
      const ok = route({ sourceEnv: cn, resources: [resource('EBS', { env: cn })], destination: destinationVault({ env: env(SRC, 'cn-northwest-1') }) });
      const unknown = route({ sourceEnv: env(SRC, null), destination: destinationVault({ env: env(DST, null) }) });
      expect(cabResource.check(model([ok, unknown]), {})).toEqual([]);
    });
  });
});
