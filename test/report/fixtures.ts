/**
 * A tiny factory of hand-built CheckModels for the report tests (no CDK app, no engine).
 */
import { Finding } from '../../src/checks/finding';
import {
  CheckModel,
  CopyRoute,
  Env,
  KeyModel,
  PolicyDocumentJson,
  ResourceModel,
  ResourceTypeId,
  Unverifiable,
  VaultModel,
} from '../../src/checks/model/types';
import { RuleIds } from '../../src/checks/rule-ids';
import { AcknowledgedFinding } from '../../src/report/render-json';

export const ACCOUNTS = {
  workloadA: '111111111111',
  workloadB: '222222222222',
  workloadC: '333333333333',
  central: '999999999999',
};

export const POLICY: PolicyDocumentJson = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'SecretLookingSid', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }],
};

export function env(account?: string, region?: string): Env {
  return { account, region, partition: account ? 'aws' : undefined };
}

export function cmk(constructPath: string, e: Env, withPolicy = true): KeyModel {
  return { kind: 'customer-managed', reference: `{"Fn::GetAtt":["${constructPath}","Arn"]}`, constructPath, env: e, policy: withPolicy ? POLICY : undefined };
}

export function awsManagedKey(alias: string, e: Env): KeyModel {
  return { kind: 'service-default', reference: `alias/${alias}`, alias, env: e };
}

export function vault(
  id: string,
  e: Env,
  props: { inApp?: boolean; name?: string; key?: KeyModel; accessPolicy?: PolicyDocumentJson; arn?: string; lock?: VaultModel['lock']; airGapped?: boolean } = {},
): VaultModel {
  const inApp = props.inApp ?? true;
  return {
    id,
    inApp,
    constructPath: inApp ? id : undefined,
    name: props.name,
    arn: props.arn,
    env: e,
    key: props.key,
    accessPolicy: props.accessPolicy,
    lock: props.lock,
    airGapped: props.airGapped,
  };
}

export function resource(
  constructPath: string,
  type: ResourceTypeId,
  e: Env,
  props: { cfnType?: string; key?: KeyModel; encrypted?: boolean; selectedBy?: string[] } = {},
): ResourceModel {
  return {
    id: `${constructPath}/Resource`,
    type,
    inApp: true,
    constructPath,
    cfnType: props.cfnType,
    env: e,
    encrypted: props.encrypted,
    key: props.key,
    tags: [],
    selectedBy: props.selectedBy ?? ['construct'],
  };
}

export function route(props: {
  planPath: string;
  ruleName: string;
  source: VaultModel;
  destination: VaultModel;
  resources?: ResourceModel[];
  unresolvedEntries?: string[];
  planName?: string;
  continuousBackup?: boolean;
  copyLifecycle?: CopyRoute['copyLifecycle'];
  ruleLifecycle?: CopyRoute['ruleLifecycle'];
  policy?: CopyRoute['policy'];
}): CopyRoute {
  const srcEnv = props.source.env;
  const dstEnv = props.destination.env;
  const resources = props.resources ?? [];
  return {
    id: `${props.planPath}/${props.ruleName} -> ${props.destination.id}`,
    planPath: props.planPath,
    planName: props.planName,
    ruleName: props.ruleName,
    source: { env: srcEnv, vault: props.source },
    destination: props.destination,
    copyLifecycle: props.copyLifecycle,
    ruleLifecycle: props.ruleLifecycle,
    continuousBackup: props.continuousBackup ?? false,
    recoveryPointTags: [],
    selections: [{ constructPath: `${props.planPath}/Selection`, resources, unresolvedEntries: props.unresolvedEntries ?? [] }],
    resources,
    crossAccount: srcEnv.account && dstEnv.account ? srcEnv.account !== dstEnv.account : undefined,
    crossRegion: srcEnv.region && dstEnv.region ? srcEnv.region !== dstEnv.region : undefined,
    policy: props.policy,
  };
}

/** A model whose vault and key lists are derived from its routes (as the builder does). */
export function model(routes: CopyRoute[], extra: { unverifiable?: Unverifiable[]; keys?: KeyModel[] } = {}): CheckModel {
  const vaults = new Map<string, VaultModel>();
  const keys = new Map<string, KeyModel>();
  for (const r of routes) {
    for (const v of [r.source.vault, r.destination]) vaults.set(v.id, v);
    for (const k of [r.source.vault.key, r.destination.key, ...r.resources.map((res) => res.key)]) {
      if (k?.kind === 'customer-managed') keys.set(k.constructPath!, k);
    }
  }
  for (const k of extra.keys ?? []) keys.set(k.constructPath ?? k.reference, k);
  return {
    routes,
    settings: [{ kind: 'cross-account-backup', constructPath: 'Management/CrossAccountBackup', env: env('000000000000', 'us-east-1') }],
    unverifiable: extra.unverifiable ?? [],
    vaults: [...vaults.values()],
    keys: [...keys.values()],
  };
}

export function finding(ruleId: string, severity: 'error' | 'warning', constructPath: string, routeId?: string): Finding {
  const docUrl = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html';
  return {
    ruleId,
    severity,
    constructPath,
    messageId: 'test',
    details: {},
    message: `${ruleId}: problem at ${constructPath}. Fix: do it. See ${docUrl}`,
    summary: `problem at ${constructPath}.`,
    shortFix: 'do it.',
    problem: `problem at ${constructPath}.`,
    fix: 'do it.',
    routeId,
    docUrl,
  };
}

/**
 * The small organization of the issue: three workload accounts (two in eu-west-1, one in
 * us-east-1) copy into a central vault; one key policy error, one cross-Region and cross-account
 * Aurora error, one imported key that cannot be checked (warning) and one acknowledged warning.
 */
export function smallOrganization() {
  const euA = env(ACCOUNTS.workloadA, 'eu-west-1');
  const euB = env(ACCOUNTS.workloadB, 'eu-west-1');
  const usC = env(ACCOUNTS.workloadC, 'us-east-1');
  const central = env(ACCOUNTS.central, 'eu-west-1');

  const centralVault = vault('Central/Vault', central, { name: 'central', key: cmk('Central/VaultKey', central), accessPolicy: POLICY, lock: { minRetentionDays: 7, maxRetentionDays: 3650 }, airGapped: true });
  const vaultA = vault('WorkloadA/Vault', euA, { name: 'workload-a', key: cmk('WorkloadA/VaultKey', euA) });
  const vaultB = vault('WorkloadB/Vault', euB, { name: 'workload-b' });
  const vaultC = vault('WorkloadC/Vault', usC, { name: 'workload-c', key: cmk('WorkloadC/VaultKey', usC) });

  const importedKey: KeyModel = { kind: 'external', reference: 'arn:aws:kms:eu-west-1:111111111111:key/imported', env: euA };
  const dbKeyB = cmk('WorkloadB/DbKey', euB, false);

  const daily = route({
    planPath: 'WorkloadA/Plan',
    planName: 'workload-a-plan',
    ruleName: 'daily',
    source: vaultA,
    destination: centralVault,
    resources: [
      resource('WorkloadA/Volume', 'EBS', euA, { cfnType: 'AWS::EC2::Volume', encrypted: true, key: importedKey }),
      resource('WorkloadA/FileSystem', 'EFS', euA, { cfnType: 'AWS::EFS::FileSystem', encrypted: true, key: cmk('WorkloadA/FsKey', euA) }),
    ],
    copyLifecycle: { deleteAfterDays: 35 },
  });
  const weekly = route({
    planPath: 'WorkloadA/Plan',
    ruleName: 'weekly',
    source: vaultA,
    destination: centralVault,
    resources: daily.resources,
    ruleLifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 365 },
    continuousBackup: true,
    unresolvedEntries: ['arn:aws:rds:*:*:db:*'],
  });
  const dbB = route({
    planPath: 'WorkloadB/Plan',
    ruleName: 'daily',
    source: vaultB,
    destination: centralVault,
    resources: [resource('WorkloadB/Database', 'RDS', euB, { cfnType: 'AWS::RDS::DBInstance', encrypted: true, key: dbKeyB })],
  });
  const auroraC = route({
    planPath: 'WorkloadC/Plan',
    ruleName: 'daily',
    source: vaultC,
    destination: centralVault,
    resources: [resource('WorkloadC/Cluster', 'Aurora', usC, { cfnType: 'AWS::RDS::DBCluster', encrypted: true, key: awsManagedKey('aws/rds', usC) })],
  });

  const unverifiable: Unverifiable[] = [
    {
      constructPath: 'WorkloadA/Volume',
      subject: 'the key policy of imported key arn:aws:kms:eu-west-1:111111111111:key/imported',
      reason: 'the key is not defined in this app',
      unknown: ['key-policy'],
      routeId: daily.id,
      about: 'arn:aws:kms:eu-west-1:111111111111:key/imported',
    },
  ];
  const findings: Finding[] = [
    finding(RuleIds.UNVERIFIABLE, 'warning', 'WorkloadA/Volume', daily.id),
    finding(RuleIds.XREGION_XACCOUNT, 'error', 'WorkloadC/Plan', auroraC.id),
    finding(RuleIds.KEY_POLICY, 'error', 'WorkloadB/DbKey', dbB.id),
    finding(RuleIds.VAULT_KEY, 'error', 'WorkloadB/Vault', dbB.id),
  ];
  const acknowledged: AcknowledgedFinding[] = [
    { ...finding(RuleIds.UNVERIFIABLE, 'warning', 'WorkloadA/Volume', weekly.id), reason: 'The imported key is managed by the platform team' },
  ];
  const checkModel = model([weekly, auroraC, daily, dbB], { unverifiable });
  return { model: checkModel, findings, acknowledged, routes: { daily, weekly, dbB, auroraC }, options: { organizationId: 'o-abc123', managementAccount: ACCOUNTS.central, organizationAccounts: [ACCOUNTS.central, ACCOUNTS.workloadA, ACCOUNTS.workloadC, ACCOUNTS.workloadB] } };
}

/** `n` workload accounts, one vault each, each copying `rulesPerAccount` rules into one central vault. */
export function largeOrganization(accounts: number, rulesPerAccount: number) {
  const central = env(ACCOUNTS.central, 'eu-west-1');
  const centralVault = vault('Central/Vault', central, { name: 'central', key: cmk('Central/VaultKey', central) });
  const routes: CopyRoute[] = [];
  const findings: Finding[] = [];
  for (let i = 0; i < accounts; i++) {
    const account = String(100000000000 + i);
    const e = env(account, i % 3 === 0 ? 'us-east-1' : 'eu-west-1');
    const v = vault(`Workload${i}/Vault`, e, { name: `workload-${i}`, key: cmk(`Workload${i}/VaultKey`, e) });
    for (let r = 0; r < rulesPerAccount; r++) {
      const rt = route({
        planPath: `Workload${i}/Plan`,
        ruleName: `rule-${r}`,
        source: v,
        destination: centralVault,
        resources: [resource(`Workload${i}/Table${r}`, 'DynamoDB', e, { cfnType: 'AWS::DynamoDB::Table' })],
      });
      routes.push(rt);
      if (i % 10 === 0 && r === 0) findings.push(finding(RuleIds.DDB_ADVANCED, 'error', `Workload${i}/Table${r}`, rt.id));
    }
  }
  return { model: model(routes), findings, acknowledged: [] as AcknowledgedFinding[], options: {} };
}
