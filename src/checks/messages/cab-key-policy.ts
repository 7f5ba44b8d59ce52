/** Message text of CAB-KEY-POLICY. */
import type { MessageParts } from '../finding';
import { DOCS, accountsLiteral, envText, listText } from './common';
import type { KeyModel, ResourceTypeId } from '../model/types';

/** One destination account the key policy fails. */
export interface KeyPolicyGap {
  readonly account: string;
  readonly principalArn: string;
  readonly missing: readonly string[];
  readonly denied: readonly string[];
}

/** What the key encrypts on the failing copy: a resource, or a source vault (fully managed resources). */
export interface KeyUse {
  /** `Amazon RDS DB instance Stack/Db` or `source vault "X" (Stack/Vault) of backup plan ...`. */
  readonly text: string;
  /** Resource type whose job error applies, when the key is a resource key. */
  readonly resourceType?: ResourceTypeId;
}

function awsErrorFor(key: KeyModel, use: KeyUse): string {
  switch (use.resourceType) {
    case 'RDS':
    case 'Aurora':
    case 'DocumentDB':
    case 'Neptune':
    case 'RDSFamilyCluster':
      return `The source snapshot KMS key [${key.reference}] does not exist, is not enabled or you do not have permissions to access it`;
    case 'EC2':
      return 'AMI snapshot copy failed with error: Given key ID is not accessible. You must have DescribeKey permissions on the default key';
    default:
      return 'Given key ID is not accessible';
  }
}

/** A customer managed key whose policy does not let the destination account(s) use it. */
export function keyPolicyDeniesDestination(key: KeyModel, uses: readonly KeyUse[], gaps: readonly KeyPolicyGap[]): MessageParts {
  const accounts = gaps.map((g) => g.account);
  const details = gaps.map((g) => {
    const denied = g.denied.length > 0 ? ` (explicitly denied: ${g.denied.join(', ')})` : '';
    return `account ${g.account} (principal ${g.principalArn}) is not allowed ${g.missing.join(', ')}${denied}`;
  });
  const anyDenied = gaps.some((g) => g.denied.length > 0);
  return {
    problem: `KMS key ${key.constructPath ?? key.reference} (${envText(key.env)}) encrypts ${listText(uses.map((u) => u.text))}, `
      + `which ${uses.length === 1 ? 'is' : 'are'} copied to ${listText(accounts.map((a) => `account ${a}`))}. The copy is made `
      + `by the destination account's AWS Backup service-linked role, but the key policy does not let it use the key: ${details.join('; ')}.`,
    awsError: awsErrorFor(key, uses[0]),
    fix: `${anyDenied ? 'remove the Deny statements that match the destination account, and ' : ''}allow `
      + `${listText(accounts.map((a) => `arn:aws:iam::${a}:root`))} kms:DescribeKey, kms:Decrypt, kms:ReEncrypt*, `
      + 'kms:GenerateDataKey* and kms:CreateGrant (with the condition Bool kms:GrantIsForAWSResource = true) in the key '
      + 'policy (key.addToResourcePolicy(...)), or create the key as new CopyCompatibleKmsKey(this, \'Key\', { destinationAccounts: '
      + `${accountsLiteral(accounts)} }).`,
    docUrl: DOCS.keyNotAccessible,
  };
}
