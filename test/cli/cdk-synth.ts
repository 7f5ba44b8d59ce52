/**
 * Runs the real `aws-cdk` CLI on the fixture app (test/cli/app.ts): one `cdk synth` per call,
 * offline (no notices, no version check, no version reporting), with the aws-cdk-lib this copy of
 * the repository resolves (the lock file's floor, or the newest release in the matrix run of `.ci/run`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CDK = require.resolve('aws-cdk/bin/cdk');
const APP = `node -r ts-node/register/transpile-only ${path.join('test', 'cli', 'app.ts')}`;

export interface Synth {
  readonly status: number | null;
  readonly output: string;
  readonly outdir: string;
}

export function cdkSynth(env: Record<string, string>): Synth {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-cli-'));
  const r = spawnSync(process.execPath, [CDK, 'synth', '--no-notices', '--no-version-reporting', '--quiet', '--app', APP, '--output', outdir], {
    cwd: ROOT,
    encoding: 'utf-8',
    env: { ...process.env, ...env, CDK_DISABLE_VERSION_CHECK: '1', CI: 'true', FORCE_COLOR: '0', TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
    timeout: 120_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}`, outdir };
}

export const LAYOUTS = ['app', 'stage', 'nested-stage', 'pipeline', 'cross-stage'];

/** The unacknowledged error's construct in each layout. */
export const VAULT_PATH: Record<string, string> = {
  'app': 'Central/Vault',
  'stage': 'Prod/Central/Vault',
  'nested-stage': 'Prod/Backup/Central/Vault',
  'pipeline': 'Prod/Central/Vault',
  'cross-stage': 'Vaults/Central/Vault',
};

/** The cases of one front end: exit 1 with the rule and the construct named; exit 0 when acknowledged. */
export function describeFrontend(frontend: 'aspect' | 'plugin'): void {
  describe(`cdk synth with the ${frontend}`, () => {
    jest.setTimeout(180_000);

    test.each(LAYOUTS)('%s: an unacknowledged error exits 1 and names the rule and the construct', layout => {
      const r = cdkSynth({ CAB_FIXTURE_LAYOUT: layout, CAB_FIXTURE_FRONTEND: frontend });
      expect(r.status).toBe(1);
      expect(r.output).toMatch(/CAB-VAULT-POLICY/);
      expect(r.output).toContain(VAULT_PATH[layout]);
    });

    test.each(LAYOUTS)('%s: exits 0 when the error and the warning are acknowledged', layout => {
      const r = cdkSynth({ CAB_FIXTURE_LAYOUT: layout, CAB_FIXTURE_FRONTEND: frontend, CAB_FIXTURE_FIX: 'acknowledge' });
      expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
      expect(r.output).not.toMatch(/CAB-(VAULT-POLICY|UNVERIFIABLE)/);
    });
  });
}
