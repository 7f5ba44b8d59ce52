import {
  DST, OTHER, OTHER_REGION, SRC, awsManagedKey, cmk, copyIntoPolicy, copyKeyPolicy, destinationVault, env, model, resource,
  route, sourceVault, vault,
} from './model-builder';
import type { OrgSettingModel, TagPolicyEvaluator } from '../../../src/checks/model/types';
import { RuleIds } from '../../../src/checks/rule-ids';
import { ALL_RULES } from '../../../src/checks/rules';
import { MGMT } from '../../fixtures';

/** The organization's cross-account backup switch, in its management account (part of every compliant app). */
const crossAccountSwitch: OrgSettingModel = { kind: 'cross-account-backup', constructPath: 'MgmtStack/CrossAccountBackup', env: env(MGMT) };
const run = (m: ReturnType<typeof model>, options = {}) => {
  const withSwitch = { ...m, settings: [...m.settings, crossAccountSwitch] };
  return ALL_RULES.flatMap((rule) => rule(withSwitch, options));
};
const strictTagPolicy: TagPolicyEvaluator = {
  evaluateTags: (tags) => tags.filter((t) => t.key === 'env' && t.value !== 'prod').map((t) => ({
    tagKey: t.key, tagValue: t.value, policyKey: 'env', allowedValues: ['prod'], reason: 'value' as const, enforced: true,
  })),
};
const allOptions = { organizationId: 'o-aaaaaaaaaa', organizationAccounts: [SRC, DST], tagPolicy: strictTagPolicy, managementAccount: MGMT };

describe('ALL_RULES', () => {
  test('one rule per id', () => {
    expect(ALL_RULES).toHaveLength(RuleIds.all().length);
  });

  test('the default hand-built model is compliant for every rule, with every option set', () => {
    expect(run(model([route()]), allOptions)).toEqual([]);
  });

  describe('no false positives', () => {
    const badKey = cmk({ path: 'SourceStack/BadKey', policy: copyKeyPolicy(SRC, []) });
    const badEverything = {
      sourceVault: sourceVault({ key: undefined }),
      resources: [
        resource('RDS', { key: awsManagedKey('aws/rds', 'service-default'), tags: [{ key: 'env', value: 'dev', source: 'resource' as const }] }),
        resource('EBS', { key: badKey }),
      ],
    };

    test('same-account copies (even cross-Region, with AWS managed keys, keyless vaults and no vault policy)', () => {
      const r = route({ ...badEverything, destination: destinationVault({ env: env(SRC, OTHER_REGION), key: undefined, accessPolicy: undefined }) });
      expect(run(model([r]), allOptions)).toEqual([]);
    });

    test('plans without copy actions (no routes)', () => {
      expect(run(model([]), allOptions)).toEqual([]);
    });

    test('unencrypted resources', () => {
      const r = route({ resources: [resource('RDS', { encrypted: false, key: undefined }), resource('EBS', { encrypted: false, key: undefined })] });
      expect(run(model([r]), allOptions)).toEqual([]);
    });

    test('fully managed resources with AWS managed keys of their own', () => {
      const r = route({ resources: [resource('EFS', { key: awsManagedKey('aws/elasticfilesystem', 'service-default') }), resource('S3', { key: awsManagedKey('aws/s3') })] });
      expect(run(model([r]), allOptions)).toEqual([]);
    });

    test('resources selected by nothing (a copy route with no resources)', () => {
      expect(run(model([route({ resources: [] })]), allOptions)).toEqual([]);
    });

    test('unknown accounts and Regions', () => {
      const r = route({ ...badEverything, destination: destinationVault({ env: env(null, null), key: undefined, accessPolicy: undefined }) });
      expect(run(model([r]), allOptions)).toEqual([]);
    });
  });

  test('every finding carries exactly one rule id, at the start of its message', () => {
    const ids = RuleIds.all();
    const duplicated = [resource('EFS', { constructPath: 'SourceStack/SharedFileSystem' })];
    const m = model([
      route({
        sourceVault: sourceVault({ key: undefined }),
        destination: destinationVault({ env: env(OTHER, OTHER_REGION), key: undefined, accessPolicy: copyIntoPolicy([DST]) }),
        resources: [
          resource('RDS', { key: awsManagedKey('aws/rds', 'service-default') }),
          resource('Aurora', { key: cmk({ path: 'SourceStack/AuroraKey', policy: copyKeyPolicy(SRC, []) }) }),
          resource('DynamoDB', { key: undefined }),
          resource('RDS-MultiAZCluster'),
          resource('EBS', { tags: [{ key: 'env', value: 'dev', source: 'resource' }] }),
        ],
      }),
      route({ planPath: 'SourceStack/Plan2', destination: vault({ inApp: false, name: 'Default', env: env(DST), key: undefined }) }),
      route({
        planPath: 'SourceStack/Plan3',
        destination: destinationVault({ path: 'CentralStack/Locked', lock: { minRetentionDays: 30 } }),
        retention: { from: 'copy-action', deleteAfterDays: 7 },
      }),
      // two plans that back up the same resources on the same schedule into the same vault
      ...['SourceStack/Plan4', 'SourceStack/Plan5'].map((planPath) => ({
        ...route({ planPath, destination: destinationVault({ path: 'CentralStack/Shared' }), resources: duplicated }),
        schedule: { expression: 'cron(0 5 ? * * *)', timezone: 'UTC' },
      })),
    ], {
      unverifiable: [{ constructPath: 'SourceStack/Plan', subject: 'something', reason: 'a token', unknown: ['backup-plan'] }],
    });
    const findings = run(m, allOptions);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(ids));
    for (const f of findings) {
      expect(f.message.startsWith(`${f.ruleId}: `)).toBe(true);
      const others = ids.filter((id) => id !== f.ruleId && !f.ruleId.startsWith(`${id}-`));
      for (const id of others) expect(f.message).not.toMatch(new RegExp(`${id}(?![-A-Z])`));
      expect(f.docUrl).toMatch(/^https:\/\//);
      expect(f.message.endsWith(f.docUrl)).toBe(true);
      // the data: a kebab-case message id, JSON details; the short forms name no rule id either
      expect(f.messageId).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(JSON.parse(JSON.stringify(f.details))).toEqual(f.details);
      for (const id of ids) expect(`${f.summary} ${f.shortFix}`).not.toMatch(new RegExp(`${id}(?![-A-Z])`));
    }
  });
});
