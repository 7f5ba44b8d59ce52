import {
  DST, OTHER_REGION, PLAN, REGION, SELECTION, SRC, destinationVault, env, model, resource, route,
} from './model-builder';
import { cabResource } from '../../../src/checks/rules/cab-resource';

const FEATURE_ERROR = (from: string, to: string, type: string) =>
  `"Copy job from ${from} to ${to} cannot be initiated for ${type} resources. Feature is not supported for provided resource type."`;

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
      const findings = cabResource.check(model([route({ resources: [aurora] }), route({ resources: [aurora], ruleName: 'Weekly' })]), {});
      expect(findings.map((f) => [f.ruleId, f.severity, f.constructPath])).toEqual([['CAB-RESOURCE', 'warning', 'SourceStack/Cluster']]);
      expect(findings[0].message).toContain('However Aurora, Neptune, and Amazon DocumentDB require service opt-in.');
      expect(findings[0].message).toContain(`new ResourceTypeOptInSetting(this, 'ServiceOptIn', { resourceTypes: ['Aurora'] }) in a stack of account ${SRC} in ${REGION}`);
      expect(findings[0].message).toContain("optedInResourceTypes: ['Aurora']");
      expect(findings[0].docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html');
    });

    test.each(['Neptune', 'DocumentDB'] as const)('%s too', (type) => {
      const [f] = cabResource.check(model([route({ resources: [resource(type)] })]), {});
      expect(f.severity).toBe('warning');
      expect(f.message).toContain(`the service opt-in for ${type} is not declared`);
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
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.ruleId).toBe('CAB-RESOURCE');
    expect(f.severity).toBe('error');
    expect(f.constructPath).toBe('SourceStack/MultiAz');
    expect(f.message.startsWith('CAB-RESOURCE: Amazon RDS Multi-AZ DB cluster SourceStack/MultiAz is selected by backup plan SourceStack/Plan (rule Daily)')).toBe(true);
    expect(f.message).toContain('AWS Backup does not support any copy (not even to another vault of the same account and Region) for the type Amazon RDS Multi-AZ DB cluster.');
    expect(f.message).toContain(FEATURE_ERROR(REGION, REGION, 'RDS'));
    expect(f.message).toContain('multiAz: true');
    expect(f.routeId).toBe(r.id);
  });

  test('FSx for ONTAP: a warning (sources conflict since the September 2026 announcement), on the selection when selected by ARN', () => {
    const volume = resource('FSx-ONTAP', { inApp: false, arn: 'arn:aws:fsx:us-east-1:111111111111:volume/fsvol-1' });
    const [f] = cabResource.check(model([route({ resources: [volume] })]), {});
    expect(f.severity).toBe('warning');
    expect(f.constructPath).toBe(SELECTION);
    expect(f.message).toContain('arn:aws:fsx:us-east-1:111111111111:volume/fsvol-1');
    expect(f.message).toContain('for FSx resources');
    expect(f.message).toContain('September 2026 announcement');
  });

  test('FSx for ONTAP: no cross-Region copy in opt-in Regions (an error)', () => {
    const volume = resource('FSx-ONTAP', { env: env(SRC, 'eu-south-1') });
    const r = route({ sourceEnv: env(SRC, 'eu-south-1'), resources: [volume], destination: destinationVault({ env: env(SRC, 'eu-west-1') }) });
    const findings = cabResource.check(model([r]), {});
    expect(findings.map((f) => f.severity).sort()).toEqual(['error', 'warning']);
    expect(findings.find((f) => f.severity === 'error')!.message).toContain('cross-Region copies of the type Amazon FSx for NetApp ONTAP volume in opt-in Region eu-south-1');
  });

  test('Aurora DSQL across accounts: a warning naming the Aurora DSQL user guide', () => {
    const [f] = cabResource.check(model([route({ resources: [resource('AuroraDSQL')] })]), {});
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('https://docs.aws.amazon.com/aurora-dsql/latest/userguide/backup-aurora-dsql.html');
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
      const [f] = cabResource.check(model([sameAccountOtherRegion]), off);
      expect(f.severity).toBe('error');
      expect(f.constructPath).toBe('SourceStack/Table');
      expect(f.message).toContain(FEATURE_ERROR(REGION, OTHER_REGION, 'DynamoDB'));
      expect(f.message).toContain('DynamoDbAdvancedBackupSetting');
    });

    test('advanced features not declared: a warning that says who has them by default and how to declare them', () => {
      const findings = cabResource.check(model([sameAccountOtherRegion, route({ ...sameAccountOtherRegion, ruleName: 'Weekly' })]), {});
      expect(findings.map((f) => [f.severity, f.constructPath])).toEqual([['warning', 'SourceStack/Table']]);
      expect(findings[0].message).toContain('November 21, 2021');
      expect(findings[0].message).toContain('dynamoDbAdvancedFeatures: true');
      expect(findings[0].message).toContain(FEATURE_ERROR(REGION, OTHER_REGION, 'DynamoDB'));
      expect(findings[0].message).not.toContain('At run time AWS Backup fails');
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
    expect(f.severity).toBe('warning');
    expect(f.ruleId).toBe('CAB-RESOURCE');
    expect(f.message).toMatch(/^CAB-RESOURCE: /);
    expect(f.message).toContain('does not confirm');
    expect(f.message).not.toContain('At run time AWS Backup fails');
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
      expect(f.severity).toBe('error');
      expect(f.constructPath).toBe('SourceStack/DocumentDB');
      expect(f.message).toContain('cross-account copies of the type Amazon DocumentDB cluster in opt-in Region af-south-1 (Africa (Cape Town))');
      expect(f.message).toContain(FEATURE_ERROR('af-south-1', 'af-south-1', 'DocumentDB'));
    });

    test('Neptune cross-Region from Cape Town is allowed, from Milan it is not', () => {
      const fromRegion = (region: string) => route({
        sourceEnv: env(SRC, region),
        resources: [resource('Neptune', { env: env(SRC, region) })],
        destination: destinationVault({ env: env(SRC, 'eu-west-1') }),
      });
      expect(cabResource.check(model([fromRegion('af-south-1')]), OPTED_IN)).toEqual([]);
      const [f] = cabResource.check(model([fromRegion('eu-south-1')]), OPTED_IN);
      expect(f.message).toContain('cross-Region copies of the type Amazon Neptune cluster in opt-in Region eu-south-1');
    });

    test('cross-partition copy attaches to the plan', () => {
      const r = route({ destination: destinationVault({ env: env(DST, 'cn-north-1') }) });
      const findings = cabResource.check(model([r]), {});
      expect(findings).toHaveLength(1);
      expect(findings[0].constructPath).toBe(PLAN);
      expect(findings[0].message).toContain('partition aws and the destination in partition aws-cn');
    });

    test('cross-account copy in China', () => {
      const cn = env(SRC, 'cn-north-1', 'aws-cn');
      const r = route({ sourceEnv: cn, resources: [resource('EBS', { env: cn })], destination: destinationVault({ env: env(DST, 'cn-north-1', 'aws-cn') }) });
      const [f] = cabResource.check(model([r]), {});
      expect(f.constructPath).toBe(PLAN);
      expect(f.message).toContain('does not support cross-account copy in the China Regions');
    });

    test('same-account copy between the two China Regions is fine; unknown Regions are silent', () => {
      const cn = env(SRC, 'cn-north-1');
      const ok = route({ sourceEnv: cn, resources: [resource('EBS', { env: cn })], destination: destinationVault({ env: env(SRC, 'cn-northwest-1') }) });
      const unknown = route({ sourceEnv: env(SRC, null), destination: destinationVault({ env: env(DST, null) }) });
      expect(cabResource.check(model([ok, unknown]), {})).toEqual([]);
    });
  });
});
