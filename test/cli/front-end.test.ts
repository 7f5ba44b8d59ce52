/**
 * The template front end in-process: what a cloud assembly records (Stages, cross-stack references,
 * acknowledgements, this library's settings) reaches the engine as it does from the app.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, NestedStack, Size, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { compareWithAspect } from './agreement';
import { FIXTURES, tempDir } from './helpers';
import { buildMistakesApp, mistakesChecksProps } from '../../examples/mistakes/app';
import { buildOrganizationApp, organizationChecksProps } from '../../examples/organization/app';
import { CrossAccountBackupSetting, CrossAccountCopyChecks, DynamoDbAdvancedBackupSetting, ResourceTypeOptInSetting, RuleIds } from '../../src';
import { CopyCompatibleKmsKey } from '../../src/constructs/copy-compatible-kms-key';
import { readAssembly, templateInput } from '../../src/frontends/cli/inputs';
import { checkStacks, parseCommandLine, parseEnvFlag } from '../../src/frontends/cli/main';
import { flagOf, OPTION_ROWS, propsFromConfig, propsFromFlags } from '../../src/frontends/cli/options';
import { SETTING_RESOURCE_TYPES, subToJoin } from '../../src/frontends/cli/rebuild-app';
import { InputError, resourceLines } from '../../src/frontends/cli/template-file';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => { tmp = tempDir('front-end'); });
afterAll(() => tmp.remove());

let n = 0;
function newApp(): App {
  return new App({ outdir: path.join(tmp.dir, `app-${n++}`) });
}

/** Source (111111111111) copies a volume into a vault of Central (222222222222); both under `scope`. */
function copyApp(scope: App | Stage, vaultProps: Partial<backup.BackupVaultProps> = {}) {
  const central = new Stack(scope, 'Central', { env: { account: '222222222222', region: 'eu-west-1' } });
  const vault = new backup.BackupVault(central, 'Vault', { backupVaultName: 'central', encryptionKey: new kms.Key(central, 'VaultKey'), ...vaultProps });
  const source = new Stack(scope, 'Source', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new CopyCompatibleKmsKey(source, 'Key', { destinationAccounts: ['222222222222'] });
  const plan = new backup.BackupPlan(source, 'Plan', { backupVault: new backup.BackupVault(source, 'Vault', { encryptionKey: key }) });
  plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', copyActions: [{ destinationBackupVault: vault }] }));
  const volume = new ec2.Volume(source, 'Volume', { availabilityZone: 'eu-west-1a', size: Size.gibibytes(20), encrypted: true, encryptionKey: key });
  plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
  return { central, source, vault, volume };
}

function checkApp(app: App, props = {}) {
  const checks = new CrossAccountCopyChecks({ ...props, report: false });
  Aspects.of(app).add(checks);
  try {
    app.synth();
  } catch (e) {
    // Errors in a Stage fail its synthesis after the assembly is written (the checks' result is kept).
    if (!/ValidationFailedWithErrors|Validation failed/.test(String((e as Error).message ?? e))) throw e;
  }
  return checks;
}

describe('agreement with the Aspect', () => {
  test('an app whose stacks are in nested Stages', () => {
    const build = () => {
      const app = newApp();
      copyApp(new Stage(new Stage(app, 'Prod'), 'Eu'));
      return app;
    };
    // With the Aspect, errors in a Stage fail synthesis before the assembly is written: the
    // assembly comes from the same app synthesized without it.
    const plain = build();
    plain.synth();
    const app = build();
    const checks = checkApp(app);
    const a = compareWithAspect(app, {}, checks, plain.outdir);
    expect(a.aspect.findings).toEqual(['CAB-VAULT-POLICY error Prod/Eu/Central/Vault Prod/Eu/Source/Plan/Daily -> Prod/Eu/Central/Vault']);
    expect(a.cli).toEqual(a.aspect);
    expect(a.messageDifferences).toEqual([]);
  });

  test('an acknowledgement recorded in the assembly counts, in either spelling of its id', () => {
    const app = newApp();
    const { central } = copyApp(app);
    Validations.of(central).acknowledge({ id: RuleIds.VAULT_POLICY, reason: 'the policy is added by a StackSet' });
    const checks = checkApp(app);
    const a = compareWithAspect(app, {}, checks);
    expect(a.aspect.acknowledged).toEqual(['CAB-VAULT-POLICY error Central/Vault Source/Plan/Daily -> Central/Vault']);
    expect(a.cli).toEqual(a.aspect);
    // aws-cdk-lib before 2.262 records `annotation::<id>`, later ones `Annotation::<id>`: the
    // assembly rewritten with the other spelling must give the same verdict.
    const metadata = path.join(app.outdir, 'Central.metadata.json');
    const text = fs.readFileSync(metadata, 'utf8');
    const [recorded, other] = text.includes(`"annotation::${RuleIds.VAULT_POLICY}"`) ? ['annotation', 'Annotation'] : ['Annotation', 'annotation'];
    expect(text).toContain(`"${recorded}::${RuleIds.VAULT_POLICY}"`);
    fs.writeFileSync(metadata, text.replace(`"${recorded}::${RuleIds.VAULT_POLICY}"`, `"${other}::${RuleIds.VAULT_POLICY}"`));
    const run = checkStacks(readAssembly(app.outdir), {});
    try {
      expect(run.result.findings).toEqual([]);
      expect(run.result.acknowledged.map(f => f.ruleId)).toEqual([RuleIds.VAULT_POLICY]);
    } finally {
      run.rebuilt.dispose();
    }
  });

  test('a reference to another stack (Fn::ImportValue) leads to the L1 that stack exports', () => {
    const app = newApp();
    const keys = new Stack(app, 'Keys', { env: { account: '111111111111', region: 'eu-west-1' } });
    const key = new kms.Key(keys, 'VaultKey');
    const vaults = new Stack(app, 'Vaults', { env: { account: '111111111111', region: 'eu-west-1' } });
    new backup.BackupVault(vaults, 'Vault', { encryptionKey: key });
    const plan = new backup.BackupPlan(vaults, 'Plan', { backupVault: vaults.node.findChild('Vault') as backup.BackupVault });
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(vaults, 'Central', 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central') }] }));
    app.synth();
    expect(fs.readFileSync(path.join(app.outdir, 'Vaults.template.json'), 'utf8')).toContain('Fn::ImportValue');
    const run = checkStacks(readAssembly(app.outdir), {});
    try {
      const vault = run.result.model.vaults.find(v => v.id === 'Vaults/Vault')!;
      expect(vault.key).toMatchObject({ kind: 'customer-managed', constructPath: 'Keys/VaultKey' });
    } finally {
      run.rebuilt.dispose();
    }
  });
});

test('the settings constructs synthesize to the resource types the front end recognises', () => {
  const app = newApp();
  const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: 'us-east-1' } });
  new CrossAccountBackupSetting(stack, 'CrossAccount');
  new DynamoDbAdvancedBackupSetting(stack, 'Advanced');
  new ResourceTypeOptInSetting(stack, 'OptIn', { resourceTypes: ['Aurora', 'Neptune'] });
  app.synth();
  const run = checkStacks(readAssembly(app.outdir), {});
  try {
    const types = Object.values<any>(JSON.parse(fs.readFileSync(path.join(app.outdir, 'Management.template.json'), 'utf8')).Resources).map(r => r.Type);
    for (const t of Object.keys(SETTING_RESOURCE_TYPES)) expect(types).toContain(t);
    expect(run.result.model.settings.map(s => [s.kind, s.constructPath, (s as { resourceTypes?: string[] }).resourceTypes]).sort()).toEqual([
      ['cross-account-backup', 'Management/CrossAccount', undefined],
      ['dynamodb-advanced', 'Management/Advanced', undefined],
      ['resource-type-opt-in', 'Management/OptIn', ['Aurora', 'Neptune']],
    ]);
  } finally {
    run.rebuilt.dispose();
  }
});

describe('reading templates', () => {
  test('the line of each logical id, in JSON and in YAML', () => {
    const json = '{\n "Resources": {\n  "A": {\n   "Type": "X",\n   "Properties": { "B": 1 }\n  },\n  "B": {\n   "Type": "Y"\n  }\n }\n}';
    expect([...resourceLines(json, ['A', 'B'])]).toEqual([['A', 3], ['B', 7]]);
    const yaml = 'Parameters:\n  A:\n    Type: String\nResources:\n  B:\n    Type: X\n    Properties:\n      A: 1\n  A:\n    Type: Y\n';
    expect([...resourceLines(yaml, ['A', 'B'])]).toEqual([['B', 5], ['A', 9]]);
  });

  test('Fn::Sub becomes the equivalent Fn::Join', () => {
    expect(subToJoin('arn:${AWS::Partition}:backup:${AWS::Region}:1:backup-vault:${Vault}-${!Literal}')).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:', { Ref: 'AWS::Region' }, ':1:backup-vault:', { Ref: 'Vault' }, '-${Literal}']],
    });
    expect(subToJoin(['${Key.Arn}/${Name}', { Name: 'x' }])).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Key', 'Arn'] }, '/x']] });
    expect(subToJoin('plain')).toBe('plain');
    expect(subToJoin(['a', 'not-a-map'])).toBeUndefined();
  });

  test('a template file is one stack named after the file', () => {
    const input = templateInput(path.join(FIXTURES, 'backup-plan.yaml'), { account: '111111111111', region: 'eu-west-1' }, 'backup-plan');
    expect(Object.keys(input.template.template.Resources)).toContain('Plan');
    expect(input.template.template.Resources.Selection.Properties.BackupPlanId).toEqual({ Ref: 'Plan' });
    expect(input.template.template.Resources.Data.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': 'VolumeKey.Arn' });
  });
});

describe('options', () => {
  test('every row\'s flag is its prop in kebab case', () => {
    expect(OPTION_ROWS.map(r => flagOf(r.prop))).toEqual([
      'organization-id', 'organization-accounts', 'management-account', 'dynamodb-advanced-features', 'tag-policy',
      'organizational-units', 'opted-in-resource-types', 'require-source-vault-key-trust', 'facts', 'max-fact-age',
      'allow-single-action-cross-region-cross-account',
    ]);
  });

  test('a config file uses the prop names; an unknown field or a wrong type is an input error', () => {
    expect(propsFromConfig({ organizationAccounts: ['111111111111'], dynamoDbAdvancedFeatures: true }, 'c.json'))
      .toEqual({ organizationAccounts: ['111111111111'], dynamoDbAdvancedFeatures: true });
    expect(() => propsFromConfig({ organisationId: 'o-x' }, 'c.json')).toThrow(InputError);
    expect(() => propsFromConfig({ organisationId: 'o-x' }, 'c.json')).toThrow(/c\.json: unknown field organisationId/);
    expect(() => propsFromConfig({ dynamoDbAdvancedFeatures: 'yes' }, 'c.json')).toThrow(/must be true or false/);
  });

  test('organizational units from flags and from a config file', () => {
    const p = parseCommandLine(['check', 'cdk.out', '--organizational-units', 'ou-ab12-cdefgh34=111111111111,222222222222']);
    expect(propsFromFlags(p.flags)).toEqual({ organizationalUnits: [{ id: 'ou-ab12-cdefgh34', accounts: ['111111111111', '222222222222'] }] });
    expect(() => propsFromFlags({ 'organizational-units': ['ou-ab12-cdefgh34'] })).toThrow(/expected <ou-id>=<account>/);
    expect(() => propsFromConfig({ organizationalUnits: [{ id: 'ou-x' }] }, 'c.json')).toThrow(/organizationalUnits must be an array/);
  });

  test('each --env belongs to the --template before it', () => {
    const p = parseCommandLine(['check', '--template', 'a.json', '--env', '111111111111/eu-west-1', '--template', 'dir/b.yaml', '--template', 'c/a.json']);
    expect(p.templates).toEqual([
      { file: 'a.json', name: 'a', env: { account: '111111111111', region: 'eu-west-1' } },
      { file: 'dir/b.yaml', name: 'b', env: {} },
      { file: 'c/a.json', name: 'a-2', env: {} },
    ]);
    expect(() => parseCommandLine(['check', '--env', '111111111111/eu-west-1', '--template', 'a.json'])).toThrow(/comes before any --template/);
    expect(() => parseCommandLine(['check', 'cdk.out', '--template', 'a.json'])).toThrow(/not both/);
    expect(parseEnvFlag('aws://111111111111/us-gov-west-1')).toEqual({ account: '111111111111', region: 'us-gov-west-1' });
  });
});

describe('the example apps, in-process: the same messages as the Aspect', () => {
  test.each([
    ['organization', buildOrganizationApp, organizationChecksProps, []],
    // The one difference: an imported vault is named by its ARN (docs/cli.md, "What the templates do not tell").
    ['mistakes', buildMistakesApp, mistakesChecksProps, [RuleIds.VAULT_KEY]],
  ] as const)('%s', (name, build, props, differing) => {
    const app = build(path.join(tmp.dir, `example-${name}`));
    app.synth();
    const checks = Aspects.of(app).all.find((x): x is CrossAccountCopyChecks => x instanceof CrossAccountCopyChecks)!;
    const a = compareWithAspect(app, props(), checks);
    expect(a.cli).toEqual(a.aspect);
    expect(a.aspect).toEqual(a.aspectAsReported);
    expect(a.messageDifferences.map(([m]) => m.split(':')[0])).toEqual(differing);
  });
});

test('a resource of a nested stack is not mistaken for the parent\'s resource of the same logical id', () => {
  const app = newApp();
  const parent = new Stack(app, 'Parent', { env: { account: '111111111111', region: 'eu-west-1' } });
  new backup.BackupVault(parent, 'V');
  new backup.BackupVault(new NestedStack(parent, 'Inner'), 'V');
  app.synth();
  const [input] = readAssembly(app.outdir);
  const logicalId = [...input.logicalIdPaths].find(([, p]) => p === 'Parent/V/Resource')![0];
  expect(input.logicalIdPaths.get(logicalId)).toBe('Parent/V/Resource');
  expect([...input.logicalIdPaths.values()].filter(p => p.startsWith('Parent/Inner/'))).toEqual([]);
});

test('CDK nested stacks are read from their own templates, with the values their parent passes', () => {
  const app = newApp();
  const central = new Stack(app, 'Central', { env: { account: '222222222222', region: 'eu-west-1' } });
  const inner = new NestedStack(central, 'Vaults');
  // No access policy: CAB-VAULT-POLICY on the vault of the nested stack.
  new backup.BackupVault(inner, 'Vault', { backupVaultName: 'central', encryptionKey: new kms.Key(inner, 'VaultKey') });
  const source = new Stack(app, 'Source', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new CopyCompatibleKmsKey(source, 'Key', { destinationAccounts: ['222222222222'] });
  const backups = new NestedStack(source, 'Backups');
  // The nested stack's vault uses the parent's key: a parameter of the nested template.
  const plan = new backup.BackupPlan(backups, 'Plan', { backupVault: new backup.BackupVault(backups, 'Vault', { encryptionKey: key }) });
  plan.addRule(new backup.BackupPlanRule({
    ruleName: 'Daily',
    copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(backups, 'Central', 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central') }],
  }));
  const volume = new ec2.Volume(source, 'Volume', { availabilityZone: 'eu-west-1a', size: Size.gibibytes(20), encrypted: true, encryptionKey: key });
  plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
  const checks = checkApp(app);
  const a = compareWithAspect(app, {}, checks);
  expect(a.aspect.findings).toEqual(['CAB-VAULT-POLICY error Central/Vaults/Vault Source/Backups/Plan/Daily -> Central/Vaults/Vault']);
  expect(a.cli).toEqual(a.aspect);
  expect(a.messageDifferences).toEqual([]);
});
