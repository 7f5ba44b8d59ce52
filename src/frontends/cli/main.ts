/**
 * `cdk-cross-account-backup check`: the checks of `CrossAccountCopyChecks` on a cloud assembly
 * (`cdk.out`) or on CloudFormation templates, without changing the app. Not part of the jsii API.
 *
 * Exit codes: 0 no error, 1 errors found, 2 bad usage or unreadable input.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseArgs } from 'util';
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { readAssembly, StackInput, templateInput } from './inputs';
import { runLookup } from './lookup';
import { optionHelp, parseArgsOptions, propsFromConfig, propsFromFlags } from './options';
import { writeOutput } from './output';
import { rebuildApp, RebuiltApp } from './rebuild-app';
import { renderText } from './render-text';
import { InputError } from './template-file';
import { CheckResult, runChecks } from '../../checks/engine';
import type { Finding } from '../../checks/finding';
import type { CheckOptions } from '../../checks/model/types';
import { stringifyJsonReport } from '../../report/render-json';
import { renderMarkdownReport } from '../../report/render-markdown';
import { renderSarif, SarifLocation } from '../../report/render-sarif';
import { CrossAccountCopyChecks, CrossAccountCopyChecksProps } from '../aspect';
import { reportOf } from '../write-report';

/** Where the command writes; the bin passes the process's streams. */
export interface CliIo {
  readonly stdout: { readonly isTTY?: boolean; write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  /** Relative paths (inputs, `--output`, SARIF URIs) are relative to this. */
  readonly cwd: string;
}

export const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type Format = typeof FORMATS[number];

/** The outcome of checking some stacks: what the engine found, and where each finding is in the templates. */
export interface CheckRun {
  readonly result: CheckResult;
  readonly options: CheckOptions;
  readonly rebuilt: RebuiltApp;
  readonly inputs: StackInput[];
  /** The template location of a finding (relative to `cwd`). */
  locate(f: Finding, cwd: string): SarifLocation;
}

/**
 * Check stacks with the options of `props`: rebuild their construct tree and run the one engine
 * (what the bin does, without output; the tests compare this with the Aspect on the original app).
 * Call `rebuilt.dispose()` when done.
 */
export function checkStacks(inputs: StackInput[], props: CrossAccountCopyChecksProps): CheckRun {
  const checks = new CrossAccountCopyChecks({ ...props, report: false });
  const options = checks._options;
  const rebuilt = rebuildApp(inputs);
  let result: CheckResult;
  try {
    result = runChecks(rebuilt.app, options);
  } catch (e) {
    rebuilt.dispose();
    throw e;
  }
  return {
    result,
    options,
    rebuilt,
    inputs,
    locate: (f, cwd) => locateFinding(f, result, rebuilt, cwd),
  };
}

/** The template, line and logical id of the L1 a finding names (its construct, or that construct's L1). */
function locateFinding(f: Finding, result: CheckResult, rebuilt: RebuiltApp, cwd: string): SarifLocation {
  const c = result.constructs.get(f.constructPath) ?? findPath(rebuilt.app, f.constructPath);
  const l1 = c ? l1Of(c, rebuilt) : undefined;
  const origin = l1 ? rebuilt.origins.get(l1) : undefined;
  if (origin) {
    return {
      uri: uriOf(origin.stack.template.path, cwd),
      line: origin.stack.template.resourceLines.get(origin.logicalId),
      logicalId: origin.logicalId,
      stack: origin.stack.path,
    };
  }
  const stack = c ? Stack.of(c) : undefined;
  const input = stack ? rebuilt.stacks.get(stack) : undefined;
  return input ? { uri: uriOf(input.template.path, cwd), stack: input.path } : {};
}

function l1Of(c: IConstruct, rebuilt: RebuiltApp): IConstruct | undefined {
  if (rebuilt.origins.has(c)) return c;
  const child = c.node.tryFindChild('Resource');
  if (child && rebuilt.origins.has(child)) return child;
  if (Stack.isStack(c)) return undefined;
  return c.node.findAll().find(x => CfnResource.isCfnResource(x) && rebuilt.origins.has(x));
}

function findPath(root: IConstruct, p: string): IConstruct | undefined {
  let cur: IConstruct | undefined = root;
  for (const id of p.split('/')) cur = cur?.node.tryFindChild(id);
  return cur;
}

function uriOf(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return pathToFileURL(abs).href;
}

// ---------------------------------------------------------------- the command line

const USAGE = `Usage:
  cdk-cross-account-backup check <cloud-assembly-dir> [options]
  cdk-cross-account-backup check --template <file> [--env <account>/<region>] ... [options]
  cdk-cross-account-backup lookup --help               (facts from AWS for --facts)

Runs the checks of CrossAccountCopyChecks on a synthesized cloud assembly (the cdk.out of
\`cdk synth\`, nested assemblies of Stages included) or on CloudFormation templates (JSON or YAML),
without changing the app. Exit code: 0 no error, 1 errors found, 2 bad usage or unreadable input.

Input:
  <cloud-assembly-dir>                                 the output directory of \`cdk synth\`
  --template <file>                                    a template (JSON or YAML); repeatable
  --env <account>/<region>                             the account and Region of the --template
                                                       before it (without it: environment-agnostic)

Checks (the options of CrossAccountCopyChecks; --config sets them from a JSON file):
  --config <file>                                      a JSON object of CrossAccountCopyChecksProps
                                                       fields (tagPolicy: file name(s)); flags win
${optionHelp().join('\n')}

Output:
  --format text|json|markdown|sarif                    text (default), the copy-route report as JSON
                                                       or Markdown, or SARIF 2.1.0 for code scanning
  --output <file>                                      write there instead of to standard output
  --verbose                                            text: whole messages, not short forms
  --help, --version
`;

/** Run the command; returns the exit code. */
export function runCli(argv: string[], io: CliIo): number {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (e) {
    io.stderr.write(`cdk-cross-account-backup: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) { io.stdout.write(USAGE); return 0; }
  if (parsed.version) { io.stdout.write(`${packageVersion()}\n`); return 0; }

  let run: CheckRun;
  try {
    const props = propsOf(parsed, io.cwd);
    const inputs = parsed.assembly !== undefined
      ? readAssembly(path.resolve(io.cwd, parsed.assembly))
      : parsed.templates.map(t => templateInput(path.resolve(io.cwd, t.file), t.env, t.name));
    // Paths in locations are given as the user gave them (relative to cwd).
    run = checkStacks(inputs, props);
  } catch (e) {
    io.stderr.write(`cdk-cross-account-backup: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    if (!writeOutput(io, 'cdk-cross-account-backup', parsed.output, render(run, parsed, io))) return 2;
  } finally {
    run.rebuilt.dispose();
  }
  return run.result.findings.some(f => f.severity === 'error') ? 1 : 0;
}

function render(run: CheckRun, parsed: ParsedCommandLine, io: CliIo): string {
  const locate = (f: Finding) => run.locate(f, io.cwd);
  switch (parsed.format) {
    case 'json': return stringifyJsonReport(reportOf(run.rebuilt.app, run.result));
    case 'markdown': return renderMarkdownReport(reportOf(run.rebuilt.app, run.result));
    case 'sarif': return `${JSON.stringify(renderSarif({ findings: run.result.findings, locate, toolVersion: packageVersion() }), undefined, 2)}\n`;
    default: return renderText({
      result: run.result,
      locate,
      checked: parsed.assembly ?? parsed.templates.map(t => t.file).join(', '),
      stackCount: run.inputs.length,
      color: parsed.output === undefined && io.stdout.isTTY === true && process.env.NO_COLOR === undefined,
      verbose: parsed.verbose,
    });
  }
}

interface ParsedCommandLine {
  readonly help: boolean;
  readonly version: boolean;
  readonly assembly?: string;
  readonly templates: Array<{ file: string; name: string; env: { account?: string; region?: string } }>;
  readonly config?: string;
  readonly flags: Record<string, unknown>;
  readonly format: Format;
  readonly output?: string;
  readonly verbose: boolean;
}

/** Parse the arguments; throws with a one-line message on bad usage. */
export function parseCommandLine(argv: string[]): ParsedCommandLine {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: {
      template: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      config: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      ...parseArgsOptions(),
    },
  });
  const empty = { templates: [], flags: {}, format: 'text' as const, verbose: false };
  if (values.help) return { ...empty, help: true, version: false };
  if (values.version) return { ...empty, help: false, version: true };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new Error('missing command: check (or lookup).');
  if (command !== 'check') throw new Error(`unknown command ${command}: the commands are check and lookup.`);
  if (rest.length > 1) throw new Error(`one cloud assembly directory at a time, got ${rest.length}: ${rest.join(', ')}.`);

  // Each --env belongs to the --template before it.
  const templates: ParsedCommandLine['templates'] = [];
  const names = new Set<string>();
  for (const t of tokens ?? []) {
    if (t.kind !== 'option') continue;
    if (t.name === 'template') {
      const file = t.value!;
      let name = path.basename(file).replace(/\.(template\.)?(json|ya?ml|template)$/i, '').replace(/\//g, '-') || 'template';
      for (let n = 2, base = name; names.has(name); n++) name = `${base}-${n}`;
      names.add(name);
      templates.push({ file, name, env: {} });
    } else if (t.name === 'env') {
      const last = templates[templates.length - 1];
      if (!last) throw new Error(`--env ${t.value} comes before any --template: put it after the template it is for.`);
      if (last.env.account !== undefined) throw new Error(`two --env for --template ${last.file}.`);
      last.env = parseEnvFlag(t.value!);
    }
  }
  if (rest.length === 1 && templates.length > 0) throw new Error('give a cloud assembly directory or --template files, not both.');
  if (rest.length === 0 && templates.length === 0) throw new Error('missing input: a cloud assembly directory (cdk.out) or --template <file>.');
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new Error(`--format ${values.format}: expected one of ${FORMATS.join(', ')}.`);
  const flags: Record<string, unknown> = {};
  const given = values as Record<string, unknown>;
  for (const k of Object.keys(parseArgsOptions())) if (given[k] !== undefined) flags[k] = given[k];
  return {
    help: false,
    version: false,
    assembly: rest[0],
    templates,
    config: values.config,
    flags,
    format,
    output: values.output,
    verbose: values.verbose === true,
  };
}

/** `123456789012/eu-west-1` (or `aws://123456789012/eu-west-1`). */
export function parseEnvFlag(value: string): { account: string; region: string } {
  const m = /^(?:aws:\/\/)?(\d{12})\/([a-z]{2}(?:-[a-z]+)+-\d+)$/.exec(value);
  if (!m) throw new Error(`--env ${value}: expected <account>/<region>, e.g. 123456789012/eu-west-1.`);
  return { account: m[1], region: m[2] };
}

function propsOf(parsed: ParsedCommandLine, cwd: string): CrossAccountCopyChecksProps {
  let fromConfig: Record<string, unknown> = {};
  if (parsed.config !== undefined) {
    const file = path.resolve(cwd, parsed.config);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`${parsed.config}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${parsed.config}: not valid JSON (${(e as Error).message}).`);
    }
    fromConfig = propsFromConfig(json, parsed.config);
  }
  const flags: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.flags)) {
    // Relative tag policy files are relative to the working directory.
    flags[k] = k === 'tag-policy' || k === 'facts' ? (v as string[]).map(f => path.resolve(cwd, f)) : v;
  }
  return { ...fromConfig, ...propsFromFlags(flags) } as CrossAccountCopyChecksProps;
}

/** The version of this package. */
export function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = require(rel);
      if (pkg?.name === 'cdk-cross-account-backup') return String(pkg.version);
    } catch {
      // next candidate
    }
  }
  return '0.0.0';
}

/** The bin's entry point. */
export function main(): void {
  const argv = process.argv.slice(2);
  const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
  if (argv[0] === 'lookup') {
    void runLookup(argv.slice(1), io).then((code) => { process.exitCode = code; }, (e) => {
      process.stderr.write(`cdk-cross-account-backup lookup: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    });
    return;
  }
  process.exitCode = runCli(argv, io);
}
