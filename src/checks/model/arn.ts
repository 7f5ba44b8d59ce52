/**
 * Literal ARN parsing and wildcard matching for the model builder (no tokens here: callers
 * flatten values first).
 */

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the account: `db:mydb`, `table/Orders`, `backup-vault:name`. */
  readonly resource: string;
}

/** Parse `arn:partition:service:region:account:resource`; undefined when it is not an ARN. */
export function parseArn(arn: string): ParsedArn | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return {
    partition: parts[1],
    service: parts[2],
    region: parts[3],
    account: parts[4],
    resource: parts.slice(5).join(':'),
  };
}

/** True when the string holds `*` or `?` wildcards. */
export function isWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

const globCache = new Map<string, RegExp>();

/** Case-sensitive glob match with `*` and `?` (AWS Backup selection and StringLike semantics). */
export function globMatch(pattern: string, value: string): boolean {
  if (!isWildcard(pattern)) return pattern === value;
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's');
    globCache.set(pattern, re);
  }
  return re.test(value);
}

/** `alias/aws/rds` or `arn:...:alias/aws/rds` -> `aws/rds`; otherwise undefined. */
export function awsManagedAlias(keyRef: string): string | undefined {
  const m = /(?:^|:)alias\/(aws\/[^/]+)$/.exec(keyRef);
  return m ? m[1] : undefined;
}
