/**
 * Findings: what a rule reports. Not part of the jsii API.
 *
 * A finding is data first: which message it is (`messageId`), the data its words are written from
 * (`details`), and the words, in two lengths: the whole message (`problem`, `awsError`, `fix`, for the
 * report and `verbose`) and the short form a person reads in a terminal (`summary`, `shortFix`).
 * Tests assert on the data; each message has one test of its wording (`test/checks/messages/`).
 */
import type { PolicyStatementJson } from './model/types';

export type { Rule } from './rule-definition';

export type Severity = 'error' | 'warning';

/**
 * The data a message's words are written from: one closed set of keys shared by every message, each
 * plain JSON (strings, numbers, booleans, arrays of them, policy statements). A message sets the keys
 * it names, in the order it names them; its doc comment in `messages/<rule-id>.ts` says which.
 * Constructs are named by construct path, else ARN, else model id.
 */
export interface FindingDetails {
  /** Which case of the message (kebab case, documented by the message), when one message covers several. */
  readonly cause?: string;
  /** The resources the finding is about (construct paths, else ARNs or ARN patterns). */
  readonly resources?: readonly string[];
  /** How many resources there are in all, when `resources` names only the first of them. */
  readonly resourceCount?: number;
  /** Their resource types (`ResourceTypeId`: `EBS`, `RDS`, `Aurora`, ...), each once, in the order of `resources`. */
  readonly types?: readonly string[];
  /** The vaults the finding is about (construct paths, else ARNs), the one it judges first. */
  readonly vaults?: readonly string[];
  /** The backup plans (construct paths; for a backup policy's route, the policy's path). */
  readonly plans?: readonly string[];
  /** How many plans there are in all, when `plans` names only the first of them. */
  readonly planCount?: number;
  /** The KMS key the finding is about (construct path, else its reference: ARN, alias or token). */
  readonly key?: string;
  /** The key's kind (`KeyKind`: `customer-managed`, `aws-managed`, `service-default`, ...). */
  readonly keyKind?: string;
  /** The key's alias (`aws/rds`, `aws/backup`, ...), when known. */
  readonly keyAlias?: string;
  /** The accounts the finding is about (which ones the message says: destinations, sources, outsiders ...). */
  readonly accounts?: readonly string[];
  /** The principals a policy is judged for (ARNs), in the order of `accounts`. */
  readonly principals?: readonly string[];
  /** The Regions the finding is about. */
  readonly regions?: readonly string[];
  /** The partitions the finding is about (`aws`, `aws-cn`, ...). */
  readonly partitions?: readonly string[];
  /** Actions a policy should allow and does not (`kms:Decrypt`, ...), each once. */
  readonly missingActions?: readonly string[];
  /** Actions a policy explicitly denies, each once. */
  readonly deniedActions?: readonly string[];
  /** Policy statements the message quotes. */
  readonly statements?: readonly PolicyStatementJson[];
  /** The organization the checks' options declare (`o-...`). */
  readonly organization?: string;
  /** Other organizations a policy names. */
  readonly foreignOrganizations?: readonly string[];
  /** The organization's management account, as the options declare it. */
  readonly managementAccount?: string;
  /** What the external facts the finding rests on are called; absent when it rests on the options or the app. */
  readonly facts?: string;
  /** A retention in days (what the copy or backup keeps; absent: never deleted). */
  readonly retentionDays?: number;
  /** The bounds a vault accepts, in days. */
  readonly minRetentionDays?: number;
  readonly maxRetentionDays?: number;
  /** A backup schedule expression (`cron(0 5 ? * * *)`). */
  readonly schedule?: string;
  /** A tag key as written, its value, the policy's key and the values it allows. */
  readonly tagKey?: string;
  readonly tagValue?: string;
  readonly policyKey?: string;
  readonly allowedValues?: readonly string[];
  /** What cannot be verified (CAB-UNVERIFIABLE), why, and the checks that were skipped (their `checkName`s). */
  readonly subject?: string;
  readonly reasons?: readonly string[];
  readonly skippedChecks?: readonly string[];
  /** The kinds of fact synth could not know (CAB-UNVERIFIABLE), sorted: `key-policy`, `vault-access-policy`, ... (`UNKNOWN_FACTS`). */
  readonly unknownFacts?: readonly string[];
  /** The ARNs of the vaults and keys outside the app a CAB-UNVERIFIABLE warning is about, sorted: external facts about them let the checks decide. */
  readonly externalArns?: readonly string[];
}

export interface Finding {
  /** The rule id, e.g. `CAB-ORG`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** Construct path the finding attaches to: the construct the user must change. */
  readonly constructPath: string;
  /** Which message of the rule this is: see {@link MessageParts.messageId}. */
  readonly messageId: string;
  /** The data the message is written from: see {@link FindingDetails}. */
  readonly details: FindingDetails;
  /** Full message; starts with the rule id. Built by {@link formatMessage}. */
  readonly message: string;
  /** What is wrong (the message's first part). */
  readonly problem: string;
  /** The error AWS Backup reports at run time, quoted in the message (absent for warnings about what was not checked). */
  readonly awsError?: string;
  /** The copy route this finding is about, when there is one. */
  readonly routeId?: string;
  /** The AWS documentation page that explains the requirement. */
  readonly docUrl: string;
  /** How to fix it (the message's `Fix:` part), for front ends with a separate fix field. */
  readonly fix?: string;
  /** One sentence: what is wrong, naming the construct(s) (the annotation's first part). */
  readonly summary: string;
  /** The change to make, in short (the annotation's `Fix:` part). */
  readonly shortFix: string;
}

/**
 * The parts of every message, written by one function of `messages/<rule-id>.ts` from the data the
 * rule passes. The text of each lives in the rule's messages, apart from its logic.
 */
export interface MessageParts {
  /**
   * Which message this is, stable and unique within the rule: the name of the message function in
   * kebab case (`sourceVaultWithoutCmk` -> `source-vault-without-cmk`). Tests and tools tell findings
   * apart by it, never by their words.
   */
  readonly messageId: string;
  /** The data the words are written from (the keys the message documents). */
  readonly details: FindingDetails;
  /** What is wrong, naming constructs, accounts and regions. */
  readonly problem: string;
  /** The error AWS Backup reports at run time, quoted (omit for warnings about what was not checked). */
  readonly awsError?: string;
  /** How to fix it. */
  readonly fix: string;
  readonly docUrl: string;
  /**
   * One sentence, written for a terminal: what is wrong, naming the construct(s) (a few names, then
   * `and N more`). With `shortFix`, the rule id and the rule's page it fits an annotation of
   * `ANNOTATION_MAX_LENGTH` characters.
   */
  readonly summary: string;
  /** The change to make, in short, keeping the construct that makes it when there is one (`CopyCompatibleKmsKey`). */
  readonly shortFix: string;
}

/** `CAB-XXX: <problem> AWS Backup fails the copy job with: "<error>". Fix: <fix> See <url>` */
export function formatMessage(ruleId: string, parts: Pick<MessageParts, 'problem' | 'awsError' | 'fix' | 'docUrl'>): string {
  const awsError = parts.awsError ? ` At run time AWS Backup fails the copy job with: "${parts.awsError}".` : '';
  return `${ruleId}: ${parts.problem}${awsError} Fix: ${parts.fix} See ${parts.docUrl}`;
}

/**
 * A finding in short, as a terminal shows it: `<summary> Fix: <shortFix>`. Annotations add the rule
 * id before it and the rule's page after it; the command line prints it under the rule id.
 */
export function shortForm(f: Pick<Finding, 'summary' | 'shortFix'>): string {
  return `${f.summary} Fix: ${f.shortFix}`;
}

export function makeFinding(
  ruleId: string,
  severity: Severity,
  constructPath: string,
  parts: MessageParts,
  routeId?: string,
): Finding {
  return {
    ruleId,
    severity,
    constructPath,
    messageId: parts.messageId,
    details: parts.details,
    message: formatMessage(ruleId, parts),
    problem: parts.problem,
    awsError: parts.awsError,
    routeId,
    docUrl: parts.docUrl,
    fix: parts.fix,
    summary: parts.summary,
    shortFix: parts.shortFix,
  };
}
