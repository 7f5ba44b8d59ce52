/**
 * Text fragments shared by the rule messages: how routes, vaults, accounts and resources are named.
 * Not part of the jsii API.
 */
import { capabilityOf } from '../capabilities/queries';
import type { CopyRoute, Env, KeyModel, ResourceModel, ResourceTypeId, VaultModel } from '../model/types';

/** AWS documentation pages the messages link to. */
export const DOCS = {
  crossAccount: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
  featureAvailability: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html',
  regions: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-region',
  encryption: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html',
  advancedDynamoDb: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html',
  troubleshootCrossAccount: 'https://repost.aws/knowledge-center/backup-troubleshoot-cross-account-copy',
  keyNotAccessible: 'https://repost.aws/knowledge-center/backup-cross-account-copy-error',
  accessDenied: 'https://repost.aws/knowledge-center/backup-resolve-access-denied-error',
  tagPolicies: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.html',
  /**
   * The page that states how AWS authorizes a copy ("backup:CopyFromBackupVault on the source vault and
   * backup:CopyIntoBackupVault on the destination vault"); AWS documents no job error text for the refusal.
   */
  copyAuthorization: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html',
} as const;

/** `account 111111111111 in eu-west-1`, with `an unknown ...` for what synth does not know. */
export function envText(env: Env): string {
  const account = env.account ? `account ${env.account}` : 'an unknown account';
  const region = env.region ? `in ${env.region}` : 'in an unknown Region';
  return `${account} ${region}`;
}

/** `vault "Name" (Stack/Vault)` or `vault arn:aws:backup:...`. */
export function vaultText(vault: VaultModel): string {
  const where = vault.constructPath ?? vault.arn ?? vault.id;
  return vault.name ? `vault "${vault.name}" (${where})` : `vault ${where}`;
}

/** `backup plan Stack/Plan (rule Daily)`, or for a backup policy's route the policy, plan, account and target. */
export function planText(route: Pick<CopyRoute, 'planPath' | 'ruleName'> & Partial<Pick<CopyRoute, 'policy' | 'planName'>>): string {
  const p = route.policy;
  if (p) {
    return `backup policy ${p.policyPath} (plan ${route.planName}, rule ${route.ruleName}, in account ${p.account} ${p.region}, `
      + `attached to ${p.targetId})`;
  }
  return `backup plan ${route.planPath} (rule ${route.ruleName})`;
}

/** `from account 111... in us-east-1 to vault "X" (...) in account 222... in us-west-2`. */
export function routeText(route: Pick<CopyRoute, 'source' | 'destination'>): string {
  return `from ${envText(route.source.env)} to ${vaultText(route.destination)} in ${envText(route.destination.env)}`;
}

/** `Amazon RDS DB instance Stack/Db`, or `any Amazon RDS DB instance matching arn:aws:rds:*:*:db:*`. */
export function resourceText(resource: ResourceModel): string {
  const name = capabilityOf(resource.type).displayName;
  // An ARN pattern of a selection stands for every resource of the type it matches.
  if (!resource.inApp && resource.arn !== undefined && /[*?]/.test(resource.arn)) return `any ${name} matching ${resource.arn}`;
  return `${name} ${resource.constructPath ?? resource.arn ?? resource.id}`;
}

/** AWS Backup's name for the type in its error messages (`RDS`, `FSx`, ...). */
export function backupTypeName(type: ResourceTypeId): string {
  const row = capabilityOf(type);
  return row.backupResourceType ?? row.displayName;
}

/**
 * The "Feature is not supported for provided resource type." job error, with the route's Regions
 * substituted (facts §2.6, S-RP1).
 */
export function featureNotSupportedError(type: ResourceTypeId, sourceRegion?: string, destinationRegion?: string): string {
  return `Copy job from ${sourceRegion ?? '<source Region>'} to ${destinationRegion ?? '<destination Region>'} cannot be initiated for `
    + `${backupTypeName(type)} resources. Feature is not supported for provided resource type.`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `['111111111111']` as TypeScript source. */
export function accountsLiteral(accounts: readonly string[]): string {
  return `[${accounts.map((a) => `'${a}'`).join(', ')}]`;
}

/** How `details` names a resource: its construct path, else its ARN (or ARN pattern), else its model id. */
export function resourceId(resource: ResourceModel): string {
  return resource.constructPath ?? resource.arn ?? resource.id;
}

/** How `details` names a vault: its construct path, else its ARN, else its model id. */
export function vaultId(vault: VaultModel): string {
  return vault.constructPath ?? vault.arn ?? vault.id;
}

/** How `details` names a key: its construct path, else its reference (ARN, alias or token). */
export function keyId(key: KeyModel): string {
  return key.constructPath ?? key.reference;
}

/** The resource types of `resources`, each once, in order. */
export function typesOf(resources: readonly ResourceModel[]): ResourceTypeId[] {
  return [...new Set(resources.map((r) => r.type))];
}

/** How many names the short forms spell out before `and N more`. */
export const SHORT_NAMES = 2;

/** `a`, `a and b`, `a, b and 3 more`: the first `max` of `items` (`total` in all), for a summary. */
export function someText(items: readonly string[], max: number = SHORT_NAMES, total: number = items.length): string {
  if (total <= max && items.length === total) return listText(items);
  const shown = items.slice(0, max);
  return `${shown.join(', ')} and ${(total - shown.length).toLocaleString('en-US')} more`;
}

/** `account 111111111111`, `accounts 111111111111 and 222222222222`, `accounts 1, 2 and 3 more`. */
export function accountsText(accounts: readonly string[]): string {
  return `${accounts.length === 1 ? 'account' : 'accounts'} ${someText(accounts)}`;
}

/** `vault Stack/Vault` (short form: its construct path, else its ARN). */
export function vaultShort(vault: VaultModel): string {
  return `vault ${vaultId(vault)}`;
}

/** `plan Stack/Plan`, or `backup policy Org/Policy` (short form: no rule, no target). */
export function planShort(route: Pick<CopyRoute, 'planPath'> & Partial<Pick<CopyRoute, 'policy'>>): string {
  return route.policy ? `backup policy ${route.policy.policyPath}` : `plan ${route.planPath}`;
}

/** `text` with its first letter in upper case (a sentence that starts with a generated name). */
export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
