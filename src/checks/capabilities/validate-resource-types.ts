/**
 * Validation of AWS Backup ResourceType strings given by users (`optedInResourceTypes`,
 * `ResourceTypeOptInSetting`), against the capability table. Not part of the jsii API.
 */
import { backupResourceTypeNames, unknownBackupResourceTypes } from './queries';

/**
 * Throws when `names` (undefined: nothing to check) is empty, lists a name twice, or holds a string
 * that is not an AWS Backup ResourceType of the capability table. `isToken` tells unresolved values,
 * which are left alone.
 */
export function validateBackupResourceTypes(
  names: readonly string[] | undefined,
  where: string,
  isToken: (value: string) => boolean = () => false,
): void {
  if (names === undefined) return;
  const literal = names.filter((n) => !isToken(n));
  if (names.length === 0) {
    throw new Error(`${where} is empty; list the AWS Backup resource types to opt in, for example ['Aurora'].`);
  }
  const duplicate = literal.find((n, i) => literal.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`${where} lists '${duplicate}' twice; list each resource type once.`);
  const unknown = unknownBackupResourceTypes(literal);
  if (unknown.length > 0) {
    const [first] = unknown;
    const hint = first.suggestion ? `did you mean '${first.suggestion}'? ` : '';
    throw new Error(`${where} holds '${first.name}', which is not an AWS Backup resource type name; ${hint}`
      + `use one of ${backupResourceTypeNames().map((n) => `'${n}'`).join(', ')}.`);
  }
}
