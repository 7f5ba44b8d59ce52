import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { buildModel } from '../../../src/checks/model/build-from-constructs';
import type { CheckModel, CopyRoute } from '../../../src/checks/model/types';
import { DST as DST_ACCOUNT, SRC as SRC_ACCOUNT } from '../../fixtures';

export const SRC = { account: SRC_ACCOUNT, region: 'eu-west-1' };
export const DST = { account: DST_ACCOUNT, region: 'eu-west-1' };
export const DST_ARN = 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central';

export function newApp(): App {
  return new App({ context: { '@aws-cdk/core:stackResourceLimit': 0 } });
}

export function stack(app: App, id: string, env: StackProps['env'] = SRC): Stack {
  return new Stack(app, id, { env });
}

/** A CMK-encrypted vault and a plan copying to `destination` (default: an imported vault in account 2222). */
export function planWithCopy(s: Stack, destination?: backup.IBackupVault, id = 'Plan'): { plan: backup.BackupPlan; vault: backup.BackupVault; key: kms.Key } {
  const key = new kms.Key(s, `${id}VaultKey`);
  const vault = new backup.BackupVault(s, `${id}Vault`, { encryptionKey: key, backupVaultName: `${id.toLowerCase()}-vault` });
  const plan = new backup.BackupPlan(s, id, { backupVault: vault });
  plan.addRule(new backup.BackupPlanRule({
    ruleName: 'Daily',
    copyActions: [{ destinationBackupVault: destination ?? backup.BackupVault.fromBackupVaultArn(s, `${id}Dest`, DST_ARN) }],
  }));
  return { plan, vault, key };
}

export function vpc(s: Stack): ec2.Vpc {
  return new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

/** Synthesize (so aspects like Tags.of run), then build the model. */
export function model(app: App): CheckModel {
  app.synth();
  return buildModel(app).model;
}

export function onlyRoute(m: CheckModel): CopyRoute {
  expect(m.routes).toHaveLength(1);
  return m.routes[0];
}

export function resourceIds(r: CopyRoute): string[] {
  return r.resources.map(x => x.id).sort();
}
