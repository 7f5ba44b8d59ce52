/**
 * keyAccessForDestination answers each distinct key policy and context once: the stacks of an app
 * often hold the same key construct with the same policy. These tests hold the memo to the
 * evaluation it stands for.
 */
import type { PolicyDocumentJson } from '../../../src/checks/model/types';
import { keyAccessForDestination } from '../../../src/checks/policy/copy-access';
import { REQUIRED_KEY_ACTIONS } from '../../../src/checks/policy/copy-permissions';
import { DST, OTHER, SRC } from '../../fixtures';

const root = (account: string) => `arn:aws:iam::${account}:root`;
const keyPolicy = (...accounts: string[]): PolicyDocumentJson => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow' as const, Principal: { AWS: root(SRC) }, Action: 'kms:*', Resource: '*' },
    ...accounts.map(a => ({ Effect: 'Allow' as const, Principal: { AWS: root(a) }, Action: [...REQUIRED_KEY_ACTIONS], Resource: '*' })),
  ],
});
const ctx = { partition: 'aws', destinationAccount: DST, keyAccount: SRC, keyRegion: 'eu-west-1' };

describe('keyAccessForDestination memo', () => {
  test('two policy objects with the same content share one answer', () => {
    const first = keyAccessForDestination(keyPolicy(OTHER), ctx);
    const second = keyAccessForDestination(keyPolicy(OTHER), { ...ctx });
    expect(first?.missing).toEqual([...REQUIRED_KEY_ACTIONS]);
    expect(second).toBe(first);
  });

  test('a different policy, destination, key account or organization is evaluated on its own', () => {
    const refusing = keyAccessForDestination(keyPolicy(OTHER), ctx);
    expect(keyAccessForDestination(keyPolicy(DST), ctx)).toEqual({ missing: [], denied: [] });
    expect(keyAccessForDestination(keyPolicy(OTHER), { ...ctx, destinationAccount: OTHER })).toEqual({ missing: [], denied: [] });
    expect(keyAccessForDestination(keyPolicy(OTHER), { ...ctx, keyAccount: OTHER })).not.toBe(refusing);
    expect(keyAccessForDestination(keyPolicy(OTHER), { ...ctx, organizationId: 'o-abcdefghij' })).not.toBe(refusing);
    expect(keyAccessForDestination(keyPolicy(OTHER), ctx)).toBe(refusing);
  });

  test('a policy with an unreadable part stays unknown, and does not answer for the readable one', () => {
    const readable = keyPolicy(DST);
    expect(keyAccessForDestination({ ...readable, unreadable: ['Statement[1].Principal'] }, ctx)).toBeUndefined();
    expect(keyAccessForDestination(readable, ctx)).toEqual({ missing: [], denied: [] });
  });
});
