/**
 * Eager validation of `CrossAccountCopyChecksProps` (small helpers; tokens are skipped).
 */
import { Token } from 'aws-cdk-lib';

const ACCOUNT_RE = /^\d{12}$/;
const ORG_ID_RE = /^o-[a-z0-9]{10,32}$/;

/** Throws unless every entry is a 12-digit account id, with no duplicates. */
export function validateAccountList(what: string, accounts: readonly string[]): void {
  const seen = new Set<string>();
  for (const a of accounts) {
    if (Token.isUnresolved(a)) continue;
    if (!ACCOUNT_RE.test(a)) {
      throw new Error(`${what}: '${a}' is not a 12-digit AWS account id. Write the account id as a string of 12 digits, e.g. '111122223333'.`);
    }
    if (seen.has(a)) {
      throw new Error(`${what}: account '${a}' is listed more than once. List each account once.`);
    }
    seen.add(a);
  }
}

/** Throws unless `id` looks like an AWS Organizations id (`o-` followed by 10 to 32 lowercase letters or digits). */
export function validateOrganizationId(what: string, id: string): void {
  if (Token.isUnresolved(id)) return;
  if (!ORG_ID_RE.test(id)) {
    throw new Error(`${what}: '${id}' is not an AWS Organizations id. It starts with 'o-' followed by 10 to 32 lowercase letters or digits, e.g. 'o-a1b2c3d4e5'.`);
  }
}
