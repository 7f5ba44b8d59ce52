/**
 * Helpers of the CLI tests: synthesize apps into temporary cloud assemblies, and run the BUILT bin
 * (`bin/cdk-cross-account-backup` -> `lib/frontends/cli/main.js`) as a subprocess.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';

export const ROOT = path.join(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'cdk-cross-account-backup');
export const FIXTURES = path.join(__dirname, 'fixtures');
const BUILT = path.join(ROOT, 'lib', 'frontends', 'cli', 'main.js');

/**
 * Fails (never skips, never falls back to the sources) when the bin's compiled code is missing:
 * `npx projen build` compiles lib/ (jsii) before it runs jest; alone, run `npx jsii` first.
 */
export function requireBuiltBin(): void {
  if (!fs.existsSync(BUILT)) {
    throw new Error(`${path.relative(ROOT, BUILT)} is missing: the CLI tests run the built bin. Compile first (npx jsii, or npx projen build).`);
  }
}

export interface BinRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the bin with `args` in `cwd`, without a terminal (no colours). */
export function runBin(args: string[], cwd = ROOT): BinRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cab-cli-${prefix}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Synthesize an app built into `outdir`; returns the outdir. */
export function synthInto(build: (outdir: string) => App, outdir: string): string {
  build(outdir).synth();
  return outdir;
}
