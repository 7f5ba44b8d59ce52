/**
 * What a vault access policy grants other accounts. AWS Backup accepts a vault access policy that
 * grants a principal outside the vault's account only `backup:CopyIntoBackupVault` (docs/backup-facts.md
 * §3); `CrossAccountBackupVault` and `CrossAccountAirGappedVault` refuse any other grant with this.
 *
 * Pure (no aws-cdk-lib): it reads a policy document as CloudFormation receives it (CDK's tokens
 * resolved to intrinsics). Not part of the jsii API.
 */
import { COPY_INTO_VAULT_ACTION } from './copy-permissions';
import { render } from './evaluator';
import { toArray } from '../../private/arrays';

/** An Allow statement that grants a principal outside the vault's account more than copying into the vault. */
export interface ForeignGrant {
  /** The statement, as a message names it: `'<Sid>'`, or `#<index>` without a Sid. */
  readonly statement: string;
  /**
   * What it allows beyond `backup:CopyIntoBackupVault`: the other actions (wildcards included, an
   * unrenderable action as `<token>`), or `NotAction [...]`.
   */
  readonly grants: string[];
  /** The principals outside the vault's account it allows them to (`*`, account ids, ARNs). */
  readonly principals: string[];
}

/** The placeholder the vault's own account renders as when the stack has no literal account. */
const THIS_ACCOUNT = '<this-account>';

/**
 * The first Allow statement of `doc` that grants an action other than `backup:CopyIntoBackupVault`
 * to a principal outside `ownAccount`, or undefined. Principals that cannot be rendered (tokens)
 * and, when `ownAccount` is undefined (an environment-agnostic stack), literal account ids are
 * given the benefit of the doubt; `*` is foreign either way.
 */
export function findForeignGrant(doc: unknown, ownAccount: string | undefined): ForeignGrant | undefined {
  const pseudo = { accountId: ownAccount ?? THIS_ACCOUNT };
  const statements: any[] = toArray((doc as { Statement?: unknown } | undefined)?.Statement);
  for (const [i, st] of statements.entries()) {
    if (!st || st.Effect !== 'Allow') continue;
    const principals = foreignPrincipals(st.Principal, ownAccount, pseudo);
    if (principals.length === 0) continue;
    const actions = toArray(st.Action).map((a) => render(a, { pseudo }) ?? '<token>');
    const grants =
      st.NotAction !== undefined
        ? ['NotAction ' + JSON.stringify(st.NotAction)]
        : actions.filter((a) => a.toLowerCase() !== COPY_INTO_VAULT_ACTION.toLowerCase()); // wildcards included
    if (grants.length === 0) continue;
    return { statement: st.Sid ? `'${st.Sid}'` : `#${i}`, grants, principals };
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
