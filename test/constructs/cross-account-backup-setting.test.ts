import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { CrossAccountBackupSetting } from '../../src/constructs/cross-account-backup-setting';
import { CROSS_ACCOUNT_SETTING_MARKER, DYNAMODB_ADVANCED_SETTING_MARKER, hasMarker } from '../../src/private/markers';

const MANAGEMENT = '111111111111';
const RESOURCE_TYPE = 'Custom::BackupCrossAccountSetting';

function makeStack(region = 'us-east-1'): Stack {
  return new Stack(new App(), 'Management', { env: { account: MANAGEMENT, region } });
}

/** The SDK calls of the custom resource, parsed from its Create/Update/Delete JSON strings. */
function sdkCalls(stack: Stack): { create?: unknown; update?: unknown; delete?: unknown } {
  const resources = Template.fromStack(stack).findResources(RESOURCE_TYPE);
  const ids = Object.keys(resources);
  expect(ids).toHaveLength(1);
  const props = resources[ids[0]].Properties;
  const parse = (s: unknown) => (typeof s === 'string' ? JSON.parse(s) : s);
  return { create: parse(props.Create), update: parse(props.Update), delete: parse(props.Delete) };
}

/** Every action of every IAM policy statement in the template. */
function allPolicyActions(stack: Stack): string[] {
  const actions: string[] = [];
  for (const policy of Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))) {
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      actions.push(...[statement.Action].flat());
    }
  }
  return actions;
}

const ENABLE_CALL = {
  service: '@aws-sdk/client-backup',
  action: 'UpdateGlobalSettings',
  parameters: { GlobalSettings: { isCrossAccountBackupEnabled: 'true' } },
  physicalResourceId: { id: 'CrossAccountBackupSetting' },
};

describe('CrossAccountBackupSetting', () => {
  test('create and update call UpdateGlobalSettings with isCrossAccountBackupEnabled = "true" (a string)', () => {
    const stack = makeStack();
    new CrossAccountBackupSetting(stack, 'CrossAccountBackup');

    const calls = sdkCalls(stack);
    expect(calls.create).toEqual(ENABLE_CALL);
    expect(calls.update).toEqual(ENABLE_CALL);
  });

  test('by default delete makes no call: the setting is left as it is', () => {
    const stack = makeStack();
    const setting = new CrossAccountBackupSetting(stack, 'CrossAccountBackup');

    expect(setting.disableOnDelete).toBe(false);
    expect(sdkCalls(stack).delete).toBeUndefined();
    Template.fromStack(stack).hasResource(RESOURCE_TYPE, {
      Properties: Match.objectLike({ Delete: Match.absent() }),
    });
  });

  test('disableOnDelete: delete calls UpdateGlobalSettings with isCrossAccountBackupEnabled = "false"', () => {
    const stack = makeStack();
    const setting = new CrossAccountBackupSetting(stack, 'CrossAccountBackup', { disableOnDelete: true });

    expect(setting.disableOnDelete).toBe(true);
    const calls = sdkCalls(stack);
    expect(calls.delete).toEqual({
      ...ENABLE_CALL,
      parameters: { GlobalSettings: { isCrossAccountBackupEnabled: 'false' } },
    });
    // Create and update still enable it.
    expect(calls.create).toEqual(ENABLE_CALL);
    expect(calls.update).toEqual(ENABLE_CALL);
  });

  test('the physical id is constant, so an update never triggers a delete of the old resource', () => {
    const a = makeStack();
    const b = makeStack('eu-central-1');
    new CrossAccountBackupSetting(a, 'One');
    new CrossAccountBackupSetting(b, 'Other', { disableOnDelete: true });
    expect((sdkCalls(a).update as any).physicalResourceId).toEqual({ id: 'CrossAccountBackupSetting' });
    expect((sdkCalls(b).update as any).physicalResourceId).toEqual({ id: 'CrossAccountBackupSetting' });
  });

  test('uses the SDK built into the Lambda runtime (installLatestAwsSdk: false)', () => {
    const stack = makeStack();
    new CrossAccountBackupSetting(stack, 'CrossAccountBackup');
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { InstallLatestAwsSdk: false });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('installLatestAwsSdk'));
  });

  test('IAM: exactly backup:UpdateGlobalSettings on "*", no wildcard actions anywhere', () => {
    const stack = makeStack();
    new CrossAccountBackupSetting(stack, 'CrossAccountBackup', { disableOnDelete: true });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'backup:UpdateGlobalSettings', Resource: '*' }],
      },
    });
    const actions = allPolicyActions(stack);
    expect(actions).toEqual(['backup:UpdateGlobalSettings']);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  test('the custom resource waits for its IAM policy', () => {
    const stack = makeStack();
    new CrossAccountBackupSetting(stack, 'CrossAccountBackup');
    const template = Template.fromStack(stack);
    const policyId = Object.keys(template.findResources('AWS::IAM::Policy'))[0];
    template.hasResource(RESOURCE_TYPE, { DependsOn: Match.arrayWith([policyId]) });
  });

  test('logs are kept for one year by default', () => {
    const stack = makeStack();
    new CrossAccountBackupSetting(stack, 'CrossAccountBackup');

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    });
  });

  test('a log group passed in is used instead', () => {
    const stack = makeStack();
    const logGroup = new logs.LogGroup(stack, 'Mine', { retention: logs.RetentionDays.ONE_WEEK });
    new CrossAccountBackupSetting(stack, 'CrossAccountBackup', { logGroup });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: stack.getLogicalId(logGroup.node.defaultChild as any) } },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('warns when an earlier AwsCustomResource already owns the shared function, and creates no unused log group', () => {
    const stack = makeStack();
    new cr.AwsCustomResource(stack, 'Earlier', {
      onCreate: {
        service: '@aws-sdk/client-sts',
        action: 'GetCallerIdentity',
        physicalResourceId: cr.PhysicalResourceId.of('x'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    const logGroup = new logs.LogGroup(stack, 'Mine');
    new CrossAccountBackupSetting(stack, 'CrossAccountBackup', { logGroup });

    Annotations.fromStack(stack).hasWarning('/Management/CrossAccountBackup',
      Match.stringLikeRegexp('Another AwsCustomResource .* the logGroup passed here is not used'));
    // Only the user's own log group; none created by the construct.
    Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 1);
  });

  test('the shared-function warning without a logGroup prop', () => {
    const stack = makeStack();
    new CrossAccountBackupSetting(stack, 'First');
    new CrossAccountBackupSetting(stack, 'Second');
    const warnings = Annotations.fromStack(stack).findWarning('/Management/Second', Match.stringLikeRegexp('Another AwsCustomResource'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).not.toContain('not used');
    Annotations.fromStack(stack).hasNoWarning('/Management/First', Match.anyValue());
  });

  test('warns in the China Regions, where cross-account copy is not supported', () => {
    const stack = makeStack('cn-north-1');
    new CrossAccountBackupSetting(stack, 'CrossAccountBackup');
    Annotations.fromStack(stack).hasWarning('/Management/CrossAccountBackup',
      Match.stringLikeRegexp('cn-north-1. AWS Backup does not support cross-account copy in the China Regions'));
  });

  test('no environment warning in a commercial Region or an env-agnostic stack (the setting is global)', () => {
    const commercial = makeStack('eu-west-1');
    new CrossAccountBackupSetting(commercial, 'CrossAccountBackup');
    Annotations.fromStack(commercial).hasNoWarning('*', Match.anyValue());

    const agnostic = new Stack(new App(), 'Agnostic');
    new CrossAccountBackupSetting(agnostic, 'CrossAccountBackup');
    Annotations.fromStack(agnostic).hasNoWarning('*', Match.anyValue());
  });

  test('isCrossAccountBackupSetting recognises it by its marker', () => {
    const stack = makeStack();
    const setting = new CrossAccountBackupSetting(stack, 'CrossAccountBackup');

    expect(CrossAccountBackupSetting.isCrossAccountBackupSetting(setting)).toBe(true);
    expect(hasMarker(setting, CROSS_ACCOUNT_SETTING_MARKER)).toBe(true);
    expect(hasMarker(setting, DYNAMODB_ADVANCED_SETTING_MARKER)).toBe(false);
    expect(CrossAccountBackupSetting.isCrossAccountBackupSetting(new Construct(stack, 'Plain'))).toBe(false);
    expect(CrossAccountBackupSetting.isCrossAccountBackupSetting(undefined)).toBe(false);
    expect(CrossAccountBackupSetting.isCrossAccountBackupSetting(null)).toBe(false);
    // A copy of the library (another module instance) sets the same Symbol.for marker.
    const lookalike = { [Symbol.for('cdk-cross-account-backup.CrossAccountBackupSetting')]: true };
    expect(CrossAccountBackupSetting.isCrossAccountBackupSetting(lookalike)).toBe(true);
  });
});
