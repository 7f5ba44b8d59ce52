/**
 * The named app shapes of the benchmark (see bench.ts), generated and deterministic: the same name
 * and size give the same app, construct for construct. Each shape has exactly `resources`
 * CloudFormation resources (not counting the `AWS::CDK::Metadata` resources CDK adds at synth).
 *
 * - `arn-selections` (issue 15, first row): every plan in one account and Region; one stack per
 *   plan, each with ~100 named DynamoDB tables and RDS instances that its plan selects one by one by
 *   literal ARN, plus a tag selection of its own tag (`team=<stack>`). 30 plans at 3,000 resources.
 * - `many-accounts` (second row): stacks over many accounts, two stacks (two plans) per account,
 *   each plan selecting its stack's tables by construct and by a tag of its own. 100 stacks over 50
 *   accounts at 30,000 resources.
 * - `shared-tag` (third row): every plan in one account and Region with the same tag selection
 *   (`backup=daily`), which a third of the resources carry: every plan selects every tagged table
 *   of the account and Region. 100 plans and 10,000 tagged tables at 30,000 resources. The app
 *   the duplicate-backup warning is for.
 * - `mixed` (the benchmark app before issue 15, bench-app.ts): four accounts and two Regions,
 *   several resource types and keys, findings of several rules. Its size is fixed by its own
 *   options (about 3,100 resources); `resources` scales its number of stacks.
 *
 * Every plan copies into one central vault (a `CrossAccountBackupVault` in its own account that
 * admits the organization); the keys are `CopyCompatibleKmsKey`s that trust the central account:
 * the shapes are close to compliant, as the large apps of the teams that use the checks are.
 */
import { App, Aspects, IAspect, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { IConstruct } from 'constructs';
import { buildApp as buildMixedApp } from './bench-app';
import { CopyCompatibleKmsKey, CrossAccountBackupVault, CrossAccountCopyChecksProps } from '../src';

import type { ShapeName } from './shape-names';

export { SHAPE_NAMES } from './shape-names';
export type { ShapeName };

export const ORGANIZATION_ID = 'o-bench00000';
export const CENTRAL_ACCOUNT = '999999999999';
export const REGION = 'eu-west-1';

export interface ShapeOptions {
  /** Directory of the cloud assembly. */
  readonly outdir: string;
  /** CloudFormation resources of the app (before CDK adds its metadata resources). */
  readonly resources: number;
  /** An aspect to add to the app (the checks), if any. @default - none */
  readonly aspect?: IAspect;
}

export interface Shape {
  readonly name: ShapeName;
  /** One line: what the app is. */
  readonly description: string;
  /** The plans and stacks the shape has at `resources` resources. */
  plans(resources: number): number;
  build(options: ShapeOptions): App;
  /** The checks' props for this shape (the accounts of the organization, declared settings). */
  checksProps(resources: number): CrossAccountCopyChecksProps;
}

/** 12-digit account id number `i` (1-based, never the central account). */
export function accountId(i: number): string {
  return String(100000000000 + i).padStart(12, '0');
}

/** The role AWS Backup uses for the selections (imported: it adds no resource). */
const BACKUP_ROLE = (account: string): string => `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;

interface Central {
  readonly stack: Stack;
  readonly vaultArn: string;
}

/** The central stack: a vault in the central account that admits the organization (2 resources: key, vault). */
function central(app: App): Central {
  const stack = new Stack(app, 'Central', { env: { account: CENTRAL_ACCOUNT, region: REGION } });
  new CrossAccountBackupVault(stack, 'Vault', { backupVaultName: 'central', sourceOrganizationId: ORGANIZATION_ID });
  return { stack, vaultArn: `arn:aws:backup:${REGION}:${CENTRAL_ACCOUNT}:backup-vault:central` };
}

interface PlanStack {
  readonly stack: Stack;
  readonly key: CopyCompatibleKmsKey;
  readonly plan: backup.BackupPlan;
  readonly role: iam.IRole;
}

/** A workload stack with its key, vault and plan copying to the central vault (3 resources: key, vault, plan). */
function planStack(app: App, id: string, account: string, c: Central): PlanStack {
  const stack = new Stack(app, id, { env: { account, region: REGION } });
  const key = new CopyCompatibleKmsKey(stack, 'Key', { destinationAccounts: [CENTRAL_ACCOUNT] });
  const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: `${id.toLowerCase()}-vault`, encryptionKey: key });
  const plan = new backup.BackupPlan(stack, 'Plan', { backupVault: vault, backupPlanName: id });
  plan.addRule(new backup.BackupPlanRule({
    ruleName: 'Daily',
    copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(stack, 'Central', c.vaultArn) }],
  }));
  const role = iam.Role.fromRoleArn(stack, 'BackupRole', BACKUP_ROLE(account), { mutable: false });
  return { stack, key, plan, role };
}

/** `total` split over `parts` as evenly as possible, the first ones one larger. */
export function split(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const rest = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < rest ? 1 : 0));
}

function table(scope: IConstruct, id: string, name?: string): ddb.CfnTable {
  return new ddb.CfnTable(scope, id, {
    tableName: name,
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
  });
}

function dbInstance(scope: IConstruct, id: string, key: CopyCompatibleKmsKey, name?: string): rds.CfnDBInstance {
  return new rds.CfnDBInstance(scope, id, {
    dbInstanceIdentifier: name,
    dbInstanceClass: 'db.t3.micro',
    engine: 'postgres',
    allocatedStorage: '20',
    storageEncrypted: true,
    kmsKeyId: key.keyArn,
  });
}

function finish(app: App, aspect?: IAspect): App {
  Tags.of(app).add('owner', 'platform');
  if (aspect) Aspects.of(app).add(aspect);
  return app;
}

const CENTRAL_RESOURCES = 2;
const PLAN_STACK_RESOURCES = 3;

/** Row 1: plans in one account, ~100 resources each selected by ARN, plus a tag selection each. */
const arnSelections: Shape = {
  name: 'arn-selections',
  description: 'plans in one account and Region, one stack each; each selects ~100 named tables and DB instances by literal ARN, plus a tag selection of its own',
  plans: (n) => Math.max(1, Math.round(n / 100)),
  checksProps: () => ({ organizationId: ORGANIZATION_ID, organizationAccounts: [accountId(1), CENTRAL_ACCOUNT], dynamoDbAdvancedFeatures: true }),
  build(o) {
    const app = new App({ outdir: o.outdir });
    const c = central(app);
    const plans = this.plans(o.resources);
    const perStackOverhead = PLAN_STACK_RESOURCES + 2; // two selections
    const data = split(o.resources - CENTRAL_RESOURCES - plans * perStackOverhead, plans);
    const account = accountId(1);
    for (let i = 0; i < plans; i++) {
      const id = `Team${i}`;
      const p = planStack(app, id, account, c);
      const arns: backup.BackupResource[] = [];
      for (let r = 0; r < data[i]; r++) {
        if (r % 2 === 0) {
          const name = `${id.toLowerCase()}-t${r}`;
          const t = table(p.stack, `Table${r}`, name);
          if (r % 4 === 0) Tags.of(t).add('team', id);
          arns.push(backup.BackupResource.fromArn(`arn:aws:dynamodb:${REGION}:${account}:table/${name}`));
        } else {
          const name = `${id.toLowerCase()}-db${r}`;
          dbInstance(p.stack, `Db${r}`, p.key, name);
          arns.push(backup.BackupResource.fromArn(`arn:aws:rds:${REGION}:${account}:db:${name}`));
        }
      }
      p.plan.addSelection('ByArn', { resources: arns, role: p.role });
      p.plan.addSelection('ByTag', { resources: [backup.BackupResource.fromTag('team', id)], role: p.role });
    }
    return finish(app, o.aspect);
  },
};

/** Row 2: 2 stacks (2 plans) per account over many accounts, each plan selecting its own stack. */
const manyAccounts: Shape = {
  name: 'many-accounts',
  description: 'stacks over many accounts, two per account (one plan each); each plan selects half its tables and DB instances by construct and a quarter by a tag of its own',
  plans: (n) => Math.max(2, 2 * Math.round(n / 600)),
  checksProps(n) {
    const accounts = this.plans(n) / 2;
    return {
      organizationId: ORGANIZATION_ID,
      organizationAccounts: [...Array.from({ length: accounts }, (_, i) => accountId(i + 1)), CENTRAL_ACCOUNT],
      dynamoDbAdvancedFeatures: true,
    };
  },
  build(o) {
    const app = new App({ outdir: o.outdir });
    const c = central(app);
    const plans = this.plans(o.resources);
    const data = split(o.resources - CENTRAL_RESOURCES - plans * (PLAN_STACK_RESOURCES + 2), plans);
    for (let i = 0; i < plans; i++) {
      const id = `Workload${i}`;
      const p = planStack(app, id, accountId(Math.floor(i / 2) + 1), c);
      const byConstruct: backup.BackupResource[] = [];
      for (let r = 0; r < data[i]; r++) {
        const res = r % 3 === 2 ? new ec2.CfnVolume(p.stack, `Vol${r}`, { availabilityZone: `${REGION}a`, size: 10, encrypted: true, kmsKeyId: p.key.keyArn })
          : r % 3 === 1 ? dbInstance(p.stack, `Db${r}`, p.key) : table(p.stack, `Table${r}`);
        if (r % 2 === 0) byConstruct.push(backup.BackupResource.fromConstruct(res));
        else if (r % 4 === 1) Tags.of(res).add('backup', id);
      }
      p.plan.addSelection('ByConstruct', { resources: byConstruct, role: p.role });
      p.plan.addSelection('ByTag', { resources: [backup.BackupResource.fromTag('backup', id)], role: p.role });
    }
    return finish(app, o.aspect);
  },
};

/** Row 3: every plan in one account and Region with the same tag selection. */
const sharedTag: Shape = {
  name: 'shared-tag',
  description: 'plans in one account and Region, one stack each, all with the same tag selection (backup=daily) that a third of the resources (tables) carry',
  plans: (n) => Math.max(1, Math.round(n / 300)),
  checksProps: () => ({ organizationId: ORGANIZATION_ID, organizationAccounts: [accountId(1), CENTRAL_ACCOUNT], dynamoDbAdvancedFeatures: true }),
  build(o) {
    const app = new App({ outdir: o.outdir });
    const c = central(app);
    const plans = this.plans(o.resources);
    const data = split(o.resources - CENTRAL_RESOURCES - plans * (PLAN_STACK_RESOURCES + 1), plans);
    for (let i = 0; i < plans; i++) {
      const p = planStack(app, `App${i}`, accountId(1), c);
      for (let r = 0; r < data[i]; r++) {
        if (r % 3 === 0) Tags.of(table(p.stack, `Table${r}`)).add('backup', 'daily');
        else if (r % 3 === 1) dbInstance(p.stack, `Db${r}`, p.key);
        else new ec2.CfnVolume(p.stack, `Vol${r}`, { availabilityZone: `${REGION}a`, size: 10, encrypted: true, kmsKeyId: p.key.keyArn });
      }
      p.plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily')], role: p.role });
    }
    return finish(app, o.aspect);
  },
};

/** The benchmark app before issue 15 (bench-app.ts): 97 resources per stack, about 3,100 at 32 stacks. */
const mixed: Shape = {
  name: 'mixed',
  description: 'the earlier benchmark app (bench-app.ts): 4 accounts, 2 Regions, RDS/EBS/DynamoDB/Aurora/EFS, keys of every kind, findings of several rules',
  plans: (n) => Math.max(1, Math.round(n / 97)),
  checksProps: () => ({ organizationAccounts: ['111111111111', '222222222222', '333333333333', '444444444444', '999999999999'], dynamoDbAdvancedFeatures: true }),
  build(o) {
    return buildMixedApp({ outdir: o.outdir, stacks: this.plans(o.resources), aspect: o.aspect });
  },
};

export const SHAPES: Record<ShapeName, Shape> = {
  'arn-selections': arnSelections,
  'many-accounts': manyAccounts,
  'shared-tag': sharedTag,
  'mixed': mixed,
};
