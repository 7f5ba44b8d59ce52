import { dataOf, model } from './model-builder';
import type { UnknownFact } from '../../../src/checks/model/types';
import { RuleIds } from '../../../src/checks/rule-ids';
import { RULES } from '../../../src/checks/rules';
import { cabUnverifiable } from '../../../src/checks/rules/cab-unverifiable';

const entry = (over: Partial<{ constructPath: string; subject: string; reason: string; unknown: UnknownFact[]; about: string }> = {}) => ({
  constructPath: 'SourceStack/Plan',
  subject: 'the destination vault arn:aws:backup:us-east-1:222222222222:backup-vault:v',
  reason: 'the vault is not defined in this app',
  unknown: ['vault-access-policy', 'vault-key'] as UnknownFact[],
  ...over,
});

describe('CAB-UNVERIFIABLE', () => {
  test('silent when everything was verifiable', () => {
    expect(cabUnverifiable.check(model([]), {}, RULES)).toEqual([]);
  });

  test('a warning per entry, naming the subject, the reason and the skipped checks in words', () => {
    const findings = cabUnverifiable.check(model([], { unverifiable: [entry()] }), {}, RULES);
    expect(findings.map(dataOf)).toEqual([{
      ruleId: 'CAB-UNVERIFIABLE',
      severity: 'warning',
      constructPath: 'SourceStack/Plan',
      routeId: undefined,
      messageId: 'not-verifiable',
      details: {
        subject: 'the destination vault arn:aws:backup:us-east-1:222222222222:backup-vault:v',
        reasons: ['the vault is not defined in this app'],
        skippedChecks: ['the vault access policy', 'vault encryption keys'],
        unknownFacts: ['vault-access-policy', 'vault-key'],
      },
      awsError: undefined,
    }]);
  });

  test('names the ARN of what lies outside the app, for external facts; a key named by id or alias has none', () => {
    const vault = 'arn:aws:backup:us-east-1:222222222222:backup-vault:v';
    const [withArn, withId, without] = cabUnverifiable.check(model([], {
      unverifiable: [
        entry({ about: vault }),
        entry({ constructPath: 'SourceStack/Table', subject: 'the key of table t', about: '1234abcd-12ab-34cd-56ef-1234567890ab', unknown: ['key-policy'] }),
        entry({ constructPath: 'SourceStack/Other', unknown: ['selected-resources'] }),
      ],
    }), {}, RULES);
    expect(withArn.details.externalArns).toEqual([vault]);
    expect(withId.details).not.toHaveProperty('externalArns');
    expect(withId.details.unknownFacts).toEqual(['key-policy']);
    expect(without.details).not.toHaveProperty('externalArns');
  });

  test('never names another rule id', () => {
    const [f] = cabUnverifiable.check(model([], { unverifiable: [entry({ unknown: ['backup-plan'] })] }), {}, RULES);
    // the skipped checks by their names (every other rule skips when the backup plan is unknown)
    expect(f.details.skippedChecks).toEqual(RULES.filter((r) => r.skipsWhenUnknown.includes('backup-plan')).map((r) => r.checkName));
    for (const id of RuleIds.all().filter((i) => i !== RuleIds.UNVERIFIABLE)) expect(JSON.stringify(f.details)).not.toContain(id);
  });

  test('deduplicates by construct and subject, merging reasons, skipped checks and unknown facts (sorted, each once)', () => {
    const findings = cabUnverifiable.check(model([], {
      unverifiable: [
        entry(),
        entry(),
        entry({ reason: 'its ARN is a token', unknown: ['organization'] }),
        entry({ constructPath: 'OtherStack/Plan' }),
      ],
    }), {}, RULES);
    expect(findings.map((f) => [f.constructPath, f.details.reasons, f.details.skippedChecks, f.details.unknownFacts])).toEqual([
      ['SourceStack/Plan', ['the vault is not defined in this app', 'its ARN is a token'],
        ['the vault access policy', 'vault encryption keys', 'organization membership'], ['organization', 'vault-access-policy', 'vault-key']],
      ['OtherStack/Plan', ['the vault is not defined in this app'], ['the vault access policy', 'vault encryption keys'], ['vault-access-policy', 'vault-key']],
    ]);
  });
});
