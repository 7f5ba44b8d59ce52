/**
 * The first duplicate key of a JSON text (internal). `JSON.parse` keeps the last of two equal keys
 * without a word; Organizations rejects them ("Duplicate key names will be rejected in JSON",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html).
 *
 * Runs on text that `JSON.parse` accepted, so it only has to find keys, not validate.
 *
 * @returns the dotted path of the object holding the duplicate (empty for the top level) and the key
 */
export function findDuplicateKey(text: string): { readonly path: string; readonly key: string } | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): { path: string; key: string } | undefined => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') { i++; return undefined; }
      for (;;) {
        ws();
        const key = str();
        if (seen.has(key)) return { path, key };
        seen.add(key);
        ws();
        i++; // ':'
        const found = value(path ? `${path}.${key}` : key);
        if (found) return found;
        ws();
        if (text[i++] === '}') return undefined;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return undefined; }
      for (let n = 0; ; n++) {
        const found = value(`${path}[${n}]`);
        if (found) return found;
        ws();
        if (text[i++] === ']') return undefined;
      }
    }
    if (c === '"') {
      str();
      return undefined;
    }
    while (i < text.length && !',]} \t\n\r'.includes(text[i])) i++;
    return undefined;
  };
  return value('');
}
