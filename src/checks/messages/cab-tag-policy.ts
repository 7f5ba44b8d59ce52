/** Message text of CAB-TAG-POLICY. */
import type { FindingDetails, MessageParts } from '../finding';
import { DOCS, planShort, planText, resourceId, resourceText, routeText } from './common';
import type { CopyRoute, ResourceModel, TagPolicyViolation } from '../model/types';

export const TAG_VALUE_ERROR = (tagKey: string): string =>
  `Tag policy does not allow the specified value for the following tag key: '${tagKey}'`;
export const TAG_COPY_ERROR = 'We are unable to copy resource tags to your backup because of the internal failure';

/** Who carries the tag: a resource (tags copied to its recovery points) or a plan rule (RecoveryPointTags). */
export type TagSubject =
  | { readonly kind: 'resource'; readonly resource: ResourceModel }
  | { readonly kind: 'recovery-point-tags'; readonly route: CopyRoute };

/** `Amazon EBS volume Stack/Volume` or `the RecoveryPointTags of backup plan ... (rule ...)`. */
function subjectText(subject: TagSubject): string {
  return subject.kind === 'resource' ? resourceText(subject.resource) : `the RecoveryPointTags of ${planText(subject.route)}`;
}

/** `Amazon EBS volume Stack/Volume` or `the RecoveryPointTags of plan Stack/Plan` (short form). */
function subjectShort(subject: TagSubject): string {
  return subject.kind === 'resource' ? resourceText(subject.resource) : `the RecoveryPointTags of ${planShort(subject.route)}`;
}

/**
 * `cause` (`key-casing`, `value`, `unresolved`), `resources` (a tagged resource) or `plans` (a rule's
 * RecoveryPointTags), `tagKey`, `tagValue`, `policyKey`, `allowedValues`.
 */
function tagDetails(subject: TagSubject, v: TagPolicyViolation): FindingDetails {
  return {
    cause: v.reason,
    ...(subject.kind === 'resource' ? { resources: [resourceId(subject.resource)] } : { plans: [subject.route.planPath] }),
    tagKey: v.tagKey,
    ...(v.tagValue !== undefined ? { tagValue: v.tagValue } : {}),
    policyKey: v.policyKey,
    ...(v.allowedValues && v.allowedValues.length > 0 ? { allowedValues: [...v.allowedValues] } : {}),
  };
}

/** What is wrong with the tag, short. */
function wrongShort(v: TagPolicyViolation): string {
  return v.reason === 'key-casing' ? `differs in case from the tag policy's '${v.policyKey}'` : 'is not allowed by the tag policy';
}

function tagText(v: TagPolicyViolation): string {
  return v.tagValue !== undefined ? `'${v.tagKey}'='${v.tagValue}'` : `'${v.tagKey}'`;
}

function policyText(v: TagPolicyViolation): string {
  const allowed = v.allowedValues && v.allowedValues.length > 0 ? ` with values ${v.allowedValues.map((a) => `'${a}'`).join(', ')}` : '';
  return `the tag policy's key '${v.policyKey}'${allowed}`;
}

function whatIsWrong(v: TagPolicyViolation): string {
  return v.reason === 'key-casing'
    ? `its key is not capitalized like ${policyText(v)}`
    : `its value is not allowed by ${policyText(v)}`;
}

function fixFor(subject: TagSubject, v: TagPolicyViolation): string {
  const value = v.reason === 'value' ? (v.allowedValues?.[0] ?? '<allowed value>') : (v.tagValue ?? '<value>');
  if (subject.kind === 'recovery-point-tags') {
    return `set the rule's recoveryPointTags to { '${v.policyKey}': '${value}' }`
      + (v.reason === 'key-casing' ? ` instead of '${v.tagKey}'.` : '.');
  }
  return `tag it as the policy requires: Tags.of(resource).add('${v.policyKey}', '${value}')`
    + (v.reason === 'key-casing' ? ` and remove the tag '${v.tagKey}'.` : '.');
}

/** An enforced tag policy rejects a tag on the recovery point (error). Details: see {@link tagDetails}. */
export function enforcedViolation(route: CopyRoute, subject: TagSubject, v: TagPolicyViolation): MessageParts {
  return {
    messageId: 'enforced-violation',
    details: tagDetails(subject, v),
    summary: `Tag ${tagText(v)} of ${subjectShort(subject)} ${wrongShort(v)} (enforced on recovery points).`,
    shortFix: fixFor(subject, v),
    problem: `${subjectText(subject)} carries tag ${tagText(v)}, which AWS Backup puts on the recovery points it copies ${routeText(route)}, `
      + `but ${whatIsWrong(v)}, and the policy enforces it for backup:recovery-point.`,
    awsError: v.reason === 'value' ? TAG_VALUE_ERROR(v.tagKey) : TAG_COPY_ERROR,
    fix: fixFor(subject, v),
    docUrl: DOCS.troubleshootCrossAccount,
  };
}

/** A tag policy that is not enforced for recovery points flags a tag (warning). Details: see {@link tagDetails}. */
export function unenforcedViolation(route: CopyRoute, subject: TagSubject, v: TagPolicyViolation): MessageParts {
  return {
    messageId: 'unenforced-violation',
    details: tagDetails(subject, v),
    summary: `Tag ${tagText(v)} of ${subjectShort(subject)} ${wrongShort(v)} (not enforced).`,
    shortFix: fixFor(subject, v),
    problem: `${subjectText(subject)} carries tag ${tagText(v)}, which AWS Backup puts on the recovery points it copies ${routeText(route)}, `
      + `but ${whatIsWrong(v)}. The policy does not enforce it for backup:recovery-point, so the copy does not fail, but `
      + 'the recovery point is non-compliant (and fails once enforcement is switched on).',
    fix: fixFor(subject, v),
    docUrl: DOCS.tagPolicies,
  };
}

/** A tag whose value synth cannot know (warning). Details: see {@link tagDetails}. */
export function unresolvedTag(route: CopyRoute, subject: TagSubject, v: TagPolicyViolation): MessageParts {
  return {
    messageId: 'unresolved-tag',
    details: tagDetails(subject, v),
    summary: `Tag '${v.tagKey}' of ${subjectShort(subject)} has a value unknown at synth time: not checked against the tag policy.`,
    shortFix: `make sure the deployed value is allowed for '${v.policyKey}', then acknowledge this warning.`,
    problem: `${subjectText(subject)} carries tag '${v.tagKey}' whose value is not known at synth time (a token), so it was not `
      + `checked against ${policyText(v)}; AWS Backup puts it on the recovery points it copies ${routeText(route)}.`,
    fix: `make sure the deployed value is allowed by ${policyText(v)}, then acknowledge this warning.`,
    docUrl: DOCS.tagPolicies,
  };
}
