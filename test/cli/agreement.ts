/**
 * The template front end agrees with the Aspect: `check <cdk.out>` (in-process, through
 * `checkStacks`, the function the bin calls) finds, on the cloud assembly of an app, what the
 * Aspect found on the app itself.
 */
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { acknowledgementIds, CheckResult, resolveTarget } from '../../src/checks/engine';
import type { Finding } from '../../src/checks/finding';
import type { CrossAccountCopyChecks, CrossAccountCopyChecksProps } from '../../src/frontends/aspect';
import { readAssembly } from '../../src/frontends/cli/inputs';
import { checkStacks } from '../../src/frontends/cli/main';

/** What must agree: rule id, severity, construct path and copy route of every finding, acknowledged or not. */
export function findingKeys(findings: readonly Finding[]): string[] {
  return findings.map(f => `${f.ruleId} ${f.severity} ${f.constructPath} ${f.routeId ?? '-'}`).sort();
}

/**
 * The Aspect's findings as the CLI must report them, given what a cloud assembly does not record
 * (docs/cli.md, "What the templates do not tell"):
 * - an imported construct (`BackupVault.fromBackupVaultArn`) leaves nothing in the templates, so a
 *   finding the Aspect attaches to it is attached to its copy route's plan;
 * - `Annotations.acknowledgeWarning` is not written to the assembly (only `Validations.acknowledge` is),
 *   so the findings it silences are reported.
 */
export function expectedFromAssembly(app: App, aspect: CheckResult): { findings: string[]; acknowledged: string[] } {
  const moved = (f: Finding): Finding => {
    const c = aspect.constructs.get(f.constructPath) ?? constructAt(app, f.constructPath);
    const imported = c !== undefined && !Stack.isStack(c) && !c.node.findAll().some(x => CfnResource.isCfnResource(x));
    const plan = imported ? aspect.model.routes.find(r => r.id === f.routeId)?.planPath : undefined;
    return plan ? { ...f, constructPath: plan } : f;
  };
  const recorded = (f: Finding): boolean => resolveTarget(app, f, aspect.constructs).node.scopes.some((s: IConstruct) =>
    s.node.metadata.some(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY
      && m.data && typeof m.data === 'object' && acknowledgementIds(f.ruleId).some(id => id in (m.data as object))));
  return {
    findings: findingKeys([...aspect.findings, ...aspect.acknowledged.filter(f => !recorded(f))].map(moved)),
    acknowledged: findingKeys(aspect.acknowledged.filter(recorded).map(moved)),
  };
}

export interface Agreement {
  /** The Aspect's findings, adjusted by {@link expectedFromAssembly}. */
  readonly aspect: { findings: string[]; acknowledged: string[] };
  /** The Aspect's findings as it reported them. */
  readonly aspectAsReported: { findings: string[]; acknowledged: string[] };
  readonly cli: { findings: string[]; acknowledged: string[] };
  /** Messages of the Aspect that the CLI words differently (see docs/cli.md, "What the templates do not tell"). */
  readonly messageDifferences: Array<[string, string]>;
}

/** Run `check` on the app's (synthesized) cloud assembly and set its findings beside the Aspect's. */
export function compareWithAspect(app: App, props: CrossAccountCopyChecksProps, checks: CrossAccountCopyChecks, assemblyDir = app.outdir): Agreement {
  const aspect = checks._lastResult();
  if (!aspect) throw new Error('the Aspect did not run on this app');
  const run = checkStacks(readAssembly(assemblyDir), props);
  try {
    const cliMessages = new Set(run.result.findings.map(f => f.message));
    const differences: Array<[string, string]> = [];
    const byKey = new Map(run.result.findings.map(f => [findingKeys([f])[0], f.message]));
    for (const f of aspect.findings) {
      if (cliMessages.has(f.message)) continue;
      const other = byKey.get(findingKeys([f])[0]);
      if (other !== undefined) differences.push([f.message, other]);
    }
    return {
      aspect: expectedFromAssembly(app, aspect),
      aspectAsReported: { findings: findingKeys(aspect.findings), acknowledged: findingKeys(aspect.acknowledged) },
      cli: { findings: findingKeys(run.result.findings), acknowledged: findingKeys(run.result.acknowledged) },
      messageDifferences: differences,
    };
  } finally {
    run.rebuilt.dispose();
  }
}

function constructAt(root: IConstruct, path: string): IConstruct | undefined {
  let cur: IConstruct | undefined = root;
  for (const id of path.split('/')) cur = cur?.node.tryFindChild(id);
  return cur;
}
