/**
 * CAB-UNVERIFIABLE: a warning, never an error, for each thing the model could not know (env-agnostic
 * stacks, imported keys and vaults, unresolvable tokens), saying which checks were skipped.
 * Entries with the same construct and subject are merged (reasons and skipped checks united).
 */
import { makeFinding, type Finding, type Rule } from '../finding';
import { notVerifiable } from '../messages/cab-unverifiable';
import { RuleIds } from '../rule-ids';

export const cabUnverifiable: Rule = (model) => {
  const merged = new Map<string, { path: string; subject: string; reasons: string[]; skipped: string[]; routeId?: string }>();
  for (const u of model.unverifiable) {
    const key = `${u.constructPath}\u0000${u.subject}`;
    const entry = merged.get(key) ?? { path: u.constructPath, subject: u.subject, reasons: [], skipped: [], routeId: u.routeId };
    if (!entry.reasons.includes(u.reason)) entry.reasons.push(u.reason);
    for (const id of u.skippedRules) if (!entry.skipped.includes(id)) entry.skipped.push(id);
    merged.set(key, entry);
  }
  const findings: Finding[] = [];
  for (const e of merged.values()) {
    findings.push(makeFinding(RuleIds.UNVERIFIABLE, 'warning', e.path, notVerifiable(e.subject, e.reasons, e.skipped), e.routeId));
  }
  return findings;
};
