import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-vault-policy';
import type { PolicyStatementJson } from '../../../src/checks/model/types';
import { OTHER, SRC, destinationVault, env, route, sourceVault } from '../rules/model-builder';
const DENY: PolicyStatementJson = { Sid: 'NoCopies', Effect: 'Deny', Principal: '*', Action: ['backup:CopyFromBackupVault'], Resource: ['*'] };
const OPEN: PolicyStatementJson = { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: ['backup:CopyIntoBackupVault'], Resource: ['*'] };

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  vaultPolicyDeniesSource: () => {
    const dest = destinationVault({ accessPolicy: undefined });
    return messages.vaultPolicyDeniesSource(dest, [
      { account: SRC, plans: [route({ destination: dest }), route({ destination: dest, planPath: 'SourceStack/Plan2' })], denied: false },
      { account: OTHER, plans: [route({ destination: dest, planPath: 'OtherStack/Plan', sourceEnv: env(OTHER) })], denied: false },
    ]);
  },
  sourceVaultDeniesCopy: () => {
    const r = route();
    return messages.sourceVaultDeniesCopy(sourceVault(), [{ destination: r.destination, route: r, statements: [DENY, DENY] }]);
  },
  vaultPolicyOpenToEveryone: () => messages.vaultPolicyOpenToEveryone(destinationVault(), [OPEN]),
};

const WORDS: Record<string, Wording> = {
  vaultPolicyDeniesSource: {
    messageId: 'vault-policy-denies-source',
    message: 'CAB-VAULT-POLICY: Destination vault "Vault" (BackupStack/Vault) (account 222222222222 in us-east-1) receives '
      + 'cross-account copies from account 111111111111 (backup plan SourceStack/Plan (rule Daily), backup plan '
      + 'SourceStack/Plan2 (rule Daily)) and account 333333333333 (backup plan OtherStack/Plan (rule Daily)), but it '
      + 'has no access policy, so nothing allows them backup:CopyIntoBackupVault. At run time AWS Backup fails the copy '
      + 'job with: "Access Denied trying to call AWS Backup service". Fix: allow the source accounts: new '
      + 'CrossAccountBackupVault(this, \'Vault\', { sourceAccounts: [\'111111111111\', \'333333333333\'] }) (or '
      + 'sourceOrganizationId for the whole organization), or vault.addToAccessPolicy(new iam.PolicyStatement({ '
      + 'actions: [\'backup:CopyIntoBackupVault\'], principals: [new iam.AccountPrincipal(\'111111111111\'), new '
      + 'iam.AccountPrincipal(\'333333333333\')], resources: [\'*\'] })). See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    summary: 'Vault BackupStack/Vault has no access policy for accounts 111111111111 and 333333333333.',
    shortFix: 'use new CrossAccountBackupVault(..., { sourceAccounts: [\'111111111111\', \'333333333333\'] }), or allow them '
      + 'backup:CopyIntoBackupVault.',
    fits: true,
  },
  sourceVaultDeniesCopy: {
    messageId: 'source-vault-denies-copy',
    message: 'CAB-VAULT-POLICY: Source vault "Vault" (SourceStack/Vault) (account 111111111111 in us-east-1) is copied to '
      + 'vault "Vault" (BackupStack/Vault) by backup plan SourceStack/Plan (rule Daily), but its access policy denies '
      + 'backup:CopyFromBackupVault, which AWS Backup checks on the source vault of every copy '
      + '("backup:CopyFromBackupVault on the source vault and backup:CopyIntoBackupVault on the destination vault"): '
      + '{"Sid":"NoCopies","Effect":"Deny","Principal":"*","Action":["backup:CopyFromBackupVault"],"Resource":["*"]}. '
      + 'Fix: remove the Deny statement, or narrow it (for example its backup:CopyTargets condition) so that it spares '
      + 'these destination vaults. See https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.ht'
      + 'ml',
    summary: 'Source vault SourceStack/Vault denies backup:CopyFromBackupVault for copies to vault BackupStack/Vault.',
    shortFix: 'remove the Deny statement, or narrow it (e.g. its backup:CopyTargets condition) to spare these destinations.',
    fits: true,
  },
  vaultPolicyOpenToEveryone: {
    messageId: 'vault-policy-open-to-everyone',
    message: 'CAB-VAULT-POLICY: The access policy of vault "Vault" (BackupStack/Vault) (account 222222222222 in us-east-1) '
      + 'allows every principal with no condition: '
      + '{"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":["backup:CopyIntoBackupVault"],"Resource":["*"]}. '
      + 'AWS Backup accepts cross-account copies only from accounts of the same organization, but within it any account '
      + 'may then use these actions on the vault; AWS\'s examples restrict "*" with aws:PrincipalOrgID or '
      + 'aws:PrincipalOrgPaths. Fix: name the source accounts or restrict the statement to your organization: new '
      + 'CrossAccountBackupVault(this, \'Vault\', { sourceAccounts: [...] }) or { sourceOrganizationId: \'o-...\' }, or add '
      + 'Condition { StringEquals: { \'aws:PrincipalOrgID\': \'o-...\' } } to the statement. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    summary: 'The access policy of vault BackupStack/Vault allows every principal with no condition.',
    shortFix: 'use CrossAccountBackupVault with sourceAccounts or sourceOrganizationId, or add an aws:PrincipalOrgID '
      + 'condition.',
    fits: true,
  },
};

describeWording('CAB-VAULT-POLICY', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));
