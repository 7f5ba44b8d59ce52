/** Message text of CAB-UNVERIFIABLE. */
import type { MessageParts } from '../finding';
import { RuleIds } from '../rule-ids';
import { DOCS, listText } from './common';

/** What each check verifies, in words (messages never name other rule ids). */
const CHECK_NAMES: Record<string, string> = {
  [RuleIds.ORG]: 'organization membership',
  [RuleIds.RESOURCE]: 'resource type and Region support',
  [RuleIds.XREGION_XACCOUNT]: 'the single cross-Region and cross-account copy action',
  [RuleIds.DDB_ADVANCED]: 'DynamoDB advanced features',
  [RuleIds.AWS_MANAGED_KEY]: 'AWS managed resource keys',
  [RuleIds.VAULT_KEY]: 'vault encryption keys',
  [RuleIds.KEY_POLICY]: 'the key policy',
  [RuleIds.VAULT_POLICY]: 'the vault access policy',
  [RuleIds.TAG_POLICY]: 'the tag policy',
  [RuleIds.RETENTION]: 'the retention range of the destination vault',
};

/** Something synth cannot know, and the checks it skipped (warning). */
export function notVerifiable(subject: string, reasons: readonly string[], skippedRules: readonly string[]): MessageParts {
  const skipped = [...new Set(skippedRules.map((id) => CHECK_NAMES[id]).filter((n): n is string => n !== undefined))];
  const checks = skipped.length > 0 ? ` Not checked: ${listText(skipped)}.` : '';
  return {
    problem: `${subject} cannot be verified at synth time: ${reasons.join('; ')}.${checks}`,
    fix: 'make it known at synth time (a stack env with account and region, keys and vaults defined in this app, literal '
      + 'values instead of tokens), or verify it yourself and acknowledge this warning on this construct.',
    docUrl: DOCS.troubleshootCrossAccount,
  };
}
