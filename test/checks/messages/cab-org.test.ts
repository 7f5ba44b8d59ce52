import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-org';
import { MGMT } from '../../fixtures';
import { OTHER, SRC, destinationVault, env, route } from '../rules/model-builder';

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  accountOutsideOrganization: () => messages.accountOutsideOrganization(route({ destination: destinationVault({ env: env(OTHER) }) }), [OTHER]),
  vaultNamesForeignOrganization: () => messages.vaultNamesForeignOrganization(destinationVault(), ['o-bbbbbbbbbb'], 'o-aaaaaaaaaa', [SRC]),
  settingOutsideManagementAccount: () => messages.settingOutsideManagementAccount('SourceStack/CrossAccountBackup', SRC, MGMT),
  noCrossAccountSetting: () => messages.noCrossAccountSetting(route(), 'o-aaaaaaaaaa', MGMT),
  crossAccountBackupOff: () => messages.crossAccountBackupOff(route(), MGMT, `external facts of account ${MGMT} in us-east-1`),
};

const WORDS: Record<string, Wording> = {
  accountOutsideOrganization: {
    messageId: 'account-outside-organization',
    message: 'CAB-ORG: backup plan SourceStack/Plan (rule Daily) copies from account 111111111111 in us-east-1 to vault '
      + '"Vault" (BackupStack/Vault) in account 333333333333 in us-east-1, but account 333333333333 is not in the '
      + 'declared organization (organizationAccounts). AWS Backup copies across accounts only within one AWS '
      + 'Organization. At run time AWS Backup fails the copy job with: "Copy job failed. Both source and destination '
      + 'account must be a member of the same organization.". Fix: copy only into vaults of accounts in your '
      + 'organization, or, if 333333333333 joined it, add [\'333333333333\'] to organizationAccounts. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    summary: 'Plan SourceStack/Plan copies across accounts, but account 333333333333 is not in the declared organization '
      + '(organizationAccounts).',
    shortFix: 'copy only within your organization, or add [\'333333333333\'] to organizationAccounts if it joined it.',
    fits: true,
  },
  vaultNamesForeignOrganization: {
    messageId: 'vault-names-foreign-organization',
    message: 'CAB-ORG: The access policy of destination vault "Vault" (BackupStack/Vault) admits backup:CopyIntoBackupVault '
      + 'only for organization o-bbbbbbbbbb (aws:PrincipalOrgID / aws:PrincipalOrgPaths), but the source account '
      + '111111111111 is in organization o-aaaaaaaaaa. At run time AWS Backup fails the copy job with: "Access Denied '
      + 'trying to call AWS Backup service". Fix: name your organization in the condition: new '
      + 'CrossAccountBackupVault(this, \'Vault\', { sourceOrganizationId: \'o-aaaaaaaaaa\' }), or correct the '
      + 'aws:PrincipalOrgID value in the vault\'s accessPolicy to \'o-aaaaaaaaaa\'. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    summary: 'The access policy of vault BackupStack/Vault admits only organization o-bbbbbbbbbb, not o-aaaaaaaaaa of the '
      + 'source account 111111111111.',
    shortFix: 'use new CrossAccountBackupVault(..., { sourceOrganizationId: \'o-aaaaaaaaaa\' }), or set aws:PrincipalOrgID to '
      + 'it.',
    fits: true,
  },
  settingOutsideManagementAccount: {
    messageId: 'setting-outside-management-account',
    message: 'CAB-ORG: CrossAccountBackupSetting SourceStack/CrossAccountBackup is deployed to account 111111111111, but the '
      + 'organization\'s management account is 999999999999 (managementAccount). Cross-account backup is an '
      + 'organization-wide switch that only the management account can turn on (backup:UpdateGlobalSettings returns an '
      + 'error in any other account); until it is on, AWS Backup refuses every cross-account copy in the organization. '
      + 'Deployed here, its custom resource fails and cross-account backup stays off. At run time AWS Backup fails the '
      + 'copy job with: "Copy job failed. Cross-account copy feature is not enabled for the current organization.". '
      + 'Fix: move the CrossAccountBackupSetting to a stack with env { account: \'999999999999\' } (any one Region: the '
      + 'setting is global), or correct managementAccount. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    summary: 'CrossAccountBackupSetting SourceStack/CrossAccountBackup is in account 111111111111, not in management account '
      + '999999999999: it fails there.',
    shortFix: 'move it to a stack with env { account: \'999999999999\' }, or correct managementAccount.',
    fits: true,
  },
  noCrossAccountSetting: {
    messageId: 'no-cross-account-setting',
    message: 'CAB-ORG: backup plan SourceStack/Plan (rule Daily) copies from account 111111111111 in us-east-1 to vault '
      + '"Vault" (BackupStack/Vault) in account 222222222222 in us-east-1, but the app has no '
      + 'CrossAccountBackupSetting, so nothing in it switches cross-account backup on for organization o-aaaaaaaaaa. '
      + 'Cross-account backup is an organization-wide switch that only the management account can turn on '
      + '(backup:UpdateGlobalSettings returns an error in any other account); until it is on, AWS Backup refuses every '
      + 'cross-account copy in the organization. At run time AWS Backup fails the copy job with: "Copy job failed. '
      + 'Cross-account copy feature is not enabled for the current organization.". Fix: add new '
      + 'CrossAccountBackupSetting(this, \'CrossAccountBackup\') to a stack of account 999999999999 (in this app or '
      + 'another one). If cross-account backup is already on (AWS Backup console > Settings > Cross-account backup, in '
      + 'the management account), acknowledge this warning on this plan: Validations.of(plan).acknowledge({ id: '
      + '\'CAB-ORG\', reason: \'...\' }). See https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-ba'
      + 'ckup.html',
    summary: 'Plan SourceStack/Plan copies across accounts, and nothing in the app turns cross-account backup on for '
      + 'o-aaaaaaaaaa.',
    shortFix: 'add a CrossAccountBackupSetting to a stack of account 999999999999, or acknowledge if it is on.',
    fits: true,
  },
  crossAccountBackupOff: {
    messageId: 'cross-account-backup-off',
    message: 'CAB-ORG: backup plan SourceStack/Plan (rule Daily) copies from account 111111111111 in us-east-1 to vault '
      + '"Vault" (BackupStack/Vault) in account 222222222222 in us-east-1, but cross-account backup is off in the '
      + 'management account 999999999999 according to the external facts of account 999999999999 in us-east-1 '
      + '(DescribeGlobalSettings: isCrossAccountBackupEnabled false), and the app has no CrossAccountBackupSetting to '
      + 'turn it on. Cross-account backup is an organization-wide switch that only the management account can turn on '
      + '(backup:UpdateGlobalSettings returns an error in any other account); until it is on, AWS Backup refuses every '
      + 'cross-account copy in the organization. At run time AWS Backup fails the copy job with: "Copy job failed. '
      + 'Cross-account copy feature is not enabled for the current organization.". Fix: add new '
      + 'CrossAccountBackupSetting(this, \'CrossAccountBackup\') to a stack of account 999999999999 (in this app or '
      + 'another one), or turn it on in the AWS Backup console (Settings > Cross-account backup) of that account; then '
      + 'read the facts again with cdk-cross-account-backup lookup. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    summary: 'Plan SourceStack/Plan copies across accounts, but cross-account backup is off (external facts) and nothing in '
      + 'the app turns it on.',
    shortFix: 'add a CrossAccountBackupSetting to a stack of account 999999999999, then run lookup again.',
    fits: true,
  },
};

describeWording('CAB-ORG', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));
