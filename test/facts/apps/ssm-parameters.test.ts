/**
 * A vault ARN the app reads from an SSM parameter (`StringParameter.valueForStringParameter`, or a
 * `AWS::SSM::Parameter::Value<String>` CfnParameter) is resolved by an `ssmParameters` fact of the
 * parameter's account and Region, then judged with the vault facts as a literal ARN would be.
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ExternalFacts } from '../../../src';
import { DST, OUTSIDER, REGION, SRC, check, copyApp, errorPaths, findingsOf, selectVolume, warningPaths } from '../../checks/apps/app-helpers';

const CENTRAL_VAULT_ARN = `arn:aws:backup:${REGION}:${DST}:backup-vault:central`;
const PARAMETER = '/backup/central-vault-arn';

/** A plan in the source account copying into the vault whose ARN `arnOf(source)` returns. */
function workloadApp(arnOf: (source: Stack) => string) {
  const a = copyApp({ destination: (_central, source) => backup.BackupVault.fromBackupVaultArn(source, 'CentralVault', arnOf(source)) });
  selectVolume(a);
  return a;
}

const fromValue = (source: Stack) => ssm.StringParameter.valueForStringParameter(source, PARAMETER);

/** The central vault admits `account` only; the parameter holds its ARN in `parameterAccount`. */
function facts(account: string, parameterAccount = SRC, readAt = new Date().toISOString()): ExternalFacts {
  const origin = { source: 'file', readAt };
  return ExternalFacts.fromObject({
    formatVersion: '1.1.0',
    ssmParameters: [{ name: PARAMETER, value: CENTRAL_VAULT_ARN, account: parameterAccount, region: REGION, origin }],
    vaults: [{
      arn: CENTRAL_VAULT_ARN,
      accessPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }],
      },
      encryptionKey: { keyManager: 'CUSTOMER', policy: { Version: '2012-10-17', Statement: [] } },
      origin,
    }],
  }, 'facts.json');
}

describe('ARNs from SSM parameters, resolved by ssmParameters facts', () => {
  test('valueForStringParameter: the vault admits another account: CAB-VAULT-POLICY error, as for a literal ARN', () => {
    const a = workloadApp(fromValue);
    check(a.app, { facts: [facts(OUTSIDER)] });
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual(['/Source/Plan']);
  });

  test('a CfnParameter of type AWS::SSM::Parameter::Value<String>: the same', () => {
    const a = workloadApp((source) => new CfnParameter(source, 'CentralVaultArn', { type: 'AWS::SSM::Parameter::Value<String>', default: PARAMETER }).valueAsString);
    check(a.app, { facts: [facts(OUTSIDER)] });
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual(['/Source/Plan']);
  });

  test('fromStringParameterName(...).stringValue: the same', () => {
    const a = workloadApp((source) => ssm.StringParameter.fromStringParameterName(source, 'CentralVaultArn', PARAMETER).stringValue);
    check(a.app, { facts: [facts(OUTSIDER)] });
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual(['/Source/Plan']);
  });

  test('the vault admits the source account: no CAB-VAULT-POLICY and no CAB-UNVERIFIABLE about the vault policy', () => {
    const a = workloadApp(fromValue);
    check(a.app, { facts: [facts(SRC)] });
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual([]);
    expect(warningPaths(a.source, 'CAB-VAULT-POLICY')).toEqual([]);
  });

  test('no fact for the parameter in its account: the ARN stays unknown (CAB-UNVERIFIABLE), nothing judged', () => {
    const a = workloadApp(fromValue);
    const checks = check(a.app, { facts: [facts(OUTSIDER, DST)] });
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual([]);
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE').map((f) => [f.constructPath, f.details.subject])).toEqual([
      ['Source/Plan', `the destination vault SSM parameter ${PARAMETER} of copy route Source/Plan/Daily -> SSM parameter ${PARAMETER}`],
    ]);
  });

  test('a parameter fact older than maxFactAge: a CAB-UNVERIFIABLE warning on the plan naming the parameter; the vault is still judged', () => {
    const fresh = workloadApp(fromValue);
    const freshChecks = check(fresh.app, { facts: [facts(OUTSIDER)] });
    expect(findingsOf(freshChecks, 'CAB-UNVERIFIABLE').map((f) => [f.constructPath, f.details])).toEqual([]);

    const a = workloadApp(fromValue);
    const checks = check(a.app, { facts: [facts(OUTSIDER, SRC, '2020-01-01T00:00:00Z')] });
    expect(errorPaths(a.source, 'CAB-VAULT-POLICY')).toEqual(['/Source/Plan']);
    // Both facts are stale: the vault's and the parameter's; each judged, none skipping a check.
    // The vault's note names its ARN (for reading it again); a parameter has none.
    const stale = (about: string, externalArns?: string[]) => ['Source/Plan', {
      subject: `the external fact about ${about} (read by file on 2020-01-01)`,
      reasons: [expect.stringMatching(/^the fact is \d+ days old, older than maxFactAge \(30 days\), and the checks judged with it/)],
      skippedChecks: [],
      ...(externalArns ? { externalArns } : {}),
    }];
    expect(findingsOf(checks, 'CAB-UNVERIFIABLE').map((f) => [f.constructPath, f.details])).toEqual([
      stale(`vault ${CENTRAL_VAULT_ARN}`, [CENTRAL_VAULT_ARN]), stale(`SSM parameter ${PARAMETER} (account ${SRC}, ${REGION})`),
    ]);
    expect([...new Set(warningPaths(a.source, 'CAB-UNVERIFIABLE'))]).toEqual(['/Source/Plan']);
  });
});
