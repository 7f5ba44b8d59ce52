import * as fs from 'fs';
import * as path from 'path';
import { markdownFiles } from '../../scripts/compile-snippets';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The lines of a Markdown text outside fenced code blocks, with their line numbers. */
function prose(markdown: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const m = text.match(/^ {0,3}(`{3,}|~{3,})/);
    if (m) {
      if (fence === undefined) fence = m[1];
      else if (m[1].startsWith(fence)) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ line: i + 1, text });
  });
  return out;
}

/** GitHub's anchors of a Markdown file's headings (duplicates get -1, -2, ...). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of prose(markdown)) {
    const h = text.match(/^#{1,6} (.*)$/);
    if (!h) continue;
    const base = h[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const FILES = markdownFiles(ROOT);

describe('README.md and docs/', () => {
  test('the README is at most 25 KB', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThanOrEqual(25 * 1024);
  });

  test.each(FILES)('every relative link of %s names a file and heading that exist', (file) => {
    const broken: string[] = [];
    for (const { line, text } of prose(read(file))) {
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...
        const [rel, anchor] = target.split('#', 2);
        const resolved = rel === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), rel));
        const full = path.join(ROOT, resolved);
        if (!fs.existsSync(full)) {
          broken.push(`${file}:${line}: ${target} (no ${resolved})`);
        } else if (anchor !== undefined && !(fs.statSync(full).isFile() && anchorsOf(fs.readFileSync(full, 'utf8')).has(anchor))) {
          broken.push(`${file}:${line}: ${target} (no heading #${anchor} in ${resolved})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  test.each(FILES)('every table of %s has its separator row right under its header', (file) => {
    const lines = read(file).split('\n');
    const inProse = new Set(prose(read(file)).map(p => p.line));
    const broken: number[] = [];
    lines.forEach((text, i) => {
      const starts = text.startsWith('|') && inProse.has(i + 1) && !(lines[i - 1] ?? '').startsWith('|');
      if (starts && !/^\|(\s*:?-+:?\s*\|)+\s*$/.test(lines[i + 1] ?? '')) broken.push(i + 1);
    });
    expect(broken).toEqual([]);
  });

  test('the anchors are GitHub\'s', () => {
    expect([...anchorsOf('# A `b` — c (d)\n## 2.6 Exact error messages\n## x\n## x\n')]).toEqual(['a-b--c-d', '26-exact-error-messages', 'x', 'x-1']);
  });
});
