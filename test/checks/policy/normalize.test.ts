import { evaluatePolicy } from '../../../src/checks/policy/evaluator';
import { describeValue, normalizePolicy, toModelPolicy } from '../../../src/checks/policy/normalize';

const STATEMENT = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:Decrypt', Resource: '*' };
const CANONICAL = { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111111111111:root'] }, Action: ['kms:Decrypt'], Resource: ['*'] };
const REQUEST = { principalArn: 'arn:aws:iam::111111111111:role/x', principalAccount: '111111111111', action: 'kms:Decrypt' };

describe('normalizePolicy', () => {
  test('a single Statement object and string elements become lists', () => {
    expect(normalizePolicy({ Version: '2012-10-17', Statement: STATEMENT })).toEqual({
      document: { Version: '2012-10-17', Statement: [CANONICAL] }, unreadable: [],
    });
  });

  test('JSON text is parsed', () => {
    expect(normalizePolicy(JSON.stringify({ Statement: [STATEMENT] })).document?.Statement).toEqual([CANONICAL]);
  });

  test('NotPrincipal and NotAction keep their shape, "*" principal stays "*"', () => {
    const n = normalizePolicy({ Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, NotAction: 'kms:*', Resource: '*' }, { Effect: 'Allow', Principal: '*', Action: 'kms:*' }] });
    expect(n.document?.Statement).toEqual([
      { Effect: 'Deny', NotPrincipal: { AWS: ['111111111111'] }, NotAction: ['kms:*'], Resource: ['*'] },
      { Effect: 'Allow', Principal: '*', Action: ['kms:*'] },
    ]);
  });

  test('a missing Statement grants nothing', () => {
    expect(normalizePolicy({ Version: '2012-10-17' })).toEqual({ document: { Version: '2012-10-17', Statement: [] }, unreadable: [] });
  });

  test('malformed JSON text is unreadable, not thrown', () => {
    const n = normalizePolicy('{"Statement": [');
    expect(n.document).toBeUndefined();
    expect(n.unreadable).toHaveLength(1);
    expect(n.unreadable[0]).toMatch(/^the policy is not valid JSON/);
  });

  test('a statement that is an Fn::If names the condition', () => {
    const n = normalizePolicy({ Statement: [STATEMENT, { 'Fn::If': ['IsProd', STATEMENT, { Ref: 'AWS::NoValue' }] }] });
    expect(n.document?.Statement).toEqual([CANONICAL]);
    expect(n.unreadable).toEqual(['Statement[1] is Fn::If on condition IsProd (an object or no value (AWS::NoValue)), not a statement object']);
  });

  test('a principal that is an intrinsic, an Effect that is not Allow/Deny, a string principal other than "*"', () => {
    const n = normalizePolicy({
      Statement: [
        { Effect: 'Allow', Principal: { 'Fn::ImportValue': 'X' }, Action: 'a' },
        { Effect: 'allow', Principal: '*', Action: 'a' },
        { Effect: 'Allow', Principal: '111111111111', Action: 'a' },
      ],
    });
    expect(n.document?.Statement).toEqual([]);
    expect(n.unreadable).toEqual([
      'Statement[0].Principal is the export X',
      'Statement[1].Effect is allow, not Allow or Deny',
      'Statement[2].Principal is 111111111111',
    ]);
  });

  test.each([[null], [42], [['a']], [{ 'Fn::If': ['C', {}, {}] }]])('a document that is %p is unreadable', (doc) => {
    const n = normalizePolicy(doc);
    expect(n.document).toBeUndefined();
    expect(n.unreadable).toHaveLength(1);
  });

  test('toModelPolicy keeps what could not be read with the document', () => {
    expect(toModelPolicy('{').unreadable).toHaveLength(1);
    expect(toModelPolicy({ Statement: STATEMENT })).toEqual({ Statement: [CANONICAL] });
  });
});

describe('evaluatePolicy on every shape', () => {
  test('a single statement object allows', () => {
    expect(evaluatePolicy({ Statement: STATEMENT }, REQUEST)).toEqual({ decision: 'allow', matchedStatements: ['#0'], unknown: false });
  });

  test('malformed JSON text: unknown, never thrown', () => {
    expect(evaluatePolicy('{"Statement": [', REQUEST)).toEqual({ decision: 'implicit-deny', matchedStatements: [], unknown: true });
  });

  test('a document with unreadable parts is unknown even when another statement allows', () => {
    expect(evaluatePolicy({ Statement: [STATEMENT, { 'Fn::If': ['C', STATEMENT, STATEMENT] }] }, REQUEST).unknown).toBe(true);
  });
});

describe('describeValue', () => {
  test.each([
    [{ Ref: 'DestAccount' }, 'the value of DestAccount'],
    [{ Ref: 'AWS::AccountId' }, 'AWS::AccountId'],
    [{ 'Fn::GetAtt': ['Role', 'Arn'] }, 'the Arn of Role'],
    [{ 'Fn::ImportValue': 'Shared' }, 'the export Shared'],
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:x' }, 'Fn::Sub arn:${AWS::Partition}:x'],
    [{ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'x']] }, 'arn:${AWS::Partition}:x'],
    [{ 'Fn::Select': [0, ['a']] }, 'an Fn::Select'],
  ])('%j -> %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
    expect(describeValue(value)).not.toMatch(/\{"Fn::|\$\{Token\[/);
  });
});
