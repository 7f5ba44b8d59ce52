/**
 * The reasons given for acknowledged findings, for the report. Not part of the jsii API.
 *
 * `Validations.of(scope).acknowledge({ id, reason })` records `{ 'annotation::<id>': reason }` under
 * the `aws:cdk:acknowledged-rules` metadata key of `scope`: up to aws-cdk-lib 2.261 each call appends
 * an entry holding all of the scope's acknowledgements so far; from 2.262.0 on the key is
 * `Annotation::<id>` and each entry holds only that call's id. `Annotations.acknowledgeWarning(id, message)` records no
 * reason anywhere, so such findings are reported without one.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CheckResult } from '../checks/engine';
import { acknowledgementIds, resolveTarget } from '../checks/engine';
import type { Finding } from '../checks/finding';

export interface AcknowledgedWithReason extends Finding {
  readonly reason?: string;
}

/** The acknowledged findings of `result`, each with the reason recorded nearest to its construct. */
export function withAcknowledgementReasons(scope: IConstruct, result: CheckResult): AcknowledgedWithReason[] {
  return result.acknowledged.map(f => {
    const reason = acknowledgementReason(resolveTarget(scope, f, result.constructs), f.ruleId);
    return reason === undefined ? f : { ...f, reason };
  });
}

/**
 * The reason recorded for acknowledging `ruleId` on `construct` or its nearest ancestor that
 * acknowledged it (the latest entry of a scope wins), or `undefined` when none was recorded.
 */
export function acknowledgementReason(construct: IConstruct, ruleId: string): string | undefined {
  const qualified = acknowledgementIds(ruleId);
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const metadata = scopes[i].node.metadata;
    for (let j = metadata.length - 1; j >= 0; j--) {
      const m = metadata[j];
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !m.data || typeof m.data !== 'object') continue;
      for (const q of qualified) {
        const reason = (m.data as Record<string, unknown>)[q];
        if (typeof reason === 'string') return reason;
      }
    }
  }
  return undefined;
}
