import {
  DST, OTHER_REGION, PLAN, REGION, SELECTION, SRC, destinationVault, env, model, resource, route,
} from './model-builder';
import { cabResource } from '../../../src/checks/rules/cab-resource';

const FEATURE_ERROR = (from: string, to: string, type: string) =>
  `"Copy job from ${from} to ${to} cannot be initiated for ${type} resources. Feature is not supported for provided resource type."`;

describe('CAB-RESOURCE', () => {
  test('compliant: EBS, RDS, Aurora, EFS copied across accounts and Regions', () => {
    const resources = [resource('EBS'), resource('RDS'), resource('Aurora'), resource('EFS')];
    const r = route({ resources, destination: destinationVault({ env: env(DST, OTHER_REGION) }) });
    expect(cabResource(model([r]), {})).toEqual([]);
  });

  test('RDS Multi-AZ DB cluster: any copy fails, even same account and Region', () => {
    const cluster = resource('RDS-MultiAZCluster', { constructPath: 'SourceStack/MultiAz' });
    const r = route({ resources: [cluster], destination: destinationVault({ env: env(SRC), path: 'SourceStack/Other' }) });
    const findings = cabResource(model([r]), {});
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

  test('FSx for ONTAP selected by ARN attaches to the selection', () => {
    const volume = resource('FSx-ONTAP', { inApp: false, arn: 'arn:aws:fsx:us-east-1:111111111111:volume/fsvol-1' });
    const [f] = cabResource(model([route({ resources: [volume] })]), {});
    expect(f.constructPath).toBe(SELECTION);
    expect(f.message).toContain('arn:aws:fsx:us-east-1:111111111111:volume/fsvol-1');
    expect(f.message).toContain('for FSx resources');
    expect(f.message).toContain('SnapMirror');
  });

  test('one finding per resource for a type that supports no copy, however many copy actions', () => {
    const cluster = resource('RDS-MultiAZCluster');
    const routes = [route({ resources: [cluster] }), route({ resources: [cluster], ruleName: 'Weekly' })];
    expect(cabResource(model(routes), {})).toHaveLength(1);
  });

  describe('DynamoDB', () => {
    const table = resource('DynamoDB', { key: undefined });
    const sameAccountOtherRegion = route({ resources: [table], destination: destinationVault({ env: env(SRC, OTHER_REGION) }) });

    test('without advanced features, a same-account copy fails', () => {
      const [f] = cabResource(model([sameAccountOtherRegion]), {});
      expect(f.constructPath).toBe('SourceStack/Table');
      expect(f.message).toContain(FEATURE_ERROR(REGION, OTHER_REGION, 'DynamoDB'));
      expect(f.message).toContain('dynamoDbAdvancedFeatures: true');
      expect(f.message).toContain('DynamoDbAdvancedBackupSetting');
    });

    test('cross-account copies are left to the DynamoDB advanced-features rule, unknown accounts are silent', () => {
      expect(cabResource(model([route({ resources: [table] })]), {})).toEqual([]);
      expect(cabResource(model([route({ resources: [table], crossAccount: null })]), {})).toEqual([]);
    });

    test('with advanced features declared, or a setting for the account and Region, it is silent', () => {
      expect(cabResource(model([sameAccountOtherRegion]), { dynamoDbAdvancedFeatures: true })).toEqual([]);
      const settings = [{ kind: 'dynamodb-advanced' as const, constructPath: 'Org/Ddb', env: env(SRC, REGION) }];
      expect(cabResource(model([sameAccountOtherRegion], { settings }), {})).toEqual([]);
      const elsewhere = [{ kind: 'dynamodb-advanced' as const, constructPath: 'Org/Ddb', env: env(SRC, 'eu-west-1') }];
      expect(cabResource(model([sameAccountOtherRegion], { settings: elsewhere }), {})).toHaveLength(1);
    });
  });

  test('Redshift: a warning, not an error (copy support unverified)', () => {
    const cluster = resource('Redshift');
    const [f] = cabResource(model([route({ resources: [cluster] })]), {});
    expect(f.severity).toBe('warning');
    expect(f.ruleId).toBe('CAB-RESOURCE');
    expect(f.message).toMatch(/^CAB-RESOURCE: /);
    expect(f.message).toContain('does not confirm');
    expect(f.message).not.toContain('At run time AWS Backup fails');
  });

  test('RDS-family cluster selected by a wildcard ARN is not reported (it may be Aurora)', () => {
    const any = resource('RDSFamilyCluster', { inApp: false, arn: 'arn:aws:rds:*:*:cluster:*', env: env(null, null) });
    expect(cabResource(model([route({ resources: [any] })]), {})).toEqual([]);
  });

  describe('Regions and partitions', () => {
    test('DocumentDB cross-account in an opt-in Region', () => {
      const docdb = resource('DocumentDB', { env: env(SRC, 'af-south-1') });
      const r = route({ sourceEnv: env(SRC, 'af-south-1'), resources: [docdb], destination: destinationVault({ env: env(DST, 'af-south-1') }) });
      const [f] = cabResource(model([r]), {});
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
      expect(cabResource(model([fromRegion('af-south-1')]), {})).toEqual([]);
      const [f] = cabResource(model([fromRegion('eu-south-1')]), {});
      expect(f.message).toContain('cross-Region copies of the type Amazon Neptune cluster in opt-in Region eu-south-1');
    });

    test('cross-partition copy attaches to the plan', () => {
      const r = route({ destination: destinationVault({ env: env(DST, 'cn-north-1') }) });
      const findings = cabResource(model([r]), {});
      expect(findings).toHaveLength(1);
      expect(findings[0].constructPath).toBe(PLAN);
      expect(findings[0].message).toContain('partition aws and the destination in partition aws-cn');
    });

    test('cross-account copy in China', () => {
      const cn = env(SRC, 'cn-north-1', 'aws-cn');
      const r = route({ sourceEnv: cn, resources: [resource('EBS', { env: cn })], destination: destinationVault({ env: env(DST, 'cn-north-1', 'aws-cn') }) });
      const [f] = cabResource(model([r]), {});
      expect(f.constructPath).toBe(PLAN);
      expect(f.message).toContain('does not support cross-account copy in the China Regions');
    });

    test('same-account copy between the two China Regions is fine; unknown Regions are silent', () => {
      const cn = env(SRC, 'cn-north-1');
      const ok = route({ sourceEnv: cn, resources: [resource('EBS', { env: cn })], destination: destinationVault({ env: env(SRC, 'cn-northwest-1') }) });
      const unknown = route({ sourceEnv: env(SRC, null), destination: destinationVault({ env: env(DST, null) }) });
      expect(cabResource(model([ok, unknown]), {})).toEqual([]);
    });
  });
});
