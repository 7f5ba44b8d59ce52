/**
 * The layers of src/ (docs/development.md) are held by lint: `import/no-restricted-paths` zones and
 * `no-restricted-imports` set in .projenrc.ts. Each case lints a real file of the tree with one
 * violating import added (the project's own .eslintrc.json, the file's own path), and the tree itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadESLint } from 'eslint';

const ROOT = path.join(__dirname, '..', '..');
const LAYER_RULES = new Set(['import/no-restricted-paths', 'no-restricted-imports']);

jest.setTimeout(180_000);

async function eslint() {
  const LegacyESLint = await loadESLint({ useFlatConfig: false });
  return new LegacyESLint({ cwd: ROOT, extensions: ['.ts'] });
}

/** The layer errors of `file` (relative to the root) with `line` added at its top. */
async function layerErrors(file: string, line: string): Promise<string[]> {
  const filePath = path.join(ROOT, file);
  const text = `${line}\n${fs.readFileSync(filePath, 'utf8')}`;
  const [result] = await (await eslint()).lintText(text, { filePath });
  return result.messages.filter(m => m.ruleId !== null && LAYER_RULES.has(m.ruleId) && m.line === 1).map(m => `${m.ruleId}: ${m.message}`);
}

describe('layer violations fail lint', () => {
  test.each([
    ['a rule imports aws-cdk-lib', 'src/checks/rules/cab-org.ts', "import { Stack } from 'aws-cdk-lib';", 'no-restricted-imports'],
    ['a rule imports an aws-cdk-lib submodule', 'src/checks/rules/cab-org.ts', "import { CfnKey } from 'aws-cdk-lib/aws-kms';", 'no-restricted-imports'],
    ['a message imports constructs', 'src/checks/messages/cab-org.ts', "import type { IConstruct } from 'constructs';", 'no-restricted-imports'],
    ['capability data imports aws-cdk-lib', 'src/checks/capabilities/queries.ts', "import { Token } from 'aws-cdk-lib';", 'no-restricted-imports'],
    ['the policy evaluator imports constructs', 'src/checks/policy/evaluator.ts', "import { Construct } from 'constructs';", 'no-restricted-imports'],
    ['private/ imports the project', 'src/private/markers.ts', "import type { CheckModel } from '../checks/model/types';", 'import/no-restricted-paths'],
    ['the engine imports a front end', 'src/checks/engine.ts', "import { CrossAccountCopyChecks } from '../frontends/aspect';", 'import/no-restricted-paths'],
    ['a rule imports the report', 'src/checks/rules/cab-org.ts', "import { renderJsonReport } from '../../report/render-json';", 'import/no-restricted-paths'],
    ['the report imports a front end', 'src/report/render-json.ts', "import { writeReport } from '../frontends/write-report';", 'import/no-restricted-paths'],
    ['a construct imports a front end', 'src/constructs/cross-account-backup-vault.ts', "import { CrossAccountCopyChecks } from '../frontends/aspect';", 'import/no-restricted-paths'],
    ['the model imports the rule ids', 'src/checks/model/options.ts', "import { RuleIds } from '../rule-ids';", 'import/no-restricted-paths'],
    ['the model imports a rule', 'src/checks/model/types.ts', "import { RULES } from '../rules';", 'import/no-restricted-paths'],
  ])('%s (%s)', async (_what, file, line, rule) => {
    const errors = await layerErrors(file, line);
    expect(errors).toHaveLength(1);
    expect(errors[0].startsWith(`${rule}: `)).toBe(true);
  });

  test('the same imports where the layers allow them pass', async () => {
    expect(await layerErrors('src/frontends/aspect.ts', "import { renderJsonReport } from '../report/render-json';")).toEqual([]);
    expect(await layerErrors('src/checks/engine.ts', "import { Stack as S } from 'aws-cdk-lib';")).toEqual([]);
    expect(await layerErrors('src/constructs/cross-account-backup-vault.ts', "import { KEY_USE_ACTIONS as A } from '../checks/policy/copy-permissions';")).toEqual([]);
  });
});

test('the tree passes the layer rules', async () => {
  const results = await (await eslint()).lintFiles(['src']);
  const errors = results.flatMap(r => r.messages
    .filter(m => m.ruleId !== null && LAYER_RULES.has(m.ruleId))
    .map(m => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.message}`));
  expect(results.length).toBeGreaterThan(80);
  expect(errors).toEqual([]);
});
