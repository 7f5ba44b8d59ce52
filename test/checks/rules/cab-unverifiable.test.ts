import { model } from './model-builder';
import type { UnknownFact } from '../../../src/checks/model/types';
import { RuleIds } from '../../../src/checks/rule-ids';
import { RULES } from '../../../src/checks/rules';
import { cabUnverifiable } from '../../../src/checks/rules/cab-unverifiable';

const entry = (over: Partial<{ constructPath: string; subject: string; reason: string; unknown: UnknownFact[] }> = {}) => ({
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
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.ruleId).toBe('CAB-UNVERIFIABLE');
    expect(f.severity).toBe('warning');
    expect(f.constructPath).toBe('SourceStack/Plan');
    expect(f.message).toBe(
      'CAB-UNVERIFIABLE: the destination vault arn:aws:backup:us-east-1:222222222222:backup-vault:v cannot be verified at synth time: '
      + 'the vault is not defined in this app. Not checked: the vault access policy and vault encryption keys. '
      + 'Fix: make it known at synth time (a stack env with account and region, keys and vaults defined in this app, literal values '
      + 'instead of tokens, or facts about what the app imports: the checks\' facts option, docs/facts.md), or verify it yourself '
      + 'and acknowledge this warning on this construct. '
      + 'See https://repost.aws/knowledge-center/backup-troubleshoot-cross-account-copy',
    );
  });

  test('never names another rule id', () => {
    const [f] = cabUnverifiable.check(model([], { unverifiable: [entry({ unknown: ['backup-plan'] })] }), {}, RULES);
    for (const id of RuleIds.all().filter((i) => i !== RuleIds.UNVERIFIABLE)) expect(f.message).not.toContain(id);
  });

  test('deduplicates by construct and subject, merging reasons and skipped checks', () => {
    const findings = cabUnverifiable.check(model([], {
      unverifiable: [
        entry(),
        entry(),
        entry({ reason: 'its ARN is a token', unknown: ['organization'] }),
        entry({ constructPath: 'OtherStack/Plan' }),
      ],
    }), {}, RULES);
    expect(findings).toHaveLength(2);
    expect(findings[0].message).toContain('the vault is not defined in this app; its ARN is a token.');
    expect(findings[0].message).toContain('Not checked: the vault access policy, vault encryption keys and organization membership.');
    expect(findings[1].constructPath).toBe('OtherStack/Plan');
  });
});
