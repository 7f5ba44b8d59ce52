/**
 * The tag index (read-resources.ts: tagIndex, tagCandidates) narrows what a tag or condition
 * selection tests; the selection reader still decides on each resource's full tags. These tests
 * hold it to the scan it replaces: for every selection, the resources it finds that the selection
 * may pick are exactly those a scan of every resource of the environment finds, in tree order.
 */
import { CfnParameter, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { model, newApp, planWithCopy, resourceIds, stack } from './helpers';
import { BuildContext, InAppResource, PlanInfo } from '../../../src/checks/model/build-context';
import { walkTree } from '../../../src/checks/model/build-from-constructs';
import { envOfStack } from '../../../src/checks/model/environments';
import { candidates, cheapTags, tagCandidates, tagIndex } from '../../../src/checks/model/read-resources';
import { conditionTagKey, hasIntrinsic, parseConditions, tagEquals, tagLookups, tagUnknown } from '../../../src/checks/model/read-selections';
import type { TagModel } from '../../../src/checks/model/types';

/** An app whose tables carry every kind of tag the index must handle, over two environments. */
function taggedApp() {
  const app = newApp();
  const s = stack(app, 'S');
  const other = stack(app, 'Other', { account: '333333333333', region: 'eu-west-1' });
  const param = new CfnParameter(s, 'TeamParam', { type: 'String' });
  const table = (scope: Stack, id: string): ddb.CfnTable => new ddb.CfnTable(scope, id, {
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
  });
  for (let i = 0; i < 12; i++) {
    const t = table(s, `T${i}`);
    if (i % 2 === 0) Tags.of(t).add('backup', 'daily');
    if (i % 3 === 0) Tags.of(t).add('team', `team-${i % 2}`);
    if (i % 4 === 1) Tags.of(t).add('env', i % 8 === 1 ? 'prod-eu' : 'dev');
  }
  Tags.of(table(s, 'TokenValue')).add('team', param.valueAsString);
  // An escape hatch replaces the tag property: only the full read knows the tags.
  table(s, 'Override').addPropertyOverride('Tags', [{ Key: 'backup', Value: 'daily' }]);
  // A plain CfnResource has no tag manager: only its properties hold its tags.
  new CfnResource(s, 'Plain', {
    type: 'AWS::DynamoDB::Table',
    properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], Tags: [{ Key: 'backup', Value: 'daily' }] },
  });
  new ec2.CfnVolume(s, 'Vol', { availabilityZone: 'eu-west-1a', size: 1, tags: [{ key: 'backup', value: 'daily' }] });
  Tags.of(table(other, 'Elsewhere')).add('backup', 'daily');
  app.synth(); // Tags.of runs
  const ctx = new BuildContext(app);
  walkTree(ctx);
  const plan = { env: envOfStack(ctx, s), stack: s } as unknown as PlanInfo;
  return { app, s, ctx, plan };
}

/** The selection reader's test of "may pick" (tag-only selections), over a resource's tags. */
function mayPick(listOfTags: any[], conditions: any): (tags: TagModel[]) => boolean {
  const conds = parseConditions(conditions, { text: String, describe: String } as any);
  return (tags) => (conds.length > 0 && conds.every(c => c.test(tags) || c.unknown(tags)))
    || listOfTags.some(lt => {
      const key = conditionTagKey(lt.ConditionKey);
      return tagEquals(tags, key, lt.ConditionValue) || tagUnknown(tags, key, lt.ConditionValue);
    });
}

const tag = (key: string, value: string) => ({ ConditionKey: key, ConditionValue: value, ConditionType: 'STRINGEQUALS' });

const SELECTIONS: Array<[string, any[], any]> = [
  ['one literal tag', [tag('backup', 'daily')], undefined],
  ['two tags (OR)', [tag('team', 'team-0'), tag('env', 'dev')], undefined],
  ['a tag nothing carries', [tag('nobody', 'x')], undefined],
  ['a value only a token may equal', [tag('team', 'team-9')], undefined],
  ['a key prefixed with aws:ResourceTag/', [tag('aws:ResourceTag/backup', 'daily')], undefined],
  ['StringEquals and StringLike (AND)', [], { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'daily' }], StringLike: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'prod-*' }] }],
  ['StringLike only', [], { StringLike: [{ ConditionKey: 'aws:ResourceTag/team', ConditionValue: 'team-*' }] }],
  ['StringNotEquals only (picks resources without the key)', [], { StringNotEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'daily' }] }],
  ['tags and conditions', [tag('env', 'dev')], { StringEquals: [{ ConditionKey: 'aws:ResourceTag/team', ConditionValue: 'team-1' }] }],
];

describe('tag index', () => {
  test.each(SELECTIONS)('%s: the resources it may pick are those the scan of the environment finds, in tree order', (_name, listOfTags, conditions) => {
    const { ctx, plan } = taggedApp();
    const test = mayPick(listOfTags, conditions);
    const conds = parseConditions(conditions, ctx.refs);
    // the scan: every backupable resource of the environment, judged on its full (resolved) tags
    const scanned = candidates(ctx, plan).filter(r => test(r.base.tags));
    const found = tagCandidates(ctx, plan, tagLookups(listOfTags, conds), test).filter((r: InAppResource) => test(r.base.tags));
    expect(found.map(r => r.base.id)).toEqual(scanned.map(r => r.base.id));
    expect(found.every(r => r.base.env.account === plan.env.account)).toBe(true);
  });

  test('the same result whether or not the resources were read before (no order dependence)', () => {
    const lt = [tag('backup', 'daily')];
    const fresh = taggedApp();
    const before = tagCandidates(fresh.ctx, fresh.plan, tagLookups(lt, []), mayPick(lt, undefined)).map(r => r.base.id);
    const warm = taggedApp();
    candidates(warm.ctx, warm.plan); // reads every resource first, as an ARN selection would
    const after = tagCandidates(warm.ctx, warm.plan, tagLookups(lt, []), mayPick(lt, undefined)).map(r => r.base.id);
    expect(after).toEqual(before);
    expect(before).toEqual(expect.arrayContaining(['S/Override', 'S/Plain', 'S/T0', 'S/Vol']));
    expect(before).not.toContain('S/T1');
  });

  test('a resource read in full already is indexed by its tags as deployed, not left to every tag selection', () => {
    const { ctx, plan } = taggedApp();
    candidates(ctx, plan); // reads every resource first, as an ARN selection would
    const index = tagIndex(ctx, plan);
    const ids = (list: CfnResource[] | undefined) => (list ?? []).map(c => c.node.path);
    expect(ids(index.undecided)).toEqual([]);
    expect(ids(index.byKey.get('backup')?.byValue.get('daily'))).toEqual(expect.arrayContaining(['S/Override', 'S/Plain']));
    expect(ids(index.byKey.get('team')?.tokenValue)).toEqual(['S/TokenValue']);
  });

  test('indexes literal values, token values and resources only the full read knows', () => {
    const { ctx, plan } = taggedApp();
    const index = tagIndex(ctx, plan);
    const ids = (list: CfnResource[] | undefined) => (list ?? []).map(c => c.node.path);
    expect(ids(index.undecided)).toEqual(['S/Override', 'S/Plain']);
    expect(ids(index.byKey.get('team')?.tokenValue)).toEqual(['S/TokenValue']);
    expect(ids(index.byKey.get('team')?.byValue.get('team-0'))).toEqual(['S/T0', 'S/T6']);
    expect(ids(index.byKey.get('backup')?.all)).toEqual(['S/Vol', 'S/T0', 'S/T2', 'S/T4', 'S/T6', 'S/T8', 'S/T10']); // by type, then tree order
    expect(index.byKey.get('owner')).toBeUndefined();
  });

  test('cheapTags: undefined for an override of the tag property, a plain CfnResource, a token key', () => {
    const { s } = taggedApp();
    expect(cheapTags(s.node.findChild('Override') as CfnResource)).toBeUndefined();
    expect(cheapTags(s.node.findChild('Plain') as CfnResource)).toBeUndefined();
    const app = newApp();
    const t = new ddb.CfnTable(stack(app, 'K'), 'T', { keySchema: [{ attributeName: 'pk', keyType: 'HASH' }] });
    Tags.of(t).add(new CfnParameter(Stack.of(t), 'KeyParam').valueAsString, 'x');
    app.synth();
    expect(cheapTags(t)).toBeUndefined();
    expect(cheapTags(s.node.findChild('TokenValue') as CfnResource)).toEqual([{ key: 'team', value: undefined, source: 'resource' }]);
  });

  test('tagLookups: each tag entry, and one StringEquals or StringLike condition; none for negative conditions only', () => {
    const refs = taggedApp().ctx.refs;
    expect(tagLookups([tag('a', '1'), tag('aws:ResourceTag/b', '2')], [])).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    expect(tagLookups([], parseConditions({ StringLike: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'p*' }], StringEquals: [{ ConditionKey: 'aws:ResourceTag/x', ConditionValue: 'y' }] }, refs)))
      .toEqual([{ key: 'x', value: 'y' }]);
    expect(tagLookups([], parseConditions({ StringLike: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'p*' }] }, refs))).toEqual([{ key: 'env', value: undefined }]);
    expect(tagLookups([tag('a', '1')], parseConditions({ StringNotLike: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'p*' }] }, refs))).toBeUndefined();
    // a token value (a reference, as a sentinel) matches any value of the key
    expect(tagLookups([tag('a', '\u0000cabref:0\u0000')], [])).toEqual([{ key: 'a', value: undefined }]);
  });
});

describe('selections by tag (model)', () => {
  test('a plain CfnResource tagged in its properties is selected by tag whether or not another selection read it first', () => {
    for (const readFirst of [false, true]) {
      const app = newApp();
      const s = stack(app, 'S');
      new CfnResource(s, 'Plain', { type: 'AWS::DynamoDB::Table', properties: { TableName: 'plain', Tags: [{ Key: 'backup', Value: 'daily' }] } });
      const first = planWithCopy(s, undefined, 'First').plan;
      if (readFirst) first.addSelection('ByArn', { resources: [backup.BackupResource.fromArn('arn:aws:dynamodb:eu-west-1:111111111111:table/plain')] });
      else first.addSelection('None', { resources: [backup.BackupResource.fromTag('nobody', 'x')] });
      planWithCopy(s, undefined, 'Second').plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
      const second = model(app).routes.find(r => r.planPath === 'S/Second')!;
      expect(resourceIds(second)).toEqual(['S/Plain']);
    }
  });

  test('tag selections with an intrinsic (AWS::StackName) are evaluated per plan; literal ones are shared', () => {
    const app = newApp();
    for (const id of ['A', 'B']) {
      const s = stack(app, id);
      Tags.of(new ddb.CfnTable(s, 'T', { keySchema: [{ attributeName: 'pk', keyType: 'HASH' }] })).add('stack', id);
      const { plan } = planWithCopy(s);
      const byStack = plan.addSelection('ByStack', { resources: [backup.BackupResource.fromTag('stack', 'placeholder')] });
      (byStack.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupSelection.ListOfTags',
        [{ ConditionKey: 'stack', ConditionValue: { Ref: 'AWS::StackName' }, ConditionType: 'STRINGEQUALS' }]);
      plan.addSelection('Daily', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
    }
    const m = model(app);
    const [a, b] = ['A/Plan', 'B/Plan'].map(p => m.routes.find(r => r.planPath === p)!);
    const named = (r: typeof a, path: string) => r.selections.find(x => x.constructPath === path)!;
    expect(named(a, 'A/Plan/ByStack').resources).not.toBe(named(b, 'B/Plan/ByStack').resources);
    expect(named(a, 'A/Plan/Daily').resources).toBe(named(b, 'B/Plan/Daily').resources);
  });
});

describe('hasIntrinsic', () => {
  test('finds intrinsics anywhere, not strings that spell them', () => {
    expect(hasIntrinsic([{ ConditionKey: 'k', ConditionValue: { Ref: 'AWS::StackName' } }])).toBe(true);
    expect(hasIntrinsic({ StringEquals: [{ ConditionValue: { 'Fn::If': ['C', 'a', 'b'] } }] })).toBe(true);
    expect(hasIntrinsic([{ ConditionKey: 'Ref', ConditionValue: 'Fn::Join' }])).toBe(false);
    expect(hasIntrinsic([{ ConditionKey: 'k', ConditionValue: '\u0000cabref:3\u0000' }])).toBe(false);
    expect(hasIntrinsic(undefined)).toBe(false);
    expect(hasIntrinsic({ Ref: 'x', Other: 1 })).toBe(false);
  });
});
