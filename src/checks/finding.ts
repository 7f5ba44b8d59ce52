/**
 * Findings: what a rule reports. Not part of the jsii API.
 */
export type { Rule } from './rule-definition';

export type Severity = 'error' | 'warning';

export interface Finding {
  /** The rule id, e.g. `CAB-ORG`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** Construct path the finding attaches to: the construct the user must change. */
  readonly constructPath: string;
  /** Full message; starts with the rule id. Built by {@link formatMessage}. */
  readonly message: string;
  /** The copy route this finding is about, when there is one. */
  readonly routeId?: string;
  /** The AWS documentation page that explains the requirement. */
  readonly docUrl: string;
  /** How to fix it (the message's `Fix:` part), for front ends with a separate fix field. */
  readonly fix?: string;
}

/** The parts of every message. The text of each lives in the rule's messages, apart from its logic. */
export interface MessageParts {
  /** What is wrong, naming constructs, accounts and regions. */
  readonly problem: string;
  /** The error AWS Backup reports at run time, quoted (omit for warnings about what was not checked). */
  readonly awsError?: string;
  /** How to fix it. */
  readonly fix: string;
  readonly docUrl: string;
}

/** `CAB-XXX: <problem> AWS Backup fails the copy job with: "<error>". Fix: <fix> See <url>` */
export function formatMessage(ruleId: string, parts: MessageParts): string {
  const awsError = parts.awsError ? ` At run time AWS Backup fails the copy job with: "${parts.awsError}".` : '';
  return `${ruleId}: ${parts.problem}${awsError} Fix: ${parts.fix} See ${parts.docUrl}`;
}

export function makeFinding(
  ruleId: string,
  severity: Severity,
  constructPath: string,
  parts: MessageParts,
  routeId?: string,
): Finding {
  return { ruleId, severity, constructPath, message: formatMessage(ruleId, parts), routeId, docUrl: parts.docUrl, fix: parts.fix };
}
