/**
 * Validators for the ids and names the constructs and checks accept.
 *
 * Pure functions: each takes the value and a label that says where it came from
 * (`sourceAccounts[1]`, `MyStack/Vault: destinationOrganizationId`, ...) and throws an `Error`
 * whose message names the bad value and says how to fix it. Unresolved tokens are never
 * checked (they pass), so a construct can call them unconditionally.
 *
 * Not part of the jsii API.
 */
import { Token } from 'aws-cdk-lib';

/** `o-` plus 10-32 lowercase letters or digits (AWS Organizations API `Organization.Id`). */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** AWS Organizations root id: `r-` plus 4-32 lowercase letters or digits. */
const ROOT_ID = 'r-[0-9a-z]{4,32}';
/** AWS Organizations OU id: `ou-` plus 4-32 lowercase letters or digits, `-`, 8-32 lowercase letters or digits. */
const OU_ID = 'ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}';
/**
 * An `aws:PrincipalOrgPaths` value naming one or more nested OUs:
 * `o-…/r-…/ou-…/` (exactly that OU) or `o-…/r-…/ou-…/ou-…/*` (that OU and everything below).
 */
export const ORGANIZATIONAL_UNIT_PATH_PATTERN = new RegExp(`^(o-[a-z0-9]{10,32})/${ROOT_ID}/(?:${OU_ID}/)+\\*?$`);

/** The name of the vault AWS Backup creates in each Region; it can never receive cross-account copies. */
export const DEFAULT_VAULT_NAME = 'Default';

const ORG_PATHS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths';

/** Throws unless `value` is a 12-digit account id (or a token). */
export function validateAccountId(value: string, what: string): void {
  if (Token.isUnresolved(value)) return;
  if (!ACCOUNT_ID_PATTERN.test(value)) {
    throw new Error(
      `${what}: '${value}' is not an AWS account id. Use the 12-digit account id, e.g. '123456789012' ` +
        '(no dashes, no ARN, keep leading zeros by passing it as a string).',
    );
  }
}

/** Throws unless `value` is an AWS Organizations organization id (or a token). */
export function validateOrganizationId(value: string, what: string): void {
  if (Token.isUnresolved(value)) return;
  if (!ORGANIZATION_ID_PATTERN.test(value)) {
    throw new Error(
      `${what}: '${value}' is not an AWS Organizations organization id. It must match ${ORGANIZATION_ID_PATTERN.source}, ` +
        "e.g. 'o-a1b2c3d4e5' (see `aws organizations describe-organization --query Organization.Id`; " +
        'a root id r-… or an OU id ou-… is not an organization id).',
    );
  }
}

/**
 * Throws unless `value` is an `aws:PrincipalOrgPaths` value that names at least one OU
 * (or a token). Returns the organization id the path starts with (undefined for a token).
 */
export function validateOrganizationalUnitPath(value: string, what: string): string | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const m = ORGANIZATIONAL_UNIT_PATH_PATTERN.exec(value);
  if (m) return m[1];
  let hint: string;
  if (/^o-[a-z0-9]{10,32}\/(r-[0-9a-z]{4,32}\/)?\*?$/.test(value)) {
    hint = 'It names no OU: to admit the whole organization use the organization id property instead of an OU path.';
  } else if (/\/ou-[0-9a-z]+-[a-z0-9]+$/.test(value)) {
    hint = `It must end with '/' (or '/*' to include child OUs): '${value}/'.`;
  } else if (/^ou-/.test(value)) {
    hint = 'It must be the full path from the organization, not a bare OU id.';
  } else {
    hint = 'Check each part: organization id o-…, root id r-…, then one or more OU ids ou-…-…, each followed by \'/\'.';
  }
  throw new Error(
    `${what}: '${value}' is not an organizational unit path. Use the form ` +
      "'o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/' (that OU) or " +
      "'o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/*' (that OU and all OUs below it). " +
      `${hint} See ${ORG_PATHS_DOC}`,
  );
}

/**
 * Throws when `values` is empty (when given) or has duplicates. Token elements are compared by
 * their text, so the same token twice is a duplicate too.
 */
export function validateList(values: readonly string[] | undefined, what: string): void {
  if (values === undefined) return;
  if (Token.isUnresolved(values)) return; // a list token: its elements are unknown
  if (values.length === 0) {
    throw new Error(`${what}: the list is empty. Give at least one value or leave the property out.`);
  }
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) {
      throw new Error(`${what}: '${v}' is listed more than once. Remove the duplicate.`);
    }
    seen.add(v);
  }
}

/**
 * Throws when a list of account ids is empty (when given), has duplicates, or holds a value that
 * is not a 12-digit account id; elements are named `<what>[i]`.
 */
export function validateAccountList(values: readonly string[] | undefined, what: string): void {
  validateList(values, what);
  (values ?? []).forEach((a, i) => validateAccountId(a, `${what}[${i}]`));
}

/** Throws when a vault name is the AWS Backup default vault `Default` (names are case-sensitive). */
export function validateNotDefaultVaultName(value: string | undefined, what: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value === DEFAULT_VAULT_NAME) {
    throw new Error(
      `${what}: '${value}' is the name of the AWS Backup default vault, which is encrypted with the AWS managed ` +
        'key aws/backup and can never receive cross-account copies ("The destination vault cannot be the default vault"). ' +
        'Choose another name, or leave the name out to get a generated one.',
    );
  }
}

/**
 * Throws when an OU path does not start with `organizationId` (both known). The copy source
 * and destination must be in the same organization, so the paths must be in it too.
 */
export function validateOrganizationalUnitPathInOrganization(
  path: string,
  organizationId: string,
  what: string,
): void {
  if (Token.isUnresolved(path) || Token.isUnresolved(organizationId)) return;
  if (!path.startsWith(`${organizationId}/`)) {
    throw new Error(
      `${what}: '${path}' is not in organization '${organizationId}'. AWS Backup copies only between accounts ` +
        'of the same organization: use paths that start with that organization id, or fix the organization id.',
    );
  }
}

/**
 * Throws when neither of the named optional values is given.
 * `given` lists the values; `names` the property names for the message.
 */
export function validateAtLeastOne(given: ReadonlyArray<unknown>, names: readonly string[], what: string): void {
  if (given.some((g) => g !== undefined)) return;
  throw new Error(`${what}: give at least one of ${names.map((n) => `'${n}'`).join(', ')}.`);
}
