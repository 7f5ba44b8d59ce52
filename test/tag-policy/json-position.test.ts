import * as fc from 'fast-check';
import { jsonErrorOffset, lineAndColumn } from '../../src/tag-policy/json-position';

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
