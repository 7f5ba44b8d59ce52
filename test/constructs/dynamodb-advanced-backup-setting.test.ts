import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DynamoDbAdvancedBackupSetting } from '../../src/constructs/dynamodb-advanced-backup-setting';
import { CROSS_ACCOUNT_SETTING_MARKER, DYNAMODB_ADVANCED_SETTING_MARKER, hasMarker } from '../../src/private/markers';

const RESOURCE_TYPE = 'Custom::BackupDynamoDbAdvancedSetting';
const ENV = { account: '222222222222', region: 'eu-west-1' };

function makeStack(env: { account?: string; region?: string } | 'agnostic' = ENV): { app: App; stack: Stack } {
  const app = new App();
  return { app, stack: new Stack(app, 'Workload', { env: env === 'agnostic' ? undefined : env }) };
}

/** The handler function: the one whose code is our asset (not the Provider framework's). */
function handlerFunction(template: Template): { id: string; props: any } {
  const fns = template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
  const ids = Object.keys(fns);
  expect(ids).toHaveLength(1);
  return { id: ids[0], props: fns[ids[0]].Properties };
}

describe('DynamoDbAdvancedBackupSetting', () => {
  test('one custom resource, served by the Provider framework, asking for DynamoDB in both preference maps', () => {
    const { stack } = makeStack();
    new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced');

    const template = Template.fromStack(stack);
    template.resourceCountIs(RESOURCE_TYPE, 1);
    const resource = Object.values(template.findResources(RESOURCE_TYPE))[0];
    expect(resource.Properties).toEqual({
      ServiceToken: expect.anything(),
      Setting: 'DynamoDbAdvancedBackupSetting',
      OptIn: ['DynamoDB'],
      FullManagement: ['DynamoDB'],
    });
    const framework = template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'framework.onEvent' } });
    expect(Object.keys(framework)).toHaveLength(1);
    expect(resource.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': [Object.keys(framework)[0], 'Arn'] });
    // The framework calls our handler.
    const { id } = handlerFunction(template);
    expect(Object.values(framework)[0].Properties.Environment.Variables.USER_ON_EVENT_FUNCTION_ARN).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    // Kept on delete of the stack? No: the custom resource itself is deleted (the handler then leaves the settings).
    template.hasResource(RESOURCE_TYPE, { DeletionPolicy: 'Delete' });
  });

  test('handler: Node.js 24 runtime, index.handler, 1 minute timeout', () => {
    const { stack } = makeStack();
    new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced');

    const { props } = handlerFunction(Template.fromStack(stack));
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Handler).toBe('index.handler');
    expect(props.Timeout).toBe(60);
  });

  test('IAM: exactly backup:DescribeRegionSettings and backup:UpdateRegionSettings on "*" for the handler; no wildcard actions', () => {
    const { stack } = makeStack();
    new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced');

    const template = Template.fromStack(stack);
    const { props } = handlerFunction(template);
    const roleId = props.Role['Fn::GetAtt'][0];
    const handlerPolicies = Object.values(template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: roleId }] },
    }));
    expect(handlerPolicies).toHaveLength(1);
    expect(handlerPolicies[0].Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['backup:DescribeRegionSettings', 'backup:UpdateRegionSettings'], Resource: '*' },
    ]);

    const allActions = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .flatMap((s: any) => [s.Action].flat());
    expect(allActions.filter((a: string) => a.includes('*'))).toEqual([]);
    expect(allActions.filter((a: string) => a.startsWith('backup:')).sort()).toEqual([
      'backup:DescribeRegionSettings',
      'backup:UpdateRegionSettings',
    ]);
    // The framework only invokes the handler.
    expect(allActions.filter((a: string) => !a.startsWith('backup:')).sort()).toEqual(['lambda:GetFunction', 'lambda:InvokeFunction']);
  });

  test('the handler function waits for its policy (no AccessDenied on the first invoke)', () => {
    const { stack } = makeStack();
    new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced');
    const template = Template.fromStack(stack);
    const { id, props } = handlerFunction(template);
    const roleId = props.Role['Fn::GetAtt'][0];
    const policyId = Object.keys(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }))[0];
    expect(template.toJSON().Resources[id].DependsOn).toContain(policyId);
  });

  test('logs of the handler and of the framework go to one log group kept for one year', () => {
    const { stack } = makeStack();
    new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced');

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: logGroupId });
    }
  });

  test('a log group passed in is used by both functions', () => {
    const { stack } = makeStack();
    const logGroup = new logs.LogGroup(stack, 'Mine', { retention: logs.RetentionDays.ONE_MONTH });
    new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced', { logGroup });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    const ref = { Ref: stack.getLogicalId(logGroup.node.defaultChild as any) };
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual(ref);
    }
  });

  test('the Lambda asset contains only the handler module', () => {
    const { app, stack } = makeStack();
    new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced');
    const assembly = app.synth();

    const { props } = handlerFunction(Template.fromStack(stack));
    const assetHash = (props.Code.S3Key as string).replace(/\.zip$/, '');
    const staged = path.join(assembly.directory, `asset.${assetHash}`);
    const files = fs.readdirSync(staged).sort();
    // In tests the asset is the TypeScript source; in the published package it is lib/…/index.js
    // (+ index.d.ts). Either way the directory holds the handler module and nothing else.
    expect(files.filter((f) => !/^index\.(ts|js|d\.ts)$/.test(f))).toEqual([]);
    expect(files.some((f) => /^index\.(ts|js)$/.test(f))).toBe(true);
    expect(fs.readFileSync(path.join(staged, files.find((f) => /^index\.(ts|js)$/.test(f))!), 'utf8')).toMatch(/handler/);
  });

  test('warns in an environment-agnostic stack: the checks cannot match it to an account and Region', () => {
    for (const env of ['agnostic' as const, { region: 'eu-west-1' }, { account: '222222222222' }]) {
      const { stack } = makeStack(env);
      new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced');
      Annotations.fromStack(stack).hasWarning('/Workload/DynamoDbAdvanced',
        Match.stringLikeRegexp('environment-agnostic.*CAB-DDB-ADVANCED.*env: \\{ account'));
    }
  });

  test('no warning with an explicit account and Region', () => {
    const { stack } = makeStack();
    new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('isDynamoDbAdvancedBackupSetting recognises it by its marker', () => {
    const { stack } = makeStack();
    const setting = new DynamoDbAdvancedBackupSetting(stack, 'DynamoDbAdvanced');

    expect(DynamoDbAdvancedBackupSetting.isDynamoDbAdvancedBackupSetting(setting)).toBe(true);
    expect(hasMarker(setting, DYNAMODB_ADVANCED_SETTING_MARKER)).toBe(true);
    expect(hasMarker(setting, CROSS_ACCOUNT_SETTING_MARKER)).toBe(false);
    expect(DynamoDbAdvancedBackupSetting.isDynamoDbAdvancedBackupSetting(new Construct(stack, 'Plain'))).toBe(false);
    expect(DynamoDbAdvancedBackupSetting.isDynamoDbAdvancedBackupSetting(undefined)).toBe(false);
    const lookalike = { [Symbol.for('cdk-cross-account-backup.DynamoDbAdvancedBackupSetting')]: true };
    expect(DynamoDbAdvancedBackupSetting.isDynamoDbAdvancedBackupSetting(lookalike)).toBe(true);
  });
});
