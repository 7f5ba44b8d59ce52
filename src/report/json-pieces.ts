/**
 * A large JSON document written in pieces, byte for byte what `JSON.stringify(value, undefined, 2)`
 * writes, without building the whole text: the report of an app of 30,000 resources is 18 MB of
 * text, and as much again as the buffer `fs.writeFileSync` makes of it.
 */

/** Elements of a long array serialized together: few calls to `JSON.stringify`, small pieces. */
export const JSON_PIECE_ELEMENTS = 500;

/**
 * Calls `emit` with consecutive pieces of `JSON.stringify(value, undefined, 2)`: its top-level
 * members one by one, and the elements of a long array member {@link JSON_PIECE_ELEMENTS} at a
 * time. Each piece comes from `JSON.stringify` itself, of the member or the elements nested as deep
 * as they are in `value` (so that their indentation is the document's), cut out of that wrapper:
 * the serialization is the engine's, only the cutting is ours. A value that is not a plain object
 * (an array, a class instance, one with `toJSON`) is emitted whole. One difference no report has:
 * a `toJSON` of an element of a long array that reads its key sees the element's index in its
 * piece, not in the array.
 */
export function emitJsonPieces(value: unknown, emit: (piece: string) => void): void {
  if (!isLiteralObject(value) || typeof value.toJSON === 'function') {
    emit(JSON.stringify(value, undefined, 2));
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (Array.isArray(member) && member.length > JSON_PIECE_ELEMENTS) {
      emit(`${first ? '{\n' : ',\n'}  ${JSON.stringify(key)}: [\n`);
      for (let i = 0; i < member.length; i += JSON_PIECE_ELEMENTS) {
        // `[[...elements]]` puts each element at the indentation of an array member's elements
        // (4 spaces); `[\n  [\n` before them and `\n  ]\n]` after are the wrapper's.
        const text = JSON.stringify([member.slice(i, i + JSON_PIECE_ELEMENTS)], undefined, 2);
        emit(`${i > 0 ? ',\n' : ''}${text.slice(6, -6)}`);
      }
      emit('\n  ]');
    } else {
      // `{ key: member }`: `{\n` before the member and `\n}` after are the wrapper's. A member
      // JSON leaves out (undefined, a function, a symbol) leaves `{}`: nothing to emit.
      const text = JSON.stringify({ [key]: member }, undefined, 2);
      if (text === '{}') continue;
      emit(`${first ? '{\n' : ',\n'}${text.slice(2, -2)}`);
    }
    first = false;
  }
  emit(first ? '{}' : '\n}');
}

/**
 * An object made by a literal (or `Object.create(null)`): its prototype is `Object.prototype` or
 * none. Stricter than the model's `isPlainObject`, which takes class instances too: their own
 * properties are not always what `JSON.stringify` writes of them.
 */
function isLiteralObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}
