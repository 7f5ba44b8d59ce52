import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildOrganizationApp, CENTRAL, organizationChecksProps } from '../../examples/organization/app';
import { judgeOrganization, runExample } from '../../examples/run';

describe('examples/organization', () => {
  let outdir: string;
  let app: App;
  let stacks: Stack[];
  let run: ReturnType<typeof runExample>;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cab-example-org-'));
    run = runExample('organization', buildOrganizationApp, organizationChecksProps(), outdir);
    app = run.app;
    stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes with no error and no warning annotation in any stack', () => {
    expect(stacks.map(s => s.stackName).sort()).toEqual([
      'CentralBackup-eu-central-1', 'CentralBackup-eu-west-1', 'Management', 'WorkloadA', 'WorkloadB', 'WorkloadC', 'WorkloadC-DR',
    ]);
    for (const s of stacks) {
      const annotations = Annotations.fromStack(s);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      // aws-cdk-lib from 2.27x advises on its own cross-stack reference default on every app with references: not ours
      expect(annotations.findWarning('*', Match.not(Match.stringLikeRegexp('@aws-cdk/core:crossStackReferencesDefaultStrong')))).toEqual([]);
    }
    expect(run.result.findings).toEqual([]);
    expect(judgeOrganization(run)).toEqual({ ok: true, summary: 'organization: 0 errors, 0 warnings — synth succeeds', deviations: [] });
  });

  test('the checks see every copy route, with the expected accounts, Regions and resources', () => {
    const routes = run.result.model.routes.map(r => ({
      from: `${r.source.env.account}/${r.source.env.region}/${r.source.vault.name}`,
      to: `${r.destination.env.account}/${r.destination.env.region}/${r.destination.name}`,
      resources: r.resources.map(x => x.type).sort(),
      crossAccount: r.crossAccount,
      crossRegion: r.crossRegion,
    }));
    expect(routes).toEqual(expect.arrayContaining([
      { from: '333333333333/eu-west-1/workloada-backups', to: '222222222222/eu-west-1/central-copies', resources: ['DynamoDB', 'EBS', 'EC2', 'RDS'], crossAccount: true, crossRegion: false },
      { from: '444444444444/eu-west-1/workloadb-backups', to: '222222222222/eu-west-1/central-copies', resources: ['Aurora', 'DynamoDB', 'EFS'], crossAccount: true, crossRegion: false },
      // RDS-family: two copy actions, one cross-account and one cross-Region
      { from: '555555555555/eu-central-1/workloadc-backups', to: '222222222222/eu-central-1/central-copies', resources: ['Aurora', 'RDS'], crossAccount: true, crossRegion: false },
      { from: '555555555555/eu-central-1/workloadc-backups', to: '555555555555/eu-west-1/dr-copies', resources: ['Aurora', 'RDS'], crossAccount: false, crossRegion: true },
      // DynamoDB with advanced features: one action may cross both
      { from: '555555555555/eu-central-1/workloadc-backups', to: '222222222222/eu-west-1/central-copies', resources: ['DynamoDB'], crossAccount: true, crossRegion: true },
      // From the management account's backup policy, in the account under the ledger OU
      { from: '333333333333/eu-west-1/workloada-backups', to: '222222222222/eu-west-1/central-copies', resources: ['DynamoDB'], crossAccount: true, crossRegion: false },
    ]));
    expect(routes).toHaveLength(6);
    expect(run.result.model.routes.filter(r => r.policy).map(r => r.policy)).toEqual([{
      policyPath: 'Management/LedgerBackups',
      policyName: 'ledger-backups',
      targetId: 'ou-ab12-ledger01',
      organizationalUnit: 'ou-ab12-ledger01',
      account: '333333333333',
      region: 'eu-west-1',
    }]);
    expect(run.result.model.unverifiable).toEqual([]);
  });

  test('the settings are where they belong: one organization setting, DynamoDB advanced features and the Aurora opt-in in every workload account', () => {
    const settings = run.result.model.settings.map(s => `${s.kind} ${s.env.account}/${s.env.region} ${s.resourceTypes ?? ''}`.trim()).sort();
    expect(settings).toEqual([
      'cross-account-backup 111111111111/us-east-1',
      'dynamodb-advanced 333333333333/eu-west-1',
      'dynamodb-advanced 444444444444/eu-west-1',
      'dynamodb-advanced 555555555555/eu-central-1',
      'resource-type-opt-in 333333333333/eu-west-1 Aurora',
      'resource-type-opt-in 444444444444/eu-west-1 Aurora',
      'resource-type-opt-in 555555555555/eu-central-1 Aurora',
    ]);
  });

  test('plans name the central vaults by literal ARN, and the VPCs cost nothing idle', () => {
    const workloadC = stacks.find(s => s.stackName === 'WorkloadC')!;
    Template.fromStack(workloadC).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({
          CopyActions: [
            Match.objectLike({ DestinationBackupVaultArn: `arn:aws:backup:eu-central-1:${CENTRAL}:backup-vault:central-copies` }),
            Match.objectLike({ DestinationBackupVaultArn: Match.anyValue() }),
          ],
        })],
      },
    });
    for (const s of stacks.filter(x => x.stackName.startsWith('Workload') && x.stackName !== 'WorkloadC-DR')) {
      const t = Template.fromStack(s);
      t.resourceCountIs('AWS::EC2::NatGateway', 0);
      t.resourceCountIs('AWS::EC2::Subnet', 2);
    }
  });
});
