/**
 * Hand-built check models for rule tests. Every default is compliant: a cross-account copy from
 * account SRC to account DST in one Region, of an EBS volume encrypted with an in-app customer
 * managed key that DST may use, out of a CMK-encrypted source vault into a CMK-encrypted destination
 * vault whose access policy admits SRC. Tests change one thing at a time.
 */
import type { Finding } from '../../../src/checks/finding';
import type {
  CheckModel, CopyRoute, Env, KeyModel, OrgSettingModel, PolicyDocumentJson, PrimaryAirGappedTarget, ResourceModel, ResourceTypeId,
  RetentionModel, SelectionModel, TagModel, Unverifiable, VaultModel,
} from '../../../src/checks/model/types';

import { DST, OTHER, SRC } from '../../fixtures';

export { DST, OTHER, SRC };
export const REGION = 'us-east-1';
export const OTHER_REGION = 'us-west-2';
export const PLAN = 'SourceStack/Plan';
export const SELECTION = 'SourceStack/Plan/Selection';

/** An environment; `null` means unknown (an env-agnostic stack). */
export function env(account: string | null = SRC, region: string | null = REGION, partition?: string): Env {
  return { account: account ?? undefined, region: region ?? undefined, partition };
}

/** A key policy like CopyCompatibleKmsKey's: admin for the owner, use and grants for `destinations`. */
export function copyKeyPolicy(owner: string, destinations: string[]): PolicyDocumentJson {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Use',
        Effect: 'Allow',
        Principal: { AWS: destinations.map((d) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${d}:root`]] })) },
        Action: ['kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        Resource: '*',
      },
      {
        Sid: 'Grants',
        Effect: 'Allow',
        Principal: { AWS: destinations.map((d) => `arn:aws:iam::${d}:root`) },
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ],
  };
}

/** A vault access policy admitting `accounts` to copy in. */
export function copyIntoPolicy(accounts: string[]): PolicyDocumentJson {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'CopyInto',
      Effect: 'Allow',
      Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) },
      Action: 'backup:CopyIntoBackupVault',
      Resource: '*',
    }],
  };
}

export function cmk(opts: { path?: string; env?: Env; policy?: PolicyDocumentJson } = {}): KeyModel {
  const path = opts.path ?? 'SourceStack/Key';
  return {
    kind: 'customer-managed',
    reference: `{"Fn::GetAtt":["${path.replace(/\W/g, '')}","Arn"]}`,
    constructPath: path,
    env: opts.env ?? env(),
    policy: opts.policy ?? copyKeyPolicy(SRC, [DST]),
  };
}

export function awsManagedKey(alias: string, kind: 'aws-managed' | 'service-default' = 'aws-managed'): KeyModel {
  return { kind, reference: kind === 'aws-managed' ? `alias/${alias}` : '(none)', alias, env: env() };
}

export function vault(opts: Partial<VaultModel> & { path?: string } = {}): VaultModel {
  const path = opts.path ?? 'SourceStack/Vault';
  const e = opts.env ?? env();
  const name = opts.name ?? path.split('/').pop();
  const inApp = opts.inApp ?? true;
  return {
    id: opts.id ?? (inApp ? path : `arn:aws:backup:${e.region}:${e.account}:backup-vault:${name}`),
    inApp,
    constructPath: opts.constructPath ?? path,
    name,
    arn: opts.arn ?? `arn:aws:backup:${e.region}:${e.account}:backup-vault:${name}`,
    env: e,
    key: 'key' in opts ? opts.key : (inApp ? cmk({ path: `${path}Key`, env: e }) : undefined),
    accessPolicy: opts.accessPolicy,
    lock: opts.lock,
    airGapped: opts.airGapped,
  };
}

export function sourceVault(opts: Partial<VaultModel> & { path?: string } = {}): VaultModel {
  return vault({ path: 'SourceStack/Vault', env: env(), key: cmk({ path: 'SourceStack/VaultKey' }), ...opts });
}

export function destinationVault(opts: Partial<VaultModel> & { path?: string } = {}): VaultModel {
  const e = opts.env ?? env(DST);
  return vault({
    path: 'BackupStack/Vault',
    key: cmk({ path: 'BackupStack/VaultKey', env: e, policy: copyKeyPolicy(e.account ?? DST, []) }),
    accessPolicy: copyIntoPolicy([SRC]),
    ...opts,
    env: e,
  });
}

const DEFAULT_PATHS: Partial<Record<ResourceTypeId, string>> = {
  EBS: 'SourceStack/Volume',
  RDS: 'SourceStack/Db',
  Aurora: 'SourceStack/Cluster',
  DynamoDB: 'SourceStack/Table',
  EFS: 'SourceStack/FileSystem',
};

export function resource(type: ResourceTypeId, opts: Partial<ResourceModel> = {}): ResourceModel {
  const inApp = opts.inApp ?? true;
  const path = 'constructPath' in opts ? opts.constructPath : (inApp ? DEFAULT_PATHS[type] ?? `SourceStack/${type}` : undefined);
  const e = opts.env ?? env();
  return {
    id: opts.id ?? path ?? opts.arn ?? `arn:${type}`,
    type,
    inApp,
    constructPath: path,
    cfnType: opts.cfnType,
    arn: opts.arn,
    env: e,
    encrypted: 'encrypted' in opts ? opts.encrypted : true,
    key: 'key' in opts ? opts.key : cmk({ env: e }),
    tags: opts.tags ?? [],
    selectedBy: opts.selectedBy ?? [inApp ? 'construct' : `arn ${opts.arn ?? ''}`],
  };
}

export interface RouteOptions {
  planPath?: string;
  ruleName?: string;
  sourceEnv?: Env;
  sourceVault?: VaultModel;
  destination?: VaultModel;
  resources?: ResourceModel[];
  recoveryPointTags?: TagModel[];
  /** How long the copy is kept (default: not set, so CAB-RETENTION does not judge the route). */
  retention?: RetentionModel;
  /** Override the computed value (computed from the envs when both sides are known). */
  crossAccount?: boolean | null;
  crossRegion?: boolean | null;
}

function differs(a: string | undefined, b: string | undefined): boolean | undefined {
  return a === undefined || b === undefined ? undefined : a !== b;
}

export function route(opts: RouteOptions = {}): CopyRoute {
  const sourceEnv = opts.sourceEnv ?? env();
  const source = { env: sourceEnv, vault: opts.sourceVault ?? sourceVault({ env: sourceEnv }) };
  const destination = opts.destination ?? destinationVault();
  const resources = opts.resources ?? [resource('EBS')];
  const planPath = opts.planPath ?? PLAN;
  const ruleName = opts.ruleName ?? 'Daily';
  const selection: SelectionModel = { constructPath: SELECTION, resources, unresolvedEntries: [] };
  return {
    id: `${planPath}/${ruleName} -> ${destination.id}`,
    planPath,
    ruleName,
    source,
    destination,
    continuousBackup: false,
    retention: opts.retention,
    recoveryPointTags: opts.recoveryPointTags ?? [],
    selections: [selection],
    resources,
    crossAccount: opts.crossAccount === null ? undefined : opts.crossAccount ?? differs(sourceEnv.account, destination.env.account),
    crossRegion: opts.crossRegion === null ? undefined : opts.crossRegion ?? differs(sourceEnv.region, destination.env.region),
  };
}

export function model(
  routes: CopyRoute[],
  extras: { settings?: OrgSettingModel[]; unverifiable?: Unverifiable[]; primaryAirGappedTargets?: PrimaryAirGappedTarget[] } = {},
): CheckModel {
  const vaults = new Map<string, VaultModel>();
  for (const r of routes) {
    vaults.set(r.source.vault.id, r.source.vault);
    vaults.set(r.destination.id, r.destination);
  }
  return {
    routes,
    settings: extras.settings ?? [],
    unverifiable: extras.unverifiable ?? [],
    vaults: [...vaults.values()],
    keys: [],
    primaryAirGappedTargets: extras.primaryAirGappedTargets,
  };
}

/**
 * What a test asserts on a finding: its data, never its words (each message has one wording test in
 * test/checks/messages/). Compare with `toEqual`, so that every field counts.
 */
export function dataOf(f: Finding): Pick<Finding, 'ruleId' | 'severity' | 'constructPath' | 'routeId' | 'messageId' | 'details' | 'awsError'> {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    constructPath: f.constructPath,
    routeId: f.routeId,
    messageId: f.messageId,
    details: f.details,
    awsError: f.awsError,
  };
}
