/**
 * Fixtures shared by every test: the accounts the tests use and the principal AWS Backup copies
 * with. Import these instead of declaring the constants again.
 */

/** The source account of a copy (the workload account). */
export const SRC = '111111111111';
/** The destination account of a copy (the central backup account). */
export const DST = '222222222222';
/** An account outside the copy (and, where a test declares an organization, outside it). */
export const OTHER = '333333333333';
/** A second source account. */
export const SRC2 = '444444444444';
/** A fifth account (a restore or recovery account). */
export const FIFTH = '555555555555';
/** The organization's management account, where a test needs one apart from the others. */
export const MGMT = '999999999999';
/** The organization id of the tests that declare one. */
export const ORG = 'o-a1b2c3d4e5';

/**
 * The AWS Backup service-linked role of `account`: the principal that makes copies (written out
 * here, so that the tests do not take it from the code they test).
 */
export function backupServiceRole(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
}
