/**
 * CAB-KEY-POLICY: a customer managed key in this app whose policy does not let the destination
 * account of a cross-account copy use it (facts §2.3). Attaches to the key.
 *
 * - error: the key of a resource AWS Backup does not fully manage (EBS, RDS, ...): AWS documents that
 *   such a key must be shared with the destination account.
 * - warning (error with `requireSourceVaultKeyTrust: true`): the source vault's key, for fully managed
 *   types (EFS, S3, DynamoDB with advanced features, ...). The sources conflict (fact audit §5.1): the
 *   re:Post article the project started from requires the grant; AWS's copy and encryption guides do
 *   not, and another re:Post article allows an AWS managed (unshareable) source vault key for these types.
 *
 * The policy is evaluated for the destination account's AWSServiceRoleForBackup (the principal that
 * makes the copy) and the actions in `REQUIRED_KEY_ACTIONS`. Conditions synth cannot know are given
 * the benefit of the doubt, so only policies that certainly refuse report.
 */
import { copyBlocked, isFullyManaged, partitionOf } from '../capabilities/queries';
import { makeFinding, type Finding } from '../finding';
import { keyPolicyDeniesDestination, vaultKeyPolicyDeniesDestination, type KeyPolicyGap, type KeyUse } from '../messages/cab-key-policy';
import { DOCS } from '../messages/common';
import type { CopyRoute, KeyModel } from '../model/types';
import { backupServiceRoleArn, keyAccessForDestination } from '../policy/copy-access';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-KEY-POLICY';

interface KeyEntry {
  key: KeyModel;
  route: CopyRoute;
  uses: Map<string, KeyUse>;
  gaps: Map<string, KeyPolicyGap>;
  checked: Set<string>;
}

const check: Rule = (model, options) => {
  const keys = new Map<string, KeyEntry>();

  const checkKey = (key: KeyModel | undefined, use: KeyUse, useId: string, route: CopyRoute, destinationAccount: string): void => {
    if (!key || key.kind !== 'customer-managed' || !key.policy || !key.constructPath) return;
    const entry = keys.get(key.constructPath) ?? { key, route, uses: new Map(), gaps: new Map(), checked: new Set() };
    keys.set(key.constructPath, entry);
    if (!entry.checked.has(destinationAccount)) {
      entry.checked.add(destinationAccount);
      const partition = partitionOf(key.env) ?? partitionOf(route.source.env) ?? 'aws';
      const access = keyAccessForDestination(key.policy, {
        partition,
        destinationAccount,
        keyAccount: key.env.account ?? route.source.env.account,
        keyRegion: key.env.region ?? route.source.env.region,
        organizationId: options.organizationId,
      });
      if (access && access.missing.length > 0) {
        if (entry.gaps.size === 0) entry.route = route;
        entry.gaps.set(destinationAccount, {
          account: destinationAccount,
          partition,
          principalArn: backupServiceRoleArn(partition, destinationAccount),
          missing: access.missing,
          denied: access.denied,
        });
      }
    }
    if (entry.gaps.has(destinationAccount) && !entry.uses.has(useId)) entry.uses.set(useId, use);
  };

  for (const route of model.routes) {
    const destinationAccount = route.destination.env.account;
    if (route.crossAccount !== true || !destinationAccount) continue;
    for (const resource of route.resources) {
      if (copyBlocked(resource, route, options, model)) continue;
      if (isFullyManaged(resource, options, model, route.source.env)) {
        const vault = route.source.vault;
        checkKey(vault.key, { kind: 'source-vault', vault, route }, `vault|${vault.id}`, route, destinationAccount);
      } else if (resource.encrypted !== false) {
        checkKey(resource.key, { kind: 'resource', resource }, `resource|${resource.id}`, route, destinationAccount);
      }
    }
  }

  const findings: Finding[] = [];
  for (const [path, entry] of keys) {
    if (entry.gaps.size === 0) continue;
    const gaps = [...entry.gaps.values()].sort((a, b) => a.account.localeCompare(b.account));
    const uses = [...entry.uses.values()];
    if (uses.some((u) => u.kind === 'resource')) {
      findings.push(makeFinding(ID, 'error', path, keyPolicyDeniesDestination(entry.key, uses, gaps), entry.route.id));
    } else {
      findings.push(makeFinding(ID, options.requireSourceVaultKeyTrust === true ? 'error' : 'warning', path,
        vaultKeyPolicyDeniesDestination(entry.key, uses, gaps, options.requireSourceVaultKeyTrust === true), entry.route.id));
    }
  }
  return findings;
};

/** CAB-KEY-POLICY: the rule's one definition (registered in `rules/index.ts`). */
export const cabKeyPolicy: RuleDefinition = {
  id: ID,
  title: 'A source key policy that does not let the destination account use the key',
  severity: {
    error: 'the key of a resource AWS Backup does not fully manage: AWS documents that it must be shared with the destination account',
    warning: 'the source vault key of fully managed types (error with requireSourceVaultKeyTrust): the sources conflict on whether the grant is needed',
    sources: [DOCS.keyNotAccessible, DOCS.troubleshootCrossAccount],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'the key policy',
  skipsWhenUnknown: ['backup-plan', 'environment', 'selected-resources', 'resource-key', 'key-policy'],
  locations: {
    'AWS::KMS::Key': 'Properties/KeyPolicy',
  },
  check,
};
