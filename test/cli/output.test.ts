import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeOutput } from '../../src/frontends/cli/output';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd } };
}

describe('writeOutput (check and lookup --output)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-output-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('without --output: standard output', () => {
    const t = io(dir);
    expect(writeOutput(t.io, 'cdk-cross-account-backup', undefined, 'text\n')).toBe(true);
    expect(t.out).toEqual(['text\n']);
    expect(t.err).toEqual([]);
  });

  test('a relative --output: the file, relative to the working directory, its folder created', () => {
    const t = io(dir);
    expect(writeOutput(t.io, 'cdk-cross-account-backup', 'reports/new/cab.json', '{}\n')).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'reports', 'new', 'cab.json'), 'utf8')).toBe('{}\n');
    expect(t.out).toEqual([]);
  });

  test('a file that cannot be written (a folder on its path is a file): false, and the reason after the command name', () => {
    fs.writeFileSync(path.join(dir, 'plain-file'), '');
    const t = io(dir);
    expect(writeOutput(t.io, 'cdk-cross-account-backup lookup', 'plain-file/facts.json', '{}\n')).toBe(false);
    expect(t.err).toEqual(['cdk-cross-account-backup lookup: plain-file/facts.json: cannot write the file (EEXIST).\n']);
    expect(t.out).toEqual([]);
  });
});
