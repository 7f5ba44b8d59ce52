/**
 * The fixture app of the CLI tests (`cdk synth` with the real aws-cdk CLI). One copy route from a
 * source account into a destination vault whose access policy does not admit it (CAB-VAULT-POLICY,
 * an error), and a copy into a vault imported by ARN (CAB-UNVERIFIABLE, a warning). Where the
 * stacks live is chosen by `CAB_FIXTURE_LAYOUT`:
 * - `app`: both stacks in the App;
 * - `stage`: both in a Stage;
 * - `nested-stage`: both in a Stage inside a Stage;
 * - `pipeline`: both in a Stage added to a `pipelines.CodePipeline` (its stack in the App);
 * - `cross-stage`: the source stack in one Stage, the destination stack in another.
 * `CAB_FIXTURE_FRONTEND` is `aspect` (default) or `plugin`; `CAB_FIXTURE_FIX` is `none` (default),
 * `acknowledge` (both findings acknowledged on an ancestor of their construct) or `fix` (the vault
 * admits the source; the warning stays acknowledged).
 */
import { App, Aspects, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { CrossAccountCopyChecks, CrossAccountCopyValidator, CopyCompatibleKmsKey } from '../../src';

const SRC = { account: '111111111111', region: 'eu-west-1' };
const DST = { account: '222222222222', region: 'eu-west-1' };

const layout = process.env.CAB_FIXTURE_LAYOUT ?? 'app';
const frontend = process.env.CAB_FIXTURE_FRONTEND ?? 'aspect';
const fix = process.env.CAB_FIXTURE_FIX ?? 'none';

const app = new App();
if (frontend === 'plugin') Validations.of(app).addPlugins(new CrossAccountCopyValidator(app));
else Aspects.of(app).add(new CrossAccountCopyChecks());

/** The scopes of the source and the destination stack. */
function scopes(): [Construct, Construct] {
  switch (layout) {
    case 'app':
      return [app, app];
    case 'stage': {
      const stage = new Stage(app, 'Prod');
      return [stage, stage];
    }
    case 'nested-stage': {
      const stage = new Stage(new Stage(app, 'Prod'), 'Backup');
      return [stage, stage];
    }
    case 'pipeline': {
      const pipelineStack = new Stack(app, 'Pipeline', { env: DST });
      const pipeline = new pipelines.CodePipeline(pipelineStack, 'Pipeline', {
        crossAccountKeys: true,
        synth: new pipelines.ShellStep('Synth', {
          input: pipelines.CodePipelineSource.codeCommit(codecommit.Repository.fromRepositoryName(pipelineStack, 'Repo', 'app'), 'main'),
          commands: ['npx cdk synth'],
        }),
      });
      const stage = new Stage(app, 'Prod');
      // addStage reads the stage's stacks: add it once they are built
      pipelineStages.push(() => pipeline.addStage(stage));
      return [stage, stage];
    }
    case 'cross-stage':
      return [new Stage(app, 'Workloads'), new Stage(app, 'Vaults')];
    default:
      throw new Error(`unknown CAB_FIXTURE_LAYOUT ${layout}`);
  }
}
const pipelineStages: Array<() => void> = [];

const [sourceScope, destinationScope] = scopes();
const central = new Stack(destinationScope, 'Central', { env: DST });
const vault = new backup.BackupVault(central, 'Vault', { backupVaultName: 'central' });
if (fix === 'fix') {
  vault.addToAccessPolicy(new iam.PolicyStatement({
    actions: ['backup:CopyIntoBackupVault'],
    principals: [new iam.AccountPrincipal(SRC.account)],
    resources: ['*'],
  }));
}
const source = new Stack(sourceScope, 'Source', { env: SRC });
const sourceVault = new backup.BackupVault(source, 'Vault', {
  backupVaultName: 'source',
  encryptionKey: new CopyCompatibleKmsKey(source, 'VaultKey', { destinationAccounts: [DST.account] }),
});
const plan = new backup.BackupPlan(source, 'Plan', { backupVault: sourceVault });
plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', copyActions: [{ destinationBackupVault: vault }] }));
plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });

if (fix === 'acknowledge') Validations.of(central).acknowledge({ id: 'CAB-VAULT-POLICY', reason: 'the vault policy is set outside this app' });
if (fix !== 'none') Validations.of(source).acknowledge({ id: 'CAB-UNVERIFIABLE', reason: 'only tagged resources of this app are backed up' });
for (const add of pipelineStages) add();
