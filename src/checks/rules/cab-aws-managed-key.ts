/**
 * CAB-AWS-MANAGED-KEY: a resource AWS Backup does not fully manage (EC2, EBS, RDS, Aurora,
 * DocumentDB, Neptune, FSx, ...), encrypted with an AWS managed key (an explicit `alias/aws/...`
 * or encryption on with no key), on a cross-account copy route (facts §2.2). Attaches to the
 * resource.
 *
 * Silent for: fully managed resources (EFS, S3, DynamoDB with advanced features: the vault key
 * matters), unencrypted resources, `account-default` keys (EBS encryption by default may use a
 * customer managed key: unknowable, the model reports it as unverifiable), and resources whose copy
 * is impossible anyway (reported by the type or Region rule).
 */
import { copyBlocked, isFullyManaged, vaultKeyed } from '../capabilities/queries';
import { makeFinding, type Finding } from '../finding';
import { awsManagedKeyAcrossAccounts, awsManagedKeyIntoAirGappedVault } from '../messages/cab-aws-managed-key';
import { DOCS } from '../messages/common';
import { resourceAttachmentPath } from '../model/attachment';
import type { CopyRoute, KeyModel, ResourceModel } from '../model/types';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-AWS-MANAGED-KEY';

const check: Rule = (model, options) => {
  const hits = new Map<string, { route: CopyRoute; resource: ResourceModel; key: KeyModel; accounts: Set<string> }>();
  for (const route of model.routes) {
    // A logically air-gapped vault refuses AWS managed keys of these types in every account (facts §2.1).
    if (route.crossAccount !== true && !route.destination.airGapped) continue;
    for (const resource of route.resources) {
      const key = resource.key;
      if (resource.encrypted === false || !key || (key.kind !== 'aws-managed' && key.kind !== 'service-default')) continue;
      if (isFullyManaged(resource, options, model, route.source.env) || copyBlocked(resource, route, options, model)) continue;
      const hit = hits.get(resource.id) ?? { route, resource, key, accounts: new Set<string>() };
      if (route.destination.env.account) hit.accounts.add(route.destination.env.account);
      hits.set(resource.id, hit);
    }
  }
  const findings: Finding[] = [];
  for (const { route, resource, key, accounts } of hits.values()) {
    findings.push(makeFinding(ID, 'error', resourceAttachmentPath(resource, route),
      route.destination.airGapped
        ? awsManagedKeyIntoAirGappedVault(route, resource, key, [...accounts].sort())
        : awsManagedKeyAcrossAccounts(route, resource, key, [...accounts].sort()), route.id));
  }
  return findings;
};

/** CAB-AWS-MANAGED-KEY: the rule's one definition (registered in `rules/index.ts`). */
export const cabAwsManagedKey: RuleDefinition = {
  id: ID,
  title: 'A resource AWS Backup does not fully manage, encrypted with an AWS managed key, copied across accounts',
  severity: {
    error: 'AWS documents that backups encrypted with an AWS managed key cannot be shared, so the copy fails (and a logically air-gapped vault refuses them in every account)',
    sources: [DOCS.encryption, DOCS.troubleshootCrossAccount],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'AWS managed resource keys',
  skipsWhenUnknown: ['backup-plan', 'environment', 'selected-resources', 'resource-key'],
  appliesToTypes: (types) => types.some(t => !vaultKeyed(t)),
  check,
};
