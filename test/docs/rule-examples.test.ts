/**
 * The examples of the rule pages (docs/rules/<RULE-ID>.md) run: each snippet of "Failing example",
 * put into the rules fixture (rosetta/rules.ts-fixture) like jsii-rosetta does, makes the checks report
 * the page's rule; the first snippet of "Fixed example" (the whole fixed app) does not; and the failing
 * app plus the "Acknowledge" snippets (what they `declare` is the failing example's) reports nothing
 * of the rule. Other snippets that `declare` what they use only compile (scripts/compile-snippets.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { RuleIds } from '../../src/checks/rule-ids';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURE = fs.readFileSync(path.join(ROOT, 'rosetta', 'rules.ts-fixture'), 'utf8');
/** The checks of the setup (docs/rules/README.md), added when a snippet brings no checks of its own. */
const SETUP_CHECKS = "Aspects.of(app).add(new CrossAccountCopyChecks({ organizationAccounts: ['111111111111', '222222222222'] }));";

function section(page: string, name: string): string {
  const start = page.indexOf(`\n## ${name}\n`);
  if (start < 0) throw new Error(`no section ${name}`);
  const next = page.indexOf('\n## ', start + 1);
  return page.slice(start, next < 0 ? undefined : next);
}

function snippets(text: string): string[] {
  return [...text.matchAll(/\n```ts fixture=rules\n([\s\S]*?)\n```/g)].map(m => m[1]);
}

const runnable = (s: string) => !/^declare /m.test(s);

/** Runs the fixture with the snippets in place of `/// here`; returns the rule ids of every error and warning. */
function findings(...parts: string[]): Array<{ ruleId: string; level: 'error' | 'warning' }> {
  const body = parts.join('\n');
  const imports = body.split('\n').filter(l => l.startsWith('import ')).join('\n');
  const statements = body.split('\n').filter(l => !l.startsWith('import ')).join('\n');
  const checks = /new CrossAccountCopyChecks\(/.test(statements) ? '' : SETUP_CHECKS;
  const source = `${imports}\n${FIXTURE.replace('/// here', `${statements}\n${checks}`)}\nmodule.exports = { app };\n`;
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mod: { exports: { app?: App } } = { exports: {} };
  // the snippet's imports: the library from src/, everything else from node_modules
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (m: string) => require(m === 'cdk-cross-account-backup' ? '../../src' : m);
  new Function('require', 'module', 'exports', js)(load, mod, mod.exports);
  const app = mod.exports.app!;
  const out: Array<{ ruleId: string; level: 'error' | 'warning' }> = [];
  for (const stack of app.node.findAll().filter(Stack.isStack)) {
    const annotations = Annotations.fromStack(stack);
    for (const [level, found] of [
      ['error', annotations.findError('*', Match.stringLikeRegexp('^CAB-'))],
      ['warning', annotations.findWarning('*', Match.stringLikeRegexp('^CAB-'))],
    ] as const) {
      for (const f of found) out.push({ ruleId: String(f.entry.data).split(':')[0], level });
    }
  }
  return out;
}

test('the setup of the examples alone reports nothing', () => {
  expect(findings('')).toEqual([]);
});

describe.each(RuleIds.all())('docs/rules/%s.md', (id) => {
  const page = fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${id}.md`), 'utf8');
  const failing = snippets(section(page, 'Failing example'));
  const [fixed] = snippets(section(page, 'Fixed example'));
  // what an acknowledgement declares comes from the failing example it is run with
  const acknowledge = snippets(section(page, 'Acknowledge')).map(s => s.replace(/^declare const .*\n\n?/gm, ''));

  test('has a runnable failing and fixed example', () => {
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every(runnable)).toBe(true);
    expect(runnable(fixed)).toBe(true);
  });

  test.each(failing.map((s, i) => [i + 1, s]))('failing example %d reports the rule', (_n, snippet) => {
    expect(findings(snippet as string).map(f => f.ruleId)).toContain(id);
  });

  test('the fixed example does not', () => {
    expect(findings(fixed).map(f => f.ruleId)).not.toContain(id);
  });

  if (acknowledge.length > 0) {
    test('acknowledged, the failing example reports nothing of the rule', () => {
      expect(findings(failing[0], ...acknowledge).map(f => f.ruleId)).not.toContain(id);
    });
  }
});
