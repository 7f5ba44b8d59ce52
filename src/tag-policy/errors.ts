/**
 * Bad tag policy input: malformed JSON, an unknown `@@` operator, a setting of the wrong shape, ...
 *
 * Thrown by `TagPolicy.fromJson`, `TagPolicy.fromFile`, `TagPolicy.effective` and
 * `TagPolicy.attachedTogether`. The message names the policy (file path or the name given to
 * `fromJson`), the path inside the JSON (for example `tags.costcenter.tag_value`), what was found
 * and what is expected.
 *
 * Not part of the jsii API (jsii cannot export subclasses of `Error`); TypeScript users can test
 * `error.name === 'TagPolicyError'`.
 */
export class TagPolicyError extends Error {
  /** The policy the error is in: a file path, or the name given to `TagPolicy.fromJson`. */
  public readonly source: string;
  /** Path inside the JSON document, e.g. `tags.costcenter.tag_value` (empty for the whole document). */
  public readonly jsonPath: string;

  constructor(source: string, jsonPath: string, problem: string) {
    super(`Invalid tag policy ${source}${jsonPath ? ` at ${jsonPath}` : ''}: ${problem}`);
    this.name = 'TagPolicyError';
    this.source = source;
    this.jsonPath = jsonPath;
    Object.setPrototypeOf(this, TagPolicyError.prototype);
  }
}
