import { Annotations as CdkAnnotations, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { newApp, planWithCopy, stack } from './model/helpers';
import { acknowledgementIds, runChecks } from '../../src/checks/engine';
import { makeFinding, Rule } from '../../src/checks/finding';
import { emitAnnotations } from '../../src/frontends/annotations';

const parts = { messageId: 'test', details: {}, summary: 'problem', problem: 'problem', shortFix: 'fix', fix: 'fix', docUrl: 'https://docs.aws.amazon.com/x' };
/** One error on the plan and one warning on the source vault per route. */
const perRoute: Rule = m => m.routes.flatMap(r => [
  makeFinding('CAB-ORG', 'error', r.planPath, parts, r.id),
  makeFinding('CAB-UNVERIFIABLE', 'warning', r.source.vault.constructPath!, parts, r.id),
]);

function app1() {
  const app = newApp();
  const s = stack(app, 'S');
  const { plan, vault } = planWithCopy(s);
  return { app, s, plan, vault };
}

describe('runChecks', () => {
  test('runs every rule on one model and returns findings', () => {
    const { app } = app1();
    let calls = 0;
    const counting: Rule = m => { calls++; expect(m.routes).toHaveLength(1); return []; };
    const res = runChecks(app, {}, [counting, perRoute, counting]);
    expect(calls).toBe(2);
    expect(res.findings.map(f => f.ruleId)).toEqual(['CAB-ORG', 'CAB-UNVERIFIABLE']);
    expect(res.acknowledged).toEqual([]);
  });

  test('a finding is acknowledged by Validations.acknowledge on its construct or an ancestor, only for that id', () => {
    const { app, plan, s } = app1();
    Validations.of(plan).acknowledge({ id: 'CAB-ORG', reason: 'accounts are in the org' });
    Validations.of(s).acknowledge({ id: 'CAB-OTHER', reason: 'x' });
    const res = runChecks(app, {}, [perRoute]);
    expect(res.acknowledged.map(f => f.ruleId)).toEqual(['CAB-ORG']);
    expect(res.findings.map(f => f.ruleId)).toEqual(['CAB-UNVERIFIABLE']);
    const app2 = app1();
    Validations.of(app2.s).acknowledge({ id: 'CAB-UNVERIFIABLE', reason: 'known' });
    expect(runChecks(app2.app, {}, [perRoute]).acknowledged.map(f => f.ruleId)).toEqual(['CAB-UNVERIFIABLE']);
  });

  test('emitAnnotations: errors with addError, warnings acknowledgeable; unknown paths fall back to the first stack', () => {
    const { app, s } = app1();
    const lost: Rule = () => [makeFinding('CAB-VAULT-KEY', 'error', 'Nowhere/At/All', parts)];
    const res = runChecks(app, {}, [perRoute, lost]);
    emitAnnotations(app, res);
    const a = Annotations.fromStack(s);
    // errors end with the qualified rule id (Validations.addError), in the spelling of this aws-cdk-lib
    a.hasError('/S/Plan', Match.stringLikeRegexp('^CAB-ORG: problem.* \\([aA]nnotation::CAB-ORG\\)$'));
    a.hasWarning('/S/PlanVault', Match.stringLikeRegexp('^CAB-UNVERIFIABLE: problem.*[aA]nnotation::CAB-UNVERIFIABLE'));
    a.hasError('/S', Match.stringLikeRegexp('^CAB-VAULT-KEY'));
  });

  test('a second run emits only what is new: no second copy of a finding on the same construct', () => {
    const { app, s } = app1();
    const emitted = new WeakMap();
    emitAnnotations(app, runChecks(app, {}, [perRoute]), emitted);
    emitAnnotations(app, runChecks(app, {}, [perRoute]), emitted);
    expect(Annotations.fromStack(s).findError('/S/Plan', Match.stringLikeRegexp('^CAB-ORG'))).toHaveLength(1);
  });

  test('acknowledgementIds: both spellings of the annotation prefix; other prefixes as given', () => {
    expect(acknowledgementIds('CAB-ORG')).toEqual(['annotation::CAB-ORG', 'Annotation::CAB-ORG']);
    expect(acknowledgementIds('Annotation::CAB-ORG')).toEqual(['annotation::CAB-ORG', 'Annotation::CAB-ORG']);
    expect(acknowledgementIds('CrossAccountCopyValidator::CAB-ORG')).toEqual(['CrossAccountCopyValidator::CAB-ORG']);
  });

  test.each(['annotation::CAB-UNVERIFIABLE', 'Annotation::CAB-UNVERIFIABLE'])('acknowledgement metadata recorded as %s (aws-cdk-lib before / from 2.262.0) silences the finding', id => {
    const { app, s } = app1();
    s.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: 'reviewed' });
    expect(runChecks(app, {}, [perRoute]).acknowledged.map(f => f.ruleId)).toEqual(['CAB-UNVERIFIABLE']);
  });

  test('Annotations.acknowledgeWarning silences warnings', () => {
    const { app, s, vault } = app1();
    CdkAnnotations.of(vault).acknowledgeWarning('annotation::CAB-UNVERIFIABLE');
    emitAnnotations(app, runChecks(app, {}, [perRoute]));
    Annotations.fromStack(s).hasNoWarning('*', Match.anyValue());
  });

  test('a model without routes gives no findings', () => {
    const app = newApp();
    const s = stack(app, 'S');
    backup.BackupPlan.daily35DayRetention(s, 'P');
    expect(runChecks(app, {}, [perRoute]).findings).toEqual([]);
  });
});
