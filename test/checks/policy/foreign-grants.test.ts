/**
 * findForeignGrant over policy documents as CloudFormation receives them (the vault constructs'
 * errors that word it are tested in test/constructs).
 */
import { findForeignGrant } from '../../../src/checks/policy/foreign-grants';
import { DST, OTHER, SRC } from '../../fixtures';

/** The vault's own account. */
const VAULT = DST;

const allow = (principal: unknown, action: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: principal, Action: action, Resource: '*', ...extra });
const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
/** `arn:${AWS::Partition}:iam::<account>:root`, as CDK renders an account principal. */
const root = (account: unknown) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', account, ':root']] });

describe('findForeignGrant', () => {
  test('another account granted more than CopyIntoBackupVault: the statement, what it grants beyond the copy and to whom', () => {
    expect(findForeignGrant(doc(allow({ AWS: root(OTHER) }, ['backup:CopyIntoBackupVault', 'backup:StartRestoreJob'], { Sid: 'Restore' })), VAULT))
      .toEqual({ statement: "'Restore'", grants: ['backup:StartRestoreJob'], principals: [`arn:aws:iam::${OTHER}:root`] });
  });

  test('the first offending statement, by index without a Sid; only the foreign principals', () => {
    const grant = findForeignGrant(doc(
      allow({ AWS: root(SRC) }, 'backup:CopyIntoBackupVault'),
      allow({ AWS: [root({ Ref: 'AWS::AccountId' }), `arn:aws:iam::${OTHER}:role/Restorer`, SRC] }, 'backup:*'),
      allow('*', 'backup:DescribeBackupVault', { Sid: 'Later' }),
    ), VAULT);
    expect(grant).toEqual({ statement: '#1', grants: ['backup:*'], principals: [`arn:aws:iam::${OTHER}:role/Restorer`, SRC] });
  });

  test.each([
    ['Principal *', '*', 'backup:ListRecoveryPointsByBackupVault', ['*']],
    ['AWS *', { AWS: '*' }, 'backup:ListRecoveryPointsByBackupVault', ['*']],
    ['an STS session of another account', { AWS: `arn:aws:sts::${OTHER}:assumed-role/R/s` }, 'backup:StartRestoreJob', [`arn:aws:sts::${OTHER}:assumed-role/R/s`]],
    ['a wildcard that covers the copy and more', { AWS: OTHER }, 'backup:Copy*', [OTHER]],
  ])('%s is foreign', (_what, principal, action, principals) => {
    expect(findForeignGrant(doc(allow(principal, action)), VAULT)).toEqual({ statement: '#0', grants: [action], principals });
  });

  test('NotAction grants everything else, whatever it lists', () => {
    expect(findForeignGrant(doc(allow({ AWS: OTHER }, undefined, { NotAction: ['backup:DeleteBackupVault'] })), VAULT)?.grants)
      .toEqual(['NotAction ["backup:DeleteBackupVault"]']);
  });

  test('an action that cannot be rendered is not the copy action', () => {
    expect(findForeignGrant(doc(allow({ AWS: OTHER }, { 'Fn::If': ['C', 'backup:CopyIntoBackupVault', 'backup:StartRestoreJob'] })), VAULT)?.grants)
      .toEqual(['<token>']);
  });

  test.each([
    ['only CopyIntoBackupVault, in any case', doc(allow({ AWS: [OTHER, '*'] }, ['backup:CopyIntoBackupVault', 'BACKUP:copyintobackupvault']))],
    ['principals of the vault account', doc(allow({ AWS: [VAULT, root(VAULT), root({ Ref: 'AWS::AccountId' }), `arn:aws:iam::${VAULT}:role/Ops`] }, 'backup:*'))],
    ['a service principal', doc(allow({ Service: 'backup.amazonaws.com' }, 'backup:DescribeBackupVault'))],
    ['a Deny', doc({ Effect: 'Deny', Principal: '*', Action: 'backup:DeleteBackupVault', Resource: '*' })],
    ['a principal that cannot be rendered', doc(allow({ AWS: { 'Fn::GetAtt': ['Role', 'Arn'] } }, 'backup:StartRestoreJob'))],
    ['no statements', doc()],
    ['not a document', 'not a policy'],
    ['nothing', undefined],
  ])('nothing foreign: %s', (_what, policy) => {
    expect(findForeignGrant(policy, VAULT)).toBeUndefined();
  });

  test('without an own account (environment-agnostic), literal accounts are let through and * is still foreign', () => {
    expect(findForeignGrant(doc(allow({ AWS: [OTHER, root(OTHER)] }, 'backup:StartRestoreJob')), undefined)).toBeUndefined();
    expect(findForeignGrant(doc(allow({ AWS: root({ Ref: 'AWS::AccountId' }) }, 'backup:StartRestoreJob')), undefined)).toBeUndefined();
    expect(findForeignGrant(doc(allow({ AWS: [OTHER, '*'] }, 'backup:StartRestoreJob')), undefined)?.principals).toEqual(['*']);
  });
});
