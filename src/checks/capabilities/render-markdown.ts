/**
 * Renders the capability table as Markdown (docs/capabilities.md is this output; a test keeps
 * the two in sync). Not part of the jsii API.
 */
import type { CopyCapabilities, CopySupport, ResourceCapability, SingleActionSupport } from './resource-capabilities';
import { RESOURCE_CAPABILITIES } from './resource-capabilities';

const SUPPORT: Record<CopySupport, string> = { supported: '✓', unsupported: '✗', uncertain: '? (unverified)' };
const SINGLE: Record<SingleActionSupport, string> = {
  'supported': '✓',
  'unsupported': '✗',
  'uncertain': '? (unverified)',
  'legacy-unsupported': '✗ by default (AWS: ✓ since October 2025; sources conflict, see Notes; `allowSingleActionCrossRegionCrossAccount: true` lifts it)',
};

function cells(c: CopyCapabilities): string[] {
  return [c.fullyManaged ? 'yes' : 'no', SUPPORT[c.crossRegionCopy], SUPPORT[c.crossAccountCopy], SINGLE[c.singleActionCrossRegionCrossAccount]];
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(r: ResourceCapability, name: string, caps: CopyCapabilities, notes: string): string {
  return `| \`${r.type}\` | ${escapeCell(name)} | ${cells(caps).join(' | ')} | ${r.awsManagedKeyAlias ? `\`${r.awsManagedKeyAlias}\`` : '–'} | ${escapeCell(notes)} | [AWS docs](${r.source.url}) (facts ${r.source.facts}) |`;
}

/** The Markdown table of every resource type (one line per row, two for DynamoDB). */
export function renderCapabilityTable(): string {
  const lines = [
    '| Type id | Resource | Fully managed | Cross-Region | Cross-account | Both in one action | AWS managed key | Notes | Source |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of Object.values(RESOURCE_CAPABILITIES)) {
    lines.push(row(r, r.displayName, r, r.conflicts ? `${r.notes} **Sources conflict:** ${r.conflicts}` : r.notes));
    if (r.withAdvancedFeatures) {
      lines.push(row(r, `${r.displayName}, with AWS Backup advanced features`, r.withAdvancedFeatures,
        'Fully managed once advanced features are on for the account and Region (DynamoDbAdvancedBackupSetting).'));
    }
  }
  return lines.join('\n') + '\n';
}
