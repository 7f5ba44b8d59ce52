/**
 * Where a command's output goes: the `--output` file (its folder created), or standard output.
 * Shared by `check` and `lookup`. Not part of the jsii API.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CliIo } from './main';

/**
 * Write `text` to `output` (relative to the working directory) or, without one, to standard output.
 * False when the file cannot be written; the reason is then on standard error, after `prefix`
 * (`cdk-cross-account-backup` or `cdk-cross-account-backup lookup`).
 */
export function writeOutput(io: CliIo, prefix: string, output: string | undefined, text: string): boolean {
  if (output === undefined) {
    io.stdout.write(text);
    return true;
  }
  const file = path.resolve(io.cwd, output);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return true;
  } catch (e) {
    io.stderr.write(`${prefix}: ${output}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).\n`);
    return false;
  }
}
