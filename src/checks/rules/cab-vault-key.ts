/**
 * CAB-VAULT-KEY: vaults whose key makes a copy fail (facts §2.2, §2.6, §3.3).
 *
 * - error: the source vault of a cross-account copy has no customer managed key (an in-app vault
 *   without `EncryptionKeyArn` or with an AWS managed key, or the account's `Default` vault); attaches
 *   to the source vault (to the plan when the vault is not in the app).
 * - error: a cross-account copy into a vault named `Default`; attaches to the plan.
 * - error: a Storage Gateway volume copied (any copy) into a vault without a customer managed key;
 *   attaches to the plan.
 * - warning: an in-app destination vault of a cross-account copy without a customer managed key, when
 *   the copy carries resources AWS Backup does not fully manage. The docs conflict on whether
 *   `aws/backup` is accepted there (facts §2.2, §8 item 3), so this is never an error; for fully
 *   managed resources the docs allow `aws/backup`, so nothing is reported.
 */
import { copyBlocked, isFullyManaged } from '../capabilities/queries';
import { makeFinding, type Finding } from '../finding';
import {
  copyIntoDefaultVault, destinationVaultWithoutCmk, sourceVaultWithoutCmk, storageGatewayWithoutCmk,
} from '../messages/cab-vault-key';
import { DOCS } from '../messages/common';
import { vaultKnown, type CopyRoute, type VaultModel } from '../model/types';
import { ruleDocUrl, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-VAULT-KEY';

/** True when the vault certainly has no customer managed key. Unknown keys (imported without a fact, tokens) are not. */
function withoutCmk(vault: VaultModel): boolean {
  if (vault.name === 'Default' && !vault.inApp) return true;
  if (!vaultKnown(vault)) return false;
  return vault.key === undefined || vault.key.kind === 'aws-managed' || vault.key.kind === 'service-default';
}

const check: Rule = (model, options) => {
  const findings: Finding[] = [];
  const sources = new Map<string, { route: CopyRoute; accounts: Set<string> }>();
  const seenRoutes = new Set<string>();
  for (const route of model.routes) {
    const routeKey = `${route.planPath}|${route.ruleName}|${route.destination.id}`;
    if (seenRoutes.has(routeKey)) continue;
    seenRoutes.add(routeKey);
    const dest = route.destination;
    const intoDefault = route.crossAccount === true && dest.name === 'Default';

    if (route.crossAccount === true && withoutCmk(route.source.vault)) {
      const entry = sources.get(route.source.vault.id) ?? { route, accounts: new Set<string>() };
      if (dest.env.account) entry.accounts.add(dest.env.account);
      sources.set(route.source.vault.id, entry);
    }
    if (intoDefault) {
      findings.push(makeFinding(ID, 'error', route.planPath, copyIntoDefaultVault(route), route.id));
      continue;
    }
    if (!withoutCmk(dest)) continue;
    const gateways = route.resources.filter((r) => r.type === 'StorageGateway');
    if (gateways.length > 0) {
      findings.push(makeFinding(ID, 'error', route.planPath, storageGatewayWithoutCmk(route, gateways), route.id));
      continue;
    }
    if (route.crossAccount === true && vaultKnown(dest)) {
      const notFullyManaged = route.resources.filter(
        (r) => !isFullyManaged(r, options, model, route.source.env) && !copyBlocked(r, route, options, model),
      );
      if (notFullyManaged.length > 0) {
        findings.push(makeFinding(ID, 'warning', dest.constructPath ?? route.planPath,
          destinationVaultWithoutCmk(route, notFullyManaged), route.id));
      }
    }
  }
  for (const { route, accounts } of sources.values()) {
    const vault = route.source.vault;
    const path = vaultKnown(vault) && vault.constructPath ? vault.constructPath : route.planPath;
    findings.push(makeFinding(ID, 'error', path, sourceVaultWithoutCmk(route, vault, [...accounts].sort()), route.id));
  }
  return findings;
};

/** CAB-VAULT-KEY: the rule's one definition (registered in `rules/index.ts`). */
export const cabVaultKey: RuleDefinition = {
  id: ID,
  title: 'A source vault without a customer managed key, or a copy into the Default vault',
  severity: {
    error: 'a cross-account copy from a vault without a customer managed key or into a vault named Default, or a Storage Gateway volume into a vault without one: AWS documents the failure',
    warning: 'an in-app destination vault without a customer managed key for resources AWS Backup does not fully manage: the documentation conflicts on whether aws/backup is accepted there',
    sources: [DOCS.crossAccount, DOCS.encryption],
  },
  docUrl: ruleDocUrl(ID),
  checkName: 'vault encryption keys',
  skipsWhenUnknown: ['backup-plan', 'vault-key'],
  locations: {
    'AWS::Backup::BackupVault': 'Properties/EncryptionKeyArn',
  },
  check,
};
