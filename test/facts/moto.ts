/**
 * The AWS API emulator the lookup tests run against: `moto_server` (moto 5.x) on 127.0.0.1.
 *
 * `.ci/run` starts one on a free port and exports its endpoint as `MOTO_ENDPOINT`; without the
 * variable (a local `npx jest`), `startMoto()` starts one for the test file and stops it after. The
 * endpoint is always passed explicitly to the clients the tests make, with fake credentials: no test
 * reaches AWS, and no code of the library ever chooses moto by itself.
 */
import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';

/** Fake credentials of the emulator (moto accepts any; these never exist in AWS). */
export const FAKE_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface Moto {
  readonly endpoint: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(endpoint: string, proc: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.exitCode !== null) throw new Error(`moto_server exited with code ${proc.exitCode} before it answered on ${endpoint}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The emulator of `.ci/run` (MOTO_ENDPOINT), or one started for this test file. */
export async function startMoto(): Promise<Moto> {
  const shared = process.env.MOTO_ENDPOINT;
  if (shared) {
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(shared)) throw new Error(`MOTO_ENDPOINT ${shared}: expected http://127.0.0.1:<port> (the tests only talk to a loopback emulator)`);
    await waitFor(shared, undefined, 10_000);
    // moto keeps what it was told for the server's life, and .ci/run's server serves the floor run and
    // then the latest aws-cdk-lib run: start from an empty emulator (one test file uses it at a time).
    const reset = await fetch(`${shared}/moto-api/reset`, { method: 'POST' });
    if (!reset.ok) throw new Error(`MOTO_ENDPOINT ${shared}: POST /moto-api/reset answered ${reset.status}`);
    return { endpoint: shared, stop: async () => undefined };
  }
  const port = await freePort();
  const proc = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const spawnError = new Promise<never>((_, reject) => proc.once('error', (e) => reject(new Error(`moto_server cannot be started (${e.message}): install moto 5.x (pip install 'moto[server]')`))));
  await Promise.race([waitFor(endpoint, proc, 20_000), spawnError]);
  return {
    endpoint,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    }),
  };
}
