/**
 * Compiles every TypeScript snippet of README.md and docs/**\/*.md with jsii-rosetta, the tool that
 * translates them to Python, Java, C# and Go for Construct Hub, and fails when one does not compile.
 *
 * `jsii-rosetta extract` reads the snippets of an assembly: its README, its submodules' READMEs and
 * the `@example`s of its API. The docs pages are not part of the assembly, so this script gives
 * rosetta a copy of the assembly (in a temporary directory, next to links to `lib/`, `node_modules/`
 * and `rosetta/`) in which each docs page is the README of a submodule of its own. The snippets are
 * then completed with the same fixtures (`rosetta/*.ts-fixture`) and compiled by the same
 * `jsii-rosetta extract --strict` as the README alone would be, in one compilation.
 *
 * Run after `jsii` (it needs `.jsii` and `lib/`): `npx projen docs:snippets` (part of the build).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** The Markdown files whose snippets are compiled, relative to the repository root. */
export function markdownFiles(root: string = ROOT): string[] {
  const files = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) files.push(rel);
    }
  };
  walk('docs');
  return files;
}

/** The submodule name under which a docs page is handed to rosetta (no dots: rosetta splits on them). */
export function submoduleOf(file: string): string {
  return file.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The number of TypeScript snippets rosetta extracts from a Markdown text (```ts and ```typescript fences). */
export function countTypeScriptSnippets(markdown: string): number {
  return (markdown.match(/^ {0,3}```(ts|typescript)\b.*$/gm) ?? []).length;
}

function main() {
  const assemblyFile = path.join(ROOT, '.jsii');
  if (!fs.existsSync(assemblyFile) || !fs.existsSync(path.join(ROOT, 'lib'))) {
    console.error('compile-snippets: run jsii first (npx projen compile): .jsii and lib/ are needed');
    process.exit(2);
  }
  const assembly = JSON.parse(fs.readFileSync(assemblyFile, 'utf8'));
  if (!String(assembly.schema).startsWith('jsii/0.10')) {
    console.error(`compile-snippets: unexpected assembly schema ${assembly.schema} in .jsii`);
    process.exit(2);
  }
  // SNIPPET_FILES=docs/rules/ (a comma-separated list of path prefixes) narrows a local run; rosetta
  // shows only the first 50 diagnostics.
  const only = (process.env.SNIPPET_FILES ?? '').split(',').filter(p => p !== '');
  const files = markdownFiles().filter(f => only.length === 0 || only.some(p => f.startsWith(p)));
  const where = new Map<string, string>([[`${assembly.name}-README`, 'README.md']]);
  let count = 0;
  assembly.submodules = { ...(assembly.submodules ?? {}) };
  if (!files.includes('README.md')) delete assembly.readme;
  for (const file of files) {
    const markdown = fs.readFileSync(path.join(ROOT, file), 'utf8');
    count += countTypeScriptSnippets(markdown);
    if (file === 'README.md') {
      assembly.readme = { markdown };
      continue;
    }
    const fqn = `${assembly.name}.${submoduleOf(file)}`;
    assembly.submodules[fqn] = { readme: { markdown } };
    where.set(`${fqn}-README`, file);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-snippets-'));
  try {
    fs.writeFileSync(path.join(dir, '.jsii'), JSON.stringify(assembly));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    for (const link of ['lib', 'node_modules', 'rosetta']) {
      fs.symlinkSync(path.join(ROOT, link), path.join(dir, link));
    }
    const started = Date.now();
    const rosetta = spawnSync(process.execPath, [path.join(path.dirname(require.resolve('jsii-rosetta/package.json')), 'bin', 'jsii-rosetta'), 'extract', '--strict', dir], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    // Name the Markdown file (and its line) instead of rosetta's file name for the snippet.
    const output = `${rosetta.stdout}${rosetta.stderr}`
      .split('\n')
      .filter(line => !line.startsWith('!!'))
      .map(line => line.replace(/(\S+-README)-L(\d+)\.ts/g, (m, loc: string, l: string) => (where.has(loc) ? `${where.get(loc)}: snippet at line ${l}` : m)))
      .join('\n')
      .trim();
    if (rosetta.status !== 0) {
      console.error(output);
      console.error(`compile-snippets: jsii-rosetta failed (exit ${rosetta.status}) on the ${count} TypeScript snippets of ${files.length} Markdown files`);
      process.exit(1);
    }
    console.log(`compile-snippets: ${count} TypeScript snippets in ${files.length} Markdown files compile (jsii-rosetta extract --strict, ${seconds} s)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main();
}
