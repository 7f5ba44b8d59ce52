import * as fs from 'fs';
import * as path from 'path';
import { allMessageFunctions, pageOf, ruleDocFiles, ruleDocs, strayPages } from '../../scripts/rule-docs';
import { RuleIds } from '../../src/checks/rule-ids';

const ROOT = path.join(__dirname, '..', '..');

/** The sections every rule page has, in this order. */
const SECTIONS = [
  '## What AWS Backup says',
  '## Why',
  '## Error or warning',
  '## When a fact is unknown',
  '## Failing example',
  '## Fixed example',
  '## Acknowledge',
];

describe('docs/rules', () => {
  test('one page per rule id, and no page without a rule', () => {
    expect(ruleDocs().map(r => r.id)).toEqual(RuleIds.all());
    for (const id of RuleIds.all()) expect(fs.existsSync(path.join(ROOT, pageOf(id)))).toBe(true);
    expect(strayPages()).toEqual([]);
  });

  test.each(ruleDocFiles().map(f => [f.file, f] as const))('the generated blocks of %s are up to date (npx projen docs:rules)', (_file, f) => {
    expect(f.problem).toBeUndefined();
    expect(f.current).toBe(f.expected);
  });

  test.each(ruleDocs().map(r => [r.id, r] as const))('%s lists its messages, each with its messageId and a doc comment', (_id, rule) => {
    expect(rule.messages.length).toBeGreaterThan(0);
    for (const m of rule.messages) {
      expect(m.messageId).toBe(m.name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`));
      expect(m.doc.length).toBeGreaterThan(20);
      expect(m.doc).not.toMatch(/\{@link/);
    }
  });

  test('every message function is reported by some rule, and so listed on its page', () => {
    const listed = new Set(ruleDocs().flatMap(r => r.messages.map(m => `${m.file}#${m.name}`)));
    const all = allMessageFunctions();
    expect(all.length).toBeGreaterThan(30);
    expect(all.filter(m => !m.messageId)).toEqual([]);
    expect(all.filter(m => !listed.has(`${m.file}#${m.name}`))).toEqual([]);
  });

  test.each(RuleIds.all())('%s has every section, in order, with TypeScript in its examples', (id) => {
    const page = fs.readFileSync(path.join(ROOT, pageOf(id)), 'utf8');
    const at = SECTIONS.map(s => page.indexOf(`\n${s}\n`));
    expect(at.every(i => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const section = (name: string) => page.slice(page.indexOf(`\n${name}\n`), at.find(i => i > page.indexOf(`\n${name}\n`)) ?? page.length);
    for (const name of ['## Failing example', '## Fixed example', '## Acknowledge']) {
      expect(section(name)).toMatch(/\n```ts\b/);
    }
    expect(section('## What AWS Backup says').length).toBeGreaterThan(30);
  });

  test('the setup of the examples in docs/rules/README.md is the rules fixture plus the checks', () => {
    const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', 'rules.ts-fixture'), 'utf8');
    const index = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'README.md'), 'utf8');
    const start = index.indexOf('\n## The setup of the examples\n');
    const snippet = index.slice(start).match(/\n```ts\n([\s\S]*?)\n```/)![1];
    const body = fixture.slice(0, fixture.indexOf('/// here'));
    expect(body.length).toBeGreaterThan(100);
    expect(snippet.startsWith(body)).toBe(true);
    expect(snippet.slice(body.length)).toMatch(/^Aspects\.of\(app\)\.add\(new CrossAccountCopyChecks\(\{[\s\S]*\}\)\);$/);
  });
});
