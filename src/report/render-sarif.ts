/**
 * Renders findings as SARIF 2.1.0 (the format GitHub code scanning, GitLab and most CI systems read,
 * and that cfn-lint and checkov emit): one `reportingDescriptor` per rule id, one result per finding
 * with its level, and the location the caller computes for it (template file, line, logical id).
 *
 * Pure: no aws-cdk-lib, no file system. Not part of the jsii API.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type { Finding } from '../checks/finding';
import { ruleDocUrl } from '../checks/rule-definition';
import { RuleIds } from '../checks/rule-ids';
import { ruleDefinition } from '../checks/rules';

/** Where a finding is, as far as the templates tell. */
export interface SarifLocation {
  /** The template's URI: a path relative to the working directory (forward slashes) or a `file://` URI. */
  readonly uri?: string;
  /** 1-based line of the resource's logical id in the template, when the template is a file on disk. */
  readonly line?: number;
  /** The resource's logical id. */
  readonly logicalId?: string;
  /** The construct path of the stack (its name for a template file). */
  readonly stack?: string;
}

export interface RenderSarifInput {
  readonly findings: readonly Finding[];
  /** The location of a finding (called once per finding). */
  readonly locate: (f: Finding) => SarifLocation;
  /** The version of this library, as the tool's version. */
  readonly toolVersion: string;
}

/** The name of the tool in SARIF `tool.driver.name` (also the package and the command). */
export const SARIF_TOOL_NAME = 'cdk-cross-account-backup';
const INFORMATION_URI = 'https://github.com/cdk-cross-account-backup/cdk-cross-account-backup';

/** Rule id -> the short title of SARIF's `shortDescription` (the rule's page is its help link). */
export const RULE_TITLES: Record<string, string> = {
  [RuleIds.ORG]: 'accounts outside the organization',
  [RuleIds.RESOURCE]: 'the type cannot be copied that way',
  [RuleIds.XREGION_XACCOUNT]: 'one copy action both cross-Region and cross-account (RDS family)',
  [RuleIds.DDB_ADVANCED]: 'DynamoDB across accounts needs advanced features',
  [RuleIds.AWS_MANAGED_KEY]: 'resource encrypted with an AWS managed key',
  [RuleIds.VAULT_KEY]: 'vaults without a customer managed key',
  [RuleIds.KEY_POLICY]: 'the source key does not admit the destination account',
  [RuleIds.VAULT_POLICY]: 'the vault policies at both ends of a copy',
  [RuleIds.TAG_POLICY]: 'tags the organization\'s tag policy rejects',
  [RuleIds.RETENTION]: 'the copy\'s retention is outside the vault\'s range',
  [RuleIds.DUPLICATE_BACKUP]: 'the same resources backed up by several plans',
  [RuleIds.UNVERIFIABLE]: 'what synth cannot know',
};

/** The page of a rule, docs/rules/<id>.md on the repository's default branch (its definition's `docUrl`). */
export function ruleHelpUri(ruleId: string): string {
  return ruleDefinition(ruleId)?.docUrl ?? ruleDocUrl(ruleId);
}

/** The SARIF log (an object; `JSON.stringify` it). */
export function renderSarif(input: RenderSarifInput): Record<string, unknown> {
  const ids = [...RuleIds.all(), ...new Set(input.findings.map(f => f.ruleId).filter(id => !RuleIds.all().includes(id)))];
  const rules = ids.map(id => {
    const title = RULE_TITLES[id];
    const helpUri = ruleHelpUri(id);
    return {
      id,
      name: pascal(id),
      shortDescription: { text: title ? `${id}: ${title}` : id },
      helpUri,
      help: {
        text: `${id}${title ? `: ${title}` : ''}. What the rule checks, what AWS Backup reports at run time, and how to fix it: ${helpUri}`,
        markdown: `**${id}**${title ? `: ${title}` : ''}. What the rule checks, what AWS Backup reports at run time, and how to fix it: [${id}](${helpUri})`,
      },
      defaultConfiguration: { level: id === RuleIds.UNVERIFIABLE ? 'warning' : 'error' },
    };
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  const results = input.findings.map(f => {
    const loc = input.locate(f);
    const physical = loc.uri !== undefined ? {
      artifactLocation: { uri: loc.uri },
      ...(loc.line !== undefined ? { region: { startLine: loc.line } } : {}),
    } : undefined;
    const logical = loc.logicalId !== undefined ? [{
      name: loc.logicalId,
      ...(loc.stack !== undefined ? { fullyQualifiedName: `${loc.stack}/${loc.logicalId}` } : {}),
      kind: 'resource',
    }] : undefined;
    const location = physical || logical ? [{
      ...(physical ? { physicalLocation: physical } : {}),
      ...(logical ? { logicalLocations: logical } : {}),
    }] : [];
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: f.severity === 'error' ? 'error' : 'warning',
      message: { text: f.message },
      locations: location,
      partialFingerprints: { constructPathAndRoute: `${f.ruleId}|${f.constructPath}|${f.routeId ?? ''}` },
      properties: {
        constructPath: f.constructPath,
        ...(f.routeId !== undefined ? { routeId: f.routeId } : {}),
        docUrl: f.docUrl,
      },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: SARIF_TOOL_NAME, version: input.toolVersion, informationUri: INFORMATION_URI, rules } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

/** `CAB-XREGION-XACCOUNT` -> `CabXregionXaccount` (SARIF's `name`: an identifier-like rule name). */
function pascal(id: string): string {
  return id.toLowerCase().split('-').map(p => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}
