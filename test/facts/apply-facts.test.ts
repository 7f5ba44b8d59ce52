/** The apply-facts model step on hand-built models: what it fills, what it leaves, what it notes. */
import { applyFacts, optionsWithFacts } from '../../src/checks/model/apply-facts';
import type { CheckModel, CopyRoute, VaultModel } from '../../src/checks/model/types';
import { parseFacts } from '../../src/facts/parse';

const NOW = new Date('2026-12-01T00:00:00Z');
const origin = { source: 'lookup', readAt: '2026-11-30T00:00:00Z' };
const SRC = '111111111111';
const DST = '222222222222';
const VAULT_ARN = `arn:aws:backup:eu-west-1:${DST}:backup-vault:central`;

function model(): CheckModel {
  const source: VaultModel = { id: 'Source/Vault', inApp: true, constructPath: 'Source/Vault', name: 'source', env: { account: SRC, region: 'eu-west-1' } };
  const destination: VaultModel = { id: VAULT_ARN, inApp: false, arn: VAULT_ARN, name: 'central', env: { account: DST, region: 'eu-west-1', partition: 'aws' } };
  const route: CopyRoute = {
    id: `Source/Plan/Daily -> ${VAULT_ARN}`,
    planPath: 'Source/Plan',
    ruleName: 'Daily',
    source: { env: source.env, vault: source },
    destination,
    continuousBackup: false,
    recoveryPointTags: [],
    selections: [],
    resources: [],
    crossAccount: true,
    crossRegion: false,
  };
  return {
    routes: [route],
    settings: [],
    vaults: [source, destination],
    keys: [],
    unverifiable: [{ constructPath: 'Source/Plan', subject: `the access policy and key of destination vault ${VAULT_ARN}`, reason: 'the vault is not defined in this app', unknown: [], about: VAULT_ARN }],
  };
}

const facts = (doc: object) => [parseFacts({ formatVersion: '1.0.0', ...doc }, 'f.json')];

describe('applyFacts', () => {
  test('without facts: the same model object', () => {
    const m = model();
    expect(applyFacts(m, {}, NOW)).toBe(m);
  });

  test('a vault fact without a known access policy describes nothing: the note stays', () => {
    const out = applyFacts(model(), { facts: facts({ vaults: [{ arn: VAULT_ARN, origin }] }) }, NOW);
    expect(out.routes[0].destination.described).toBeUndefined();
    expect(out.unverifiable.map((u) => u.about)).toEqual([VAULT_ARN]);
  });

  test('a vault fact with "no access policy" (null): described, no policy, the note goes; the vault in the model list is the described one', () => {
    const out = applyFacts(model(), { facts: facts({ vaults: [{ arn: VAULT_ARN, accessPolicy: null, encryptionKeyArn: `arn:aws:kms:eu-west-1:${DST}:key/k`, origin }] }) }, NOW);
    const dst = out.routes[0].destination;
    expect(dst).toMatchObject({ inApp: false, accessPolicy: undefined, described: { source: 'lookup' }, constructPath: 'Source/Plan', key: { kind: 'external' } });
    expect(out.vaults[1]).toBe(dst);
    // the vault is known now, its key is not: a note about the key replaces the note about the vault
    expect(out.unverifiable.map((u) => [u.subject, u.about])).toEqual([
      [`the key policy of arn:aws:kms:eu-west-1:${DST}:key/k (the key of destination vault ${VAULT_ARN})`, `arn:aws:kms:eu-west-1:${DST}:key/k`],
    ]);
  });

  test('an organization call that failed in an account of a route: a note on the plan naming the account, the call and the error', () => {
    const unreadable = [{ call: 'organizations:ListAccounts', account: SRC, errorCode: 'AccessDeniedException', readAt: origin.readAt }];
    const out = applyFacts(model(), { facts: facts({ unreadable }) }, NOW);
    expect(out.unverifiable.find((u) => u.subject === `the external facts of account ${SRC}`)).toEqual({
      routeId: model().routes[0].id,
      constructPath: 'Source/Plan',
      subject: `the external facts of account ${SRC}`,
      reason: `cdk-cross-account-backup lookup could not read them: organizations:ListAccounts in account ${SRC} returned AccessDeniedException`,
      unknown: ['organization'],
    });
  });

  test('an unreadable fact of an account no route touches: no note (not a gap of this app)', () => {
    const unreadable = [{ call: 'kms:GetKeyPolicy', account: '999999999999', errorCode: 'AccessDeniedException', readAt: origin.readAt }];
    expect(applyFacts(model(), { facts: facts({ unreadable }) }, NOW).unverifiable).toHaveLength(1);
  });
});

describe('applyFacts: account settings', () => {
  const older = { source: 'lookup', readAt: '2026-11-29T00:00:00Z' };

  test('settings that are off become settings with off: true, per account and Region; the newest fact wins', () => {
    const out = applyFacts(model(), {
      managementAccount: DST,
      facts: facts({
        globalSettings: [{ account: DST, crossAccountBackup: true, origin: older }, { account: DST, crossAccountBackup: false, origin }],
        regionSettings: [
          { account: SRC, region: 'eu-west-1', resourceTypeManagement: { DynamoDB: true }, origin: older },
          { account: SRC, region: 'eu-west-1', resourceTypeManagement: { DynamoDB: false }, resourceTypeOptIn: { Aurora: false, EBS: true }, origin },
        ],
      }),
    }, NOW);
    expect(out.settings.map((s) => [s.kind, s.env.account, s.env.region, s.resourceTypes, s.off])).toEqual([
      ['cross-account-backup', DST, undefined, undefined, true],
      ['dynamodb-advanced', SRC, 'eu-west-1', undefined, true],
      ['resource-type-opt-in', SRC, 'eu-west-1', ['EBS'], undefined],
      ['resource-type-opt-in', SRC, 'eu-west-1', ['Aurora'], true],
    ]);
  });

  test('cross-account backup off in an account that is not the management account, or with no management account known: not used', () => {
    const off = facts({ globalSettings: [{ account: SRC, crossAccountBackup: false, origin }] });
    expect(applyFacts(model(), { managementAccount: DST, facts: off }, NOW).settings).toEqual([]);
    expect(applyFacts(model(), { facts: off }, NOW).settings).toEqual([]);
  });
});

describe('applyFacts: effective tag policies', () => {
  const policy = { tags: { costcenter: { tag_key: 'CostCenter', enforced_for: ['backup:recovery-point'] } } };

  test('the destination account\'s policy is in the model; none for a null policy, or when the options declare a tagPolicy', () => {
    const out = applyFacts(model(), { facts: facts({ tagPolicies: [{ account: DST, policy, origin }] }) }, NOW);
    expect([...(out.accountTagPolicies?.keys() ?? [])]).toEqual([DST]);
    expect(out.accountTagPolicies?.get(DST)?.evaluateTags([{ key: 'costcenter', value: '1', source: 'resource' }], 'backup:recovery-point'))
      .toMatchObject([{ reason: 'key-casing', enforced: true }]);
    expect(applyFacts(model(), { facts: facts({ tagPolicies: [{ account: DST, policy: null, origin }] }) }, NOW).accountTagPolicies).toBeUndefined();
    const declared = { evaluateTags: () => [] };
    expect(applyFacts(model(), { tagPolicy: declared, facts: facts({ tagPolicies: [{ account: DST, policy, origin }] }) }, NOW).accountTagPolicies)
      .toBeUndefined();
  });
});

describe('optionsWithFacts', () => {
  const organization = { id: 'o-a1b2c3d4e5', managementAccount: SRC, accounts: [SRC, DST], origin };

  test('fills what is not declared', () => {
    expect(optionsWithFacts({ facts: facts({ organization }) })).toMatchObject({ organizationId: 'o-a1b2c3d4e5', organizationAccounts: [SRC, DST], managementAccount: SRC });
  });

  test('a declared organization id that differs: the organization facts are ignored entirely', () => {
    const options = { organizationId: 'o-zzzzzzzzzz', facts: facts({ organization }) };
    expect(optionsWithFacts(options)).toBe(options);
  });
});
