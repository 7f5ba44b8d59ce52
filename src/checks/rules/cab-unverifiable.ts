/**
 * CAB-UNVERIFIABLE: a warning, never an error, for each thing the model could not know (env-agnostic
 * stacks, imported keys and vaults, unresolvable tokens), saying which checks were skipped.
 * Entries with the same construct and subject are merged (reasons, skipped checks, unknown facts and
 * the ARNs of what lies outside the app united). The
 * model says what is unknown (`Unverifiable.unknown`); the skipped checks are the rules of the
 * registry that need it (`RuleDefinition.skipsWhenUnknown`), named by their `checkName`.
 */
import { makeFinding, type Finding } from '../finding';
import { notVerifiable } from '../messages/cab-unverifiable';
import { DOCS } from '../messages/common';
import { externalArnOf } from '../model/types';
import { ruleDocUrl, rulesSkippedBy, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-UNVERIFIABLE';

/** The notes on one construct about one subject, united (`notVerifiable` makes the lists unique). */
interface Merged {
  readonly path: string;
  readonly subject: string;
  readonly reasons: string[];
  readonly skipped: string[];
  readonly facts: string[];
  readonly arns: string[];
  readonly routeId?: string;
}

const check: Rule = (model, _options, registry = []) => {
  const merged = new Map<string, Merged>();
  for (const u of model.unverifiable) {
    const key = `${u.constructPath}\u0000${u.subject}`;
    const entry = merged.get(key) ?? { path: u.constructPath, subject: u.subject, reasons: [], skipped: [], facts: [], arns: [], routeId: u.routeId };
    if (!entry.reasons.includes(u.reason)) entry.reasons.push(u.reason);
    entry.facts.push(...u.unknown);
    const arn = externalArnOf(u);
    if (arn !== undefined) entry.arns.push(arn);
    for (const rule of rulesSkippedBy(u, registry)) {
      if (rule.checkName !== undefined && !entry.skipped.includes(rule.checkName)) entry.skipped.push(rule.checkName);
    }
    merged.set(key, entry);
  }
  const findings: Finding[] = [];
  for (const e of merged.values()) {
    findings.push(makeFinding(ID, 'warning', e.path, notVerifiable(e.subject, e.reasons, e.skipped, e.facts, e.arns), e.routeId));
  }
  return findings;
};

/** CAB-UNVERIFIABLE: the rule's one definition (registered in `rules/index.ts`). */
export const cabUnverifiable: RuleDefinition = {
  id: ID,
  title: 'What synth cannot know, and so was not checked',
  severity: {
    warning: 'always a warning: the state cannot be known at synth time; it names what was not checked and why',
    sources: [DOCS.troubleshootCrossAccount],
  },
  docUrl: ruleDocUrl(ID),
  skipsWhenUnknown: [],
  check,
};
