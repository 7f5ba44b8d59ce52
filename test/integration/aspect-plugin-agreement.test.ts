/**
 * The aspect and the plugin run the same rules: on the same apps they report the same errors and
 * warnings, on the same constructs, with the same messages.
 */
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { acknowledgedApp, compliantApp, unverifiableApp, violatingApp } from './fixtures';
import { readValidationReport, synthReportsPluginFailure } from './validation-report';
import { CrossAccountCopyChecks, CrossAccountCopyChecksProps } from '../../src/frontends/aspect';
import { CrossAccountCopyValidator } from '../../src/frontends/validation-plugin';

let consoleError: jest.SpyInstance;
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  consoleError.mockRestore();
  process.exitCode = undefined;
});

type Entry = string; // `${severity} ${ruleId} ${constructPath} ${message}`

/** The aspect's findings, from the annotations in the cloud assembly. */
function aspectEntries(app: App): Entry[] {
  const out: Entry[] = [];
  for (const stack of app.node.findAll().filter(Stack.isStack)) {
    const annotations = Annotations.fromStack(stack);
    for (const [severity, messages] of [['error', annotations.findError('*', Match.stringLikeRegexp('^CAB-'))], ['warning', annotations.findWarning('*', Match.stringLikeRegexp('^CAB-'))]] as const) {
      for (const m of messages) {
        // errors end with the qualified rule id, as `Validations.addError` writes it (either spelling)
        const data = String(m.entry.data);
        const ruleId = data.split(':')[0];
        if (severity === 'error') expect(data.endsWith(` (annotation::${ruleId})`) || data.endsWith(` (Annotation::${ruleId})`)).toBe(true);
        // warnings end with ` [ack: annotation::<id>]` (aws-cdk-lib adds it)
        const text = data.replace(/ \((a|A)nnotation::[^)]+\)$/, '').replace(/ \[ack: [^\]]+\]$/, '');
        out.push(`${severity} ${ruleId} ${m.id} ${text}`);
      }
    }
  }
  return out.sort();
}

/** The plugin's findings, from CDK's validation report (construct paths as CDK maps the logical ids back). */
function pluginEntries(app: App): Entry[] {
  const out: Entry[] = [];
  for (const plugin of readValidationReport(app.outdir)) {
    expect(plugin.pluginName).toBe('CrossAccountCopyValidator');
    for (const v of plugin.violations) {
      expect(v.constructs).toHaveLength(1);
      // the L1 behind the construct the aspect annotates: `<construct>/Resource` (or the construct itself)
      const constructPath = `/${v.constructs[0].constructPath}`.replace(/\/(Resource|Default)$/, '');
      out.push(`${v.severity} ${v.ruleName} ${constructPath} ${v.description}`);
    }
  }
  return out.sort();
}

const FIXTURES: Array<[string, () => App, CrossAccountCopyChecksProps, number, number]> = [
  ['a compliant app', () => compliantApp().app, {}, 0, 0],
  ['an app with several rule violations', () => violatingApp().app, {}, 4, 0],
  ['an app with an acknowledgement', () => acknowledgedApp().app, {}, 3, 0],
  ['an app with rule violations and organization options', () => violatingApp().app, { organizationAccounts: ['111111111111', '333333333333'] }, 6, 0],
  ['an app with only warnings', unverifiableApp, {}, 0, 2],
];

describe('the aspect and the plugin agree', () => {
  test.each(FIXTURES)('%s', (_name, build, props, errors, warnings) => {
    // two copies of the app: a failing plugin makes every later synth (as Annotations.fromStack does) throw on newer releases
    const withAspect = build();
    Aspects.of(withAspect).add(new CrossAccountCopyChecks({ ...props, report: false }));
    const withPlugin = build();
    Validations.of(withPlugin).addPlugins(new CrossAccountCopyValidator(withPlugin, { ...props, report: false }));
    expect(synthReportsPluginFailure(withPlugin)).toBe(errors > 0);

    const fromAspect = aspectEntries(withAspect);
    const fromPlugin = pluginEntries(withPlugin);
    expect(fromPlugin).toEqual(fromAspect);
    expect(fromAspect.filter(e => e.startsWith('error ')).length).toBe(errors);
    expect(fromAspect.filter(e => e.startsWith('warning ')).length).toBe(warnings);
  });
});
