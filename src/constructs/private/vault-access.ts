/**
 * What `CrossAccountBackupVault` and `CrossAccountAirGappedVault` share: validation of the copy
 * sources, the `backup:CopyIntoBackupVault` statements, the check that a vault access policy grants
 * other accounts nothing else, and a vault ARN that renders literally in other environments.
 *
 * Not part of the jsii API.
 */
import { IResolveContext, Reference, Stack, Token, Tokenization, aws_iam as iam } from 'aws-cdk-lib';
import {
  COPY_INTO_VAULT_ACTION,
  VAULT_ACCOUNTS_SID,
  VAULT_ORGANIZATION_SID,
  VAULT_OUS_SID,
} from '../../checks/policy/copy-permissions';
import { render } from '../../checks/policy/evaluator';
import { toArray } from '../../private/arrays';
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
 * `attr` where the consumer is in the vault's environment (a normal reference: same stack, or an
 * export/import between stacks of one environment), `literal()` elsewhere. The same idea as
 * `Resource.getResourceArnAttribute`. `what` names the vault in the error for an environment-agnostic
 * vault stack used from another environment.
 */
export function environmentAwareAttribute(attr: string, own: Stack, what: string, literal: () => string): string {
  const producer = (context: IResolveContext): string => {
    const consumer = Stack.of(context.scope);
    if (consumer.account === own.account && consumer.region === own.region) return attr;
    if (Token.isUnresolved(own.account) || Token.isUnresolved(own.region)) {
      throw new Error(
        `${what} is used from stack '${consumer.node.path}' in another environment, ` +
          `but its own stack '${own.node.path}' has no explicit account and region. Set env: { account, region } on ` +
          `'${own.node.path}' so the vault ARN can be written literally into '${consumer.node.path}'.`,
      );
    }
    return literal();
  };
  const reference = Tokenization.reverse(attr, { failConcat: false });
  // L1 attributes are always references; anything else is left as it is.
  return Reference.isReference(reference) ? Token.asString(new EnvironmentAwareReference(reference, producer)) : attr;
}

/** A reference that resolves through `producer`, so reference discovery still sees it as a reference. */
class EnvironmentAwareReference extends Reference {
  constructor(
    reference: Reference,
    private readonly producer: (context: IResolveContext) => string,
  ) {
    super(reference, reference.target, reference.displayName);
  }

  public resolve(context: IResolveContext): any {
    return this.producer(context);
  }
}

/**
 * Describes the first Allow statement that grants an action other than `backup:CopyIntoBackupVault`
 * to a principal outside the vault's account, or undefined. Principals that cannot be rendered
 * (tokens) and, in an environment-agnostic stack, literal account ids are given the benefit of the doubt.
 */
export function findCrossAccountGrant(stack: Stack, doc: any): string | undefined {
  const ownAccount = Token.isUnresolved(stack.account) ? undefined : stack.account;
  const pseudo = { accountId: ownAccount ?? '<this-account>' };
  const statements: any[] = toArray(doc?.Statement);
  for (const [i, st] of statements.entries()) {
    if (!st || st.Effect !== 'Allow') continue;
    const foreign = foreignPrincipals(st.Principal, ownAccount, pseudo);
    if (foreign.length === 0) continue;
    const actions = toArray(st.Action).map((a) => render(a, { pseudo }) ?? '<token>');
    const bad =
      st.NotAction !== undefined
        ? ['NotAction ' + JSON.stringify(st.NotAction)]
        : actions.filter((a) => a.toLowerCase() !== COPY_INTO_VAULT_ACTION.toLowerCase()); // wildcards included
    if (bad.length === 0) continue;
    const name = st.Sid ? `'${st.Sid}'` : `#${i}`;
    return (
      `statement ${name} allows ${bad.join(', ')} to ${foreign.join(', ')}, which is outside this vault's account. ` +
      `AWS Backup rejects a vault access policy that grants another account any action other than ${COPY_INTO_VAULT_ACTION}. ` +
      'Grant other actions only to principals of this account; use allowCopyFrom() or the source* props to admit copies.'
    );
  }
  return undefined;
}

function foreignPrincipals(principal: any, ownAccount: string | undefined, pseudo: { accountId: string }): string[] {
  if (principal === undefined) return [];
  if (principal === '*') return ['*'];
  if (typeof principal !== 'object' || principal === null) return [];
  const result: string[] = [];
  for (const p of toArray(principal.AWS)) {
    const s = render(p, { pseudo });
    if (s === undefined) continue; // unknown token: benefit of the doubt
    if (s === '*') {
      result.push('*');
      continue;
    }
    const account = /^\d{12}$/.test(s) ? s : /^arn:[^:]+:(?:iam|sts)::(\d{12}|<this-account>):/.exec(s)?.[1];
    if (account === undefined || account === pseudo.accountId) continue;
    if (ownAccount === undefined) continue; // environment-agnostic: cannot tell
    result.push(s);
  }
  return result;
}

