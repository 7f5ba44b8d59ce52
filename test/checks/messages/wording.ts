/**
 * Wording tests: one per message function, on a small hand-built model (test/checks/rules/model-builder.ts),
 * comparing every word of the whole message and of the short forms. Rule tests assert data only.
 */
import { makeFinding, type MessageParts } from '../../../src/checks/finding';
import { annotationNeedsClip } from '../../../src/frontends/annotations';

/** What a wording test compares. */
export interface Wording {
  readonly messageId: string;
  /** The whole message (`formatMessage`): the report, `verbose`. */
  readonly message: string;
  /** The annotation's parts. */
  readonly summary: string;
  readonly shortFix: string;
  /** True when the annotation `<id>: <summary> Fix: <shortFix> See <page>` fits ANNOTATION_MAX_LENGTH unclipped. */
  readonly fits: boolean;
}

export function wordsOf(ruleId: string, parts: MessageParts): Wording {
  const f = makeFinding(ruleId, 'error', 'Any/Construct', parts);
  return { messageId: f.messageId, message: f.message, summary: f.summary, shortFix: f.shortFix, fits: !annotationNeedsClip(f) };
}

/** `sourceVaultWithoutCmk` -> `source-vault-without-cmk`: the messageId convention (finding.ts). */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
