/**
 * What `CrossAccountBackupVault` and `CrossAccountAirGappedVault` share about access: validation of
 * the copy sources, the `backup:CopyIntoBackupVault` statements, and the error for a vault access
 * policy that grants other accounts anything else (the policy is read by `checks/policy/foreign-grants.ts`).
 *
 * Not part of the jsii API.
 */
import { Annotations, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import type { IConstruct, IValidation } from 'constructs';
import {
  COPY_INTO_VAULT_ACTION,
  VAULT_ACCOUNTS_SID,
  VAULT_ORGANIZATION_SID,
  VAULT_OUS_SID,
} from '../../checks/policy/copy-permissions';
import { findForeignGrant } from '../../checks/policy/foreign-grants';
import {
  validateAccountList,
  validateAtLeastOne,
  validateList,
  validateOrganizationalUnitPath,
  validateOrganizationalUnitPathInOrganization,
  validateOrganizationId,
} from '../../private/validate';

/** The copy sources of a vault, as its props name them. */
export interface VaultSources {
  readonly sourceAccounts?: string[];
  readonly sourceOrganizationId?: string;
  readonly sourceOrganizationalUnitPaths?: string[];
}

/**
 * Validates the three source props (at least one, each well-formed, all OU paths of one
 * organization).
 */
export function validateVaultSources(props: VaultSources, where: string): void {
  validateAtLeastOne(
    [props.sourceAccounts, props.sourceOrganizationId, props.sourceOrganizationalUnitPaths],
    ['sourceAccounts', 'sourceOrganizationId', 'sourceOrganizationalUnitPaths'],
    `${where}: a vault for cross-account copies must say whose copies it accepts`,
  );
  validateAccountList(props.sourceAccounts, `${where}: sourceAccounts`);
  if (props.sourceOrganizationId !== undefined) {
    validateOrganizationId(props.sourceOrganizationId, `${where}: sourceOrganizationId`);
  }
  validateList(props.sourceOrganizationalUnitPaths, `${where}: sourceOrganizationalUnitPaths`);
  const pathOrgIds = new Set<string>();
  (props.sourceOrganizationalUnitPaths ?? []).forEach((p, i) => {
    const label = `${where}: sourceOrganizationalUnitPaths[${i}]`;
    const org = validateOrganizationalUnitPath(p, label);
    if (props.sourceOrganizationId !== undefined) {
      validateOrganizationalUnitPathInOrganization(p, props.sourceOrganizationId, label);
    }
    if (org !== undefined) pathOrgIds.add(org);
  });
  if (pathOrgIds.size > 1) {
    throw new Error(
      `${where}: sourceOrganizationalUnitPaths name ${pathOrgIds.size} organizations (${[...pathOrgIds].join(', ')}). ` +
        'AWS Backup copies only between accounts of the same organization: keep the paths of the organization this vault belongs to.',
    );
  }
}

/** The statement that lets `account` copy into the vault (their account root principals). */
export function copyFromAccountsStatement(account: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: VAULT_ACCOUNTS_SID,
    principals: [new iam.AccountPrincipal(account)],
    actions: [COPY_INTO_VAULT_ACTION],
    resources: ['*'],
  });
}

/** The statement that lets every principal of an organization copy into the vault. */
export function copyFromOrganizationStatement(organizationId: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: VAULT_ORGANIZATION_SID,
    principals: [new iam.StarPrincipal()],
    actions: [COPY_INTO_VAULT_ACTION],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:PrincipalOrgID': [organizationId] } },
  });
}

/** The statement that lets every principal of the accounts of some OUs copy into the vault. */
export function copyFromOrganizationalUnitsStatement(paths: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: VAULT_OUS_SID,
    principals: [new iam.StarPrincipal()],
    actions: [COPY_INTO_VAULT_ACTION],
    resources: ['*'],
    conditions: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [...paths] } },
  });
}

/**
 * Describes the first Allow statement of `doc` (a resolved policy document) that grants an action
 * other than `backup:CopyIntoBackupVault` to a principal outside `stack`'s account, or undefined
 * (see `findForeignGrant`: tokens and, in an environment-agnostic stack, literal accounts pass).
 */
function findCrossAccountGrant(stack: Stack, doc: unknown): ForeignGrantText | undefined {
  const grant = findForeignGrant(doc, Token.isUnresolved(stack.account) ? undefined : stack.account);
  if (!grant) return undefined;
  const what = `statement ${grant.statement} allows ${grant.grants.join(', ')} to ${grant.principals.join(', ')}, which is outside this vault's account. ` +
    `AWS Backup's cross-account guide says that any cross-account action other than ${COPY_INTO_VAULT_ACTION} will be rejected`;
  return {
    error: `${what}. Grant other actions only to principals of this account, use allowCopyFrom() or the source* props to admit copies, ` +
      'or set allowOtherCrossAccountActions: true to keep the grant with a warning.',
    warning: `${what} (a console procedure says so; the API reference does not). Deploy it once: if AWS refuses the policy, `
      + 'grant the action only to principals of this account; once it works, acknowledge this warning.',
  };
}

/** A grant `findCrossAccountGrant` found, as the error that refuses it and as the warning that keeps it. */
export interface ForeignGrantText {
  readonly error: string;
  readonly warning: string;
}

/** The id of the warning a vault with `allowOtherCrossAccountActions` gives for such a grant (acknowledgeable). */
export const OTHER_CROSS_ACCOUNT_ACTION_WARNING = 'cdk-cross-account-backup:otherCrossAccountAction';

/**
 * `doc` (a policy document, resolved here in the vault's stack) as the vault is built (`accessPolicy`,
 * `addToAccessPolicy()`): a grant to another account of more than copies is thrown by default; with
 * `allowOtherCrossAccountActions` it is kept, with a warning on the vault (given now, so that
 * acknowledging it on the vault afterwards removes it).
 */
export function refuseOrWarn(vault: IConstruct, allow: boolean, context: string, doc: unknown): void {
  const stack = Stack.of(vault);
  const problem = findCrossAccountGrant(stack, stack.resolve(doc));
  if (!problem) return;
  if (!allow) throw new Error(`${context} ${problem.error}`);
  Annotations.of(vault).addWarningV2(OTHER_CROSS_ACCOUNT_ACTION_WARNING, `${context} ${problem.warning}`);
}

/**
 * The synth-time validation of the whole access policy: a statement changed after it was added (or an
 * escape hatch) that grants another account more than copies fails synthesis, unless the vault has
 * `allowOtherCrossAccountActions`.
 */
export function accessPolicyValidation(vault: IConstruct, allow: boolean, context: string, policy: () => unknown): IValidation {
  return {
    validate: () => {
      if (allow) return [];
      const stack = Stack.of(vault);
      const problem = findCrossAccountGrant(stack, stack.resolve(policy()));
      return problem ? [`${context} ${problem.error}`] : [];
    },
  };
}
