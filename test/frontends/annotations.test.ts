/**
 * Annotations a person reads in a terminal: by default the problem, the fix and the rule's page in at
 * most ~400 characters; with `verbose`, the whole message (the quoted AWS error, every detail).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { buildMistakesApp, mistakesChecksProps } from '../../examples/mistakes/app';
import { runExample, type ExampleRun } from '../../examples/run';
import { RuleIds } from '../../src';
import { ruleDefinition } from '../../src/checks/rules';
import { cabDuplicateBackup } from '../../src/checks/rules/cab-duplicate-backup';
import { ANNOTATION_MAX_LENGTH, annotationText } from '../../src/frontends/annotations';
import { model, resource, route } from '../checks/rules/model-builder';

// The example shows every way a copy fails; CAB-DUPLICATE-BACKUP is a cost warning (tested below on a model).
const COPY_RULES = RuleIds.all().filter(id => id !== RuleIds.DUPLICATE_BACKUP);

/** Rule id -> the text of its annotations, from the synthesized stacks. */
function annotationsOf(run: ExampleRun): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of run.app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
    const a = Annotations.fromStack(s);
    for (const m of [...a.findError('*', Match.stringLikeRegexp('^CAB-')), ...a.findWarning('*', Match.stringLikeRegexp('^CAB-'))]) {
      const text = String(m.entry.data);
      const id = text.slice(0, text.indexOf(':'));
      out.set(id, [...(out.get(id) ?? []), text]);
    }
  }
  return out;
}

describe('annotations of the broken example app (examples/mistakes)', () => {
  const dirs: string[] = [];
  const run = (verbose?: boolean): ExampleRun => {
    const outdir = mkdtempSync(join(tmpdir(), 'cab-annotations-'));
    dirs.push(outdir);
    return runExample('mistakes', o => buildMistakesApp(o, { ...mistakesChecksProps(), verbose }), mistakesChecksProps(), outdir);
  };
  let short: ExampleRun;
  let verbose: ExampleRun;
  let shortTexts: Map<string, string[]>;
  let verboseTexts: Map<string, string[]>;
  beforeAll(() => {
    short = run();
    verbose = run(true);
    shortTexts = annotationsOf(short);
    verboseTexts = annotationsOf(verbose);
  });
  afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })));

  test.each(COPY_RULES)('%s: by default at most 400 characters, with the fix and the rule\'s page', (ruleId) => {
    const texts = shortTexts.get(ruleId)!;
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(ANNOTATION_MAX_LENGTH);
      expect(text).toContain(' Fix: ');
      expect(text).toContain(`See ${ruleDefinition(ruleId)!.docUrl}`);
      expect(text).not.toContain('At run time AWS Backup fails the copy job with');
    }
  });

  test.each(COPY_RULES)('%s: with verbose, the whole message, the AWS error included', (ruleId) => {
    const findings = verbose.result.findings.filter(f => f.ruleId === ruleId);
    const texts = verboseTexts.get(ruleId)!;
    expect(texts).toHaveLength(findings.length);
    for (const f of findings) {
      const text = texts.find(t => t.startsWith(f.message))!;
      expect(text).toBeDefined();
      if (f.awsError) expect(text).toContain(`At run time AWS Backup fails the copy job with: "${f.awsError}".`);
    }
    // Every rule but CAB-UNVERIFIABLE quotes the error AWS reports in this app.
    if (ruleId !== RuleIds.UNVERIFIABLE) expect(findings.some(f => f.awsError !== undefined)).toBe(true);
  });

  test('the default and the verbose runs find the same things', () => {
    const keys = (r: ExampleRun) => r.result.findings.map(f => `${f.severity} ${f.ruleId} ${f.constructPath} ${f.message}`).sort();
    expect(keys(short)).toEqual(keys(verbose));
  });
});

describe('CAB-DUPLICATE-BACKUP annotations', () => {
  const resources = [resource('EFS', { constructPath: 'WorkloadA/FileSystem' })];
  const routes = ['WorkloadA/Plan', 'WorkloadB/Plan'].map(planPath => ({
    ...route({ planPath, resources }),
    schedule: { expression: 'cron(0 5 ? * * *)', timezone: 'UTC' },
  }));
  const findings = cabDuplicateBackup.check(model(routes), {});

  test('by default at most 400 characters, with the fix and the rule\'s page; verbose is the whole message', () => {
    expect(findings.map(f => f.constructPath)).toEqual(['WorkloadA/Plan', 'WorkloadB/Plan']);
    for (const f of findings) {
      const text = annotationText(f, false);
      expect(f.message.length).toBeGreaterThan(ANNOTATION_MAX_LENGTH);
      expect(text.length).toBeLessThanOrEqual(ANNOTATION_MAX_LENGTH);
      expect(text).toContain(' Fix: ');
      expect(text).toContain(`See ${ruleDefinition(RuleIds.DUPLICATE_BACKUP)!.docUrl}`);
      expect(annotationText(f, true)).toBe(f.message);
    }
  });
});

describe('annotationText', () => {
  const finding = {
    ruleId: 'CAB-ORG',
    severity: 'error' as const,
    constructPath: 'S/Plan',
    docUrl: 'https://docs.aws.amazon.com/x',
    problem: `Backup plan S/Plan copies to ${Array.from({ length: 40 }, (_, i) => `account ${String(i).padStart(12, '0')}`).join(', ')}. A second sentence.`,
    awsError: 'Access denied',
    fix: 'declare every account in organizationAccounts. Then synthesize again.',
    message: 'CAB-ORG: the whole message',
  };

  test('keeps the start and the end of a long problem, the first sentence of the fix and the page', () => {
    const text = annotationText(finding, false);
    expect(text.length + ' (Annotation::CAB-ORG)'.length).toBeLessThanOrEqual(ANNOTATION_MAX_LENGTH);
    expect(text).toMatch(
      /^CAB-ORG: Backup plan S\/Plan copies to account 000000000000, .* … .*account 000000000039\. Fix: declare every account in organizationAccounts\. See https:\/\/github\.com\/.*\/docs\/rules\/CAB-ORG\.md$/,
    );
    expect(text).not.toContain('second sentence');
    expect(text).not.toContain('Then synthesize');
  });

  test('verbose is the whole message', () => {
    expect(annotationText(finding, true)).toBe('CAB-ORG: the whole message');
  });
});
