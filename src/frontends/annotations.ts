/**
 * Findings -> CDK annotations and validation messages, for the front ends that run inside synthesis
 * (the Aspect and the validation plugin). Not part of the jsii API.
 */
import { Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { resolveTarget, type CheckResult } from '../checks/engine';
import { shortForm, type Finding } from '../checks/finding';
import { ruleDefinition } from '../checks/rules';

/**
 * At most this many characters per annotation by default, with what CDK appends (` (Annotation::<rule
 * id>)`, ` [ack: Annotation::<rule id>]`): what a person reads in a terminal. The full message is in the report and with `verbose`.
 */
export const ANNOTATION_MAX_LENGTH = 400;

/** What CDK appends to an annotation's text: ` (Annotation::<id>)` to errors, ` [ack: Annotation::<id>]` to warnings. */
function cdkSuffixLength(ruleId: string): number {
  return ` [ack: Annotation::${ruleId}]`.length;
}

/**
 * The text of a finding's annotation: the whole message with `verbose`, else
 * `<id>: <summary> Fix: <shortFix> See <rule page>`, the short forms each message writes for a
 * terminal, within {@link ANNOTATION_MAX_LENGTH} with what CDK appends. Only when names make them too
 * long (long construct paths, many accounts) is the text clipped at a word, as a last resort
 * ({@link annotationNeedsClip} tells when).
 */
export function annotationText(f: Finding, verbose: boolean): string {
  if (verbose) return f.message;
  const url = pageOf(f);
  const text = shortAnnotation(f, url);
  if (!tooLong(text, f)) return text;
  // Keep the rule's page: clip the summary and the fix, the fix first.
  const head = `${f.ruleId}: `;
  const tail = ` See ${url}`;
  const room = ANNOTATION_MAX_LENGTH - cdkSuffixLength(f.ruleId) - head.length - FIX_LABEL_LENGTH - tail.length;
  const summary = clip(f.summary, Math.max(Math.ceil(room / 2), room - f.shortFix.length));
  return `${head}${shortForm({ summary, shortFix: clip(f.shortFix, room - summary.length) })}${tail}`;
}

/** What `shortForm` puts between the summary and the short fix (` Fix: `). */
const FIX_LABEL_LENGTH = shortForm({ summary: '', shortFix: '' }).length;

/** The rule's page: its definition's, else the finding's own. */
function pageOf(f: Finding): string {
  return ruleDefinition(f.ruleId)?.docUrl ?? f.docUrl;
}

/** `<id>: <summary> Fix: <shortFix> See <rule page>`, unclipped. */
function shortAnnotation(f: Finding, url: string): string {
  return `${f.ruleId}: ${shortForm(f)} See ${url}`;
}

/** True when `text`, with what CDK appends to the annotation of `f`, is longer than {@link ANNOTATION_MAX_LENGTH}. */
function tooLong(text: string, f: Finding): boolean {
  return text.length + cdkSuffixLength(f.ruleId) > ANNOTATION_MAX_LENGTH;
}

/** True when the short annotation of `f`, with what CDK appends, is longer than {@link ANNOTATION_MAX_LENGTH}. */
export function annotationNeedsClip(f: Finding): boolean {
  return tooLong(shortAnnotation(f, pageOf(f)), f);
}

/** `text`, or its start cut at a word to at most `max` characters, ending with an ellipsis. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(]+$/, '')}…`;
}

/**
 * Emit findings as annotations (their {@link annotationText}), in the form aws-cdk-lib gives its own validations: errors with
 * `Validations.of(target).addError(ruleId, message)` (the message ends with the qualified rule id,
 * `(annotation::CAB-...)` or, from aws-cdk-lib 2.262.0, `(Annotation::CAB-...)`, which the CLI shows
 * as the rule), warnings with `Validations.of(target).addWarning(ruleId, message)` (acknowledgeable
 * by CDK itself). `runChecks` already filtered acknowledged findings.
 *
 * `emitted` remembers what was emitted on which construct: a later run (a forced re-synth) adds
 * only the findings that are new, never a second copy of one already in the construct's metadata.
 */
export function emitAnnotations(
  scope: IConstruct,
  result: Pick<CheckResult, 'findings' | 'constructs'>,
  emitted: WeakMap<IConstruct, Set<string>> = new WeakMap(),
  verbose: boolean = false,
): void {
  withoutStackTraces(() => {
    for (const f of result.findings) {
      const target = resolveTarget(scope, f, result.constructs);
      let done = emitted.get(target);
      if (!done) emitted.set(target, done = new Set());
      const key = `${f.severity} ${f.ruleId} ${f.message}`;
      if (done.has(key)) continue;
      done.add(key);
      const text = annotationText(f, verbose);
      if (f.severity === 'error') Validations.of(target).addError(f.ruleId, text);
      else Validations.of(target).addWarning(f.ruleId, text);
    }
  });
}

/**
 * Errors of `result` that must fail synthesis itself (the validation phase), as validation messages:
 * those whose construct is inside a Stage that is not the root of the tree (a nested cloud assembly:
 * the CLI checks the annotations of the stacks it selects only, by default the App's own, and CDK
 * Pipelines deploys a Stage's stacks without the CLI), or every error when `all` is set. One line
 * each, with the construct path, the rule id and how to acknowledge it.
 */
export function errorsThatFailSynthesis(
  scope: IConstruct, result: Pick<CheckResult, 'findings' | 'constructs'>, all: boolean, verbose: boolean = false,
): string[] {
  const out: string[] = [];
  for (const f of result.findings) {
    if (f.severity !== 'error') continue;
    const target = resolveTarget(scope, f, result.constructs);
    const stage = Stage.of(target);
    const nested = stage !== undefined && stage.node.scope !== undefined;
    if (!all && !nested) continue;
    const where = nested ? `; in Stage ${stage!.node.path}` : '';
    out.push(`[${target.node.path}] ${annotationText(f, verbose)} (rule ${f.ruleId}${where}; to accept it: Validations.of(construct).acknowledge({ id: '${f.ruleId}', reason }))`);
  }
  return out;
}

/**
 * Run `fn` with CDK's metadata stack traces off (`CDK_DISABLE_STACK_TRACE`, read by `Annotations`).
 * A finding's trace would only show the synthesis internals that ran the checks, never the user's
 * code, and capturing it is the most expensive part of emitting a finding (a full, source-mapped
 * stack per annotation). The variable is restored before returning.
 */
function withoutStackTraces(fn: () => void): void {
  if (process.env.CDK_DISABLE_STACK_TRACE) return fn();
  process.env.CDK_DISABLE_STACK_TRACE = '1';
  try {
    fn();
  } finally {
    delete process.env.CDK_DISABLE_STACK_TRACE;
  }
}
