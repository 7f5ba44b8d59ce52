import * as fc from 'fast-check';
import { TagPolicyError } from '../../src/tag-policy/errors';
import { jsonDepthExceeded, jsonErrorOffset, lineAndColumn, MAX_JSON_DEPTH } from '../../src/tag-policy/json-position';
import { TagPolicy } from '../../src/tag-policy/tag-policy';

describe('jsonErrorOffset', () => {
  test.each([
    ['{"a": }', 6],
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['', 0],
    ['{"a":1} x', 8],
    ['[1,2', 4],
    ['{"a": tru}', 9],
    ['{"a": "x\ny"}', 8],
    ['{"a": "\\q"}', 8],
    ['{"a": "\\u12G4"}', 11],
    ['{"a": -}', 6],
    ['{"a": 01}', 7],
    ["{'a': 1}", 1],
  ])('%p fails at offset %p', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  test('agrees with JSON.parse on where it says the error is', () => {
    for (const text of ['{"a":1,}', '{"a" 1}', '{"a":1} x', '[1,2']) {
      const reported = Number(/position (\d+)/.exec(errorOf(text))![1]);
      expect(jsonErrorOffset(text)).toBe(reported);
    }
  });

  test('accepts exactly what JSON.parse accepts', () => {
    fc.assert(fc.property(fc.json(), (text) => jsonErrorOffset(text) === undefined));
    const alphabet = fc.constantFrom('{', '}', '[', ']', '"', ':', ',', ' ', 'a', '1', '-', '.', 'e', 't', 'r', 'u', 'n', 'l', '\\');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 12 }).map((cs) => cs.join('')), (text) => {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      return (jsonErrorOffset(text) === undefined) === valid;
    }), { numRuns: 2000 });
  });

  test('lineAndColumn is 1-based', () => {
    expect(lineAndColumn('ab\ncd', 0)).toBe('line 1, column 1');
    expect(lineAndColumn('ab\ncd', 4)).toBe('line 2, column 2');
  });
});

function errorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('bounded depth', () => {
  test('jsonDepthExceeded: the offset of the first bracket past the limit, strings skipped', () => {
    expect(jsonDepthExceeded('[[[', 2)).toBe(2);
    expect(jsonDepthExceeded('["[[[[", {"a": "{{{{"}]', 2)).toBeUndefined();
    expect(jsonDepthExceeded('["\\"[[[["]', 1)).toBeUndefined();
    expect(jsonDepthExceeded('['.repeat(200_000))).toBe(MAX_JSON_DEPTH);
  });

  test('11 KB of unclosed [ : a TagPolicyError pointing at the place, no stack overflow', () => {
    const text = '['.repeat(11 * 1024);
    expect(() => TagPolicy.fromJson(text, 'deep.json')).toThrow(TagPolicyError);
    expect(() => TagPolicy.fromJson(text, 'deep.json')).toThrow(/deep\.json: the JSON nests deeper than 64 levels at line 1, column 65 \(offset 64\)/);
  });

  test('a valid but deeply nested 8 KB policy: a TagPolicyError pointing at the place', () => {
    const depth = 4 * 1024;
    const text = `{"tags": {"costcenter": {"tag_value": ${'['.repeat(depth)}${']'.repeat(depth)}}}}`;
    expect(text.length).toBeGreaterThan(8 * 1024);
    expect(() => JSON.parse(text)).not.toThrow();
    expect(() => TagPolicy.fromJson(text, 'nested.json')).toThrow(/nested\.json: the JSON nests deeper than 64 levels at line 1, column 100/);
  });

  test('a policy at the normal depth still parses', () => {
    expect(() => TagPolicy.fromJson('{"tags": {"costcenter": {"tag_value": {"@@assign": ["100"]}}}}', 'ok.json')).not.toThrow();
  });
});
