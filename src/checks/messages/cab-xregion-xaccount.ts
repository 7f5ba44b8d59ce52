/** Message text of CAB-XREGION-XACCOUNT. */
import type { MessageParts } from '../finding';
import { DOCS, featureNotSupportedError, listText, planText, resourceText, routeText } from './common';
import type { CopyRoute, ResourceModel } from '../model/types';

/** One copy action that is both cross-Region and cross-account, for RDS-family resources. */
export function singleActionCrossRegionCrossAccount(route: CopyRoute, resources: readonly ResourceModel[]): MessageParts {
  const src = route.source.env;
  const dst = route.destination.env;
  return {
    problem: `${planText(route)} copies ${listText(resources.map(resourceText))} ${routeText(route)} in one copy action that `
      + 'is both cross-Region and cross-account. AWS Backup documents that RDS, Aurora, DocumentDB and Neptune do not '
      + 'support this; you can copy either cross-Region or cross-account.',
    awsError: featureNotSupportedError(resources[0].type, src.region, dst.region),
    fix: `use two copy steps: a copy action into a vault of account ${dst.account} in ${src.region} `
      + `(new CrossAccountBackupVault(this, 'Vault', { sourceAccounts: ['${src.account}'] }) in a stack of account `
      + `${dst.account}, ${src.region}), then a cross-Region copy in account ${dst.account} from that vault to ${dst.region}. `
      + 'If AWS Backup in your accounts already runs single-action cross-Region and cross-account copies for these '
      + 'engines (announced in late 2025), set allowSingleActionCrossRegionCrossAccount: true instead.',
    docUrl: DOCS.troubleshootCrossAccount,
  };
}
