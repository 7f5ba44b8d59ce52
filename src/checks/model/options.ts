/**
 * The checks' own options as synth knows them: `Lazy` values (and any other token that resolves to
 * a literal) are resolved in the scope the checks run on; what stays unresolved (a CloudFormation
 * parameter, an import) is dropped from the options and reported as CAB-UNVERIFIABLE, never
 * compared as token text. Not part of the jsii API.
 */
import { CfnParameter, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CheckOptions, Unverifiable } from './types';
import { ACCOUNT_ID_PATTERN, ORGANIZATION_ID_PATTERN } from '../../private/validate';
import { describeValue } from '../policy/normalize';

/** Resolve `value` in `scope` to plain data; undefined when resolution throws. */
function resolveIn(value: unknown, scope: IConstruct): unknown {
  const stack = scope.node.findAll().find(c => Stack.isStack(c)) as Stack | undefined;
  try {
    return stack ? stack.resolve(value) : undefined;
  } catch {
    return undefined;
  }
}

/** `CloudFormation parameter X` for a `Ref` to a parameter of the app, else the generic rendering. */
function describeIn(value: unknown, scope: IConstruct): string {
  return describeValue(value, (name) => {
    if (name.startsWith('AWS::')) return undefined;
    const param = scope.node.findAll().find(c => c instanceof CfnParameter && c.node.id === name);
    return param ? `CloudFormation parameter ${name}` : `the CloudFormation value ${name}`;
  });
}

/** The checks' options as synth knows them, and what could not be resolved. */
export interface ResolvedOptions {
  readonly options: CheckOptions;
  /** One note per option that stayed unresolved (and was dropped). */
  readonly unverifiable: Unverifiable[];
}

/**
 * The options with every token resolved that synth can resolve. Entries it cannot resolve are
 * removed (the affected check is skipped) and returned as notes, which the engine adds to the model
 * when the app copies across accounts. Runs before the model is built, so that every reader of the
 * options (the backup-policy routes, the rules, the report) sees the same values.
 */
export function resolveOptions(options: CheckOptions, scope: IConstruct): ResolvedOptions {
  const hasTokens = [options.organizationId, options.managementAccount, ...(options.organizationAccounts ?? [])]
    .some(v => v !== undefined && Token.isUnresolved(v))
    || (options.organizationAccounts !== undefined && Token.isUnresolved(options.organizationAccounts));
  if (!hasTokens) return { options, unverifiable: [] };

  const notes: Unverifiable[] = [];
  const unknown = (option: string, value: unknown, expected: string): void => {
    notes.push({
      constructPath: scope.node.path,
      subject: `the checks' option ${option}`,
      reason: `it is ${describeIn(value, scope)}, not ${expected} known at synth time, so it was ignored`,
      unknown: ['organization'],
    });
  };
  const single = (option: string, value: string | undefined, pattern: RegExp, expected: string): string | undefined => {
    if (value === undefined || !Token.isUnresolved(value)) return value;
    const resolved = resolveIn(value, scope);
    if (typeof resolved === 'string' && pattern.test(resolved)) return resolved;
    unknown(option, resolved ?? value, expected);
    return undefined;
  };

  let organizationAccounts = options.organizationAccounts;
  if (organizationAccounts !== undefined && (Token.isUnresolved(organizationAccounts) || organizationAccounts.some(a => Token.isUnresolved(a)))) {
    const resolved = resolveIn(organizationAccounts, scope);
    const list = Array.isArray(resolved) ? resolved : [resolved];
    const bad = list.findIndex(a => typeof a !== 'string' || !ACCOUNT_ID_PATTERN.test(a));
    if (bad >= 0) {
      unknown(`organizationAccounts${Array.isArray(resolved) ? `[${bad}]` : ''}`, list[bad] ?? organizationAccounts, 'a 12-digit account id');
      organizationAccounts = undefined;
    } else {
      organizationAccounts = list as string[];
    }
  }
  const resolvedOptions: CheckOptions = {
    ...options,
    organizationId: single('organizationId', options.organizationId, ORGANIZATION_ID_PATTERN, 'an organization id'),
    managementAccount: single('managementAccount', options.managementAccount, ACCOUNT_ID_PATTERN, 'a 12-digit account id'),
    organizationAccounts,
  };
  return { options: resolvedOptions, unverifiable: notes };
}
