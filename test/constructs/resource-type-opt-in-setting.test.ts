import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { DynamoDbAdvancedBackupSetting } from '../../src/constructs/dynamodb-advanced-backup-setting';
import { ResourceTypeOptInSetting } from '../../src/constructs/resource-type-opt-in-setting';

const RESOURCE_TYPE = 'Custom::BackupResourceTypeOptInSetting';
const ENV = { account: '333333333333', region: 'eu-west-1' };

function makeStack(env: { account?: string; region?: string } | 'agnostic' = ENV): Stack {
  return new Stack(new App(), 'Workload', { env: env === 'agnostic' ? undefined : env });
}

function handlerCode(template: Template): unknown {
  const fns = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } }));
  expect(fns).toHaveLength(1);
  return (fns[0] as any).Properties.Code.S3Key;
}

describe('ResourceTypeOptInSetting', () => {
  test('one custom resource that asks for the listed opt-in keys only (no management map)', () => {
    const stack = makeStack();
    new ResourceTypeOptInSetting(stack, 'OptIn', { resourceTypes: ['Aurora', 'Neptune', 'DocumentDB'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs(RESOURCE_TYPE, 1);
    const props = (Object.values(template.findResources(RESOURCE_TYPE))[0] as any).Properties;
    expect(props).toEqual({ ServiceToken: expect.anything(), Setting: 'ResourceTypeOptInSetting', OptIn: ['Aurora', 'Neptune', 'DocumentDB'] });
  });

  test('least privilege: exactly the same two actions on "*" as DynamoDbAdvancedBackupSetting, and the same handler asset', () => {
    const a = makeStack();
    new ResourceTypeOptInSetting(a, 'OptIn', { resourceTypes: ['Aurora'] });
    const b = makeStack();
    new DynamoDbAdvancedBackupSetting(b, 'Ddb');
    const ta = Template.fromStack(a);
    const statements = Object.values(ta.findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => [s.Action].flat().some((x: string) => x.startsWith('backup:')));
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['backup:DescribeRegionSettings', 'backup:UpdateRegionSettings'], Resource: '*' }]);
    expect(handlerCode(ta)).toEqual(handlerCode(Template.fromStack(b)));
  });

  test('two Region-settings writers in one stack run one after the other (no lost update)', () => {
    const stack = makeStack();
    const ddb = new DynamoDbAdvancedBackupSetting(stack, 'Ddb');
    const optIn = new ResourceTypeOptInSetting(stack, 'OptIn', { resourceTypes: ['Aurora'] });
    const template = Template.fromStack(stack).toJSON();
    const ddbId = stack.getLogicalId(ddb.node.findChild('Resource').node.defaultChild as any);
    const optInId = stack.getLogicalId(optIn.node.findChild('Resource').node.defaultChild as any);
    expect(template.Resources[optInId].DependsOn).toContain(ddbId);
    expect(template.Resources[ddbId].DependsOn ?? []).not.toContain(optInId);
  });

  test('validates the names: unknown, wrong case, duplicates, empty', () => {
    const stack = makeStack();
    expect(() => new ResourceTypeOptInSetting(stack, 'A', { resourceTypes: ['aurora'] }))
      .toThrow("ResourceTypeOptInSetting 'Workload/A': resourceTypes holds 'aurora', which is not an AWS Backup resource type name; did you mean 'Aurora'?");
    expect(() => new ResourceTypeOptInSetting(stack, 'B', { resourceTypes: ['Aurora DSQL'] })).toThrow(/'Aurora DSQL'.*use one of 'Aurora', 'CloudFormation'/);
    expect(() => new ResourceTypeOptInSetting(stack, 'C', { resourceTypes: ['Aurora', 'Aurora'] })).toThrow(/lists 'Aurora' twice/);
    expect(() => new ResourceTypeOptInSetting(stack, 'D', { resourceTypes: [] })).toThrow(/is empty/);
    expect(() => new ResourceTypeOptInSetting(stack, 'E', { resourceTypes: [Token.asString({ Ref: 'Type' }), 'Neptune'] })).not.toThrow();
  });

  test('exposes its resource types (a copy) and is recognised by its marker', () => {
    const types = ['Aurora'];
    const setting = new ResourceTypeOptInSetting(makeStack(), 'OptIn', { resourceTypes: types });
    types.push('Neptune');
    expect(setting.resourceTypes).toEqual(['Aurora']);
    expect(ResourceTypeOptInSetting.isResourceTypeOptInSetting(setting)).toBe(true);
    expect(ResourceTypeOptInSetting.isResourceTypeOptInSetting(new Construct(makeStack(), 'Plain'))).toBe(false);
  });

  test('warns in an environment-agnostic stack, not with an explicit env', () => {
    const agnostic = makeStack('agnostic');
    new ResourceTypeOptInSetting(agnostic, 'OptIn', { resourceTypes: ['Aurora'] });
    Annotations.fromStack(agnostic).hasWarning('/Workload/OptIn', Match.stringLikeRegexp('environment-agnostic.*CAB-RESOURCE'));
    const explicit = makeStack();
    new ResourceTypeOptInSetting(explicit, 'OptIn', { resourceTypes: ['Aurora'] });
    Annotations.fromStack(explicit).hasNoWarning('*', Match.anyValue());
  });
});
