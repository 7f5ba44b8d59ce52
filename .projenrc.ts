import { awscdk, javascript, JsonFile } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-cross-account-backup',
  description:
    'AWS CDK constructs and synth-time checks that make failing AWS Backup cross-account copy jobs impossible to deploy.',
  author: 'cdk-cross-account-backup developers',
  authorAddress: 'noreply@example.com',
  repositoryUrl: 'https://github.com/cdk-cross-account-backup/cdk-cross-account-backup.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'aws-cdk', 'awscdk', 'aws-backup', 'backup', 'cross-account', 'kms', 'organizations', 'compliance'],
  stability: 'experimental',

  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: '2.257.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',

  // Publishing (configured; the packaging for these registries is not run in CI here).
  publishToPypi: {
    distName: 'cdk-cross-account-backup',
    module: 'cdk_cross_account_backup',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkcrossaccountbackup',
    mavenGroupId: 'io.github.cdk-cross-account-backup',
    mavenArtifactId: 'cdk-cross-account-backup',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkCrossAccountBackup',
    packageId: 'CdkCrossAccountBackup',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-cross-account-backup/cdk-cross-account-backup-go',
  },

  devDeps: [
    // property-based tests of the checks (never crash on random apps)
    'fast-check',
    // unit tests of custom-resource handlers with a mocked SDK client
    'aws-sdk-client-mock',
    '@aws-sdk/client-backup',
    '@types/aws-lambda',
    '@types/node@^20',
    // the report test parses the Mermaid diagram with Mermaid's own parser (it needs a DOM)
    'mermaid',
    'jsdom',
    // the CLI tests validate its SARIF output against the SARIF 2.1.0 JSON schema
    'ajv',
    // the CLI tests run the real `cdk synth` on fixture apps (test/cli); a concrete release that runs on Node 20
    'aws-cdk@2.1148.1',
    // `cdk-cross-account-backup lookup` (src/facts) reads facts with the AWS SDK v3; its tests run it against
    // moto_server and, for the calls moto lacks, aws-sdk-client-mock
    '@aws-sdk/client-kms',
    '@aws-sdk/client-organizations',
    '@aws-sdk/client-sts',
    '@aws-sdk/credential-providers',
    // the benchmark (bench/) measures cdk-nag's AwsSolutions pack side by side on the same apps; used only there
    'cdk-nag@3.0.2',
  ],

  // The command line (src/frontends/cli): `npx cdk-cross-account-backup check cdk.out`.
  bin: { 'cdk-cross-account-backup': 'bin/cdk-cross-account-backup' },

  gitignore: ['cdk.out', '*.cdk.out', '/.bench/'],

  jestOptions: {
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'projenrc', 'scripts'],
  },

  // The oldest Node.js the package runs on: aws-cdk-lib's own floor (engines ">= 20.0.0"), and the
  // Node.js `.ci/run` runs on. The GitHub workflows use a release line jsii still supports.
  minNodeVersion: '20.0.0',
  workflowNodeVersion: '22.x',

  // projen's standard GitHub workflows (build, release, upgrade-main, pull-request-lint), for a
  // maintainer who pushes the repository to GitHub (docs/releasing.md); they do not run here, where
  // CI is `.ci/run` on a fresh clone. Releases are versioned from Conventional Commits.
  github: true,
  githubOptions: {
    mergify: false,
    // pull request titles (the squashed commit) are Conventional Commits
    pullRequestLintOptions: {
      semanticTitleOptions: { types: ['feat', 'fix', 'docs', 'test', 'refactor', 'perf', 'build', 'ci', 'chore', 'revert'] },
    },
  },
  release: true,
  releaseToNpm: true,
  depsUpgrade: true,
  pullRequestTemplate: false,
});

// Cloud assemblies of the examples (`npx projen examples`, `cdk synth` in examples/<name>) hold
// Lambda handler sources that are not part of any TypeScript project.
project.eslint?.addIgnorePattern('cdk.out/');

// The layers (docs/development.md): constructs -> model -> rules -> findings -> front ends, one direction.
// A violation fails lint (test/lint/layers.test.ts shows it).
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      { target: './src/private', from: './src', except: ['./private'], message: 'src/private/ is a leaf: it imports nothing of the project.' },
      { target: './src/checks', from: ['./src/report', './src/frontends'], message: 'The engine (src/checks/) knows no front end and no report: they import it, never the reverse.' },
      { target: './src/report', from: './src/frontends', message: 'The report renderers (src/report/) know no front end.' },
      { target: './src/constructs', from: './src/frontends', message: 'Constructs (src/constructs/) know no front end.' },
      {
        target: './src/checks/model',
        from: ['./src/checks/rules', './src/checks/messages', './src/checks/rule-ids.ts'],
        message: 'The model knows no rule: it says what is unknown and why (Unverifiable.unknown); the rules map that to rule ids.',
      },
    ],
  }],
});
// Rules, messages, capability data and the policy evaluator are pure functions over the model.
project.eslint?.addOverride({
  files: ['src/checks/rules/**', 'src/checks/messages/**', 'src/checks/capabilities/**', 'src/checks/policy/**'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: [
        { name: 'aws-cdk-lib', message: 'Rules, messages, capabilities and policy code read the model, never aws-cdk-lib.' },
        { name: 'constructs', message: 'Rules, messages, capabilities and policy code read the model, never the construct tree.' },
      ],
      patterns: [{ group: ['aws-cdk-lib/*'], message: 'Rules, messages, capabilities and policy code read the model, never aws-cdk-lib.' }],
    }],
  },
});

// unrs-resolver (used by eslint-import-resolver-typescript) 1.13.0 lists platform bindings the
// registry does not serve for every platform, which makes `npm ci` reject the lock file: pin 1.12.2.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// The build (the README's test command) packages JavaScript only, with or without CI=true: packaging
// for Java, Python, .NET and Go needs Maven, PyPI, NuGet and Go tool chains and registries.
// `npx projen package-all` packages every language.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

for (const pattern of ['/examples/', '/bench/', '/.ci/', '/coverage/', '/test-reports/', '/scripts/', '/rosetta/']) {
  project.npmignore?.exclude(pattern);
}

// scripts/ (documentation tooling run by the tasks below) has its own tsconfig.json for eslint and
// ts-node, like bench/.
new JsonFile(project, 'scripts/tsconfig.json', {
  obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
});

// The public class RuleIds (src/checks/rule-ids.ts): jsii needs its ids as literal static members, so
// it is generated from the rule registry (RULES), before every compile; test/checks/rule-ids.test.ts
// fails when the committed file is out of date.
const ruleIds = project.addTask('rules:ids', {
  description: 'Regenerate src/checks/rule-ids.ts (the public RuleIds class) from the rule registry',
  exec: 'ts-node --transpile-only --project scripts/tsconfig.json scripts/rule-ids.ts',
});
project.preCompileTask.spawn(ruleIds);
project.gitattributes.addAttributes('/src/checks/rule-ids.ts', 'linguist-generated');

// The generated parts of docs/rules/<RULE-ID>.md and docs/rules/README.md (test/docs/rule-docs.test.ts
// fails when they are out of date), after RuleIds: what a newcomer runs after adding a rule.
const ruleDocs = project.addTask('docs:rules', {
  description: 'Regenerate RuleIds, the header of each docs/rules/<RULE-ID>.md page and the rule index from the rule definitions',
});
ruleDocs.spawn(ruleIds);
ruleDocs.exec('ts-node --project scripts/tsconfig.json scripts/rule-docs.ts');

// Every TypeScript snippet of README.md and docs/**/*.md compiles under jsii-rosetta (the translator
// Construct Hub uses for Python, Java, C# and Go), with the fixtures in rosetta/. Part of the build,
// after jsii (it needs .jsii and lib/): a snippet that does not compile fails `npx projen build`.
const snippets = project.addTask('docs:snippets', {
  description: 'Compile every TypeScript snippet of README.md and docs/ with jsii-rosetta extract --strict',
  exec: 'ts-node --transpile-only --project scripts/tsconfig.json scripts/compile-snippets.ts',
});
project.postCompileTask.spawn(snippets);

// The main job: synthesize the example apps and print what the checks found.
project.addTask('examples', {
  description: 'Synthesize the example apps and print the copy routes and the findings of the checks',
  exec: 'ts-node --transpile-only --project examples/tsconfig.json examples/run.ts',
  receiveArgs: true,
});

// ts-jest compiles each test file on its own (isolatedModules) without type-checking it: an import
// of a name that does not exist would run as `undefined`. The tests and the examples are type-checked
// before jest runs.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check the tests and the examples (ts-jest and ts-node --transpile-only do not)',
});
typecheck.exec('tsc -p test/tsconfig.json');
typecheck.exec('tsc -p examples/tsconfig.json');
project.testTask.prependSpawn(typecheck);

// bench/ has its own tsconfig.json so that eslint's type-aware rules (the project service reads
// the nearest tsconfig.json) and ts-node see it; it extends the tests' settings.
new JsonFile(project, 'bench/tsconfig.json', {
  obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
});

// The cost of the checks on large generated apps of named shapes, side by side with cdk-nag (docs/speed.md).
// Not part of the build or CI: each run is a process of its own; a full run takes about 15 minutes.
project.addTask('bench', {
  description: 'Benchmark of the checks on generated app shapes at 3,000 and 30,000 resources, with cdk-nag side by side (docs/speed.md); --quick for a smoke run',
  env: { TS_NODE_PROJECT: 'bench/tsconfig.json', TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'node -r ts-node/register bench/bench.ts',
  receiveArgs: true,
});

// One change measured side by side: the checks' window at a base git revision against the working
// tree, alternating runs, and the reports of every shape compared byte for byte (docs/speed.md).
project.addTask('bench:compare', {
  description: 'The checks\' cost at --base <rev> against the working tree, side by side, and whether both write the same reports (docs/speed.md)',
  env: { TS_NODE_PROJECT: 'bench/tsconfig.json', TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'node -r ts-node/register bench/compare.ts',
  receiveArgs: true,
});

project.synth();
