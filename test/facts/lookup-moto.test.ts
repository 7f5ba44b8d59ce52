/**
 * Done-when 2 and 3 of issue 14: `cdk-cross-account-backup lookup` against moto_server (an organization,
 * a workload and a central account, keys with and without the central account in their policy)
 * writes facts that make the checks report exactly the expected findings; an AccessDenied on one
 * account is recorded and reported as CAB-UNVERIFIABLE naming the account and the call.
 * What moto lacks is faked in `lookup-clients.ts` (the reason is there).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as backupSdk from '@aws-sdk/client-backup';
import * as kmsSdk from '@aws-sdk/client-kms';
import * as orgSdk from '@aws-sdk/client-organizations';
import * as stsSdk from '@aws-sdk/client-sts';
import { App, Size, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { awsError, emulatorClients, EmulatorOptions } from './lookup-clients';
import { FAKE_CREDENTIALS, Moto, startMoto } from './moto';
import { CopyCompatibleKmsKey, ExternalFacts } from '../../src';
import { parseFacts } from '../../src/facts/parse';
import { runLookup } from '../../src/frontends/cli/lookup';
import { REGION, check } from '../checks/apps/app-helpers';

jest.setTimeout(60_000);

let moto: Moto;
let dir: string;
beforeAll(async () => { moto = await startMoto(); });
afterAll(async () => { await moto?.stop(); });
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facts-lookup-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Credentials of `account` in moto (AssumeRole with the fake credentials: moto answers for any account). */
async function credentialsOf(account: string) {
  const client = new stsSdk.STSClient({ region: REGION, endpoint: moto.endpoint, credentials: FAKE_CREDENTIALS });
  const { Credentials: c } = await client.send(new stsSdk.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/setup`, RoleSessionName: 'setup' }));
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken };
}

interface World {
  readonly management: string;
  readonly workload: string;
  readonly central: string;
  readonly ou: string;
  readonly vaultArn: string;
  readonly goodKeyArn: string;
  readonly badKeyArn: string;
}

let worldCount = 0;

/** An organization (management account, a workload account in an OU, a central account), the central vault and the workload's keys. */
async function world(): Promise<World> {
  // Each test its own management account: moto keeps an organization per account for the server's life.
  const management = `9000000000${String(10 + worldCount++).padStart(2, '0')}`;
  const asManagement = { region: REGION, endpoint: moto.endpoint, credentials: await credentialsOf(management) };
  const orgs = new orgSdk.OrganizationsClient(asManagement);
  await orgs.send(new orgSdk.CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const create = async (name: string) => (await orgs.send(new orgSdk.CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!;
  const workload = await create(`workload${worldCount}`);
  const central = await create(`central${worldCount}`);
  const root = (await orgs.send(new orgSdk.ListRootsCommand({}))).Roots![0].Id!;
  const ou = (await orgs.send(new orgSdk.CreateOrganizationalUnitCommand({ ParentId: root, Name: 'workloads' }))).OrganizationalUnit!.Id!;
  await orgs.send(new orgSdk.MoveAccountCommand({ AccountId: workload, SourceParentId: root, DestinationParentId: ou }));

  const asCentral = { region: REGION, endpoint: moto.endpoint, credentials: await credentialsOf(central) };
  const vaultKey = await new kmsSdk.KMSClient(asCentral).send(new kmsSdk.CreateKeyCommand({}));
  const vault = await new backupSdk.BackupClient(asCentral).send(new backupSdk.CreateBackupVaultCommand({
    BackupVaultName: 'central', EncryptionKeyArn: vaultKey.KeyMetadata!.Arn,
  }));

  const workloadKms = new kmsSdk.KMSClient({ region: REGION, endpoint: moto.endpoint, credentials: await credentialsOf(workload) });
  const keyPolicy = (accounts: string[]) => JSON.stringify({
    Version: '2012-10-17',
    Statement: accounts.map((a) => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'kms:*', Resource: '*' })),
  });
  const good = await workloadKms.send(new kmsSdk.CreateKeyCommand({ Policy: keyPolicy([workload, central]) }));
  const bad = await workloadKms.send(new kmsSdk.CreateKeyCommand({ Policy: keyPolicy([workload]) }));
  return { management, workload, central, ou, vaultArn: vault.BackupVaultArn!, goodKeyArn: good.KeyMetadata!.Arn!, badKeyArn: bad.KeyMetadata!.Arn! };
}

/** The workload app: EBS volumes under the imported keys, copied into the imported central vault. */
function workloadApp(w: World, outdir: string) {
  const app = new App({ outdir });
  const source = new Stack(app, 'Source', { env: { account: w.workload, region: REGION } });
  const sourceVault = new backup.BackupVault(source, 'Vault', {
    backupVaultName: 'source', encryptionKey: new CopyCompatibleKmsKey(source, 'VaultKey', { destinationAccounts: [w.central] }),
  });
  const plan = new backup.BackupPlan(source, 'Plan', { backupVault: sourceVault });
  plan.addRule(new backup.BackupPlanRule({
    ruleName: 'Daily', copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(source, 'CentralVault', w.vaultArn) }],
  }));
  const volume = (id: string, keyArn: string) => new ec2.Volume(source, id, {
    availabilityZone: `${REGION}a`, size: Size.gibibytes(10), encrypted: true, encryptionKey: kms.Key.fromKeyArn(source, `${id}Key`, keyArn),
  });
  plan.addSelection('Selection', {
    resources: [backup.BackupResource.fromConstruct(volume('GoodVolume', w.goodKeyArn)), backup.BackupResource.fromConstruct(volume('BadVolume', w.badKeyArn))],
  });
  return app;
}

/** What moto lacks: the central vault admits the workload account; cross-account backup is on; no tag policy applies. */
function fakes(w: World): EmulatorOptions['fakes'] {
  return {
    GetBackupVaultAccessPolicy: async () => ({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${w.workload}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }],
      }),
    }),
    DescribeGlobalSettings: async () => ({ GlobalSettings: { isCrossAccountBackupEnabled: 'true' } }),
    DescribeRegionSettings: async () => ({ ResourceTypeOptInPreference: { EBS: true }, ResourceTypeManagementPreference: { DynamoDB: true } }),
    DescribeEffectivePolicy: async () => { throw awsError('EffectivePolicyNotFoundException', 'no effective policy'); },
  };
}

/** Synthesize the workload app, run `lookup --from` it (and the management account), return the exit code, the facts file and stderr. */
async function lookup(w: World, extra: string[], emulator: Partial<EmulatorOptions> = {}, tty = false) {
  const out = path.join(dir, 'cdk.out');
  workloadApp(w, out).synth();
  const file = path.join(dir, 'facts.json');
  let stderr = '';
  const clients = emulatorClients({ endpoint: moto.endpoint, fakes: fakes(w), ...emulator });
  const code = await runLookup(['--from', out, '--accounts', w.management, '--output', file, ...extra], {
    cwd: dir, stdout: { write: () => true }, stderr: { isTTY: tty, write: (s: string) => { stderr += s; return true; } },
  }, clients);
  return { code, file, stderr, clients };
}

/** Check the workload app with the facts file; the findings as data. */
function checkWithFacts(w: World, file: string) {
  const app = workloadApp(w, path.join(dir, 'checked.out'));
  const checks = check(app, { facts: [ExternalFacts.fromFile(file)] });
  const result = checks._lastResult()!;
  return { result, findings: result.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, path: f.constructPath })) };
}

describe('lookup against moto_server', () => {
  test('facts of two accounts and the organization: exactly the key without the central account is reported', async () => {
    const w = await world();
    const { code, file, stderr, clients } = await lookup(w, []);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });

    const facts = parseFacts(JSON.parse(fs.readFileSync(file, 'utf-8')), file);
    expect(facts.unreadable).toBeUndefined();
    expect(facts.vaults?.map((v) => ({ arn: v.arn, source: v.origin.source, account: v.origin.account }))).toEqual([
      { arn: w.vaultArn, source: 'lookup', account: w.central },
    ]);
    expect(facts.keys?.map((k) => [k.arn, k.keyManager])).toEqual(expect.arrayContaining([[w.goodKeyArn, 'CUSTOMER'], [w.badKeyArn, 'CUSTOMER']]));
    expect(facts.organization).toMatchObject({ managementAccount: w.management, organizationalUnits: [{ id: w.ou, accounts: [w.workload] }] });
    expect([...facts.organization!.accounts].sort()).toEqual([w.management, w.workload, w.central].sort());
    expect(facts.globalSettings).toEqual([expect.objectContaining({ account: w.management, crossAccountBackup: true })]);
    // every account through its bootstrap lookup role, read-only calls only
    expect(clients.calls.filter((c) => c.endsWith(' AssumeRole')).sort()).toEqual(['current AssumeRole', 'current AssumeRole', 'current AssumeRole']);
    const writes = clients.calls.filter((c) => !/ (AssumeRole|Describe\w+|Get\w+|List\w+)$/.test(c));
    expect(writes).toEqual([]);

    const { findings, result } = checkWithFacts(w, file);
    expect(findings).toEqual([{ ruleId: 'CAB-KEY-POLICY', severity: 'error', path: 'Source/BadVolume' }]);
    expect(result.options.organizationId).toBe(facts.organization!.id);
  });

  test('AccessDenied on one account: recorded as unreadable, CAB-UNVERIFIABLE names the account and the call, exit 0 (1 with --strict)', async () => {
    const w = await world();
    const denied = { denied: [`${w.central} AssumeRole`] };
    const { code, file, stderr } = await lookup(w, [], denied);
    expect(code).toBe(0);
    expect(stderr).toContain(w.central);

    const facts = parseFacts(JSON.parse(fs.readFileSync(file, 'utf-8')), file);
    expect(facts.unreadable?.map((u) => ({ call: u.call, account: u.account, errorCode: u.errorCode }))).toEqual([
      { call: 'sts:AssumeRole', account: w.central, errorCode: 'AccessDeniedException' },
    ]);
    expect(facts.vaults).toBeUndefined();

    const { findings, result } = checkWithFacts(w, file);
    // The rest was read: the key policy is still judged; the central vault is unknown, and says why.
    expect(findings).toEqual([
      { ruleId: 'CAB-KEY-POLICY', severity: 'error', path: 'Source/BadVolume' },
      { ruleId: 'CAB-UNVERIFIABLE', severity: 'warning', path: 'Source/CentralVault' },
    ]);
    const note = result.model.unverifiable.find((u) => u.constructPath === 'Source/CentralVault')!;
    expect(note.reason).toContain(`sts:AssumeRole in account ${w.central}`);
    expect(note.reason).toContain('AccessDeniedException');

    expect((await lookup(w, ['--strict'], denied)).code).toBe(1);
  });

  test('AccessDenied on the key policies of one account: its keys stay unknown (never judged as refusing), each note names the call', async () => {
    const w = await world();
    const { code, file } = await lookup(w, [], { denied: [`${w.workload} GetKeyPolicy`] });
    expect(code).toBe(0);
    const facts = parseFacts(JSON.parse(fs.readFileSync(file, 'utf-8')), file);
    expect(facts.unreadable?.map((u) => [u.call, u.resource]).sort()).toEqual([
      ['kms:GetKeyPolicy', w.badKeyArn], ['kms:GetKeyPolicy', w.goodKeyArn],
    ].sort());
    const { findings, result } = checkWithFacts(w, file);
    expect(findings.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { ruleId: 'CAB-UNVERIFIABLE', severity: 'warning', path: 'Source/BadVolume' },
      { ruleId: 'CAB-UNVERIFIABLE', severity: 'warning', path: 'Source/GoodVolume' },
    ]);
    const note = result.model.unverifiable.find((u) => u.constructPath === 'Source/BadVolume')!;
    expect(note.reason).toContain(`kms:GetKeyPolicy on ${w.badKeyArn} in account ${w.workload} (${REGION}) returned AccessDeniedException`);
  });

  test('on a terminal: one progress line per account on standard error (none otherwise, see above)', async () => {
    const w = await world();
    const { code, stderr } = await lookup(w, [], { denied: [`${w.central} AssumeRole`] }, true);
    expect(code).toBe(0);
    const lines = stderr.split('\n').filter((l) => l.startsWith('account '));
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual([w.management, w.workload, w.central].map((a) => `account ${a}`).sort());
    expect(lines).toContain(`account ${w.central}: not read (sts:AssumeRole AccessDeniedException)`);
  });
});
