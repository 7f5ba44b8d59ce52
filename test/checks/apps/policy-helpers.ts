/**
 * Apps whose copy routes come from an Organizations backup policy: a management stack attaches an
 * `OrganizationBackupPolicy` to an OU holding the member account SRC; the member stack (SRC,
 * eu-west-1) defines the vault the policy's rule backs up into (`local`) and the resources; the
 * central stack (DST, eu-west-1) the destination vault `central`. The member stack also defines the
 * selections' role `BackupRole`. The default app is compliant.
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DST, DST_ENV, REGION, SRC, SRC_ENV, copyKey } from './app-helpers';
import { BackupPolicy, BackupPolicyPlan } from '../../../src/backup-policy/backup-policy';
import { CrossAccountBackupVault } from '../../../src/constructs/cross-account-backup-vault';
import { OrganizationBackupPolicy } from '../../../src/constructs/organization-backup-policy';
import type { CrossAccountCopyChecksProps } from '../../../src/frontends/aspect';

export const MANAGEMENT_ENV = { account: '444444444444', region: 'us-east-1' };
export const WORKLOADS_OU = 'ou-ab12-workload';
export const ROLE = 'arn:aws:iam::$account:role/BackupRole';
export const TABLE_ARN = `arn:aws:dynamodb:${REGION}:$account:table/orders`;

/** The checks' options that describe the organization of the policy apps. */
export const POLICY_CHECKS: CrossAccountCopyChecksProps = {
  organizationAccounts: [MANAGEMENT_ENV.account, SRC, DST],
  organizationalUnits: [{ id: WORKLOADS_OU, accounts: [SRC] }],
  dynamoDbAdvancedFeatures: true,
};

export interface PolicyAppOptions {
  readonly destinationArn?: string;
  readonly centralEnv?: StackProps['env'];
  /** The member vault's key: a CopyCompatibleKmsKey trusting DST (default), none (aws/backup), or a plain kms.Key. */
  readonly memberVaultKey?: 'copy-compatible' | 'none' | 'plain';
  /** Build the destination vault (default: a CrossAccountBackupVault "central" admitting SRC). */
  readonly destination?: (central: Stack) => void;
  /** The plan (default: copies the orders table nightly into central). */
  readonly plan?: (defaults: BackupPolicyPlan) => BackupPolicyPlan;
  readonly targetIds?: string[];
}

export interface PolicyApp {
  readonly app: App;
  readonly management: Stack;
  readonly member: Stack;
  readonly central: Stack;
  readonly policy: OrganizationBackupPolicy;
  readonly table: ddb.Table;
}

export function defaultPlan(destinationArn = `arn:aws:backup:${REGION}:${DST}:backup-vault:central`): BackupPolicyPlan {
  return {
    name: 'daily',
    regions: [REGION],
    rules: [{
      name: 'nightly',
      scheduleExpression: 'cron(0 5 ? * * *)',
      targetBackupVaultName: 'local',
      copyActions: [{ destinationVaultArn: destinationArn, lifecycle: { deleteAfterDays: 35 } }],
    }],
    selections: [{ name: 'orders', iamRoleArn: ROLE, resources: [TABLE_ARN] }],
  };
}

export function policyApp(opts: PolicyAppOptions = {}): PolicyApp {
  const app = new App();
  const management = new Stack(app, 'Management', { env: MANAGEMENT_ENV });
  const central = new Stack(app, 'Central', { env: opts.centralEnv ?? DST_ENV });
  const member = new Stack(app, 'Member', { env: SRC_ENV });
  if (opts.destination) opts.destination(central);
  else new CrossAccountBackupVault(central, 'Vault', { backupVaultName: 'central', sourceAccounts: [SRC] });
  const keyKind = opts.memberVaultKey ?? 'copy-compatible';
  new backup.BackupVault(member, 'Vault', {
    backupVaultName: 'local',
    encryptionKey: keyKind === 'copy-compatible' ? copyKey(member, 'VaultKey') : keyKind === 'plain' ? new kms.Key(member, 'VaultKey') : undefined,
  });
  new iam.Role(member, 'BackupRole', { roleName: 'BackupRole', assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
  const table = new ddb.Table(member, 'Orders', { tableName: 'orders', partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
  const plan = (opts.plan ?? ((p) => p))(defaultPlan(opts.destinationArn));
  const policy = new OrganizationBackupPolicy(management, 'Backups', {
    policy: BackupPolicy.fromPlans([plan], 'org-backups'),
    targetIds: opts.targetIds ?? [WORKLOADS_OU],
    policyName: 'org-backups',
  });
  return { app, management, member, central, policy, table };
}
