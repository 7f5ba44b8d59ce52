import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Ajv = require('ajv');
import { ExternalFacts } from '../../src';
import { factsFromReport } from '../../src/facts/external-facts';
import { FactsError, parseFacts } from '../../src/facts/parse';
import { FACTS_FORMAT_VERSION } from '../../src/facts/types';
import { REPORT_SCHEMA_VERSION } from '../../src/report/report-schema';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'external-facts.schema.json'), 'utf-8'));
// ajv 6 reads the draft 2020-12 keywords this schema uses (type lists, $ref into $defs); its meta-schema check is draft-07 only.
const validateSchema = new Ajv({ validateSchema: false, allErrors: true }).compile(schema);

const READ_AT = '2026-11-30T12:00:00Z';
const origin = { source: 'lookup', account: '222222222222', region: 'eu-west-1', readAt: READ_AT };

/** A document with every kind of fact. */
function fullDocument(): any {
  return {
    formatVersion: FACTS_FORMAT_VERSION,
    vaults: [{
      arn: 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central',
      name: 'central',
      account: '222222222222',
      region: 'eu-west-1',
      accessPolicy: { Version: '2012-10-17', Statement: [] },
      encryptionKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/abcd-1234',
      lock: { minRetentionDays: 7, maxRetentionDays: 35 },
      origin,
    }, {
      arn: 'arn:aws:backup:eu-west-1:222222222222:backup-vault:other',
      accessPolicy: null,
      encryptionKey: { keyManager: 'CUSTOMER', policy: { Statement: [] }, reference: 'Central/Key' },
      airGapped: true,
      origin: { ...origin, source: 'report', location: 'r.json' },
    }],
    keys: [{ arn: 'arn:aws:kms:eu-west-1:222222222222:key/abcd-1234', keyManager: 'CUSTOMER', keyState: 'Enabled', policy: { Statement: [] }, origin }],
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccount: '333333333333',
      accounts: ['111111111111', '222222222222', '333333333333'],
      organizationalUnits: [{ id: 'ou-ab12-cdefgh34', accounts: ['111111111111'] }],
      origin,
    },
    globalSettings: [{ account: '333333333333', crossAccountBackup: true, origin }],
    regionSettings: [{ account: '111111111111', region: 'eu-west-1', resourceTypeOptIn: { Aurora: true }, resourceTypeManagement: { DynamoDB: true }, origin }],
    tagPolicies: [{ account: '111111111111', policy: null, origin }],
    ssmParameters: [{
      name: '/backup/central-vault-arn',
      value: 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central',
      account: '111111111111',
      region: 'eu-west-1',
      origin: { ...origin, source: 'file' },
    }],
    unreadable: [{ call: 'kms:GetKeyPolicy', account: '111111111111', region: 'eu-west-1', resource: 'arn:aws:kms:eu-west-1:111111111111:key/x', errorCode: 'AccessDeniedException', readAt: READ_AT }],
  };
}

/** The reader's error for `doc`, or undefined. */
function readerError(doc: unknown): string | undefined {
  try {
    parseFacts(doc, 'facts.json');
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(FactsError);
    return (e as Error).message;
  }
}

describe('the external-facts reader and its JSON Schema agree', () => {
  test('a document with every kind of fact: read as written, and valid against the schema', () => {
    const doc = fullDocument();
    expect(parseFacts(doc, 'facts.json').vaults?.[1]).toMatchObject({ name: 'other', account: '222222222222', region: 'eu-west-1', accessPolicy: null });
    expect(validateSchema(doc)).toBe(true);
    expect(parseFacts(doc, 'facts.json').unreadable).toEqual(doc.unreadable);
    expect(parseFacts(doc, 'facts.json').ssmParameters).toEqual(doc.ssmParameters);
  });

  const broken: Array<[string, (d: any) => unknown, RegExp]> = [
    ['not an object', () => [], /^facts\.json: the document must be a JSON object/],
    ['no formatVersion', (d) => ({ ...d, formatVersion: undefined }), /^facts\.json: formatVersion is undefined, not a version/],
    ['a vault ARN that is a key ARN', (d) => ({ ...d, vaults: [{ ...d.vaults[0], arn: d.keys[0].arn }] }), /^facts\.json: vaults\[0\]\.arn is "arn:aws:kms:.*", not a backup vault ARN/],
    ['a time without zone', (d) => ({ ...d, keys: [{ ...d.keys[0], origin: { ...origin, readAt: '2026-11-30 12:00' } }] }), /^facts\.json: keys\[0\]\.origin\.readAt is "2026-11-30 12:00", not an ISO-8601 time/],
    ['an unknown source', (d) => ({ ...d, keys: [{ ...d.keys[0], origin: { ...origin, source: 'guess' } }] }), /^facts\.json: keys\[0\]\.origin\.source is "guess", not one of lookup, report, file/],
    ['a key manager in lower case', (d) => ({ ...d, keys: [{ ...d.keys[0], keyManager: 'aws' }] }), /^facts\.json: keys\[0\]\.keyManager is "aws", not "AWS" or "CUSTOMER"/],
    ['an account id with 11 digits', (d) => ({ ...d, organization: { ...d.organization, accounts: ['12345678901'] } }), /^facts\.json: organization\.accounts\[0\] is "12345678901", not a 12-digit account id/],
    ['a negative lock', (d) => ({ ...d, vaults: [{ ...d.vaults[0], lock: { minRetentionDays: -1 } }] }), /^facts\.json: vaults\[0\]\.lock\.minRetentionDays must be a whole number of days, not -1/],
    ['a policy that is a number', (d) => ({ ...d, keys: [{ ...d.keys[0], policy: 3 }] }), /^facts\.json: keys\[0\]\.policy must be a JSON object, not 3/],
    ['vaults as an object', (d) => ({ ...d, vaults: {} }), /^facts\.json: vaults must be a JSON array, not \{\}/],
    ['an SSM parameter without its account', (d) => ({ ...d, ssmParameters: [{ ...d.ssmParameters[0], account: undefined }] }),
      /^facts\.json: ssmParameters\[0\]\.account must be a string, not undefined/],
  ];
  test.each(broken)('%s: one sentence naming the file, the field and the value; the schema refuses it too', (_name, breakIt, message) => {
    const doc = breakIt(fullDocument());
    const error = readerError(doc);
    expect(error).toMatch(message);
    expect(error).toMatch(/; see docs\/facts\.md for the format\.$/);
    expect(validateSchema(doc)).toBe(false);
  });

  test('a policy given as JSON text is read as the object (as AWS returns it); text that is not JSON is an error', () => {
    const doc = fullDocument();
    doc.keys[0].policy = '{"Statement":[]}';
    expect(parseFacts(doc, 'facts.json').keys?.[0].policy).toEqual({ Statement: [] });
    doc.keys[0].policy = '{nope';
    expect(readerError(doc)).toMatch(/^facts\.json: keys\[0\]\.policy is a string that is not valid JSON/);
  });

  test('another major version: rejected with the version and what to do; a later minor version is read', () => {
    expect(readerError({ formatVersion: '2.0.0' })).toBe('facts.json: external-facts format version 2.0.0 is not supported by this version of the library, '
      + 'which reads 1.x; write the file again with this library\'s `cdk-cross-account-backup lookup`, or upgrade the library.');
    expect(readerError({ formatVersion: '1.7.0', addedLater: true })).toBeUndefined();
    expect(validateSchema({ formatVersion: '2.0.0' })).toBe(false);
  });
});

describe('ExternalFacts', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facts-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('fromFile reads a file; a missing file or bad JSON is one FactsError sentence', () => {
    const file = path.join(dir, 'facts.json');
    fs.writeFileSync(file, JSON.stringify(fullDocument()));
    expect(ExternalFacts.fromFile(file).source).toBe(file);
    expect(ExternalFacts.fromFile(file)._document.organization?.id).toBe('o-a1b2c3d4e5');
    expect(() => ExternalFacts.fromFile(path.join(dir, 'none.json'))).toThrow(/none\.json: the external-facts file cannot be read \(ENOENT\); check the path/);
    fs.writeFileSync(file, '{');
    expect(() => ExternalFacts.fromFile(file)).toThrow(FactsError);
  });

  test('fromObject reads a document, named by its label', () => {
    expect(() => ExternalFacts.fromObject({ formatVersion: 'x' }, 'inline')).toThrow(/^inline: formatVersion is "x"/);
    expect(ExternalFacts.fromObject(fullDocument()).source).toBe('facts');
  });

  const report = (extra: object) => ({ schemaVersion: REPORT_SCHEMA_VERSION, exports: { vaults: [] }, ...extra });

  test('fromReport: a report of another major schema version is rejected, naming the version and the fix', () => {
    const major = Number(REPORT_SCHEMA_VERSION.split('.')[0]);
    const other = `${major + 1}.0.0`;
    expect(() => factsFromReport(report({ schemaVersion: other }), 'r.json', () => new Date(0))).toThrow(
      `r.json: report schema version ${other} is not supported by this version of the library, which reads ${major}.x; `
      + 'synthesize the other app with the same major version of cdk-cross-account-backup.');
    expect(() => factsFromReport({ routes: [] }, 'r.json', () => new Date(0))).toThrow(/^r\.json: not a cross-account-backup report/);
    expect(() => factsFromReport(report({ exports: undefined }), 'r.json', () => new Date(0))).toThrow(/^r\.json: the report has no exports section/);
  });

  test('fromReport: vaults become facts of source report, dated by generatedAt, else by the file time', () => {
    const vault = {
      arn: 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central',
      name: 'central',
      account: '222222222222',
      region: 'eu-west-1',
      constructPath: 'Central/Vault',
      accessPolicyKnown: true,
      encryptionKey: { keyManager: 'CUSTOMER', constructPath: 'Central/Key', policy: { Statement: [] } },
    };
    const dated = factsFromReport(report({ generatedAt: READ_AT, exports: { vaults: [vault] } }), 'r.json', () => new Date(0));
    expect(dated.vaults).toEqual([{
      arn: vault.arn,
      name: 'central',
      account: '222222222222',
      region: 'eu-west-1',
      accessPolicy: null,
      encryptionKey: { keyManager: 'CUSTOMER', policy: { Statement: [] }, reference: 'Central/Key' },
      origin: { source: 'report', account: '222222222222', region: 'eu-west-1', readAt: '2026-11-30T12:00:00.000Z', location: 'r.json' },
    }]);
    const undated = factsFromReport(report({ exports: { vaults: [{ ...vault, accessPolicyKnown: false }] } }), 'r.json', () => new Date(0));
    expect(undated.vaults?.[0].origin.readAt).toBe('1970-01-01T00:00:00.000Z');
    // an access policy synth could not read is unknown, not "none"
    expect(undated.vaults?.[0].accessPolicy).toBeUndefined();
  });
});
