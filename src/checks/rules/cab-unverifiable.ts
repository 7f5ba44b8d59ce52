/**
 * CAB-UNVERIFIABLE: a warning, never an error, for each thing the model could not know (env-agnostic
 * stacks, imported keys and vaults, unresolvable tokens), saying which checks were skipped.
 * Entries with the same construct and subject are merged (reasons and skipped checks united). The
 * model says what is unknown (`Unverifiable.unknown`); the skipped checks are the rules of the
 * registry that need it (`RuleDefinition.skipsWhenUnknown`), named by their `checkName`.
 */
import { makeFinding, type Finding } from '../finding';
import { notVerifiable } from '../messages/cab-unverifiable';
import { DOCS } from '../messages/common';
import { ruleDocUrl, rulesSkippedBy, type Rule, type RuleDefinition } from '../rule-definition';

const ID = 'CAB-UNVERIFIABLE';

const check: Rule = (model, _options, registry = []) => {
  const merged = new Map<string, { path: string; subject: string; reasons: string[]; skipped: string[]; routeId?: string }>();
  for (const u of model.unverifiable) {
    const key = `${u.constructPath}\u0000${u.subject}`;
    const entry = merged.get(key) ?? { path: u.constructPath, subject: u.subject, reasons: [], skipped: [], routeId: u.routeId };
    if (!entry.reasons.includes(u.reason)) entry.reasons.push(u.reason);
    for (const rule of rulesSkippedBy(u, registry)) {
      if (rule.checkName !== undefined && !entry.skipped.includes(rule.checkName)) entry.skipped.push(rule.checkName);
    }
    merged.set(key, entry);
  }
  const findings: Finding[] = [];
  for (const e of merged.values()) {
    findings.push(makeFinding(ID, 'warning', e.path, notVerifiable(e.subject, e.reasons, e.skipped), e.routeId));
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
