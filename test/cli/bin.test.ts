/**
 * The built bin, as a subprocess: the example apps' cloud assemblies, a nested Stage, a YAML
 * template, and bad input.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Size, Stack, Stage } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { BIN, FIXTURES, requireBuiltBin, ROOT, runBin, synthInto, tempDir } from './helpers';
import { buildMistakesApp, EXPECTED_FINDINGS, mistakesChecksProps } from '../../examples/mistakes/app';
import { buildOrganizationApp } from '../../examples/organization/app';
import { TAG_POLICY_FILE } from '../../examples/shared/organization';
import { RuleIds } from '../../src';
import { CopyCompatibleKmsKey } from '../../src/constructs/copy-compatible-kms-key';

beforeAll(() => requireBuiltBin());

let tmp: ReturnType<typeof tempDir>;
let mistakes: string;
let organization: string;
/** The options of both examples, as a config file. */
let config: string;

beforeAll(() => {
  tmp = tempDir('bin');
  mistakes = synthInto(buildMistakesApp, path.join(tmp.dir, 'mistakes.out'));
  organization = synthInto(buildOrganizationApp, path.join(tmp.dir, 'organization.out'));
  const props = mistakesChecksProps();
  config = path.join(tmp.dir, 'checks.json');
  fs.writeFileSync(config, JSON.stringify({
    organizationId: props.organizationId,
    organizationAccounts: props.organizationAccounts,
    organizationalUnits: props.organizationalUnits,
    dynamoDbAdvancedFeatures: props.dynamoDbAdvancedFeatures,
    tagPolicy: TAG_POLICY_FILE,
  }));
});
afterAll(() => tmp.remove());

describe('the example apps', () => {
  test('mistakes: every rule id once, on the construct the Aspect names; exit code 1', () => {
    const r = runBin(['check', mistakes, '--config', config, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const found = Object.fromEntries(report.findings.map((f: { ruleId: string; constructPath: string }) => [f.ruleId, f.constructPath]));
    // every rule of a copy failure (CAB-DUPLICATE-BACKUP, a cost warning, is not in this example)
    expect(report.findings).toHaveLength(RuleIds.all().length - 1);
    expect(found).toEqual(EXPECTED_FINDINGS);
  });

  test('mistakes: the options given as flags instead of a config file give the same findings', () => {
    const props = mistakesChecksProps();
    const r = runBin(['check', mistakes, '--format', 'json', '--organization-id', props.organizationId!,
      '--organization-accounts', props.organizationAccounts!.join(','), '--tag-policy', TAG_POLICY_FILE,
      ...(props.organizationalUnits ?? []).flatMap(u => ['--organizational-units', `${u.id}=${u.accounts.join(',')}`]),
      ...(props.dynamoDbAdvancedFeatures !== undefined ? ['--dynamodb-advanced-features', String(props.dynamoDbAdvancedFeatures)] : [])]);
    expect(r.status).toBe(1);
    const copyRules = RuleIds.all().filter(id => id !== RuleIds.DUPLICATE_BACKUP);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(copyRules.sort());
  });

  test('mistakes: the text output lists each finding with its template line', () => {
    const r = runBin(['check', path.relative(ROOT, mistakes), '--config', config]);
    expect(r.status).toBe(1);
    for (const [ruleId, constructPath] of Object.entries(EXPECTED_FINDINGS)) {
      expect(r.stdout).toMatch(new RegExp(`^  ${ruleId} +(error|warning) +${constructPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    expect(r.stdout).toMatch(/^ {6}.*mistakes\.out\/WorkloadA\.template\.json:\d+ \(OrdersDb[0-9A-F]{8}\)$/m);
    // Every finding of the mistakes example is an error but CAB-UNVERIFIABLE's (test/examples/mistakes.test.ts).
    expect(r.stdout).toContain(`Findings (${Object.keys(EXPECTED_FINDINGS).length - 1} errors, 1 warning)`);
  });

  test('organization: no error; exit code 0', () => {
    const r = runBin(['check', organization, '--config', config, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual([]);
    expect(report.routes.length).toBeGreaterThan(0);
  });

  test('--output writes the file and nothing to standard output', () => {
    const out = path.join(tmp.dir, 'reports', 'findings.sarif');
    const r = runBin(['check', organization, '--config', config, '--format', 'sarif', '--output', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });
});

describe('an assembly with nested Stages', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = path.join(tmp.dir, 'nested.out');
    synthInto(o => {
      const app = new App({ outdir: o });
      const prod = new Stage(app, 'Prod');
      const eu = new Stage(prod, 'Eu');
      const central = new Stack(eu, 'Central', { env: { account: '222222222222', region: 'eu-west-1' } });
      // A plain vault: no access policy, so no other account may copy into it (CAB-VAULT-POLICY).
      const vault = new backup.BackupVault(central, 'Vault', { backupVaultName: 'central', encryptionKey: new kms.Key(central, 'VaultKey') });
      const source = new Stack(eu, 'Source', { env: { account: '111111111111', region: 'eu-west-1' } });
      const key = new CopyCompatibleKmsKey(source, 'Key', { destinationAccounts: ['222222222222'] });
      const plan = new backup.BackupPlan(source, 'Plan', { backupVault: new backup.BackupVault(source, 'Vault', { encryptionKey: key }) });
      plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', copyActions: [{ destinationBackupVault: vault }] }));
      const volume = new ec2.Volume(source, 'Volume', { availabilityZone: 'eu-west-1a', size: Size.gibibytes(20), encrypted: true, encryptionKey: key });
      plan.addSelection('Selection', { resources: [backup.BackupResource.fromConstruct(volume)] });
      return app;
    }, outdir);
  });

  test('the stacks of nested assemblies are checked, with their construct paths', () => {
    expect(fs.existsSync(path.join(outdir, 'assembly-Prod', 'assembly-Prod-Eu', 'manifest.json'))).toBe(true);
    const r = runBin(['check', outdir, '--format', 'sarif']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout).runs[0].results;
    expect(results.map((x: any) => [x.ruleId, x.level, x.properties.constructPath])).toEqual([
      ['CAB-VAULT-POLICY', 'error', 'Prod/Eu/Central/Vault'],
    ]);
    const loc = results[0].locations[0];
    expect(loc.logicalLocations[0]).toEqual({ name: expect.stringMatching(/^Vault[0-9A-F]{8}$/), fullyQualifiedName: expect.stringMatching(/^Prod\/Eu\/Central\/Vault[0-9A-F]{8}$/), kind: 'resource' });
    expect(loc.physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/.*\/assembly-Prod\/assembly-Prod-Eu\/ProdEuCentral[0-9A-F]{8}\.template\.json$/);
    const template = fs.readFileSync(new URL(loc.physicalLocation.artifactLocation.uri), 'utf8').split('\n');
    expect(template[loc.physicalLocation.region.startLine - 1].trim()).toBe(`"${loc.logicalLocations[0].name}": {`);
  });
});

describe('a YAML template with !Sub, !Ref and !GetAtt', () => {
  const template = path.join('test', 'cli', 'fixtures', 'backup-plan.yaml');

  test('with --env: the key policy error, at the line of the key, exit code 1', () => {
    const r = runBin(['check', '--template', template, '--env', '111111111111/eu-west-1', '--format', 'sarif']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout).runs[0].results;
    const lines = fs.readFileSync(path.join(ROOT, template), 'utf8').split('\n');
    expect(results.map((x: any) => [x.ruleId, x.level, x.locations[0].logicalLocations[0].name])).toEqual([
      ['CAB-KEY-POLICY', 'error', 'VolumeKey'],
      ['CAB-UNVERIFIABLE', 'warning', 'Plan'],
    ]);
    for (const x of results) {
      expect(x.locations[0].physicalLocation.artifactLocation.uri).toBe('test/cli/fixtures/backup-plan.yaml');
      expect(lines[x.locations[0].physicalLocation.region.startLine - 1]).toBe(`  ${x.locations[0].logicalLocations[0].name}:`);
    }
  });

  test('without --env: environment-agnostic, only CAB-UNVERIFIABLE warnings, exit code 0', () => {
    const r = runBin(['check', '--template', template, '--format', 'json']);
    expect(r.status).toBe(0);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f: { ruleId: string }) => f.ruleId))).toEqual(new Set([RuleIds.UNVERIFIABLE]));
  });
});

describe('bad usage and unreadable input: exit code 2 and a message naming the problem', () => {
  test.each([
    ['a file that is not JSON', ['check', '--template', 'broken.json'], /broken\.json: not valid JSON/],
    ['a template that is a list', ['check', '--template', 'list.yaml'], /list\.yaml: not a CloudFormation template/],
    ['a resource without Type', ['check', '--template', 'no-type.json'], /no-type\.json: resource Bucket has no Type/],
    ['a missing template', ['check', '--template', 'missing.yaml'], /missing\.yaml: cannot read the file \(ENOENT\)/],
    ['a directory without manifest', ['check', '.'], /: not a cloud assembly directory \(it has no manifest\.json\)/],
    ['a malformed --env', ['check', '--template', 'list.yaml', '--env', 'eu-west-1'], /--env eu-west-1: expected <account>\/<region>/],
    ['an unknown option', ['check', '.', '--organisation-id', 'o-x'], /Unknown option '--organisation-id'/],
    ['an unknown command', ['verify', '.'], /unknown command verify/],
    ['an invalid account id', ['check', '--template', '../backup-plan.yaml', '--management-account', '12345'], /managementAccount/],
    ['an unknown --format', ['check', '.', '--format', 'xml'], /--format xml: expected one of text, json, markdown, sarif/],
  ])('%s', (_name, args, message) => {
    const dir = path.join(tmp.dir, 'bad');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "Resources": { ');
    fs.writeFileSync(path.join(dir, 'list.yaml'), '- a\n- b\n');
    fs.writeFileSync(path.join(dir, 'no-type.json'), '{ "Resources": { "Bucket": { "Properties": {} } } }');
    fs.copyFileSync(path.join(FIXTURES, 'backup-plan.yaml'), path.join(tmp.dir, 'backup-plan.yaml'));
    const r = runBin(args, dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  test('--help prints the usage, exit code 0', () => {
    const r = runBin(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('cdk-cross-account-backup check <cloud-assembly-dir>');
    expect(r.stdout).toContain('--organization-accounts');
  });

  test('--version prints the version of the package', () => {
    const r = runBin(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  test('the bin is an executable node script', () => {
    expect(fs.readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => fs.accessSync(BIN, fs.constants.X_OK)).not.toThrow();
  });
});
