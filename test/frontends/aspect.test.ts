import { App, Aspects, Stack, Tags, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import { makeFinding, Rule } from '../../src/checks/finding';
import { _withRules, CrossAccountCopyChecks } from '../../src/frontends/aspect';
import { planWithCopy, SRC } from '../checks/model/helpers';

const parts = { messageId: 'test', details: {}, summary: 'p', problem: 'p', shortFix: 'f', fix: 'f', docUrl: 'https://docs.aws.amazon.com/x' };
/** An error per selected resource whose tag `team` is `core`. */
const tagRule: Rule = m => m.routes.flatMap(r => r.resources
  .filter(x => x.tags.some(t => t.key === 'team' && t.value === 'core'))
  .map(x => makeFinding('CAB-TAG-POLICY', 'error', x.constructPath!, parts, r.id)));

function build(flag: boolean | undefined) {
  const app = new App({ context: flag === undefined ? {} : { '@aws-cdk/core:aspectStabilization': flag } });
  const s = new Stack(app, 'S', { env: SRC });
  const t = new ddb.Table(s, 'T', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
  const { plan } = planWithCopy(s);
  plan.addSelection('Sel', { resources: [backup.BackupResource.fromTag('team', 'core')] });
  return { app, s, t };
}

describe('CrossAccountCopyChecks', () => {
  test.each([true, false, undefined])('sees Tags.of applied to a stack (aspectStabilization=%s), whatever the order', (flag) => {
    const { app, s } = build(flag);
    const checks = _withRules(new CrossAccountCopyChecks(), [tagRule]);
    Aspects.of(app).add(checks);
    Tags.of(s).add('team', 'core');
    app.synth();
    Annotations.fromStack(s).hasError('/S/T', Match.stringLikeRegexp('^CAB-TAG-POLICY'));
    expect(checks.lastFindingCount).toBe(1);
    expect(checks._lastResult()!.model.routes).toHaveLength(1);
    expect(checks._lastResult(app)!.findings).toHaveLength(1);
  });

  test('registers one validation on the scope it was added to, and runs once', () => {
    const { app, s } = build(true);
    const checks = _withRules(new CrossAccountCopyChecks(), [tagRule]);
    Aspects.of(app).add(checks);
    Tags.of(s).add('team', 'core');
    app.synth();
    const errors = Annotations.fromStack(s).findError('*', Match.anyValue());
    expect(errors).toHaveLength(1);
    expect(checks._lastResult(app)).toBeDefined();
    expect(checks._lastResult(s)).toBeUndefined();
  });

  test('added to a stack, it checks only that stack', () => {
    const { app, s } = build(true);
    const other = new Stack(app, 'Other', { env: SRC });
    const { plan } = planWithCopy(other);
    const t2 = new ddb.Table(other, 'T2', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    plan.addSelection('Sel', { resources: [backup.BackupResource.fromDynamoDbTable(t2)] });
    Tags.of(app).add('team', 'core');
    const checks = _withRules(new CrossAccountCopyChecks(), [tagRule]);
    Aspects.of(s).add(checks);
    app.synth();
    expect(checks.lastFindingCount).toBe(1);
    Annotations.fromStack(other).hasNoError('*', Match.anyValue());
  });

  test('before synthesis there is no result', () => {
    expect(new CrossAccountCopyChecks().lastFindingCount).toBe(-1);
  });

  test('validates props eagerly, naming the bad value and the property', () => {
    expect(() => new CrossAccountCopyChecks({ organizationAccounts: ['111111111111', '1234'] }))
      .toThrow("CrossAccountCopyChecks organizationAccounts[1]: '1234' is not an AWS account id. Use the 12-digit account id");
    expect(() => new CrossAccountCopyChecks({ organizationAccounts: ['111111111111', '111111111111'] }))
      .toThrow("CrossAccountCopyChecks organizationAccounts: '111111111111' is listed more than once. Remove the duplicate.");
    expect(() => new CrossAccountCopyChecks({ organizationAccounts: [] }))
      .toThrow('CrossAccountCopyChecks organizationAccounts: the list is empty. Give at least one value or leave the property out.');
    expect(() => new CrossAccountCopyChecks({ organizationId: 'org-1' }))
      .toThrow("CrossAccountCopyChecks organizationId: 'org-1' is not an AWS Organizations organization id");
    expect(() => new CrossAccountCopyChecks({ managementAccount: '9999' }))
      .toThrow("CrossAccountCopyChecks managementAccount: '9999' is not an AWS account id");
    expect(() => new CrossAccountCopyChecks({
      organizationId: 'o-a1b2c3d4e5', organizationAccounts: ['111111111111'], managementAccount: '999999999999',
    })).not.toThrow();
    expect(() => new CrossAccountCopyChecks({ optedInResourceTypes: ['Aurora', 'documentdb'] }))
      .toThrow("CrossAccountCopyChecks optedInResourceTypes holds 'documentdb', which is not an AWS Backup resource type name; did you mean 'DocumentDB'?");
    expect(() => new CrossAccountCopyChecks({ optedInResourceTypes: ['Aurora', 'Neptune', 'DocumentDB'] })).not.toThrow();
  });

  test('the rules see the new options as given: dynamoDbAdvancedFeatures stays undefined when unset', () => {
    expect(new CrossAccountCopyChecks()._options).toMatchObject({ dynamoDbAdvancedFeatures: undefined, requireSourceVaultKeyTrust: false });
    expect(new CrossAccountCopyChecks({ dynamoDbAdvancedFeatures: false, optedInResourceTypes: ['Aurora'], requireSourceVaultKeyTrust: true })._options)
      .toMatchObject({ dynamoDbAdvancedFeatures: false, optedInResourceTypes: ['Aurora'], requireSourceVaultKeyTrust: true });
  });

  test('tokens are not validated', () => {
    const t = Token.asString({ Ref: 'AccountParam' });
    expect(() => new CrossAccountCopyChecks({ organizationAccounts: [t], managementAccount: t, organizationId: t })).not.toThrow();
  });

  test('with the real rule set, an app synthesizes', () => {
    const { app } = build(true);
    Aspects.of(app).add(new CrossAccountCopyChecks({ dynamoDbAdvancedFeatures: true }));
    expect(() => app.synth()).not.toThrow();
  });
});
