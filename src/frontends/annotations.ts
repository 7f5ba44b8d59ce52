/**
 * Findings -> CDK annotations and validation messages, for the front ends that run inside synthesis
 * (the Aspect and the validation plugin). Not part of the jsii API.
 */
import { Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { resolveTarget, type CheckResult } from '../checks/engine';

/**
 * Emit findings as annotations, in the form aws-cdk-lib gives its own validations: errors with
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
): void {
  withoutStackTraces(() => {
    for (const f of result.findings) {
      const target = resolveTarget(scope, f, result.constructs);
      let done = emitted.get(target);
      if (!done) emitted.set(target, done = new Set());
      const key = `${f.severity} ${f.ruleId} ${f.message}`;
      if (done.has(key)) continue;
      done.add(key);
      if (f.severity === 'error') Validations.of(target).addError(f.ruleId, f.message);
      else Validations.of(target).addWarning(f.ruleId, f.message);
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
export function errorsThatFailSynthesis(scope: IConstruct, result: Pick<CheckResult, 'findings' | 'constructs'>, all: boolean): string[] {
  const out: string[] = [];
  for (const f of result.findings) {
    if (f.severity !== 'error') continue;
    const target = resolveTarget(scope, f, result.constructs);
    const stage = Stage.of(target);
    const nested = stage !== undefined && stage.node.scope !== undefined;
    if (!all && !nested) continue;
    const where = nested ? `; in Stage ${stage!.node.path}` : '';
    out.push(`[${target.node.path}] ${f.message} (rule ${f.ruleId}${where}; to accept it: Validations.of(construct).acknowledge({ id: '${f.ruleId}', reason }))`);
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
