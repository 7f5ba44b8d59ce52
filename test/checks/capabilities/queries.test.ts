import {
  anyCopySupport, backupEnvOf, backupResourceTypeNames, capabilityOf, copyBlocked, copyVerdict, dynamoDbAdvancedEnabled,
  dynamoDbAdvancedState, effectiveCapabilities, isFullyManaged, isOptInRegion, optInProblem, partitionOf, partitionOfRegion,
  regionProblem, serviceOptInDeclared, unknownBackupResourceTypes,
} from '../../../src/checks/capabilities/queries';
import type { OrgSettingModel } from '../../../src/checks/model/types';
import { DST, SRC, destinationVault, env, resource, route } from '../rules/model-builder';

const ddbSetting = (account: string | null, region: string | null): OrgSettingModel =>
  ({ kind: 'dynamodb-advanced', constructPath: 'Org/Ddb', env: env(account, region) });

describe('capability queries', () => {
  test('dynamoDbAdvancedEnabled: option, matching setting, unknown parts of the setting match anything', () => {
    expect(dynamoDbAdvancedEnabled(env(), {}, [])).toBe(false);
    expect(dynamoDbAdvancedEnabled(env(), { dynamoDbAdvancedFeatures: true }, [])).toBe(true);
    expect(dynamoDbAdvancedEnabled(env(), {}, [ddbSetting(SRC, 'us-east-1')])).toBe(true);
    expect(dynamoDbAdvancedEnabled(env(), {}, [ddbSetting(DST, 'us-east-1')])).toBe(false);
    expect(dynamoDbAdvancedEnabled(env(), {}, [ddbSetting(SRC, 'eu-west-1')])).toBe(false);
    expect(dynamoDbAdvancedEnabled(env(), {}, [ddbSetting(null, null)])).toBe(true);
    expect(dynamoDbAdvancedEnabled(env(), {}, [{ ...ddbSetting(SRC, 'us-east-1'), kind: 'cross-account-backup' }])).toBe(false);
  });

  test('dynamoDbAdvancedState: on (option or setting), off (declared false, no setting), undeclared', () => {
    expect(dynamoDbAdvancedState(env(), {}, [])).toBe('undeclared');
    expect(dynamoDbAdvancedState(env(), { dynamoDbAdvancedFeatures: false }, [])).toBe('off');
    expect(dynamoDbAdvancedState(env(), { dynamoDbAdvancedFeatures: false }, [ddbSetting(SRC, 'us-east-1')])).toBe('on');
    expect(dynamoDbAdvancedState(env(), { dynamoDbAdvancedFeatures: false }, [ddbSetting(SRC, 'eu-west-1')])).toBe('off');
    expect(dynamoDbAdvancedState(env(), { dynamoDbAdvancedFeatures: true }, [])).toBe('on');
  });

  test('isFullyManaged follows the table; DynamoDB is fully managed unless advanced features are declared off', () => {
    const m = { settings: [] };
    expect(isFullyManaged(resource('EFS'), {}, m)).toBe(true);
    expect(isFullyManaged(resource('RDS'), {}, m)).toBe(false);
    expect(isFullyManaged(resource('DynamoDB'), { dynamoDbAdvancedFeatures: false }, m)).toBe(false);
    expect(isFullyManaged(resource('DynamoDB'), {}, m)).toBe(true);
    expect(isFullyManaged(resource('DynamoDB'), { dynamoDbAdvancedFeatures: true }, m)).toBe(true);
    const arnTable = resource('DynamoDB', { inApp: false, env: env(null, null) });
    const off = { dynamoDbAdvancedFeatures: false };
    expect(isFullyManaged(arnTable, off, { settings: [ddbSetting(SRC, 'us-east-1')] }, env())).toBe(true);
    expect(isFullyManaged(arnTable, off, { settings: [ddbSetting(SRC, 'eu-west-1')] }, env())).toBe(false);
  });

  test('serviceOptInDeclared: the option declares it everywhere, a setting for its account and Region and types only', () => {
    const setting: OrgSettingModel = { kind: 'resource-type-opt-in', constructPath: 'W/OptIn', env: env(SRC, 'us-east-1'), resourceTypes: ['Aurora'] };
    expect(serviceOptInDeclared('Aurora', env(), {}, [])).toBe(false);
    expect(serviceOptInDeclared('Aurora', env(), { optedInResourceTypes: ['Aurora'] }, [])).toBe(true);
    expect(serviceOptInDeclared('Aurora', env(), {}, [setting])).toBe(true);
    expect(serviceOptInDeclared('Neptune', env(), {}, [setting])).toBe(false);
    expect(serviceOptInDeclared('Aurora', env(DST), {}, [setting])).toBe(false);
    expect(serviceOptInDeclared('Aurora', env(), {}, [{ ...setting, kind: 'dynamodb-advanced' }])).toBe(false);
  });

  test('backup resource type names come from the table; unknown names get a case-insensitive suggestion', () => {
    expect(backupResourceTypeNames()).toEqual(expect.arrayContaining(['Aurora', 'DocumentDB', 'Neptune', 'SAP HANA on Amazon EC2', 'Storage Gateway']));
    expect(unknownBackupResourceTypes(['Aurora', 'neptune', 'DSQL'])).toEqual([{ name: 'neptune', suggestion: 'Neptune' }, { name: 'DSQL', suggestion: undefined }]);
  });

  test('backupEnvOf falls back to the plan env field by field', () => {
    expect(backupEnvOf(resource('EBS', { env: env(null, 'eu-west-1') }), env(DST, 'us-east-1', 'aws'))).toEqual({ account: DST, region: 'eu-west-1', partition: 'aws' });
  });

  test('effectiveCapabilities returns the table row unless DynamoDB advanced', () => {
    expect(effectiveCapabilities(resource('RDS'), {}, { settings: [] })).toBe(capabilityOf('RDS'));
    expect(effectiveCapabilities(resource('DynamoDB'), { dynamoDbAdvancedFeatures: true }, { settings: [] })).toBe(capabilityOf('DynamoDB').withAdvancedFeatures);
  });

  test('anyCopySupport (facts S-COPY)', () => {
    expect(anyCopySupport(capabilityOf('RDS-MultiAZCluster'))).toBe('unsupported');
    expect(anyCopySupport(capabilityOf('DynamoDB'))).toBe('unsupported');
    expect(anyCopySupport(capabilityOf('Redshift'))).toBe('uncertain');
    expect(anyCopySupport(capabilityOf('AuroraDSQL'))).toBe('supported');
    expect(anyCopySupport(capabilityOf('EBS'))).toBe('supported');
  });

  test('copyVerdict', () => {
    expect(copyVerdict(capabilityOf('RDS-MultiAZCluster'), false, false)).toEqual({ support: 'unsupported', blocker: 'any-copy' });
    expect(copyVerdict(capabilityOf('FSx-ONTAP'), false, true)).toEqual({ support: 'uncertain', blocker: 'any-copy' });
    expect(copyVerdict(capabilityOf('EBS'), true, true)).toEqual({ support: 'supported' });
    expect(copyVerdict(capabilityOf('RDS'), true, true)).toEqual({ support: 'supported' });
    expect(copyVerdict(capabilityOf('Redshift'), false, false)).toEqual({ support: 'uncertain', blocker: 'any-copy' });
    expect(copyVerdict(capabilityOf('AuroraDSQL'), true, false)).toEqual({ support: 'supported' });
    expect(copyVerdict(capabilityOf('AuroraDSQL'), undefined, true)).toEqual({ support: 'uncertain', blocker: 'cross-account' });
    const xrOnly = { fullyManaged: false, crossRegionCopy: 'unsupported' as const, crossAccountCopy: 'supported' as const, singleActionCrossRegionCrossAccount: 'unsupported' as const };
    expect(copyVerdict(xrOnly, true, false)).toEqual({ support: 'unsupported', blocker: 'cross-region' });
    expect(copyVerdict(xrOnly, undefined, true)).toEqual({ support: 'supported' });
    const xaOnly = { ...xrOnly, crossRegionCopy: 'supported' as const, crossAccountCopy: 'unsupported' as const };
    expect(copyVerdict(xaOnly, false, true)).toEqual({ support: 'unsupported', blocker: 'cross-account' });
    const noSingle = { ...xrOnly, crossRegionCopy: 'supported' as const };
    expect(copyVerdict(noSingle, true, true)).toEqual({ support: 'unsupported', blocker: 'single-action' });
    const xrUncertain = { ...noSingle, crossRegionCopy: 'uncertain' as const, singleActionCrossRegionCrossAccount: 'supported' as const };
    expect(copyVerdict(xrUncertain, true, false)).toEqual({ support: 'uncertain', blocker: 'cross-region' });
  });

  test('partitions from Regions and environments', () => {
    expect(partitionOfRegion('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOfRegion('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOfRegion('eusc-de-east-1')).toBe('aws-eusc');
    expect(partitionOfRegion('eu-west-1')).toBe('aws');
    expect(partitionOfRegion(undefined)).toBeUndefined();
    expect(partitionOf(env(SRC, null, 'aws-cn'))).toBe('aws-cn');
    expect(partitionOf(env(SRC, null))).toBeUndefined();
  });

  test('regionProblem', () => {
    expect(regionProblem(env(), env(DST, 'cn-north-1'), true)?.kind).toBe('cross-partition');
    expect(regionProblem(env(SRC, 'cn-north-1'), env(DST, 'cn-north-1'), true)?.kind).toBe('cross-account-unsupported');
    expect(regionProblem(env(SRC, 'cn-north-1'), env(SRC, 'cn-northwest-1'), false)).toBeUndefined();
    expect(regionProblem(env(SRC, 'us-gov-west-1'), env(DST, 'us-gov-east-1'), true)).toBeUndefined();
    expect(regionProblem(env(SRC, 'us-gov-west-1', 'aws-us-gov'), env(SRC, 'us-gov-central-9', 'aws-us-gov'), false)?.kind).toBe('cross-region-outside-group');
    expect(regionProblem(env(), env(DST, 'eu-west-1'), true)).toBeUndefined();
    expect(regionProblem(env(SRC, null), env(DST, 'cn-north-1'), true)).toBeUndefined();
  });

  test('opt-in Regions and per-type limits (either end)', () => {
    expect(isOptInRegion('af-south-1')).toBe(true);
    expect(isOptInRegion('us-east-1')).toBe(false);
    expect(isOptInRegion(undefined)).toBe(false);
    expect(optInProblem('DocumentDB', 'us-east-1', 'eu-south-1', true, false)).toEqual({ kind: 'cross-region', region: 'eu-south-1' });
    expect(optInProblem('DocumentDB', 'me-south-1', 'me-south-1', false, true)).toEqual({ kind: 'cross-account', region: 'me-south-1' });
    expect(optInProblem('Neptune', 'af-south-1', 'us-east-1', true, false)).toBeUndefined();
    expect(optInProblem('Neptune', 'af-south-1', 'eu-south-1', true, false)).toEqual({ kind: 'cross-region', region: 'eu-south-1' });
    expect(optInProblem('Timestream', 'af-south-1', 'af-south-1', false, true)).toEqual({ kind: 'cross-account', region: 'af-south-1' });
    expect(optInProblem('Timestream', 'af-south-1', 'eu-west-1', true, false)).toBeUndefined();
    expect(optInProblem('FSx', 'us-east-1', 'af-south-1', true, true)).toEqual({ kind: 'cross-region', region: 'af-south-1' });
    expect(optInProblem('EBS', 'af-south-1', 'af-south-1', true, true)).toBeUndefined();
    expect(optInProblem('DocumentDB', 'us-east-1', 'us-west-2', true, true)).toBeUndefined();
  });

  test('copyBlocked: type, partition and opt-in limits; not the legacy single-action restriction', () => {
    const m = { settings: [] };
    const xa = route();
    expect(copyBlocked(resource('EBS'), xa, {}, m)).toBe(false);
    expect(copyBlocked(resource('DynamoDB'), xa, { dynamoDbAdvancedFeatures: false }, m)).toBe(true);
    expect(copyBlocked(resource('DynamoDB'), xa, {}, m)).toBe(false);
    expect(copyBlocked(resource('DynamoDB'), xa, { dynamoDbAdvancedFeatures: true }, m)).toBe(false);
    expect(copyBlocked(resource('RDS'), route({ destination: destinationVault({ env: env(DST, 'us-west-2') }) }), {}, m)).toBe(false);
    expect(copyBlocked(resource('EBS'), route({ destination: destinationVault({ env: env(DST, 'cn-north-1') }) }), {}, m)).toBe(true);
    const capeTown = route({ sourceEnv: env(SRC, 'af-south-1'), destination: destinationVault({ env: env(DST, 'af-south-1') }) });
    expect(copyBlocked(resource('DocumentDB', { env: env(SRC, 'af-south-1') }), capeTown, {}, m)).toBe(true);
  });
});
