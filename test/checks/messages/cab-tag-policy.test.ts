import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-tag-policy';
import type { TagPolicyViolation } from '../../../src/checks/model/types';
import { resource, route } from '../rules/model-builder';
const violation = (over: Partial<TagPolicyViolation>): TagPolicyViolation =>
  ({ tagKey: 'CostCenter', tagValue: 'x', policyKey: 'CostCenter', allowedValues: ['a', 'b'], reason: 'value', enforced: true, ...over });

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  enforcedViolation: () => messages.enforcedViolation(route(), { kind: 'resource', resource: resource('EBS') }, violation({ reason: 'value' })),
  unenforcedViolation: () => messages.unenforcedViolation(route(), { kind: 'recovery-point-tags', route: route() },
    violation({ reason: 'key-casing', tagKey: 'costcenter', tagValue: 'a', enforced: false })),
  unresolvedTag: () => messages.unresolvedTag(route(), { kind: 'resource', resource: resource('RDS') }, violation({ reason: 'unresolved', tagValue: undefined })),
};

const WORDS: Record<string, Wording> = {
  enforcedViolation: {
    messageId: 'enforced-violation',
    message: 'CAB-TAG-POLICY: Amazon EBS volume SourceStack/Volume carries tag \'CostCenter\'=\'x\', which AWS Backup puts on '
      + 'the recovery points it copies from account 111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in '
      + 'account 222222222222 in us-east-1, but its value is not allowed by the tag policy\'s key \'CostCenter\' with '
      + 'values \'a\', \'b\', and the policy enforces it for backup:recovery-point. At run time AWS Backup fails the copy '
      + 'job with: "Tag policy does not allow the specified value for the following tag key: \'CostCenter\'". Fix: tag it '
      + 'as the policy requires: Tags.of(resource).add(\'CostCenter\', \'a\'). See '
      + 'https://repost.aws/knowledge-center/backup-troubleshoot-cross-account-copy',
    summary: 'Tag \'CostCenter\'=\'x\' of Amazon EBS volume SourceStack/Volume is not allowed by the tag policy (enforced on '
      + 'recovery points).',
    shortFix: 'tag it as the policy requires: Tags.of(resource).add(\'CostCenter\', \'a\').',
    fits: true,
  },
  unenforcedViolation: {
    messageId: 'unenforced-violation',
    message: 'CAB-TAG-POLICY: the RecoveryPointTags of backup plan SourceStack/Plan (rule Daily) carries tag '
      + '\'costcenter\'=\'a\', which AWS Backup puts on the recovery points it copies from account 111111111111 in '
      + 'us-east-1 to vault "Vault" (BackupStack/Vault) in account 222222222222 in us-east-1, but its key is not '
      + 'capitalized like the tag policy\'s key \'CostCenter\' with values \'a\', \'b\'. The policy does not enforce it for '
      + 'backup:recovery-point, so the copy does not fail, but the recovery point is non-compliant (and fails once '
      + 'enforcement is switched on). Fix: set the rule\'s recoveryPointTags to { \'CostCenter\': \'a\' } instead of '
      + '\'costcenter\'. See https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.'
      + 'html',
    summary: 'Tag \'costcenter\'=\'a\' of the RecoveryPointTags of plan SourceStack/Plan differs in case from the tag policy\'s '
      + '\'CostCenter\' (not enforced).',
    shortFix: 'set the rule\'s recoveryPointTags to { \'CostCenter\': \'a\' } instead of \'costcenter\'.',
    fits: true,
  },
  unresolvedTag: {
    messageId: 'unresolved-tag',
    message: 'CAB-TAG-POLICY: Amazon RDS DB instance SourceStack/Db carries tag \'CostCenter\' whose value is not known at '
      + 'synth time (a token), so it was not checked against the tag policy\'s key \'CostCenter\' with values \'a\', \'b\'; '
      + 'AWS Backup puts it on the recovery points it copies from account 111111111111 in us-east-1 to vault "Vault" '
      + '(BackupStack/Vault) in account 222222222222 in us-east-1. Fix: make sure the deployed value is allowed by the '
      + 'tag policy\'s key \'CostCenter\' with values \'a\', \'b\', then acknowledge this warning. See '
      + 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.html',
    summary: 'Tag \'CostCenter\' of Amazon RDS DB instance SourceStack/Db has a value unknown at synth time: not checked '
      + 'against the tag policy.',
    shortFix: 'make sure the deployed value is allowed for \'CostCenter\', then acknowledge this warning.',
    fits: true,
  },
};

describeWording('CAB-TAG-POLICY', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));
