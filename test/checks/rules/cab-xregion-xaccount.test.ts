import { DST, OTHER_REGION, PLAN, REGION, SRC, dataOf, destinationVault, env, model, resource, route } from './model-builder';
import { featureNotSupportedError } from '../../../src/checks/messages/common';
import { cabXregionXaccount } from '../../../src/checks/rules/cab-xregion-xaccount';

const xrxa = (resources = [resource('RDS')]) =>
  route({ resources, destination: destinationVault({ env: env(DST, OTHER_REGION) }) });

describe('CAB-XREGION-XACCOUNT', () => {
  test('error on the plan for RDS copied cross-Region and cross-account in one action', () => {
    const r = xrxa();
    const findings = cabXregionXaccount.check(model([r]), {});
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-XREGION-XACCOUNT',
      severity: 'error',
      constructPath: PLAN,
      routeId: r.id,
      messageId: 'single-action-cross-region-cross-account',
      details: { resources: ['SourceStack/Db'], types: ['RDS'], accounts: [SRC, DST], regions: [REGION, OTHER_REGION] },
      awsError: featureNotSupportedError('RDS', REGION, OTHER_REGION),
    }]);
    expect(findings[0].docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html');
  });

  test.each(['Aurora', 'DocumentDB', 'Neptune', 'RDSFamilyCluster'] as const)('%s is affected too', (type) => {
    expect(cabXregionXaccount.check(model([xrxa([resource(type)])]), {}).map((f) => f.details.types)).toEqual([[type]]);
  });

  test('names every affected resource in one finding, and the first type in the AWS error', () => {
    const [f] = cabXregionXaccount.check(model([xrxa([resource('Aurora'), resource('EBS'), resource('RDS')])]), {});
    expect(f.details).toMatchObject({ resources: ['SourceStack/Cluster', 'SourceStack/Db'], types: ['Aurora', 'RDS'] });
    expect(f.awsError).toBe(featureNotSupportedError('Aurora', REGION, OTHER_REGION));
  });

  test('lifted by allowSingleActionCrossRegionCrossAccount', () => {
    expect(cabXregionXaccount.check(model([xrxa()]), { allowSingleActionCrossRegionCrossAccount: true })).toEqual([]);
  });

  test('silent: only cross-account, only cross-Region, unknown Region, other types', () => {
    const onlyAccount = route({ resources: [resource('RDS')] });
    const onlyRegion = route({ resources: [resource('RDS')], destination: destinationVault({ env: env(SRC, OTHER_REGION) }) });
    const unknown = route({ resources: [resource('RDS')], destination: destinationVault({ env: env(DST, null) }) });
    const ebs = xrxa([resource('EBS'), resource('EFS'), resource('S3')]);
    expect(cabXregionXaccount.check(model([onlyAccount, onlyRegion, unknown, ebs]), {})).toEqual([]);
  });

  test('a copy that cannot be made at all (opt-in Region limit) is left to the resource rule', () => {
    const docdb = resource('DocumentDB', { env: env(SRC, 'af-south-1') });
    const r = route({ sourceEnv: env(SRC, 'af-south-1'), resources: [docdb], destination: destinationVault({ env: env(DST, REGION) }) });
    expect(cabXregionXaccount.check(model([r]), {})).toEqual([]);
  });
});
