import { CfnParameter, Size, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  DST, ISOLATED, OTHER_REGION, REGION, SRC, check, copyApp, copyKey, dataOf, errorPaths, expectNoError, expectSilent, findingsOf, isolatedVpc,
  selectAurora, theFinding, warningPaths,
} from './app-helpers';
import { MANAGEMENT_ENV, POLICY_CHECKS, ROLE, WORKLOADS_OU, defaultPlan, policyApp } from './policy-helpers';
import { BackupPolicy } from '../../../src/backup-policy/backup-policy';
import { ACCESS_DENIED_ERROR } from '../../../src/checks/messages/cab-vault-policy';
import { featureNotSupportedError } from '../../../src/checks/messages/common';
import { RULES } from '../../../src/checks/rules';
import { OrganizationBackupPolicy } from '../../../src/constructs/organization-backup-policy';
import { ResourceTypeOptInSetting } from '../../../src/constructs/resource-type-opt-in-setting';
import type { CrossAccountCopyChecksProps } from '../../../src/frontends/aspect';
import { TagPolicy } from '../../../src/tag-policy/tag-policy';
import { backupServiceRole } from '../../fixtures';

const POLICY = '/Management/Backups';
/** The policy's construct path, as findings name it. */
const POLICY_PATH = 'Management/Backups';
/** What CAB-UNVERIFIABLE names as skipped when a policy's routes are unknown: every check. */
const EVERY_CHECK = RULES.flatMap((r) => (r.checkName ? [r.checkName] : []));
const stacks = (a: ReturnType<typeof policyApp>) => [a.management, a.member, a.central];

describe('backup policies: routes and the clean case', () => {
  test('a policy whose routes are all valid synthesizes clean', () => {
    const a = policyApp();
    const checks = check(a.app, POLICY_CHECKS);
    expectSilent(stacks(a));
    const routes = checks._lastResult()!.model.routes;
    expect(routes.map((r) => ({
      id: r.id,
      policy: r.policy,
      source: r.source.vault.constructPath,
      destination: r.destination.constructPath,
      resources: r.resources.map((x) => x.id),
    }))).toEqual([{
      id: `Management/Backups/daily/nightly @ ${SRC} ${REGION} -> Central/Vault`,
      policy: { policyPath: 'Management/Backups', policyName: 'org-backups', targetId: WORKLOADS_OU, organizationalUnit: WORKLOADS_OU, account: SRC, region: REGION },
      source: 'Member/Vault',
      destination: 'Central/Vault',
      resources: ['Member/Orders/Resource'],
    }]);
    expect(routes[0].crossAccount).toBe(true);
    expect(routes[0].copyLifecycle).toEqual({ deleteAfterDays: 35, moveToColdStorageAfterDays: undefined });
  });

  test('one route per target account and Region, with $account and $region replaced', () => {
    const a = policyApp({
      destinationArn: 'arn:aws:backup:$region:$account:backup-vault:copies',
      plan: (p) => ({ ...p, regions: [REGION, OTHER_REGION] }),
    });
    const checks = check(a.app, { ...POLICY_CHECKS, organizationalUnits: [{ id: WORKLOADS_OU, accounts: [SRC, DST] }] });
    const routes = checks._lastResult()!.model.routes;
    expect(routes.map((r) => [r.source.env.account, r.source.env.region, r.destination.arn]).sort()).toEqual([
      [SRC, OTHER_REGION, `arn:aws:backup:${OTHER_REGION}:${SRC}:backup-vault:copies`],
      [SRC, REGION, `arn:aws:backup:${REGION}:${SRC}:backup-vault:copies`],
      [DST, OTHER_REGION, `arn:aws:backup:${OTHER_REGION}:${DST}:backup-vault:copies`],
      [DST, REGION, `arn:aws:backup:${REGION}:${DST}:backup-vault:copies`],
    ].sort());
    expect(routes.every((r) => r.crossAccount === false && r.crossRegion === false)).toBe(true);
  });

  test('an OU the options do not list: CAB-UNVERIFIABLE on the policy, no routes', () => {
    const a = policyApp();
    const checks = check(a.app, { ...POLICY_CHECKS, organizationalUnits: undefined });
    expect(checks._lastResult()!.model.routes).toEqual([]);
    expect(warningPaths(a.management, 'CAB-UNVERIFIABLE')).toEqual([POLICY]);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', POLICY_PATH).details).toEqual({
      subject: `the copy routes backup policy org-backups creates in the accounts under OU ${WORKLOADS_OU}`,
      reasons: [expect.stringContaining(`organizationalUnits does not list it: add { id: '${WORKLOADS_OU}'`)],
      skippedChecks: EVERY_CHECK,
      unknownFacts: ['backup-plan'],
    });
  });

  test('a root target covers organizationAccounts; without them, CAB-UNVERIFIABLE', () => {
    const a = policyApp({ targetIds: ['r-ab12'] });
    const checks = check(a.app, { ...POLICY_CHECKS, organizationAccounts: [SRC, DST] });
    expect(checks._lastResult()!.model.routes.map((r) => r.source.env.account).sort()).toEqual([SRC, DST]);
    const b = policyApp({ targetIds: ['r-ab12'] });
    const unlisted = check(b.app, { organizationalUnits: POLICY_CHECKS.organizationalUnits, dynamoDbAdvancedFeatures: true });
    expect(theFinding(unlisted, 'CAB-UNVERIFIABLE', 'warning', POLICY_PATH).details).toEqual({
      subject: 'the copy routes backup policy org-backups creates in the accounts under the root',
      reasons: [expect.stringContaining('organizationAccounts is not set')],
      skippedChecks: EVERY_CHECK,
      unknownFacts: ['backup-plan'],
    });
  });

  test('the policies the app attaches along an account\'s path are merged: root, then OU, then account', () => {
    const a = policyApp({ targetIds: ['r-ab12'] });
    // Attached to the OU: the member account's rule backs up into another vault ("@@assign" overrides the root's).
    new OrganizationBackupPolicy(a.management, 'OuOverride', {
      policy: BackupPolicy.fromJson(JSON.stringify({ plans: { daily: { rules: { nightly: { target_backup_vault_name: { '@@assign': 'ou-vault' } } } } } }), 'ou'),
      targetIds: [WORKLOADS_OU],
    });
    const checks = check(a.app, POLICY_CHECKS);
    const byAccount = Object.fromEntries(checks._lastResult()!.model.routes.map((r) => [r.source.env.account, r.source.vault.name]));
    expect(byAccount).toEqual({ [MANAGEMENT_ENV.account]: 'local', [SRC]: 'ou-vault', [DST]: 'local' });
  });

  test('a target id that is a token: CAB-UNVERIFIABLE on the policy', () => {
    const a = policyApp();
    a.management.node.tryRemoveChild('Backups');
    new OrganizationBackupPolicy(a.management, 'Backups', {
      policy: BackupPolicy.fromPlans([defaultPlan()]), targetIds: [new CfnParameter(a.management, 'Target').valueAsString],
    });
    const checks = check(a.app, POLICY_CHECKS);
    expect(checks._lastResult()!.model.routes).toEqual([]);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', POLICY_PATH).details).toMatchObject({
      reasons: [expect.stringContaining('the target id cannot be resolved at synth time')],
      skippedChecks: EVERY_CHECK,
    });
  });

  test('an account target is that account', () => {
    const a = policyApp({ targetIds: [SRC] });
    const checks = check(a.app, POLICY_CHECKS);
    expect(checks._lastResult()!.model.routes.map((r) => r.policy?.targetId)).toEqual([SRC]);
    expectSilent(stacks(a));
  });

  test('the selection\'s IAM role not in the app: CAB-UNVERIFIABLE naming the role and the accounts', () => {
    const a = policyApp({ plan: (p) => ({ ...p, selections: [{ ...p.selections![0], iamRoleArn: 'arn:aws:iam::$account:role/StackSetRole' }] }) });
    const checks = check(a.app, POLICY_CHECKS);
    expect(theFinding(checks, 'CAB-UNVERIFIABLE', 'warning', POLICY_PATH).details).toMatchObject({
      subject: `that IAM role arn:aws:iam::$account:role/StackSetRole exists in account ${SRC}`,
      skippedChecks: [],
    });
  });

  test('the vault of target_backup_vault_name not in the app: CAB-UNVERIFIABLE naming account, Region and vault', () => {
    const a = policyApp({ plan: (p) => ({ ...p, rules: [{ ...p.rules[0], targetBackupVaultName: 'stackset-vault' }] }) });
    const checks = check(a.app, POLICY_CHECKS);
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE', POLICY_PATH).map((f) => f.details.subject)).toContainEqual(
      `that vault "stackset-vault" exists in account ${SRC} in ${REGION}`,
    );
    expectNoError(stacks(a), 'CAB-VAULT-KEY');
  });
});

describe('backup policies: each rule id fires on a policy-derived route', () => {
  test('CAB-VAULT-POLICY: a destination vault without access policy; fixed with CrossAccountBackupVault', () => {
    const a = policyApp({
      destination: (central) => new backup.BackupVault(central, 'Vault', { backupVaultName: 'central', encryptionKey: copyKey(central, 'VaultKey') }),
    });
    const checks = check(a.app, POLICY_CHECKS);
    expect(errorPaths(a.central, 'CAB-VAULT-POLICY')).toEqual(['/Central/Vault']);
    expect(theFinding(checks, 'CAB-VAULT-POLICY', 'error', 'Central/Vault')).toMatchObject({
      messageId: 'vault-policy-denies-source',
      details: { cause: 'no-policy', vaults: ['Central/Vault'], accounts: [SRC], plans: [POLICY_PATH] },
      awsError: ACCESS_DENIED_ERROR,
    });
    const fixed = policyApp();
    check(fixed.app, POLICY_CHECKS);
    expectNoError(stacks(fixed), 'CAB-VAULT-POLICY');
  });

  test('CAB-VAULT-KEY: the member vault encrypted with aws/backup; fixed with a CopyCompatibleKmsKey', () => {
    const a = policyApp({ memberVaultKey: 'none' });
    check(a.app, POLICY_CHECKS);
    expect(errorPaths(a.member, 'CAB-VAULT-KEY')).toEqual(['/Member/Vault']);
    const fixed = policyApp();
    check(fixed.app, POLICY_CHECKS);
    expectNoError(stacks(fixed), 'CAB-VAULT-KEY');
  });

  test('CAB-KEY-POLICY: the member vault key does not admit the destination account', () => {
    // A source vault key of fully managed types: a warning by default (sources conflict), an error when required.
    const warned = policyApp({ memberVaultKey: 'plain' });
    check(warned.app, POLICY_CHECKS);
    expect(warningPaths(warned.member, 'CAB-KEY-POLICY')).toEqual(['/Member/VaultKey']);
    const a = policyApp({ memberVaultKey: 'plain' });
    const checks = check(a.app, { ...POLICY_CHECKS, requireSourceVaultKeyTrust: true });
    expect(errorPaths(a.member, 'CAB-KEY-POLICY')).toEqual(['/Member/VaultKey']);
    expect(theFinding(checks, 'CAB-KEY-POLICY', 'error', 'Member/VaultKey')).toMatchObject({
      messageId: 'vault-key-policy-denies-destination',
      details: {
        key: 'Member/VaultKey',
        vaults: ['Member/Vault'],
        accounts: [DST],
        principals: [backupServiceRole(DST)],
        missingActions: expect.arrayContaining(['kms:Decrypt', 'kms:CreateGrant']),
      },
    });
    const fixed = policyApp();
    check(fixed.app, POLICY_CHECKS);
    expectNoError(stacks(fixed), 'CAB-KEY-POLICY');
  });

  test('CAB-DDB-ADVANCED: the table copied across accounts without advanced features; fixed with the option', () => {
    const a = policyApp();
    const checks = check(a.app, { ...POLICY_CHECKS, dynamoDbAdvancedFeatures: false });
    expect(errorPaths(a.member, 'CAB-DDB-ADVANCED')).toEqual(['/Member/Orders']);
    const route = `${POLICY_PATH}/daily/nightly @ ${SRC} ${REGION} -> Central/Vault`;
    expect(dataOf(theFinding(checks, 'CAB-DDB-ADVANCED', 'error', 'Member/Orders'))).toEqual({
      ruleId: 'CAB-DDB-ADVANCED',
      severity: 'error',
      constructPath: 'Member/Orders',
      routeId: route,
      messageId: 'dynamo-db-without-advanced-features',
      details: { resources: ['Member/Orders'], accounts: [SRC], regions: [REGION] },
      awsError: featureNotSupportedError('DynamoDB', REGION, REGION),
    });
    // The route is the policy's, in the member account, for the OU the policy is attached to.
    expect(checks._lastResult()!.model.routes.find((r) => r.id === route)?.policy).toMatchObject({
      policyPath: POLICY_PATH, targetId: WORKLOADS_OU, account: SRC, region: REGION,
    });
  });

  test('CAB-RESOURCE: DynamoDB without advanced features copied to another Region of the same account', () => {
    const a = policyApp({ destinationArn: `arn:aws:backup:${OTHER_REGION}:$account:backup-vault:copies` });
    check(a.app, { ...POLICY_CHECKS, dynamoDbAdvancedFeatures: false });
    expect(errorPaths(a.member, 'CAB-RESOURCE')).toEqual(['/Member/Orders']);
    const fixed = policyApp({ destinationArn: `arn:aws:backup:${OTHER_REGION}:$account:backup-vault:copies` });
    check(fixed.app, POLICY_CHECKS);
    expectNoError(stacks(fixed), 'CAB-RESOURCE');
  });

  test('CAB-XREGION-XACCOUNT: RDS selected by an ARN pattern, copied to another Region and account in one action', () => {
    const rdsPlan = (destinationArn: string) => (p: ReturnType<typeof defaultPlan>) => ({
      ...p,
      rules: [{ ...p.rules[0], copyActions: [{ destinationVaultArn: destinationArn }] }],
      selections: [{ name: 'databases', iamRoleArn: ROLE, resources: ['arn:aws:rds:*:*:db:*'] }],
    });
    const a = policyApp({ centralEnv: { account: DST, region: OTHER_REGION }, plan: rdsPlan(`arn:aws:backup:${OTHER_REGION}:${DST}:backup-vault:central`) });
    check(a.app, POLICY_CHECKS);
    expect(errorPaths(a.management, 'CAB-XREGION-XACCOUNT')).toEqual([POLICY]);
    const fixed = policyApp({ plan: rdsPlan(`arn:aws:backup:${REGION}:${DST}:backup-vault:central`) });
    check(fixed.app, POLICY_CHECKS);
    expectNoError(stacks(fixed), 'CAB-XREGION-XACCOUNT');
  });

  test('CAB-AWS-MANAGED-KEY: an RDS instance with aws/rds picked by the pattern; fixed with a CopyCompatibleKmsKey', () => {
    const build = (key: boolean) => {
      const a = policyApp({ plan: (p) => ({ ...p, selections: [{ name: 'databases', iamRoleArn: ROLE, resources: ['arn:aws:rds:*:*:db:*'] }] }) });
      const vpc = isolatedVpc(a.member);
      new rds.DatabaseInstance(a.member, 'Db', {
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_9 }),
        vpc,
        vpcSubnets: ISOLATED,
        storageEncrypted: true,
        storageEncryptionKey: key ? copyKey(a.member) : undefined,
      });
      check(a.app, POLICY_CHECKS);
      return a;
    };
    expect(errorPaths(build(false).member, 'CAB-AWS-MANAGED-KEY')).toEqual(['/Member/Db']);
    expectNoError(stacks(build(true)), 'CAB-AWS-MANAGED-KEY');
  });

  test('CAB-ORG: the destination account outside organizationAccounts; fixed by listing it', () => {
    const a = policyApp();
    check(a.app, { ...POLICY_CHECKS, organizationAccounts: [SRC] });
    expect(errorPaths(a.management, 'CAB-ORG')).toEqual([POLICY]);
    const fixed = policyApp();
    check(fixed.app, POLICY_CHECKS);
    expectNoError(stacks(fixed), 'CAB-ORG');
  });

  test('CAB-TAG-POLICY: the rule\'s recovery point tags break an enforced tag policy; fixed with an allowed value', () => {
    const tagPolicy = TagPolicy.fromJson(JSON.stringify({
      tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100'] }, enforced_for: { '@@assign': ['backup:recovery-point'] } } },
    }), 'root');
    const build = (value: string) => {
      const a = policyApp({ plan: (p) => ({ ...p, rules: [{ ...p.rules[0], recoveryPointTags: { CostCenter: value } }] }) });
      check(a.app, { ...POLICY_CHECKS, tagPolicy });
      return a;
    };
    expect(errorPaths(build('999').management, 'CAB-TAG-POLICY')).toEqual([POLICY]);
    expectNoError(stacks(build('100')), 'CAB-TAG-POLICY');
  });

  test('a volume picked by a tag query in the member account is judged like a plan selection', () => {
    const a = policyApp({ plan: (p) => ({ ...p, selections: [{ name: 'tagged', iamRoleArn: ROLE, tagKey: 'backup', tagValues: ['daily'] }] }) });
    const volume = new ec2.Volume(a.member, 'Volume', { availabilityZone: `${REGION}a`, size: Size.gibibytes(10), encrypted: true });
    Tags.of(volume).add('backup', 'daily');
    const checks = check(a.app, POLICY_CHECKS);
    const [route] = checks._lastResult()!.model.routes;
    expect(route.resources.map((r) => [r.id, r.selectedBy])).toEqual([['Member/Volume/Resource', ['tag backup=daily']]]);
    // encrypted with the account's EBS default key: unknown at synth time, as for a plan
    expect(warningPaths(a.member, 'CAB-UNVERIFIABLE')).toEqual(['/Member/Volume']);
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE', POLICY_PATH).map((f) => f.details.subject)).toEqual([
      `resources selected by tag backup=daily (selection tagged of backup policy ${POLICY_PATH})`,
    ]);
  });
});

describe('backup policies: the service opt-in of Aurora comes from the management account', () => {
  const AURORA_ARN = `arn:aws:rds:${REGION}:$account:cluster:orders-db`;
  const MANAGEMENT: CrossAccountCopyChecksProps = { ...POLICY_CHECKS, managementAccount: MANAGEMENT_ENV.account };
  /** A policy whose selection picks an Aurora cluster of the member account by ARN, and opt-in settings where `optIn` says. */
  const build = (optIn: Array<'member' | 'management'>, props = MANAGEMENT) => {
    const a = policyApp({ plan: (p) => ({ ...p, selections: [{ name: 'db', iamRoleArn: ROLE, resources: [AURORA_ARN] }] }) });
    new rds.DatabaseCluster(a.member, 'Db', {
      clusterIdentifier: 'orders-db',
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.provisioned('writer'),
      vpc: isolatedVpc(a.member),
      vpcSubnets: ISOLATED,
      storageEncryptionKey: copyKey(a.member, 'DbKey'),
    });
    if (optIn.includes('member')) new ResourceTypeOptInSetting(a.member, 'OptIn', { resourceTypes: ['Aurora'] });
    if (optIn.includes('management')) {
      const regional = new Stack(a.app, 'ManagementEu', { env: { account: MANAGEMENT_ENV.account, region: REGION } });
      new ResourceTypeOptInSetting(regional, 'OptIn', { resourceTypes: ['Aurora'] });
    }
    return { a, checks: check(a.app, props) };
  };
  const optInFindings = (checks: ReturnType<typeof check>) => checks._lastResult()!.findings
    .filter((f) => f.ruleId === 'CAB-RESOURCE' && f.messageId.startsWith('service-opt-in'));

  test('declared in the member account only: a warning naming the management account and why', () => {
    const { checks } = build(['member']);
    const findings = optInFindings(checks);
    expect(findings.map((f) => [f.severity, f.messageId, f.constructPath, f.details.accounts, f.details.regions])).toEqual([
      ['warning', 'service-opt-in-undeclared', 'Member/Db', [MANAGEMENT_ENV.account], [REGION]],
    ]);
    expect(findings[0].problem).toContain('"the resource opt-in settings in the management account override the settings in a member account"');
  });

  test('fixed: declared in the management account, in the cluster\'s Region', () => {
    expect(optInFindings(build(['management']).checks)).toEqual([]);
  });

  test('without managementAccount, whose setting applies cannot be told: the member\'s counts, as for a plan', () => {
    expect(optInFindings(build(['member'], POLICY_CHECKS).checks)).toEqual([]);
  });

  test('without managementAccount and without a setting: the fix says to declare managementAccount and opt in there', () => {
    const [finding] = optInFindings(build([], POLICY_CHECKS).checks);
    expect([finding.messageId, finding.details.accounts]).toEqual(['service-opt-in-undeclared', [SRC]]);
    expect(finding.fix).toContain('declare managementAccount in the checks\' options and opt in in that account, in the same Region');
    const [withManagement] = optInFindings(build([]).checks);
    expect(withManagement.fix).not.toContain('declare managementAccount');
  });

  test('a plan of the account itself (no policy) keeps its own account\'s setting, managementAccount or not', () => {
    const a = copyApp();
    selectAurora(a);
    new ResourceTypeOptInSetting(a.source, 'OptIn', { resourceTypes: ['Aurora'] });
    expect(optInFindings(check(a.app, { managementAccount: MANAGEMENT_ENV.account }))).toEqual([]);
  });
});
