import { DST, OTHER_REGION, PLAN, REGION, SRC, destinationVault, env, model, resource, route } from './model-builder';
import { cabXregionXaccount } from '../../../src/checks/rules/cab-xregion-xaccount';

const xrxa = (resources = [resource('RDS')]) =>
  route({ resources, destination: destinationVault({ env: env(DST, OTHER_REGION) }) });

describe('CAB-XREGION-XACCOUNT', () => {
  test('error on the plan for RDS copied cross-Region and cross-account in one action', () => {
    const r = xrxa();
    const findings = cabXregionXaccount.check(model([r]), {});
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.ruleId).toBe('CAB-XREGION-XACCOUNT');
    expect(f.severity).toBe('error');
    expect(f.constructPath).toBe(PLAN);
    expect(f.routeId).toBe(r.id);
    expect(f.message.startsWith('CAB-XREGION-XACCOUNT: backup plan SourceStack/Plan (rule Daily) copies Amazon RDS DB instance SourceStack/Db')).toBe(true);
    expect(f.message).toContain(`from account ${SRC} in ${REGION} to vault "Vault" (BackupStack/Vault) in account ${DST} in ${OTHER_REGION}`);
    expect(f.message).toContain(`"Copy job from ${REGION} to ${OTHER_REGION} cannot be initiated for RDS resources. Feature is not supported for provided resource type."`);
    expect(f.message).toContain(`a copy action into a vault of account ${DST} in ${REGION}`);
    expect(f.message).toContain(`new CrossAccountBackupVault(this, 'Vault', { sourceAccounts: ['${SRC}'] })`);
    expect(f.message).toContain('allowSingleActionCrossRegionCrossAccount: true');
    expect(f.docUrl).toBe('https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html');
    // States AWS's announcement and why the check is still on; never claims AWS documents the limit.
    expect(f.message).toContain('AWS announced in October 2025');
    expect(f.message).toContain('https://aws.amazon.com/about-aws/whats-new/2025/10/aws-backup-single-action-database-snapshot-copy-regions/');
    expect(f.message).toContain("the project's users asked for these copies to be rejected");
    expect(f.message).not.toContain('AWS Backup documents that');
  });

  test.each(['Aurora', 'DocumentDB', 'Neptune', 'RDSFamilyCluster'] as const)('%s is affected too', (type) => {
    expect(cabXregionXaccount.check(model([xrxa([resource(type)])]), {})).toHaveLength(1);
  });

  test('names every affected resource in one finding, and the first type in the AWS error', () => {
    const [f] = cabXregionXaccount.check(model([xrxa([resource('Aurora'), resource('EBS'), resource('RDS')])]), {});
    expect(f.message).toContain('Amazon Aurora DB cluster SourceStack/Cluster and Amazon RDS DB instance SourceStack/Db');
    expect(f.message).not.toContain('SourceStack/Volume');
    expect(f.message).toContain('for Aurora resources');
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
