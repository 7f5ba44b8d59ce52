/**
 * `cdk-cross-account-backup lookup`: reads facts about what an app imports (vaults, keys, the
 * organization, account settings) from AWS and writes an external-facts file for
 * `ExternalFacts.fromFile` / `check --facts`. Not part of the jsii API.
 *
 * Exit codes: 0 written (facts that could not be read are recorded in the file as `unreadable`),
 * 1 with `--strict` when any fact was unreadable, 2 bad usage, the AWS SDK missing, or the file not written.
 */
import * as path from 'path';
import { parseArgs } from 'util';
import { readAssembly } from './inputs';
import type { CliIo } from './main';
import { writeOutput } from './output';
import { bootstrapLookupRoleName, LookupClients, LookupTarget, lookupFacts, sdkClients, SdkMissingError } from '../../facts/lookup';
import type { FactsDocument } from '../../facts/types';

export const LOOKUP_USAGE = `Usage:
  cdk-cross-account-backup lookup --from <cloud-assembly-dir> [options]
  cdk-cross-account-backup lookup --accounts <id,id,...> --regions <region,...> [--arn <arn>] ... [options]

Reads from AWS what the checks cannot know at synth time (vaults and keys outside the app, the
organization, AWS Backup global and Region settings, effective tag policies) and writes an
external-facts file for \`check --facts <file>\` or \`ExternalFacts.fromFile\`. Read-only calls only;
the IAM policy is in docs/facts.md. Exit code: 0 written, 1 with --strict when a fact was
unreadable, 2 bad usage or the AWS SDK missing.

What to read:
  --from <cloud-assembly-dir>            every account and Region of the app's stacks, and every
                                         vault and key ARN its templates name
  --accounts <id,id,...>                 accounts to read (repeatable, or comma-separated)
  --regions <region,...>                 their Regions (repeatable, or comma-separated)
  --arn <arn>                            a vault or key ARN to read (repeatable)

How to get in (default: the CDK bootstrap lookup role of each account):
  --qualifier <qualifier>                the bootstrap qualifier (default hnb659fds):
                                         cdk-<qualifier>-lookup-role-<account>-<region>
  --role-name <name>                     another role ({account} and {region} are replaced)
  --current-credentials                  no role: the current credentials (one account only)

Output:
  --output <file>                        write there (default: standard output)
  --strict                               exit 1 when any fact was unreadable
  --concurrency <n>                      accounts read at once (default 4)
  --help
`;

interface LookupArgs {
  readonly help: boolean;
  readonly from?: string;
  readonly accounts: string[];
  readonly regions: string[];
  readonly arns: string[];
  readonly roleName?: string;
  readonly output?: string;
  readonly strict: boolean;
  readonly concurrency: number;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ARN = /arn:aws[a-z-]*:(?:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]{2,50}|kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+)/g;

const list = (v: string[] | undefined): string[] => (v ?? []).flatMap(s => s.split(',')).map(s => s.trim()).filter(s => s !== '');

/** Parse the arguments of `lookup` (after the command); throws with a one-line message on bad usage. */
export function parseLookupArgs(argv: string[]): LookupArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'from': { type: 'string' },
      'accounts': { type: 'string', multiple: true },
      'regions': { type: 'string', multiple: true },
      'arn': { type: 'string', multiple: true },
      'qualifier': { type: 'string' },
      'role-name': { type: 'string' },
      'current-credentials': { type: 'boolean' },
      'output': { type: 'string' },
      'strict': { type: 'boolean' },
      'concurrency': { type: 'string' },
      'help': { type: 'boolean', short: 'h' },
    },
  });
  const empty: LookupArgs = { help: true, accounts: [], regions: [], arns: [], strict: false, concurrency: 4 };
  if (values.help) return empty;
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]}: give the cloud assembly with --from <dir>.`);
  const accounts = list(values.accounts);
  const regions = list(values.regions);
  const arns = list(values.arn);
  for (const a of accounts) if (!ACCOUNT.test(a)) throw new Error(`--accounts ${a}: expected a 12-digit account id.`);
  for (const r of regions) if (!REGION.test(r)) throw new Error(`--regions ${r}: expected a Region code such as eu-west-1.`);
  for (const a of arns) if (!new RegExp(`^(?:${ARN.source})$`).test(a)) throw new Error(`--arn ${a}: expected a backup vault ARN or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>).`);
  if (values.from === undefined && accounts.length === 0 && arns.length === 0) {
    throw new Error('nothing to read: give --from <cloud-assembly-dir>, or --accounts with --regions (and --arn for vaults and keys).');
  }
  const roleOptions = [values.qualifier !== undefined, values['role-name'] !== undefined, values['current-credentials'] === true].filter(Boolean).length;
  if (roleOptions > 1) throw new Error('give one of --qualifier, --role-name and --current-credentials.');
  if (values.qualifier !== undefined && !/^[A-Za-z0-9]{1,10}$/.test(values.qualifier)) throw new Error(`--qualifier ${values.qualifier}: expected the bootstrap qualifier (up to 10 letters and digits).`);
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new Error(`--concurrency ${values.concurrency}: expected a whole number from 1 to 64.`);
  return {
    help: false,
    from: values.from,
    accounts,
    regions,
    arns,
    roleName: values['current-credentials'] ? undefined : values['role-name'] ?? bootstrapLookupRoleName(values.qualifier),
    output: values.output,
    strict: values.strict === true,
    concurrency,
  };
}

/** Accounts with their Regions and ARNs: from the flags and, with `--from`, the cloud assembly. */
export function lookupTargets(args: LookupArgs, cwd: string): LookupTarget[] {
  const byAccount = new Map<string, { regions: Set<string>; vaults: Set<string>; keys: Set<string> }>();
  const entry = (account: string) => {
    let e = byAccount.get(account);
    if (!e) byAccount.set(account, e = { regions: new Set(), vaults: new Set(), keys: new Set() });
    return e;
  };
  const addArn = (arn: string) => {
    const [, , service, region, account] = arn.split(':');
    const e = entry(account);
    e.regions.add(region);
    (service === 'backup' ? e.vaults : e.keys).add(arn);
  };
  for (const a of args.accounts) for (const r of args.regions) entry(a).regions.add(r);
  for (const a of args.accounts) entry(a);
  for (const arn of args.arns) addArn(arn);
  if (args.from !== undefined) {
    for (const stack of readAssembly(path.resolve(cwd, args.from))) {
      if (stack.account && ACCOUNT.test(stack.account)) {
        const e = entry(stack.account);
        if (stack.region && REGION.test(stack.region)) e.regions.add(stack.region);
      }
      const templates = [stack.template, ...(stack.nested ?? []).map(n => n.template)];
      for (const t of templates) for (const m of JSON.stringify(t.template).matchAll(ARN)) addArn(m[0]);
    }
  }
  return [...byAccount.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([account, e]) => ({
    account,
    regions: [...e.regions].sort(),
    vaultArns: [...e.vaults].sort(),
    keyArns: [...e.keys].sort(),
  }));
}

/** Run `lookup`; resolves to the exit code. `clients` replaces the AWS SDK (tests). */
export async function runLookup(argv: string[], io: CliIo & { readonly stderr: { readonly isTTY?: boolean; write(s: string): unknown } },
  clients?: LookupClients): Promise<number> {
  let args: LookupArgs;
  let targets: LookupTarget[];
  try {
    args = parseLookupArgs(argv);
    if (args.help) { io.stdout.write(LOOKUP_USAGE); return 0; }
    targets = lookupTargets(args, io.cwd);
    if (args.roleName === undefined && targets.length > 1) {
      throw new Error(`--current-credentials reads one account, but ${targets.length} are to be read (${targets.map(t => t.account).join(', ')}): use the lookup role, or one account.`);
    }
    if (targets.length === 0) throw new Error(`${args.from}: the cloud assembly names no account (its stacks are environment-agnostic); give --accounts and --regions.`);
  } catch (e) {
    io.stderr.write(`cdk-cross-account-backup lookup: ${(e as Error).message}\n`);
    return 2;
  }
  let facts: FactsDocument;
  try {
    facts = await lookupFacts({
      targets,
      clients: clients ?? sdkClients(),
      roleName: args.roleName,
      concurrency: args.concurrency,
      progress: io.stderr.isTTY === true ? (line) => io.stderr.write(`${line}\n`) : undefined,
    });
  } catch (e) {
    if (e instanceof SdkMissingError) {
      io.stderr.write(`cdk-cross-account-backup lookup: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (!writeOutput(io, 'cdk-cross-account-backup lookup', args.output, `${JSON.stringify(facts, undefined, 2)}\n`)) return 2;
  const unreadable = facts.unreadable ?? [];
  if (unreadable.length > 0) {
    const accounts = [...new Set(unreadable.map(u => u.account))].sort();
    io.stderr.write(`cdk-cross-account-backup lookup: ${unreadable.length} fact(s) could not be read (accounts ${accounts.join(', ')}); `
      + 'they are listed under "unreadable" in the file, and the checks report what they leave unknown as CAB-UNVERIFIABLE.\n');
  }
  return args.strict && unreadable.length > 0 ? 1 : 0;
}
