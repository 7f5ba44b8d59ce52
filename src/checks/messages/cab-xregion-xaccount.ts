/** Message text of CAB-XREGION-XACCOUNT. */
import type { MessageParts } from '../finding';
import {
  DOCS, capital, featureNotSupportedError, listText, planShort, planText, resourceId, resourceText, routeText, someText, typesOf,
} from './common';
import type { CopyRoute, ResourceModel } from '../model/types';

/** AWS Backup's announcement of single-action cross-Region and cross-account copies (facts §1.2). */
export const SINGLE_ACTION_ANNOUNCEMENT =
  'https://aws.amazon.com/about-aws/whats-new/2025/10/aws-backup-single-action-database-snapshot-copy-regions/';

/**
 * One copy action that is both cross-Region and cross-account, for RDS-family resources. Details:
 * `resources`, `types`, `accounts` (source, destination), `regions` (source, destination).
 */
export function singleActionCrossRegionCrossAccount(route: CopyRoute, resources: readonly ResourceModel[]): MessageParts {
  const src = route.source.env;
  const dst = route.destination.env;
  return {
    messageId: 'single-action-cross-region-cross-account',
    details: {
      resources: resources.map(resourceId),
      types: typesOf(resources),
      accounts: [src.account!, dst.account!],
      regions: [src.region!, dst.region!],
    },
    summary: `${capital(planShort(route))} copies ${someText(resources.map(resourceId), 1)} across account and Region in one `
      + 'action.',
    shortFix: 'copy in two steps (account, then Region), or set allowSingleActionCrossRegionCrossAccount once one worked.',
    problem: `${planText(route)} copies ${listText(resources.map(resourceText))} ${routeText(route)} in one copy action that `
      + 'is both cross-Region and cross-account. AWS announced in October 2025 that AWS Backup supports such copies for RDS, '
      + `Aurora, DocumentDB and Neptune (${SINGLE_ACTION_ANNOUNCEMENT}; the feature availability page, footnote 3, agrees), `
      + 'but the re:Post article "Why does my cross-account copy fail in AWS Backup?" and older copy-guide versions still '
      + 'document the refusal. The check stays on by default because the project\'s users asked for these copies to be '
      + 'rejected until they have seen them work in their own accounts and Regions.',
    awsError: featureNotSupportedError(resources[0].type, src.region, dst.region),
    fix: 'once a test copy of this kind succeeded in your accounts and Regions, lift the check with '
      + 'allowSingleActionCrossRegionCrossAccount: true in the checks\' options. Or use two copy steps, which work either way: '
      + `a copy action into a vault of account ${dst.account} in ${src.region} (new CrossAccountBackupVault(this, 'Vault', `
      + `{ sourceAccounts: ['${src.account}'] }) in a stack of account ${dst.account}, ${src.region}), then a cross-Region copy `
      + `in account ${dst.account} from that vault to ${dst.region}.`,
    docUrl: DOCS.featureAvailability,
  };
}
