import { OPT_IN_REGIONS, OPT_IN_TYPE_LIMITS, PARTITIONS } from '../../../src/checks/capabilities/region-capabilities';

describe('region capability tables (facts §5)', () => {
  test('partitions', () => {
    expect(PARTITIONS.map((p) => [p.partition, p.crossAccountCopy, p.crossRegionCopyRegions])).toEqual([
      ['aws', 'supported', undefined],
      ['aws-cn', 'unsupported', ['cn-north-1', 'cn-northwest-1']],
      ['aws-us-gov', 'uncertain', ['us-gov-east-1', 'us-gov-west-1']],
      ['aws-eusc', 'uncertain', undefined],
    ]);
  });

  test('opt-in Regions: the ten with all features, the seven newer ones unverified', () => {
    const supported = ['af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'eu-south-1', 'eu-south-2', 'eu-central-2', 'me-south-1', 'me-central-1'];
    const uncertain = ['ap-southeast-5', 'ap-southeast-6', 'ap-east-2', 'ap-southeast-7', 'ca-west-1', 'il-central-1', 'mx-central-1'];
    expect(OPT_IN_REGIONS.filter((r) => r.crossAccountCopy === 'supported').map((r) => r.region).sort()).toEqual(supported.sort());
    expect(OPT_IN_REGIONS.filter((r) => r.crossAccountCopy === 'uncertain').map((r) => r.region).sort()).toEqual(uncertain.sort());
  });

  test('per-type limits in opt-in Regions', () => {
    const byType = Object.fromEntries(OPT_IN_TYPE_LIMITS.map((l) => [l.type, [l.crossAccountCopy ?? '', l.crossRegionCopy ?? '', (l.crossRegionCopyExceptRegions ?? []).join(',')]]));
    expect(byType).toEqual({
      'DocumentDB': ['unsupported', 'unsupported', ''],
      'Neptune': ['unsupported', 'unsupported', 'af-south-1,ap-east-1,ap-southeast-3,il-central-1,me-south-1,me-central-1'],
      'CloudFormation': ['unsupported', '', ''],
      'Timestream': ['unsupported', '', ''],
      'FSx': ['', 'unsupported', ''],
      'FSx-ONTAP': ['', 'unsupported', ''],
    });
  });
});
