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

/** The message functions a messages module exports (its lower-case functions), less `notMessages`. */
export function messageFunctions(module: object, notMessages: readonly string[] = []): string[] {
  return Object.entries(module)
    .filter(([name, value]) => typeof value === 'function' && /^[a-z]/.test(name) && !notMessages.includes(name))
    .map(([name]) => name);
}

/**
 * A rule's wording tests: `cases` has one case for each of `functions` (every message function of the
 * rule, no more, no fewer), and each case's message id and words are those of `words`.
 */
export function describeWording(
  ruleId: string,
  cases: Record<string, () => MessageParts>,
  words: Record<string, Wording>,
  functions: readonly string[],
): void {
  describe(`${ruleId} wording`, () => {
    test('a case for every message function', () => {
      expect(Object.keys(cases).sort()).toEqual([...functions].sort());
    });

    test.each(Object.keys(cases))('%s', (name) => {
      const w = wordsOf(ruleId, cases[name]());
      expect(w.messageId).toBe(kebab(name));
      expect(w).toEqual(words[name]);
    });
  });
}
