import * as fc from 'fast-check';
import { largeOrganization, smallOrganization } from './fixtures';
import { JSON_PIECE_ELEMENTS, emitJsonPieces } from '../../src/report/json-pieces';
import { emitJsonReport, renderJsonReport, stringifyJsonReport } from '../../src/report/render-json';

function pieces(value: unknown): string[] {
  const out: string[] = [];
  emitJsonPieces(value, (p) => out.push(p));
  return out;
}

const pretty = (value: unknown): string | undefined => JSON.stringify(value, undefined, 2);

describe('emitJsonPieces', () => {
  test('its pieces joined are JSON.stringify(value, undefined, 2), for any JSON object', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
      expect(pieces(value).join('')).toBe(pretty(value));
    }), { numRuns: 300 });
  });

  test('long arrays are cut into pieces, at and around the piece size, and still join to the same text', () => {
    for (const n of [0, 1, JSON_PIECE_ELEMENTS, JSON_PIECE_ELEMENTS + 1, 2 * JSON_PIECE_ELEMENTS, 2 * JSON_PIECE_ELEMENTS + 7]) {
      const value = {
        head: { a: [1, { b: 'x\ny' }], c: null },
        list: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, nested: { tags: [i, `t"${i}`], empty: {}, none: [] }, skipped: undefined })),
        tail: 'end',
      };
      const out = pieces(value);
      expect(out.join('')).toBe(pretty(value));
      // `head` and `tail` one piece each; `list` one piece, or its opening, one per chunk of
      // elements and its closing; then the object's closing brace
      const list = n > JSON_PIECE_ELEMENTS ? 1 + Math.ceil(n / JSON_PIECE_ELEMENTS) + 1 : 1;
      expect(out.length).toBe(2 + list + 1);
    }
  });

  test('members JSON leaves out (undefined, functions) are left out, also first and last; an object without members is {}', () => {
    const value = { gone: undefined, kept: 1, fn: () => 1, also: [undefined, 2], last: undefined };
    expect(pieces(value).join('')).toBe(pretty(value));
    expect(pieces({}).join('')).toBe('{}');
    expect(pieces({ only: undefined }).join('')).toBe('{}');
  });

  test('a long array with elements JSON writes as null (undefined, functions) keeps them as null', () => {
    const value = { list: Array.from({ length: JSON_PIECE_ELEMENTS + 3 }, (_, i) => (i % 7 === 0 ? undefined : i % 11 === 0 ? () => i : i)) };
    expect(pieces(value).join('')).toBe(pretty(value));
  });

  test('what is not a plain object is emitted whole, as JSON.stringify writes it', () => {
    const withToJson = { toJSON: () => ({ replaced: true }), list: [1] };
    class Thing { public readonly a = 1; }
    for (const value of [[1, 2, 3], 'text', 42, null, withToJson, new Thing(), new Date(0)]) {
      expect(pieces(value)).toEqual([pretty(value)]);
    }
  });
});

describe('emitJsonReport', () => {
  test('writes the bytes of stringifyJsonReport, for a small report and one with long lists', () => {
    for (const report of [renderJsonReport(smallOrganization()), renderJsonReport(largeOrganization(120, 6))]) {
      const out: string[] = [];
      emitJsonReport(report, (p) => out.push(p));
      expect(out.join('')).toBe(stringifyJsonReport(report));
    }
  });

  test('the long lists of a large report come in pieces of at most JSON_PIECE_ELEMENTS elements', () => {
    const report = renderJsonReport(largeOrganization(120, 6));
    expect(report.routes.length).toBeGreaterThan(JSON_PIECE_ELEMENTS);
    const out: string[] = [];
    emitJsonReport(report, (p) => out.push(p));
    const routePieces = out.filter((p) => p.includes('"planPath"'));
    expect(routePieces.length).toBe(Math.ceil(report.routes.length / JSON_PIECE_ELEMENTS));
  });
});
