/**
 * Bad backup policy input: malformed JSON, an unknown key, an operator in the wrong place, a bad
 * ARN, a variable where AWS Backup does not replace it, ...
 *
 * Thrown by `BackupPolicy.fromJson`, `BackupPolicy.fromFile`, `BackupPolicy.fromPlans`,
 * `BackupPolicy.effective` and `BackupPolicy.attachedTogether`. The message names the policy (file
 * path or the name given to `fromJson`), the path inside the JSON (for example
 * `plans.daily.rules.nightly.copy_actions`), what was found and what to write instead.
 *
 * Not part of the jsii API (jsii cannot export subclasses of `Error`); TypeScript users can test
 * `error.name === 'BackupPolicyError'`.
 */
export class BackupPolicyError extends Error {
  /** The policy the error is in: a file path, or the name given to `BackupPolicy.fromJson`. */
  public readonly source: string;
  /** Path inside the JSON document, e.g. `plans.daily.regions` (empty for the whole document). */
  public readonly jsonPath: string;

  constructor(source: string, jsonPath: string, problem: string) {
    super(`Invalid backup policy ${source}${jsonPath ? ` at ${jsonPath}` : ''}: ${problem}`);
    this.name = 'BackupPolicyError';
    this.source = source;
    this.jsonPath = jsonPath;
    Object.setPrototypeOf(this, BackupPolicyError.prototype);
  }
}
