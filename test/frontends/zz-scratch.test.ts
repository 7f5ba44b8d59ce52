import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildMistakesApp, mistakesChecksProps } from '../../examples/mistakes/app';
import { buildOrganizationApp, organizationChecksProps } from '../../examples/organization/app';
import { runExample } from '../../examples/run';
import { annotationText, annotationNeedsClip } from '../../src/frontends/annotations';

test('print', () => {
  const runs = [
    runExample('mistakes', o => buildMistakesApp(o, mistakesChecksProps()), mistakesChecksProps(), mkdtempSync(join(tmpdir(), 'x-'))),
    runExample('organization', o => buildOrganizationApp(o, organizationChecksProps()), organizationChecksProps(), mkdtempSync(join(tmpdir(), 'x-'))),
  ];
  const out: string[] = [];
  for (const r of runs) for (const f of r.result.findings) {
    const t = annotationText(f, false);
    const full = `${f.ruleId}: ${f.summary} Fix: ${f.shortFix} See https://github.com/cdk-cross-account-backup/cdk-cross-account-backup/blob/main/docs/rules/${f.ruleId}.md [ack: Annotation::${f.ruleId}]`.length;
    out.push(`${full} ${t.length + ` [ack: Annotation::${f.ruleId}]`.length} ${annotationNeedsClip(f) ? 'CLIP' : 'ok'} ${f.constructPath}\n  ${t}`);
  }
  require('fs').writeFileSync('/tmp/msgscratch/ann.txt', out.join('\n'));
});
