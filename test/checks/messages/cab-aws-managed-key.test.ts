import { describeWording, messageFunctions, type Wording } from './wording';
import type { MessageParts } from '../../../src/checks/finding';
import * as messages from '../../../src/checks/messages/cab-aws-managed-key';
import { DST, SRC, awsManagedKey, destinationVault, env, resource, route } from '../rules/model-builder';

/** Exported functions of the module that are not messages. */
const NOT_MESSAGES: string[] = [];

const CASES: Record<string, () => MessageParts> = {
  awsManagedKeyAcrossAccounts: () => {
    const db = resource('RDS', { key: awsManagedKey('aws/rds', 'service-default') });
    return messages.awsManagedKeyAcrossAccounts(route({ resources: [db] }), db, db.key!, [DST]);
  },
  awsManagedKeyIntoAirGappedVault: () => {
    const volume = resource('EBS', { key: awsManagedKey('aws/ebs') });
    const r = route({ resources: [volume], destination: destinationVault({ path: 'BackupStack/AirGapped', airGapped: true, env: env(SRC, 'us-west-2') }) });
    return messages.awsManagedKeyIntoAirGappedVault(r, volume, volume.key!, [SRC]);
  },
};

const WORDS: Record<string, Wording> = {
  awsManagedKeyAcrossAccounts: {
    messageId: 'aws-managed-key-across-accounts',
    message: 'CAB-AWS-MANAGED-KEY: Amazon RDS DB instance SourceStack/Db is encrypted with the service\'s default AWS managed '
      + 'key (aws/rds) (encryption is on and no key is given), and backup plan SourceStack/Plan (rule Daily) copies it '
      + 'from account 111111111111 in us-east-1 to vault "Vault" (BackupStack/Vault) in account 222222222222 in '
      + 'us-east-1. Its backups keep that key (AWS Backup does not fully manage the type Amazon RDS DB instance), and '
      + 'AWS managed keys cannot be shared with another account. At run time AWS Backup fails the copy job with: '
      + '"Snapshots encrypted with the AWS managed key can\'t be shared. Specify another snapshot.". Fix: encrypt it '
      + 'with a customer managed key that account 222222222222 may use: const key = new CopyCompatibleKmsKey(this, '
      + '\'Key\', { destinationAccounts: [\'222222222222\'] }), passed as new rds.DatabaseInstance(..., { '
      + 'storageEncryptionKey: key }). The key of an existing resource cannot be changed in place: restore a snapshot '
      + 'into a new resource encrypted with the new key. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html',
    summary: 'Amazon RDS DB instance SourceStack/Db is encrypted with aws/rds, which account 222222222222 cannot use.',
    shortFix: 're-create it encrypted with new CopyCompatibleKmsKey(..., { destinationAccounts: [\'222222222222\'] }).',
    fits: true,
  },
  awsManagedKeyIntoAirGappedVault: {
    messageId: 'aws-managed-key-into-air-gapped-vault',
    message: 'CAB-AWS-MANAGED-KEY: Amazon EBS volume SourceStack/Volume is encrypted with the AWS managed key aws/ebs, and '
      + 'backup plan SourceStack/Plan (rule Daily) copies it from account 111111111111 in us-east-1 to vault '
      + '"AirGapped" (BackupStack/AirGapped) in account 111111111111 in us-west-2, a logically air-gapped vault. '
      + 'Backups of types AWS Backup does not fully manage (Amazon EBS volume) keep the resource\'s key, and a logically '
      + 'air-gapped vault accepts them only encrypted with a customer managed key. At run time AWS Backup fails the '
      + 'copy job with: "This resource is encrypted with an AWS managed key and cannot be copied to a logically '
      + 'air-gapped backup vault.". Fix: encrypt it with a customer managed key: const key = new kms.Key(this, \'Key\'), '
      + 'passed as new ec2.Volume(..., { encrypted: true, encryptionKey: key }). The key of an existing resource cannot '
      + 'be changed in place: restore a snapshot into a new resource encrypted with the new key. See '
      + 'https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html',
    summary: 'Amazon EBS volume SourceStack/Volume is encrypted with aws/ebs; the logically air-gapped vault '
      + 'BackupStack/AirGapped needs a customer managed key.',
    shortFix: 're-create it encrypted with a customer managed key (new kms.Key(...)).',
    fits: true,
  },
};

describeWording('CAB-AWS-MANAGED-KEY', CASES, WORDS, messageFunctions(messages, NOT_MESSAGES));
