/**
 * The Mermaid `flowchart LR` of a report: accounts (and Regions within them) as subgraphs, grouped
 * by OU for the accounts that receive a backup policy through one, vaults
 * as nodes, one arrow per source vault -> destination vault pair labelled with the plan rules that
 * copy along it and the rule ids of their findings.
 *
 * Readable at any size: routes between the same two vaults share one arrow; when there are more
 * than {@link MAX_VAULT_NODES} vaults, the vaults of each account and Region collapse into one node.
 * Node ids are sanitized and carry a hash of what they stand for, so they are unique, valid Mermaid
 * ids and stable when other vaults come and go (clean diffs). Labels are quoted with Mermaid's
 * entity codes for every character that could end or change them.
 */
import { compareRuleIds, compareStrings } from './render-json';
import type { ReportJson, ReportRoute, ReportVault } from './report-schema';

/** Above this many vaults, vaults collapse into one node per account and Region. */
export const MAX_VAULT_NODES = 60;

/** Rule names shown on an arrow before `+N more`. */
const MAX_RULE_NAMES_ON_ARROW = 2;

type Status = 'error' | 'warning' | 'ok';

interface Node {
  readonly id: string;
  readonly label: string;
  readonly account?: string;
  readonly region?: string;
  readonly external: boolean;
  status: Status;
  /** Vaults the node stands for. */
  count: number;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly routes: ReportRoute[];
}

export function renderMermaidDiagram(report: ReportJson): string {
  const vaultsById = new Map(report.vaults.map((v) => [v.id, v]));
  const placed = placeVaults(report, vaultsById);
  const collapse = placed.size > MAX_VAULT_NODES;

  const nodes = new Map<string, Node>();
  const nodeOfVault = new Map<string, string>();
  for (const [vaultId, p] of [...placed].sort((a, b) => compareStrings(a[0], b[0]))) {
    const vault = vaultsById.get(vaultId);
    const node = collapse ? bucketNode(p.account, p.region) : vaultNode(vaultId, vault, p.account, p.region);
    const existing = nodes.get(node.id);
    if (existing) {
      existing.count++;
    } else {
      nodes.set(node.id, node);
    }
    nodeOfVault.set(vaultId, node.id);
    const status = vaultStatus(vault, report);
    const target = nodes.get(node.id)!;
    target.status = worst(target.status, status);
  }

  const edges = new Map<string, Edge>();
  for (const route of report.routes) {
    const from = nodeOfVault.get(route.source.vault.id)!;
    const to = nodeOfVault.get(route.destination.vault.id)!;
    const key = `${from} ${to}`;
    const edge = edges.get(key);
    if (edge) edge.routes.push(route);
    else edges.set(key, { from, to, routes: [route] });
  }

  const lines: string[] = ['flowchart LR'];
  // OUs (accounts that receive a backup policy through an OU), accounts, then Regions within them
  const ouOfAccount = new Map<string, string>();
  for (const r of report.routes) {
    if (r.policy?.organizationalUnit && !ouOfAccount.has(r.policy.account)) ouOfAccount.set(r.policy.account, r.policy.organizationalUnit);
  }
  const byAccount = groupBy([...nodes.values()], (n) => n.account ?? '');
  const byOu = groupBy([...byAccount.keys()], (a) => ouOfAccount.get(a) ?? '');
  for (const ou of [...byOu.keys()].sort(compareStrings)) {
    const pad = ou ? '  ' : '';
    if (ou) lines.push(`  subgraph ${safeId('ou', ou)}["${escapeLabel(`OU ${ou}`)}"]`);
    for (const account of byOu.get(ou)!.sort(compareStrings)) {
      const accountNodes = byAccount.get(account)!;
      lines.push(`${pad}  subgraph ${safeId('acct', account || 'unknown')}["${escapeLabel(account ? `Account ${account}` : 'Account unknown (environment-agnostic)')}"]`);
      const byRegion = groupBy(accountNodes, (n) => n.region ?? '');
      for (const region of [...byRegion.keys()].sort(compareStrings)) {
        lines.push(`${pad}    subgraph ${safeId('region', `${account}|${region}`)}["${escapeLabel(region || 'Region unknown')}"]`);
        for (const node of byRegion.get(region)!.sort((a, b) => compareStrings(a.id, b.id))) {
          const label = collapse ? `${node.count} vault${node.count === 1 ? '' : 's'}` : node.label;
          lines.push(`${pad}      ${node.id}[("${escapeLabel(label)}")]`);
        }
        lines.push(`${pad}    end`);
      }
      lines.push(`${pad}  end`);
    }
    if (ou) lines.push('  end');
  }

  const sortedEdges = [...edges.values()].sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));
  const errorEdges: number[] = [];
  const warningEdges: number[] = [];
  sortedEdges.forEach((edge, index) => {
    const status = edge.routes.reduce<Status>((s, r) => worst(s, r.findings.status), 'ok');
    if (status === 'error') errorEdges.push(index);
    if (status === 'warning') warningEdges.push(index);
    lines.push(`  ${edge.from} -->|"${escapeLabel(edgeLabel(edge))}"| ${edge.to}`);
  });

  lines.push('  classDef error stroke:#d1242f,stroke-width:3px,fill:#ffebe9,color:#1f2328');
  lines.push('  classDef warning stroke:#9a6700,stroke-width:3px,fill:#fff8c5,color:#1f2328');
  lines.push('  classDef external stroke-dasharray:5 5');
  for (const cls of ['error', 'warning'] as const) {
    const ids = [...nodes.values()].filter((n) => n.status === cls).map((n) => n.id).sort(compareStrings);
    if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${cls}`);
  }
  const externalIds = [...nodes.values()].filter((n) => n.external).map((n) => n.id).sort(compareStrings);
  if (externalIds.length > 0) lines.push(`  class ${externalIds.join(',')} external`);
  if (errorEdges.length > 0) lines.push(`  linkStyle ${errorEdges.join(',')} stroke:#d1242f,stroke-width:3px`);
  if (warningEdges.length > 0) lines.push(`  linkStyle ${warningEdges.join(',')} stroke:#9a6700,stroke-width:3px`);
  return lines.join('\n');
}

/** Where each vault the routes touch sits: its own environment, else the route end's. */
function placeVaults(report: ReportJson, vaultsById: Map<string, ReportVault>): Map<string, { account?: string; region?: string }> {
  const placed = new Map<string, { account?: string; region?: string }>();
  for (const route of report.routes) {
    for (const end of [route.source, route.destination]) {
      if (placed.has(end.vault.id)) continue;
      const vault = vaultsById.get(end.vault.id);
      placed.set(end.vault.id, { account: vault?.account ?? end.account, region: vault?.region ?? end.region });
    }
  }
  return placed;
}

function vaultNode(vaultId: string, vault: ReportVault | undefined, account?: string, region?: string): Node {
  const label = vault?.name ?? lastSegments(vault?.constructPath) ?? vault?.arn ?? vaultId;
  const where = vault?.inApp === false ? ' (outside this app)' : '';
  return { id: safeId('vault', vaultId), label: label + where, account, region, external: vault?.inApp === false, status: 'ok', count: 1 };
}

function bucketNode(account?: string, region?: string): Node {
  return { id: safeId('vaults', `${account ?? ''}|${region ?? ''}`), label: '', account, region, external: false, status: 'ok', count: 1 };
}

/** A vault is marked when a finding (not acknowledged) attaches to it or to a construct inside it. */
function vaultStatus(vault: ReportVault | undefined, report: ReportJson): Status {
  const path = vault?.constructPath;
  if (!path) return 'ok';
  let status: Status = 'ok';
  for (const f of report.findings) {
    if (f.constructPath === path || f.constructPath.startsWith(path + '/')) status = worst(status, f.severity);
  }
  return status;
}

function edgeLabel(edge: Edge): string {
  const names = [...new Set(edge.routes.map((r) => r.ruleName))].sort(compareStrings);
  const shown = names.slice(0, MAX_RULE_NAMES_ON_ARROW).join(', ');
  const more = names.length > MAX_RULE_NAMES_ON_ARROW ? ` +${names.length - MAX_RULE_NAMES_ON_ARROW} more` : '';
  const count = edge.routes.length > 1 ? `${edge.routes.length} routes: ` : '';
  const ruleIds = [...new Set(edge.routes.flatMap((r) => r.findings.ruleIds))].sort(compareRuleIds);
  const status = edge.routes.reduce<Status>((st, r) => worst(st, r.findings.status), 'ok');
  const marks = ruleIds.length > 0 ? ` ${status === 'error' ? '❌' : '⚠️'} ${ruleIds.join(' ')}` : '';
  return `${count}${shown}${more}${marks}`;
}

function worst(a: Status, b: Status): Status {
  if (a === 'error' || b === 'error') return 'error';
  if (a === 'warning' || b === 'warning') return 'warning';
  return 'ok';
}

function lastSegments(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const parts = path.split('/');
  return parts.slice(-2).join('/');
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * A valid, unique, stable Mermaid id: `<prefix>_<readable part>_<hash>`. Only ASCII letters,
 * digits and `_`; the prefix keeps it from being a keyword (`end`, `subgraph`) or starting an
 * edge shape (`o`, `x`); the hash of the full text keeps two texts that sanitize alike apart.
 */
export function safeId(prefix: string, text: string): string {
  const readable = text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(-40);
  return `${prefix}_${readable ? readable + '_' : ''}${fnv1a(text)}`;
}

/** FNV-1a 32-bit over UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string): string {
  /* eslint-disable no-bitwise -- a hash is bit arithmetic */
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  /* eslint-enable no-bitwise */
  return hash.toString(16).padStart(8, '0');
}

/**
 * Text for inside a double-quoted Mermaid label: whitespace runs become one space and every
 * character that could end the label, start an entity, a comment, markdown or HTML is written as a
 * Mermaid entity code (`#34;` for `"`, `#35;` for `#`, ...).
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[#"|<>[\]{}`\\%&;]/g, (ch) => `#${ch.charCodeAt(0)};`);
}
