/** Message text of CAB-UNVERIFIABLE. */
import type { MessageParts } from '../finding';
import { DOCS, capital, listText } from './common';

/**
 * Something synth cannot know, and the checks it skipped (warning). `skippedChecks` are the skipped
 * rules' `checkName`s (messages never name other rule ids). Details: `subject`, `reasons`,
 * `skippedChecks` (each once), and for programs `unknownFacts` (the kinds of fact, sorted) and
 * `externalArns` (the vaults and keys outside the app it is about, sorted), each absent when empty (a
 * note about a stale external fact names no unknown fact: the checks judged with it).
 */
export function notVerifiable(
  subject: string, reasons: readonly string[], skippedChecks: readonly string[],
  unknownFacts: readonly string[] = [], externalArns: readonly string[] = [],
): MessageParts {
  const skipped = [...new Set(skippedChecks)];
  const checks = skipped.length > 0 ? ` Not checked: ${listText(skipped)}.` : '';
  const facts = [...new Set(unknownFacts)].sort();
  const arns = [...new Set(externalArns)].sort();
  return {
    messageId: 'not-verifiable',
    details: {
      subject,
      reasons: [...reasons],
      skippedChecks: skipped,
      ...(facts.length > 0 ? { unknownFacts: facts } : {}),
      ...(arns.length > 0 ? { externalArns: arns } : {}),
    },
    summary: `${capital(subject)} cannot be verified at synth time${skipped.length > 0
      ? `; ${skipped.length} ${skipped.length === 1 ? 'check' : 'checks'} skipped` : ''}.`,
    shortFix: 'make it known (stack env, in-app keys and vaults, literals, facts), or verify it and acknowledge.',
    problem: `${subject} cannot be verified at synth time: ${reasons.join('; ')}.${checks}`,
    fix: 'make it known at synth time (a stack env with account and region, keys and vaults defined in this app, literal '
      + 'values instead of tokens, or facts about what the app imports: the checks\' facts option, docs/facts.md), or verify it '
      + 'yourself and acknowledge this warning on this construct.',
    docUrl: DOCS.troubleshootCrossAccount,
  };
}
