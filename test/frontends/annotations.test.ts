/**
 * Annotations a person reads in a terminal: by default the summary and the short fix each message
 * writes, and the rule's page, in at most ~400 characters; with `verbose`, the whole message (the quoted
 * AWS error, every detail).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { buildMistakesApp, mistakesChecksProps } from '../../examples/mistakes/app';
import { buildOrganizationApp, organizationChecksProps } from '../../examples/organization/app';
import { runExample, type ExampleRun } from '../../examples/run';
import { RuleIds } from '../../src';
import type { Finding } from '../../src/checks/finding';
import { ruleDefinition } from '../../src/checks/rules';
import { cabDuplicateBackup } from '../../src/checks/rules/cab-duplicate-backup';
import { ANNOTATION_MAX_LENGTH, annotationNeedsClip, annotationText } from '../../src/frontends/annotations';
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

  test.each(COPY_RULES)('%s: by default the summary, the short fix and the rule\'s page, unclipped, in at most 400 characters', (ruleId) => {
    const findings = short.result.findings.filter(f => f.ruleId === ruleId);
    const texts = shortTexts.get(ruleId)!;
    expect(texts).toHaveLength(findings.length);
    for (const f of findings) {
      expect(annotationNeedsClip(f)).toBe(false);
      const text = texts.find(t => t.startsWith(`${ruleId}: ${f.summary} `))!;
      // what CDK appends: ` (annotation::<id>)` to errors, ` [ack: annotation::<id>]` to warnings (`Annotation::` from aws-cdk-lib 2.262)
      expect(text.replace(/ (\(|\[ack: )[aA]nnotation::[A-Z-]+[)\]]$/, '')).toBe(`${ruleId}: ${f.summary} Fix: ${f.shortFix} See ${ruleDefinition(ruleId)!.docUrl}`);
      expect(text.length).toBeLessThanOrEqual(ANNOTATION_MAX_LENGTH);
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

  test('no finding of the example apps needs the last-resort clip', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cab-annotations-'));
    dirs.push(outdir);
    const organization = runExample('organization', o => buildOrganizationApp(o), organizationChecksProps(), outdir);
    const all = [...short.result.findings, ...organization.result.findings];
    expect(new Set(all.map(f => f.ruleId))).toEqual(new Set(RuleIds.all().filter(id => id !== RuleIds.DUPLICATE_BACKUP)));
    expect(all.filter(annotationNeedsClip).map(f => f.message)).toEqual([]);
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
      expect(annotationNeedsClip(f)).toBe(false);
      expect(text).toBe(`CAB-DUPLICATE-BACKUP: ${f.summary} Fix: ${f.shortFix} See ${ruleDefinition(RuleIds.DUPLICATE_BACKUP)!.docUrl}`);
      expect(text.length + ` [ack: Annotation::${f.ruleId}]`.length).toBeLessThanOrEqual(ANNOTATION_MAX_LENGTH);
      expect(annotationText(f, true)).toBe(f.message);
    }
  });
});

describe('annotationText', () => {
  const accounts = Array.from({ length: 40 }, (_, i) => String(i).padStart(12, '0'));
  const finding: Finding = {
    ruleId: 'CAB-ORG',
    severity: 'error',
    constructPath: 'S/Plan',
    messageId: 'account-outside-organization',
    details: { accounts },
    docUrl: 'https://docs.aws.amazon.com/x',
    summary: 'Plan S/Plan copies across accounts, but accounts 000000000000, 000000000001 and 38 more are not in the declared organization.',
    shortFix: 'copy only within your organization.',
    problem: 'the whole problem',
    awsError: 'Access denied',
    fix: 'the whole fix',
    message: 'CAB-ORG: the whole message',
  };
  const page = 'https://github.com/cdk-cross-account-backup/cdk-cross-account-backup/blob/main/docs/rules/CAB-ORG.md';

  test('the summary, the short fix and the rule\'s page (not the finding\'s AWS page)', () => {
    expect(annotationNeedsClip(finding)).toBe(false);
    expect(annotationText(finding, false)).toBe(`CAB-ORG: ${finding.summary} Fix: ${finding.shortFix} See ${page}`);
  });

  test('a last-resort clip at words, when names make the short forms too long; the page stays whole', () => {
    const long: Finding = {
      ...finding,
      summary: `Plan S/Plan copies to ${accounts.map(a => `account ${a}`).join(', ')}.`,
      shortFix: `add ${accounts.map(a => `'${a}'`).join(', ')} to organizationAccounts.`,
    };
    expect(annotationNeedsClip(long)).toBe(true);
    const text = annotationText(long, false);
    expect(text.length + ' [ack: Annotation::CAB-ORG]'.length).toBeLessThanOrEqual(ANNOTATION_MAX_LENGTH);
    expect(text).toMatch(/^CAB-ORG: Plan S\/Plan copies to account 000000000000, account 000000000001, .*… Fix: add '000000000000', .*… See https:\/\/github\.com\/.*\/docs\/rules\/CAB-ORG\.md$/);
  });

  test('verbose is the whole message', () => {
    expect(annotationText(finding, true)).toBe('CAB-ORG: the whole message');
  });
});
