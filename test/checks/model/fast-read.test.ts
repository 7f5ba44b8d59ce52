/**
 * The model reads L1 properties without rendering every property (renderSubset) and resolves only
 * tokens, once per stack (RefTable.resolveTokens). Both must give what the full render and
 * resolution give.
 */
import { App, CfnResource, Fn, Lazy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { BuildContext } from '../../../src/checks/model/build-context';
import { renderSubset, tagPropertyOf } from '../../../src/checks/model/read-properties';
import { inAppResource } from '../../../src/checks/model/read-resources';
import { RefTable } from '../../../src/checks/model/token-resolver';

function pick(rendered: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (rendered[k] !== undefined) out[k] = rendered[k];
  return out;
}

function full(c: CfnResource, keys: string[]): Record<string, unknown> {
  const x = c as any;
  return pick(x.renderProperties(x.cfnProperties), keys);
}

/** Tags are applied by an aspect: run them (synth) before reading. */
function synthesized(build: (s: Stack) => void): Stack {
  const app = new App();
  const s = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
  build(s);
  Tags.of(s).add('team', 'data');
  app.synth();
  return s;
}

describe('renderSubset', () => {
  test('literals, tokens and tags of an RDS instance equal the full render', () => {
    let db!: rds.CfnDBInstance;
    synthesized(s => {
      const key = new kms.Key(s, 'K');
      db = new rds.CfnDBInstance(s, 'Db', {
        dbInstanceClass: 'db.t3.micro',
        engine: 'postgres',
        storageEncrypted: true,
        kmsKeyId: key.keyArn,
        dbInstanceIdentifier: 'orders',
        tags: [{ key: 'own', value: 'x' }],
      });
    });
    const keys = ['KmsKeyId', 'StorageEncrypted', 'DBInstanceIdentifier', 'DBClusterIdentifier', 'Tags'];
    const fast = renderSubset(db, keys, 'Tags');
    expect(fast).toBeDefined();
    expect(fast).toEqual(full(db, keys));
    expect(fast!.Tags).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'data' }, { Key: 'own', Value: 'x' }]));
    expect(Token.isUnresolved(fast!.KmsKeyId)).toBe(true);
  });

  test('an EBS volume and an EFS file system (tag property FileSystemTags) equal the full render', () => {
    let vol!: ec2.CfnVolume;
    let fs!: efs.CfnFileSystem;
    synthesized(s => {
      vol = new ec2.CfnVolume(s, 'V', { availabilityZone: 'eu-west-1a', size: 10, encrypted: true });
      fs = new efs.CfnFileSystem(s, 'F', { encrypted: true, kmsKeyId: 'alias/aws/elasticfilesystem' });
    });
    expect(renderSubset(vol, ['KmsKeyId', 'Encrypted', 'SnapshotId', 'Tags'], 'Tags')).toEqual(full(vol, ['KmsKeyId', 'Encrypted', 'SnapshotId', 'Tags']));
    const fsKeys = ['Encrypted', 'KmsKeyId', 'FileSystemTags'];
    const fast = renderSubset(fs, fsKeys, 'FileSystemTags');
    expect(fast).toEqual(full(fs, fsKeys));
    expect(fast!.FileSystemTags).toEqual([{ Key: 'team', Value: 'data' }]);
  });

  test('a nested property type needs the L1 renderer: undefined', () => {
    let table!: ddb.CfnTable;
    synthesized(s => {
      table = new ddb.CfnTable(s, 'T', {
        keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
        attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
        sseSpecification: { sseEnabled: true, kmsMasterKeyId: 'k' },
      });
    });
    expect(renderSubset(table, ['SSESpecification', 'TableName', 'Tags'], 'Tags')).toBeUndefined();
  });

  test('a name the L1 does not have: undefined', () => {
    let vol!: ec2.CfnVolume;
    synthesized(s => { vol = new ec2.CfnVolume(s, 'V', { availabilityZone: 'eu-west-1a', size: 10 }); });
    expect(renderSubset(vol, ['NoSuchProperty'], 'Tags')).toBeUndefined();
  });

  test('a plain CfnResource: its own properties unchanged; a property it does not set needs the (cheap) full render', () => {
    let raw!: CfnResource;
    synthesized(s => {
      raw = new CfnResource(s, 'R', { type: 'AWS::EC2::Volume', properties: { Encrypted: true, KmsKeyId: 'alias/aws/ebs', Size: 1 } });
    });
    expect(renderSubset(raw, ['Encrypted', 'KmsKeyId', 'Tags'], 'Tags')).toEqual(full(raw, ['Encrypted', 'KmsKeyId', 'Tags']));
    expect(renderSubset(raw, ['Encrypted', 'KmsKeyId'], 'Tags')).toEqual({ Encrypted: true, KmsKeyId: 'alias/aws/ebs' });
    expect(renderSubset(raw, ['SnapshotId'], 'Tags')).toBeUndefined();
  });
});

describe('RefTable.resolveTokens', () => {
  test('gives what resolve gives, and resolves a token once per cache scope', () => {
    const app = new App();
    const s = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const key = new kms.Key(s, 'K');
    let produced = 0;
    const lazy = Lazy.uncachedString({ produce: () => { produced++; return 'lazy-value'; } });
    const value = {
      Arn: key.keyArn,
      Joined: `arn:${s.partition}:kms:${s.region}:${s.account}:alias/x`,
      List: [1, 'a', undefined, Fn.join('-', ['a', key.keyId])],
      Nested: { Lazy: lazy, Skip: undefined, Num: 3, Bool: false },
      Lazy2: lazy,
    };
    const refs = new RefTable();
    const expected = new RefTable().resolve(value, s);
    const scopeKey = {};
    expect(refs.resolveTokens(value, s, scopeKey)).toEqual(expected);
    expect(refs.resolveTokens({ Again: lazy }, s, scopeKey)).toEqual({ Again: 'lazy-value' });
    expect(produced).toBe(3); // twice for resolve (two uses), once for resolveTokens (both uses and the third, same scope)
  });

  test('copy on write: parts without tokens are the input itself, the rest is copied and equal to resolve', () => {
    const app = new App();
    const s = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const key = new kms.Key(s, 'K');
    const tags = [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'prod' }];
    const literal = { Name: 'n', Tags: tags, Nested: { A: 1, B: [true, 'x'] } };
    const refs = new RefTable();
    expect(refs.resolveTokens(literal, s, {})).toBe(literal);
    // a token (first, middle, last place) or an undefined entry copies its array or object and the objects above it
    const cases: Array<Record<string, unknown>> = [
      { Key: key.keyArn, Tags: tags, Name: 'n' },
      { Name: 'n', Sse: { Enabled: true, Key: key.keyArn }, Tags: tags },
      { Name: 'n', Tags: tags, List: ['a', 'b', key.keyArn] },
      { Name: 'n', Tags: tags, List: ['a', undefined, 'b'], Gone: undefined },
    ];
    for (const value of cases) {
      const before = JSON.stringify(value);
      const out = refs.resolveTokens(value, s, {});
      expect(out).toEqual(new RefTable().resolve(value, s));
      expect(out).not.toBe(value);
      expect(out.Tags).toBe(tags); // the literal part is shared
      expect(JSON.stringify(value)).toBe(before); // the input is not changed
    }
  });

  test('an array holding an encoded list token is resolved whole (CDK splices lists); a literal with "#{" is not one', () => {
    const app = new App();
    const s = new Stack(app, 'S');
    const list = Token.asList(Lazy.any({ produce: () => ['a', 'b'] }));
    const refs = new RefTable();
    expect(refs.resolveTokens({ L: [...list] }, s, {})).toEqual({ L: ['a', 'b'] });
    // CDK refuses elements next to a list token: so does resolveTokens (it hands the array to resolve)
    expect(() => refs.resolveTokens({ L: ['x', ...list] }, s, {})).toThrow(/list token/);
    const literal = ['#{not a token}', '#{Token[', 'plain'];
    expect(refs.resolveTokens(literal, s, {})).toBe(literal);
  });

  test('a list token falls back to resolve', () => {
    const app = new App();
    const s = new Stack(app, 'S');
    const list = Token.asList(Lazy.any({ produce: () => ['a', 'b'] }));
    const refs = new RefTable();
    expect(refs.resolveTokens({ L: list }, s, {})).toEqual({ L: ['a', 'b'] });
  });
});

describe('per-class reads', () => {
  test('tagPropertyOf: the tag manager\'s property name for an L1 class, Tags for a plain CfnResource', () => {
    const s = synthesized(st => {
      new ddb.CfnTable(st, 'T', { keySchema: [{ attributeName: 'pk', keyType: 'HASH' }] });
      new CfnResource(st, 'Plain', { type: 'AWS::DynamoDB::Table', properties: { Tags: [{ Key: 'a', Value: 'b' }] } });
    });
    expect(tagPropertyOf(s.node.findChild('T') as CfnResource)).toEqual({ raw: 'tags', tagProp: 'Tags' });
    expect(tagPropertyOf(s.node.findChild('Plain') as CfnResource)).toEqual({ tagProp: 'Tags' });
  });

  test('resources without a key of their own share one default key object per stack; another stack has its own', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'eu-west-1' };
    const a = new Stack(app, 'A', { env });
    const b = new Stack(app, 'B', { env });
    const db = (s: Stack, id: string) => new rds.CfnDBInstance(s, id, { dbInstanceClass: 'db.t3.micro', engine: 'postgres', storageEncrypted: true });
    const table = (s: Stack, id: string) => new ddb.CfnTable(s, id, { keySchema: [{ attributeName: 'pk', keyType: 'HASH' }] });
    const [a1, a2, b1] = [db(a, 'Db1'), db(a, 'Db2'), db(b, 'Db1')];
    const [t1, t2] = [table(a, 'T1'), table(a, 'T2')];
    const ctx = new BuildContext(app);
    const keyOf = (c: CfnResource) => inAppResource(ctx, c)!.base.key!;
    expect(keyOf(a1)).toEqual({ kind: 'service-default', reference: 'alias/aws/rds', alias: 'aws/rds', env: { ...env, partition: 'aws' } });
    expect(keyOf(a2)).toBe(keyOf(a1));
    expect(keyOf(b1)).not.toBe(keyOf(a1));
    expect(keyOf(b1)).toEqual(keyOf(a1));
    expect(keyOf(t1)).toEqual({ kind: 'aws-owned', reference: 'AWS owned key', env: { ...env, partition: 'aws' } });
    expect(keyOf(t2)).toBe(keyOf(t1));
  });
});

describe('a class derived from CfnResource that takes its type and properties as arguments', () => {
  class Raw extends CfnResource {
    constructor(scope: Stack, id: string, type: string, properties: Record<string, unknown>) {
      super(scope, id, { type, properties });
    }
  }

  test('is read one resource at a time: the first one read does not decide the property names or the tag property of the others', () => {
    const app = new App();
    const s = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const volume = { AvailabilityZone: 'eu-west-1a', Size: 1, Encrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k', SnapshotId: 'snap-1' };
    const untagged = new Raw(s, 'Untagged', 'AWS::EC2::Volume', volume);
    const tagged = new Raw(s, 'Tagged', 'AWS::EC2::Volume', { ...volume, Tags: [{ Key: 'backup', Value: 'daily' }] });
    const table = new Raw(s, 'Table', 'AWS::DynamoDB::Table', { TableName: 't', Tags: [{ Key: 'team', Value: 'x' }] });
    const ctx = new BuildContext(app);
    expect(inAppResource(ctx, untagged)!.base.tags).toEqual([]);
    expect(inAppResource(ctx, tagged)!.base.tags).toEqual([{ key: 'backup', value: 'daily', source: 'resource' }]);
    expect(inAppResource(ctx, table)!.base).toMatchObject({ type: 'DynamoDB', arn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/t', tags: [{ key: 'team', value: 'x', source: 'resource' }] });
  });
});
