import { findDuplicateKey } from '../../src/org-policies/json-duplicates';

describe('findDuplicateKey', () => {
  test.each([
    ['{"a": 1, "b": {"c": [1, {"d": 1, "d": 2}]}}', { path: 'b.c[1]', key: 'd' }],
    ['{"a": 1, "a": 2}', { path: '', key: 'a' }],
    ['{"a\\"b": 1, "a\\"b": 2}', { path: '', key: 'a"b' }],
    ['{"x": {"a": "}", "b": true}, "y": {"a": null, "b": -1.5e3}}', undefined],
    ['[{}, [], {"a": {"a": 1}}]', undefined],
    ['"plain"', undefined],
  ])('%s', (text, expected) => {
    expect(findDuplicateKey(text)).toEqual(expected);
  });
});
