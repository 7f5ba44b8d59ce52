import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-unverifiable';


/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  notVerifiable: () => messages.notVerifiable('the destination vault arn:aws:backup:us-east-1:222222222222:backup-vault:v',
    ['the vault is not defined in this app', 'its ARN is a token'], ['the vault access policy', 'vault encryption keys', 'the vault access policy']),
};

const WORDS: Record<string, Wording> = {
  notVerifiable: {
    messageId: 'not-verifiable',
    message: 'CAB-UNVERIFIABLE: the destination vault arn:aws:backup:us-east-1:222222222222:backup-vault:v cannot be '
      + 'verified at synth time: the vault is not defined in this app; its ARN is a token. Not checked: the vault '
      + 'access policy and vault encryption keys. Fix: make it known at synth time (a stack env with account and '
      + 'region, keys and vaults defined in this app, literal values instead of tokens, or facts about what the app '
      + 'imports: the checks\' facts option, docs/facts.md), or verify it yourself and acknowledge this warning on this '
      + 'construct. See https://repost.aws/knowledge-center/backup-troubleshoot-cross-account-copy',
    summary: 'The destination vault arn:aws:backup:us-east-1:222222222222:backup-vault:v cannot be verified at synth time; 2 '
      + 'checks skipped.',
    shortFix: 'make it known (stack env, in-app keys and vaults, literals, facts), or verify it and acknowledge.',
    fits: true,
  },
};

describeWording('CAB-UNVERIFIABLE', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));
