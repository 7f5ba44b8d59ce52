import {
  BackupClient,
  DescribeRegionSettingsCommand,
  UpdateRegionSettingsCommand,
} from '@aws-sdk/client-backup';
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import { handler, planRegionSettingsUpdate, requestOf } from '../../../src/constructs/handlers/region-settings';

const DYNAMODB = 'DynamoDB';
const PHYSICAL_RESOURCE_ID = 'DynamoDbAdvancedBackupSetting';
/** The request DynamoDbAdvancedBackupSetting sends. */
const DDB_REQUEST = { optIn: [DYNAMODB], fullManagement: [DYNAMODB] };

const backup = mockClient(BackupClient);

const base = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:222222222222:function:framework',
  ResponseURL: 'https://example.invalid/response',
  StackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Workload/guid',
  RequestId: 'request-1',
  LogicalResourceId: 'DynamoDbAdvanced',
  ResourceType: 'Custom::BackupDynamoDbAdvancedSetting',
  ResourceProperties: {
    ServiceToken: 'arn:aws:lambda:eu-west-1:222222222222:function:framework',
    Setting: 'DynamoDbAdvancedBackupSetting',
    OptIn: [DYNAMODB],
    FullManagement: [DYNAMODB],
  },
};
/** What ResourceTypeOptInSetting({ resourceTypes: ['Aurora', 'Neptune'] }) sends. */
const optInEvent: CloudFormationCustomResourceCreateEvent = {
  ...base,
  RequestType: 'Create',
  ResourceType: 'Custom::BackupResourceTypeOptInSetting',
  ResourceProperties: { ServiceToken: base.ServiceToken, Setting: 'ResourceTypeOptInSetting', OptIn: ['Aurora', 'Neptune'] },
};
const createEvent: CloudFormationCustomResourceCreateEvent = { ...base, RequestType: 'Create' };
const updateEvent: CloudFormationCustomResourceUpdateEvent = {
  ...base,
  RequestType: 'Update',
  PhysicalResourceId: 'existing-id',
  OldResourceProperties: { ServiceToken: base.ServiceToken },
};
const deleteEvent: CloudFormationCustomResourceDeleteEvent = { ...base, RequestType: 'Delete', PhysicalResourceId: 'existing-id' };

/** An error shaped like the ones SDK v3 throws for service exceptions. */
function serviceError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const ORIGINAL_REGION = process.env.AWS_REGION;

beforeEach(() => {
  backup.reset();
  process.env.AWS_REGION = 'eu-west-1';
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
  if (ORIGINAL_REGION === undefined) {
    delete process.env.AWS_REGION;
  } else {
    process.env.AWS_REGION = ORIGINAL_REGION;
  }
});

describe('handler: Create and Update', () => {
  test('sets DynamoDB in both maps and keeps every other key as it was', async () => {
    backup.on(DescribeRegionSettingsCommand).resolves({
      ResourceTypeOptInPreference: { DynamoDB: false, EFS: false, Aurora: true, S3: true },
      ResourceTypeManagementPreference: { DynamoDB: false, EFS: true },
    });
    backup.on(UpdateRegionSettingsCommand).resolves({});

    const response = await handler(createEvent);

    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Changed: 'true' } });
    const updates = backup.commandCalls(UpdateRegionSettingsCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0].args[0].input).toEqual({
      ResourceTypeOptInPreference: { DynamoDB: true, EFS: false, Aurora: true, S3: true },
      ResourceTypeManagementPreference: { DynamoDB: true, EFS: true },
    });
    // Read before write.
    expect(backup.calls().map((c) => c.args[0].constructor.name)).toEqual([
      'DescribeRegionSettingsCommand',
      'UpdateRegionSettingsCommand',
    ]);
  });

  test('writes nothing when DynamoDB is already opted in and fully managed (idempotent)', async () => {
    backup.on(DescribeRegionSettingsCommand).resolves({
      ResourceTypeOptInPreference: { DynamoDB: true, EFS: false },
      ResourceTypeManagementPreference: { DynamoDB: true, EFS: true },
    });

    const response = await handler(createEvent);

    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Changed: 'false' } });
    expect(backup.commandCalls(DescribeRegionSettingsCommand)).toHaveLength(1);
    expect(backup.commandCalls(UpdateRegionSettingsCommand)).toHaveLength(0);
  });

  test('opted in but not fully managed: writes both maps whole, only the management key changes', async () => {
    backup.on(DescribeRegionSettingsCommand).resolves({
      ResourceTypeOptInPreference: { DynamoDB: true, Aurora: false },
      ResourceTypeManagementPreference: { DynamoDB: false, EFS: true },
    });
    backup.on(UpdateRegionSettingsCommand).resolves({});

    await handler(createEvent);

    expect(backup.commandCalls(UpdateRegionSettingsCommand)[0].args[0].input).toEqual({
      ResourceTypeOptInPreference: { DynamoDB: true, Aurora: false },
      ResourceTypeManagementPreference: { DynamoDB: true, EFS: true },
    });
  });

  test('no maps returned: writes DynamoDB = true in both', async () => {
    backup.on(DescribeRegionSettingsCommand).resolves({});
    backup.on(UpdateRegionSettingsCommand).resolves({});

    await handler(createEvent);

    expect(backup.commandCalls(UpdateRegionSettingsCommand)[0].args[0].input).toEqual({
      ResourceTypeOptInPreference: { DynamoDB: true },
      ResourceTypeManagementPreference: { DynamoDB: true },
    });
  });

  test('Update keeps the physical id CloudFormation sent (no replacement)', async () => {
    backup.on(DescribeRegionSettingsCommand).resolves({
      ResourceTypeOptInPreference: { DynamoDB: false },
      ResourceTypeManagementPreference: { DynamoDB: false },
    });
    backup.on(UpdateRegionSettingsCommand).resolves({});

    expect(await handler(updateEvent)).toEqual({ PhysicalResourceId: 'existing-id', Data: { Changed: 'true' } });
    expect(backup.commandCalls(UpdateRegionSettingsCommand)).toHaveLength(1);
  });

  test('Update when already enabled writes nothing', async () => {
    backup.on(DescribeRegionSettingsCommand).resolves({
      ResourceTypeOptInPreference: { DynamoDB: true },
      ResourceTypeManagementPreference: { DynamoDB: true },
    });
    expect(await handler(updateEvent)).toEqual({ PhysicalResourceId: 'existing-id', Data: { Changed: 'false' } });
    expect(backup.commandCalls(UpdateRegionSettingsCommand)).toHaveLength(0);
  });
});

describe('handler: ResourceTypeOptInSetting (same handler, opt-in keys only)', () => {
  test('sets the listed opt-in keys, keeps every other key, never sends the management map', async () => {
    backup.on(DescribeRegionSettingsCommand).resolves({
      ResourceTypeOptInPreference: { Aurora: false, Neptune: false, DynamoDB: true, EFS: false },
      ResourceTypeManagementPreference: { DynamoDB: true, EFS: true },
    });
    backup.on(UpdateRegionSettingsCommand).resolves({});

    expect(await handler(optInEvent)).toEqual({ PhysicalResourceId: 'ResourceTypeOptInSetting', Data: { Changed: 'true' } });
    expect(backup.commandCalls(UpdateRegionSettingsCommand)[0].args[0].input).toEqual({
      ResourceTypeOptInPreference: { Aurora: true, Neptune: true, DynamoDB: true, EFS: false },
    });
  });

  test('writes nothing when the listed types are already opted in', async () => {
    backup.on(DescribeRegionSettingsCommand).resolves({ ResourceTypeOptInPreference: { Aurora: true, Neptune: true, RDS: false } });
    expect(await handler(optInEvent)).toEqual({ PhysicalResourceId: 'ResourceTypeOptInSetting', Data: { Changed: 'false' } });
    expect(backup.commandCalls(UpdateRegionSettingsCommand)).toHaveLength(0);
  });

  test('errors name the construct', async () => {
    backup.on(DescribeRegionSettingsCommand).rejects(serviceError('AccessDeniedException', 'no'));
    await expect(handler(optInEvent)).rejects.toThrow(/^ResourceTypeOptInSetting: AWS Backup DescribeRegionSettings failed in eu-west-1: AccessDeniedException: no\./);
  });
});

describe('requestOf', () => {
  test('reads the lists; missing or malformed lists are empty', () => {
    expect(requestOf({ Setting: 'X', OptIn: ['Aurora', 3], FullManagement: 'DynamoDB' })).toEqual({ setting: 'X', optIn: ['Aurora'], fullManagement: [] });
    expect(requestOf({})).toEqual({ setting: 'RegionSettings', optIn: [], fullManagement: [] });
  });
});

describe('handler: Delete', () => {
  test('leaves the settings as they are: no API call, same physical id', async () => {
    expect(await handler(deleteEvent)).toEqual({ PhysicalResourceId: 'existing-id' });
    expect(backup.calls()).toHaveLength(0);
  });
});

describe('handler: API errors fail the deployment with a clear message', () => {
  test('AccessDenied on DescribeRegionSettings: thrown, names the call, the Region and the cause; no write', async () => {
    const cause = serviceError('AccessDeniedException', 'User is not authorized to perform: backup:DescribeRegionSettings');
    backup.on(DescribeRegionSettingsCommand).rejects(cause);

    const promise = handler(createEvent);
    await expect(promise).rejects.toThrow(
      'DynamoDbAdvancedBackupSetting: AWS Backup DescribeRegionSettings failed in eu-west-1: AccessDeniedException: ' +
      'User is not authorized to perform: backup:DescribeRegionSettings. Check that the function\'s role allows backup:DescribeRegionSettings',
    );
    await expect(promise).rejects.toHaveProperty('cause', cause);
    expect(backup.commandCalls(UpdateRegionSettingsCommand)).toHaveLength(0);
  });

  test('InvalidRequestException on UpdateRegionSettings: thrown with the call, the Region and the cause', async () => {
    backup.on(DescribeRegionSettingsCommand).resolves({ ResourceTypeOptInPreference: { DynamoDB: false } });
    const cause = serviceError('InvalidRequestException', 'DynamoDB is not supported in this Region');
    backup.on(UpdateRegionSettingsCommand).rejects(cause);

    const promise = handler(updateEvent);
    await expect(promise).rejects.toThrow(
      /^DynamoDbAdvancedBackupSetting: AWS Backup UpdateRegionSettings failed in eu-west-1: InvalidRequestException: DynamoDB is not supported in this Region\. Check that the function's role allows backup:UpdateRegionSettings/,
    );
    await expect(promise).rejects.toHaveProperty('cause', cause);
  });

  test('a non-Error rejection is reported too, and a missing AWS_REGION does not hide the error', async () => {
    delete process.env.AWS_REGION;
    backup.on(DescribeRegionSettingsCommand).callsFake(() => Promise.reject('socket hang up'));

    await expect(handler(createEvent)).rejects.toThrow(
      'DynamoDbAdvancedBackupSetting: AWS Backup DescribeRegionSettings failed in the current Region: Error: socket hang up.',
    );
  });
});

describe('planRegionSettingsUpdate', () => {
  test('does not modify its input', () => {
    const current = {
      ResourceTypeOptInPreference: { DynamoDB: false, EFS: true },
      ResourceTypeManagementPreference: { DynamoDB: false },
    };
    const snapshot = JSON.parse(JSON.stringify(current));
    planRegionSettingsUpdate(current, DDB_REQUEST);
    expect(current).toEqual(snapshot);
  });

  const preferenceMap = fc.dictionary(
    fc.oneof(fc.constantFrom(DYNAMODB, 'EFS', 'Aurora', 'RDS', 'S3', 'EC2', 'Redshift'), fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/)),
    fc.boolean(),
  );

  test('property (opt-in only): every other key is kept in the opt-in map, and the management map is never sent', () => {
    fc.assert(fc.property(fc.option(preferenceMap, { nil: undefined }), fc.option(preferenceMap, { nil: undefined }), (optIn, management) => {
      const plan = planRegionSettingsUpdate({ ResourceTypeOptInPreference: optIn, ResourceTypeManagementPreference: management },
        { optIn: ['Aurora', 'Neptune'], fullManagement: [] });
      if (optIn?.Aurora === true && optIn?.Neptune === true) {
        expect(plan).toBeUndefined();
        return;
      }
      expect(plan).toEqual({ ResourceTypeOptInPreference: { ...optIn, Aurora: true, Neptune: true } });
    }));
  });

  test('property: every other key is kept, DynamoDB ends true in both maps, and nothing is written when both already are', () => {
    fc.assert(fc.property(fc.option(preferenceMap, { nil: undefined }), fc.option(preferenceMap, { nil: undefined }), (optIn, management) => {
      const plan = planRegionSettingsUpdate({ ResourceTypeOptInPreference: optIn, ResourceTypeManagementPreference: management }, DDB_REQUEST);
      const alreadyEnabled = optIn?.[DYNAMODB] === true && management?.[DYNAMODB] === true;
      if (alreadyEnabled) {
        expect(plan).toBeUndefined();
        return;
      }
      expect(plan).toBeDefined();
      expect(plan!.ResourceTypeOptInPreference).toEqual({ ...optIn, [DYNAMODB]: true });
      expect(plan!.ResourceTypeManagementPreference).toEqual({ ...management, [DYNAMODB]: true });
    }));
  });
});
