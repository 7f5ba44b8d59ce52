/**
 * What both examples share: the organization's accounts and Regions, its tag policy, and the
 * workload account stack. The `organization` example builds a setup that passes every check on
 * top of it; the `mistakes` example the same shape with one failure of each kind.
 */
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { CopyCompatibleKmsKey, CrossAccountCopyChecksProps, DynamoDbAdvancedBackupSetting, TagPolicy } from '../../src';

export const ORGANIZATION_ID = 'o-a1b2c3d4e5';
export const MANAGEMENT = '111111111111';
export const CENTRAL = '222222222222';
export const WORKLOAD_A = '333333333333';
export const WORKLOAD_B = '444444444444';
export const WORKLOAD_C = '555555555555';
export const PRIMARY_REGION = 'eu-west-1';
/** The OU of the accounts that receive the organization's backup policy (only Workload A here). */
export const LEDGER_OU = 'ou-ab12-ledger01';
export const SECOND_REGION = 'eu-central-1';

/** The organization's tag policy, attached to the root (see examples/tag-policies/root.json). */
export const TAG_POLICY_FILE = path.join(__dirname, '..', 'tag-policies', 'root.json');

/** The options the checks run with in both examples. */
export function organizationChecksProps(): CrossAccountCopyChecksProps {
  return {
    organizationId: ORGANIZATION_ID,
    organizationAccounts: [MANAGEMENT, CENTRAL, WORKLOAD_A, WORKLOAD_B, WORKLOAD_C],
    tagPolicy: TagPolicy.fromFile(TAG_POLICY_FILE),
    // The accounts under each OU a backup policy is attached to: the checks expand the policy's targets with it.
    organizationalUnits: [{ id: LEDGER_OU, accounts: [WORKLOAD_A] }],
    // allowSingleActionCrossRegionCrossAccount stays false: Workload C shows the two-action pattern
    // that works in every Region, with or without the late-2025 single-action support.
  };
}

export interface WorkloadOptions {
  /** Deploy a DynamoDbAdvancedBackupSetting in the stack. @default true */
  readonly advancedDynamoDb?: boolean;
}

/** A workload account's stack: a cheap VPC, a copy-compatible key, a source vault. */
export class Workload extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly key: CopyCompatibleKmsKey;
  public readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, account: string, region: string, options: WorkloadOptions = {}) {
    super(scope, id, { env: { account, region } });

    // Isolated subnets in two AZs, no NAT gateway: nothing here costs money while idle.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });

    // One key for the databases, volumes and the source vault, usable by the central account.
    this.key = new CopyCompatibleKmsKey(this, 'BackupKey', { destinationAccounts: [CENTRAL], alias: 'alias/backup-copies' });

    // The source vault: a customer managed key (not aws/backup). Fully managed resource types
    // (EFS, DynamoDB with advanced features) are encrypted with this key, so it must be shareable too.
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `${id.toLowerCase()}-backups`,
      encryptionKey: this.key,
    });

    // DynamoDB advanced features, in this account and Region: without them DynamoDB backups cannot
    // be copied at all.
    if (options.advancedDynamoDb ?? true) new DynamoDbAdvancedBackupSetting(this, 'DynamoDbAdvancedBackup');
  }

  /**
   * Named AZs instead of a lookup, so that the example synthesizes without AWS credentials
   * (the standard override; a real app would keep the lookup and commit cdk.context.json).
   */
  public get availabilityZones(): string[] {
    return [`${this.region}a`, `${this.region}b`];
  }

  public table(id: string): dynamodb.Table {
    return new dynamodb.Table(this, id, {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
  }

  /** A daily plan into `vault`, copying into each of `destinations`. */
  public plan(id: string, vault: backup.IBackupVault, destinations: backup.IBackupVault[], resources: backup.BackupResource[]): backup.BackupPlan {
    const plan = new backup.BackupPlan(this, id, { backupVault: vault });
    plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
      deleteAfter: Duration.days(35),
      copyActions: destinations.map(destinationBackupVault => ({ destinationBackupVault, deleteAfter: Duration.days(35) })),
    }));
    plan.addSelection('Resources', { resources });
    return plan;
  }
}
