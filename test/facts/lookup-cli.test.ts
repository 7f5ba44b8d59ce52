import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { ExternalFacts } from '../../src';
import { sdkClients, SDK_INSTALL } from '../../src/facts/lookup';
import { lookupTargets, parseLookupArgs, runLookup } from '../../src/frontends/cli/lookup';
import { runCli } from '../../src/frontends/cli/main';
import { propsFromConfig, propsFromFlags } from '../../src/frontends/cli/options';
import { requireBuiltBin, runBin } from '../cli/helpers';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      cwd: process.cwd(),
      stdout: { write: (s: string) => { out.stdout += s; return true; } },
      stderr: { write: (s: string) => { out.stderr += s; return true; } },
    },
  };
}

describe('lookup command line', () => {
  test('the bootstrap lookup role by default, with the qualifier; --role-name; --current-credentials', () => {
    expect(parseLookupArgs(['--accounts', '111111111111']).roleName).toBe('cdk-hnb659fds-lookup-role-{account}-{region}');
    expect(parseLookupArgs(['--accounts', '111111111111', '--qualifier', 'abc123']).roleName).toBe('cdk-abc123-lookup-role-{account}-{region}');
    expect(parseLookupArgs(['--accounts', '111111111111', '--role-name', 'Reader']).roleName).toBe('Reader');
    expect(parseLookupArgs(['--accounts', '111111111111', '--current-credentials']).roleName).toBeUndefined();
  });

  test.each([
    [['--accounts', '1234'], '--accounts 1234: expected a 12-digit account id.'],
    [['--accounts', '111111111111', '--regions', 'Ireland'], '--regions Ireland: expected a Region code such as eu-west-1.'],
    [['--arn', 'arn:aws:s3:::bucket'], '--arn arn:aws:s3:::bucket: expected a backup vault ARN or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>).'],
    [[], 'nothing to read: give --from <cloud-assembly-dir>, or --accounts with --regions (and --arn for vaults and keys).'],
    [['--accounts', '111111111111', '--qualifier', 'a', '--role-name', 'b'], 'give one of --qualifier, --role-name and --current-credentials.'],
    [['--accounts', '111111111111', '--concurrency', '0'], '--concurrency 0: expected a whole number from 1 to 64.'],
  ])('%j: %s', (argv, message) => {
    expect(() => parseLookupArgs(argv)).toThrow(message);
  });

  test('--current-credentials with two accounts: exit 2, one sentence', async () => {
    const { out, io: cli } = io();
    expect(await runLookup(['--accounts', '111111111111,222222222222', '--current-credentials'], cli)).toBe(2);
    expect(out.stderr).toBe('cdk-cross-account-backup lookup: --current-credentials reads one account, but 2 are to be read (111111111111, 222222222222): use the lookup role, or one account.\n');
  });

  test('the AWS SDK not installed: exit 2 with the npm install to run (the SDK is loaded only by lookup)', async () => {
    const { out, io: cli } = io();
    const missing = sdkClients(5, (id) => { throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' }); });
    expect(await runLookup(['--accounts', '111111111111', '--regions', 'eu-west-1'], cli, missing)).toBe(2);
    expect(out.stderr).toBe(`cdk-cross-account-backup lookup: lookup needs the AWS SDK for JavaScript v3, which is not installed: run \`${SDK_INSTALL}\`.\n`);
    expect(SDK_INSTALL).toBe('npm install --save-dev @aws-sdk/client-sts @aws-sdk/client-kms @aws-sdk/client-backup @aws-sdk/client-organizations');
  });

  test('--from: every account and Region of the stacks, and every vault and key ARN of the templates, by account', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookup-from-'));
    try {
      const app = new App({ outdir: dir });
      const stack = new Stack(app, 'Source', { env: { account: '111111111111', region: 'eu-west-1' } });
      const plan = new backup.BackupPlan(stack, 'Plan', { backupVault: new backup.BackupVault(stack, 'Vault', { backupVaultName: 'src' }) });
      plan.addRule(new backup.BackupPlanRule({
        ruleName: 'Daily',
        copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(stack, 'Central', 'arn:aws:backup:us-east-1:222222222222:backup-vault:central') }],
      }));
      new Stack(app, 'Agnostic');
      app.synth();
      expect(lookupTargets(parseLookupArgs(['--from', dir, '--arn', 'arn:aws:kms:eu-west-1:111111111111:key/abc']), process.cwd())).toEqual([
        { account: '111111111111', regions: ['eu-west-1'], vaultArns: [], keyArns: ['arn:aws:kms:eu-west-1:111111111111:key/abc'] },
        { account: '222222222222', regions: ['us-east-1'], vaultArns: ['arn:aws:backup:us-east-1:222222222222:backup-vault:central'], keyArns: [] },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('check --facts and --max-fact-age', () => {
  const file = path.join(os.tmpdir(), `facts-flag-${process.pid}.json`);
  beforeAll(() => fs.writeFileSync(file, JSON.stringify({ formatVersion: '1.0.0' })));
  afterAll(() => fs.rmSync(file, { force: true }));

  test('a facts file and a number of days, from flags and from a config file', () => {
    const props = propsFromFlags({ 'facts': [file], 'max-fact-age': '7' }) as { facts: ExternalFacts[]; maxFactAge: { toDays(): number } };
    expect(props.facts.map((f) => f.source)).toEqual([file]);
    expect(props.maxFactAge.toDays()).toBe(7);
    expect((propsFromFlags({ 'max-fact-age': '30d' }) as any).maxFactAge.toDays()).toBe(30);
    expect((propsFromConfig({ facts: path.basename(file), maxFactAge: 3 }, path.join(os.tmpdir(), 'c.json')) as any).maxFactAge.toDays()).toBe(3);
    expect(() => propsFromFlags({ 'max-fact-age': 'a week' })).toThrow('--max-fact-age: expected a whole number of days greater than 0, e.g. 30.');
  });

  test('a facts file of another major version: exit 2 with the reader\'s sentence', () => {
    fs.writeFileSync(file, JSON.stringify({ formatVersion: '2.0.0' }));
    const { out, io: cli } = io();
    expect(runCli(['check', '--template', file, '--facts', file], cli)).toBe(2);
    expect(out.stderr).toMatch(/external-facts format version 2\.0\.0 is not supported by this version of the library, which reads 1\.x/);
  });
});

describe('the bin', () => {
  beforeAll(() => requireBuiltBin());

  test('lookup is a command of the same bin: --help exits 0, bad usage 2 with one sentence', () => {
    const help = runBin(['lookup', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('cdk-cross-account-backup lookup --from <cloud-assembly-dir>');
    const bad = runBin(['lookup', '--accounts', '12']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('cdk-cross-account-backup lookup: --accounts 12: expected a 12-digit account id.\n');
  });
});
