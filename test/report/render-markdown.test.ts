import { spawnSync } from 'child_process';
import * as path from 'path';
import { ACCOUNTS, cmk, env, finding, largeOrganization, model, resource, route, smallOrganization, vault } from './fixtures';
import { RuleIds } from '../../src/checks/rule-ids';
import { MAX_VAULT_NODES, escapeLabel, renderMermaidDiagram, safeId } from '../../src/report/mermaid';
import { renderJsonReport } from '../../src/report/render-json';
import { MAX_EXPANDED_ROUTES, inlineCode, inlineText, renderMarkdownReport } from '../../src/report/render-markdown';
import { ReportJson } from '../../src/report/report-schema';

function small(): ReportJson {
  return renderJsonReport(smallOrganization());
}

/** Names that try to break Markdown tables, Mermaid labels and ids. */
function hostile(): ReportJson {
  const weird = 'Stäck "prod" [blue|green] #1 <script>`x`</script> end; %% {a} (b) & ü/名前';
  const src = vault(`${weird}/Vault`, env(undefined, undefined), { name: 'vault "a" | [b] #c <d>' });
  const dst = vault('arn:aws:backup:eu-west-1:999999999999:backup-vault:x|y', env('999999999999', 'eu-west-1'), {
    inApp: false,
    arn: 'arn:aws:backup:eu-west-1:999999999999:backup-vault:x|y',
  });
  const end = vault('end', env('999999999999', 'eu-west-1'), { name: 'end' });
  const db = resource(`${weird}/Db`, 'RDS', env(), { cfnType: 'AWS::RDS::DBInstance', encrypted: true, key: cmk(`${weird}/Key`, env()) });
  const r1 = route({ planPath: `${weird}/Plan`, ruleName: 'rule "1" | x', source: src, destination: dst, resources: [db] });
  const r2 = route({ planPath: `${weird}/Plan`, ruleName: 'o--x', source: src, destination: end });
  const findings = [
    finding(RuleIds.VAULT_POLICY, 'error', `${weird}/Key`, r1.id),
    { ...finding(RuleIds.UNVERIFIABLE, 'warning', `${weird}/Vault`, r2.id), message: 'CAB-UNVERIFIABLE: a | b <i>x</i> *y* _z_ [l](u) `c` See https://docs.aws.amazon.com/a_b.html' },
  ];
  return renderJsonReport({ model: model([r1, r2]), findings, acknowledged: [], options: {} });
}

function extractMermaid(markdown: string): string {
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  if (!m) throw new Error('no mermaid block');
  return m[1];
}

/** Parses diagrams with Mermaid's own parser in one child process (Mermaid 11 is ESM-only and needs a DOM). */
function parseMermaid(diagrams: string[]): Array<{ ok: boolean; diagramType?: string; error?: string }> {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'parse-mermaid.mjs')], {
    input: JSON.stringify(diagrams),
    encoding: 'utf-8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`parse-mermaid failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Markdown with every inline code span (any fence length) removed. */
function withoutCodeSpans(md: string): string {
  return md.replace(/(?<![`\\])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

/** Cells of a GFM table row: split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

describe('renderMarkdownReport', () => {
  test('summary: result line, counts, one row per rule', () => {
    const md = renderMarkdownReport(small());
    expect(md).toContain('> ❌ **3 errors** on 2 copy routes of 4; 1 warning.');
    expect(md).toContain('| 4 | 4 | 1 | 4 | 4 | 3 | 1 | 1 | 1 |');
    expect(md).toContain('| `CAB-KEY-POLICY` | 1 | 0 | 0 |');
    expect(md).toContain('| `CAB-UNVERIFIABLE` | 0 | 1 | 1 |');
    const passing = renderMarkdownReport(renderJsonReport({ ...smallOrganization(), findings: [], acknowledged: [] }));
    expect(passing).toContain('> ✅ **No errors** on 4 copy routes.');
  });

  describe('how a route\'s resources were selected', () => {
    const e = env(ACCOUNTS.workloadA, 'eu-west-1');
    const arnOf = (name: string) => `arn:aws:dynamodb:eu-west-1:${ACCOUNTS.workloadA}:table/${name}`;
    /** A table of the app with its own ARN, selected by `selectedBy`. */
    const table = (name: string, selectedBy: string[]) => ({ ...resource(`W/${name}`, 'DynamoDB', e, { selectedBy }), arn: arnOf(name) });
    const resourcesLine = (resources: ReturnType<typeof table>[]): string => {
      const r = route({ planPath: 'W/Plan', ruleName: 'daily', source: vault('W/Vault', e), destination: vault('C/Vault', env(ACCOUNTS.central, 'eu-west-1')), resources });
      const md = renderMarkdownReport(renderJsonReport({ model: model([r]), findings: [], acknowledged: [], options: {} }));
      return md.split('\n').find((l) => l.startsWith('- **Resources:**'))!;
    };

    test('resources listed by their own ARNs are one way, "its ARN", not one way per resource', () => {
      const tables = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n, i) => table(n, i % 2 ? [`arn ${arnOf(n)}`] : [`arn ${arnOf(n)}`, 'tag team=W']));
      expect(resourcesLine(tables)).toBe('- **Resources:** 7 (DynamoDB 7); selected by its ARN + `tag team=W` 4, its ARN 3');
    });

    test('an ARN entry that is not the resource\'s own ARN, or that a group of several resources shares, is shown as written', () => {
      expect(resourcesLine([table('a', [`arn ${arnOf('other')}`])])).toBe(`- **Resources:** 1 (DynamoDB 1); selected by \`arn ${arnOf('other')}\` 1`);
      // the resource's ARN at the end of an entry of the same length that is not an `arn` entry
      expect(resourcesLine([table('a', [`xrn ${arnOf('a')}`])])).toBe(`- **Resources:** 1 (DynamoDB 1); selected by \`xrn ${arnOf('a')}\` 1`);
      // an `arn` entry one character longer than `arn <its ARN>`, ending with its ARN
      expect(resourcesLine([table('a', [`arn :${arnOf('a')}`])])).toBe(`- **Resources:** 1 (DynamoDB 1); selected by \`arn :${arnOf('a')}\` 1`);
      expect(resourcesLine([table('a', ['arn arn:aws:dynamodb:*:*:table/*']), table('b', ['arn arn:aws:dynamodb:*:*:table/*'])]))
        .toBe('- **Resources:** 2 (DynamoDB 2); selected by `arn arn:aws:dynamodb:*:*:table/*` 2');
    });

    test('the ways with most resources first (then by label); more than five: the first five and how many more', () => {
      const tables = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => table(n, [`tag t=${n}`]));
      tables.push(table('h', ['tag t=g']));
      expect(resourcesLine(tables)).toBe('- **Resources:** 8 (DynamoDB 8); selected by `tag t=g` 2, `tag t=a` 1, `tag t=b` 1, `tag t=c` 1, `tag t=d` 1, and 2 more ways');
    });
  });

  test('a section and a resource table per route, with checks and findings', () => {
    const report = small();
    const md = renderMarkdownReport(report);
    for (const r of report.routes) {
      expect(md).toContain(`### ${r.findings.status === 'error' ? '❌' : r.findings.status === 'warning' ? '⚠️' : '✅'} \`${r.id}\``);
    }
    // the weekly route copies the same resources as the daily one: one table, and a pointer to it
    expect(md.match(/^\| Resource \| Type \| Encrypted \| Key \| Findings \|$/gm)).toHaveLength(3);
    expect(md).toContain('The same 2 resources as route `WorkloadA/Plan/daily -> Central/Vault` (listed there).');
    expect(md).toContain('- **Resources:** 2 (EBS 1, EFS 1); selected by `construct` 2');
    expect(md).toContain('| `WorkloadB/Database` | RDS (`AWS::RDS::DBInstance`) | yes | customer-managed `WorkloadB/DbKey` | ❌ CAB-KEY-POLICY |');
    expect(md).toContain('| `WorkloadC/Cluster` | Aurora (`AWS::RDS::DBCluster`) | yes | service-default `aws/rds` |  |');
    expect(md).toContain('❌ CAB-VAULT-KEY · ❌ CAB-KEY-POLICY');
    expect(md).toContain('❔ CAB-KEY-POLICY');
    expect(md).toContain('- **Not checked** (may select resources outside this app): `arn:aws:rds:*:*:db:*`');
    expect(md).toContain('- **Copy:** **cross-account**, **cross-Region**');
    expect(md).toContain("continuous backup; copies: cold storage after 30 days, deleted after 365 days (the rule's lifecycle)");
    // the finding line does not repeat the rule id the message starts with
    expect(md).toContain('- ❌ **CAB-KEY-POLICY** on `WorkloadB/DbKey`: problem at WorkloadB/DbKey.');
  });

  test('findings, acknowledged with reason, not checked, vaults and keys', () => {
    const md = renderMarkdownReport(small());
    expect(md).toMatch(/## Findings\n\n- ❌ \*\*CAB-XREGION-XACCOUNT\*\*/);
    expect(md).toContain('**Reason:** The imported key is managed by the platform team');
    expect(md).toContain('| `WorkloadA/Volume` | the key policy of imported key arn:aws:kms:eu-west-1:111111111111:key/imported | the key is not defined in this app | CAB-KEY-POLICY |');
    expect(md).toContain('| `WorkloadB/Vault` (`workload-b`) | `222222222222` | `eu-west-1` | yes | aws-managed `aws/backup` | none |');
    expect(md).toMatch(/\| `Central\/Vault` \(`central`\), logically air-gapped 7 to 3650 days \|/);
    expect(md).toContain('| `WorkloadB/DbKey` | customer-managed | `222222222222` | `eu-west-1` | unknown |');
  });

  test('deterministic', () => {
    expect(renderMarkdownReport(small())).toBe(renderMarkdownReport(small()));
  });

  test('hostile names cannot break tables or inject HTML', () => {
    const md = renderMarkdownReport(hostile());
    // outside code spans (where GFM shows text literally) there is no raw HTML but the report's own <details>
    const outsideCode = withoutCodeSpans(md.replace(/```mermaid[\s\S]*?```/, ''));
    expect(outsideCode.replace(/<\/?(details|summary)>/g, '')).not.toMatch(/(?<!\\)<[a-z/]/i);
    expect(md).toContain('``Stäck "prod" [blue\\|green] #1 <script>`x`</script> end; %% {a} (b) & ü/名前/Plan``');
    // every row of every table has as many cells as its header
    const lines = md.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].startsWith('|') && lines[i + 1]?.startsWith('|---')) {
        const width = cells(lines[i]).length;
        for (let j = i + 2; j < lines.length && lines[j].startsWith('|'); j++) {
          expect({ row: lines[j], cells: cells(lines[j]).length }).toEqual({ row: lines[j], cells: width });
        }
      }
    }
    // URLs stay links, markdown in messages is escaped
    expect(md).toContain('a \\| b \\<i\\>x\\</i\\> \\*y\\* \\_z\\_ \\[l\\](u) \\`c\\` See https://docs.aws.amazon.com/a_b.html');
    expect(md).toContain('unknown account / unknown Region');
  });

  test('many routes: routes without findings are folded', () => {
    const report = renderJsonReport(largeOrganization(50, 3));
    expect(report.routes.length).toBeGreaterThan(MAX_EXPANDED_ROUTES);
    const md = renderMarkdownReport(report);
    expect(md.match(/^<details>$/gm)).toHaveLength(report.routes.filter((r) => r.findings.status === 'ok').length);
    expect(md).toContain('<summary>✅ Workload1/Plan/rule-0 -&gt; Central/Vault</summary>');
    expect(md).toContain('### ❌ `Workload0/Plan/rule-0 -> Central/Vault`');
    expect(md.match(/^\| Resource \| Type/gm)).toHaveLength(150);
    expect(renderMarkdownReport(small())).not.toContain('<details>');
  });

  test('an app without copy routes', () => {
    const md = renderMarkdownReport(renderJsonReport({ model: model([]), findings: [], acknowledged: [], options: {} }));
    expect(md).toContain('No copy routes');
    expect(md).not.toContain('```mermaid');
  });
});

describe('Markdown helpers', () => {
  test('inlineCode holds backticks and pipes', () => {
    expect(inlineCode('a/b')).toBe('`a/b`');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`a``')).toBe('``` `a`` ```');
    expect(inlineCode('a|b\nc')).toBe('`a\\|b c`');
  });
  test('inlineText escapes Markdown but not URLs', () => {
    expect(inlineText('*a* <b> See https://x.example/a_b.html')).toBe('\\*a\\* \\<b\\> See https://x.example/a_b.html');
  });
});

describe('Mermaid diagram', () => {
  test('accounts and Regions as subgraphs, one cylinder per vault, one arrow per vault pair', () => {
    const d = renderMermaidDiagram(small());
    const lines = d.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines.filter((l) => /^ {2}subgraph acct_/.test(l))).toHaveLength(4);
    expect(lines.filter((l) => /^ {4}subgraph region_/.test(l))).toHaveLength(4);
    expect(lines.filter((l) => /\[\("/.test(l))).toHaveLength(4);
    const arrows = lines.filter((l) => l.includes('-->'));
    expect(arrows).toEqual([
      expect.stringMatching(/^ {2}vault_WorkloadA_Vault_\w+ -->\|"2 routes: daily, weekly ⚠️ CAB-UNVERIFIABLE"\| vault_Central_Vault_\w+$/),
      expect.stringMatching(/^ {2}vault_WorkloadB_Vault_\w+ -->\|"daily ❌ CAB-VAULT-KEY CAB-KEY-POLICY"\| vault_Central_Vault_\w+$/),
      expect.stringMatching(/^ {2}vault_WorkloadC_Vault_\w+ -->\|"daily ❌ CAB-XREGION-XACCOUNT"\| vault_Central_Vault_\w+$/),
    ]);
    // error arrows 1 and 2, warning arrow 0; the vault a finding attaches to is marked
    expect(lines).toContain('  linkStyle 1,2 stroke:#d1242f,stroke-width:3px');
    expect(lines).toContain('  linkStyle 0 stroke:#9a6700,stroke-width:3px');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}class vault_WorkloadB_Vault_\w+ error$/));
  });

  test('ids are valid Mermaid ids, unique and stable; labels escape every delimiter', () => {
    expect(safeId('vault', 'a/b')).toMatch(/^vault_a_b_[0-9a-f]{8}$/);
    expect(safeId('vault', 'a/b')).toBe(safeId('vault', 'a/b'));
    expect(safeId('vault', 'a/b')).not.toBe(safeId('vault', 'a-b'));
    expect(safeId('vault', '名前')).toMatch(/^vault_[0-9a-f]{8}$/);
    expect(escapeLabel('a "b" [c] | #d <e> `f` %g;\nh')).toBe('a #34;b#34; #91;c#93; #124; #35;d #60;e#62; #96;f#96; #37;g#59; h');
    const d = renderMermaidDiagram(hostile());
    for (const m of d.matchAll(/^\s*(?:subgraph )?([^\s[(]+)[[(]/gm)) expect(m[1]).toMatch(/^[A-Za-z0-9_]+$/);
    for (const m of d.matchAll(/"([^"]*)"/g)) expect(m[1]).not.toMatch(/[|<>[\]`]/);
    expect(d).toContain('Account unknown (environment-agnostic)');
    expect(d).toMatch(/class vault_\w+ external/);
  });

  test('150 routes stay readable: vaults collapse per account and Region, under Mermaid\'s size limit', () => {
    const report = renderJsonReport(largeOrganization(75, 2));
    expect(report.routes).toHaveLength(150);
    const d = renderMermaidDiagram(report);
    expect(report.vaults.length).toBeGreaterThan(MAX_VAULT_NODES);
    expect(d.match(/\[\("/g)).toHaveLength(76); // one node per account and Region (75 workloads + central)
    expect(d).toContain('[("1 vault")]');
    expect(d.match(/-->/g)).toHaveLength(75);
    expect(d).toContain('"2 routes: rule-0, rule-1 ❌ CAB-DDB-ADVANCED"');
    expect(d.length).toBeLessThan(50_000); // Mermaid's default maxTextSize
  });

  test('Mermaid\'s own parser accepts the diagrams (and rejects a broken one)', () => {
    const diagrams = [
      extractMermaid(renderMarkdownReport(small())),
      extractMermaid(renderMarkdownReport(hostile())),
      extractMermaid(renderMarkdownReport(renderJsonReport(largeOrganization(75, 2)))),
      extractMermaid(renderMarkdownReport(renderJsonReport(largeOrganization(40, 1)))), // 41 vaults: not collapsed
      'flowchart LR\n  a -->|"unterminated| b',
    ];
    const results = parseMermaid(diagrams);
    expect(results.slice(0, 4)).toEqual([
      { ok: true, diagramType: 'flowchart-v2' },
      { ok: true, diagramType: 'flowchart-v2' },
      { ok: true, diagramType: 'flowchart-v2' },
      { ok: true, diagramType: 'flowchart-v2' },
    ]);
    expect(results[4]).toEqual({ ok: false, error: expect.stringContaining('Parse error') });
  }, 60_000);
});

describe('policy-derived routes in the report', () => {
  test('the route names its backup policy, target and account; the diagram groups the account by OU', () => {
    const f = smallOrganization();
    const policy = { policyPath: 'Management/Backups', policyName: 'org-backups', targetId: 'ou-ab12-workload', organizationalUnit: 'ou-ab12-workload', account: ACCOUNTS.workloadB, region: 'eu-west-1' };
    const routes = f.model.routes.map((r) => (r.planPath === 'WorkloadB/Plan' ? { ...r, policy } : r));
    const json = renderJsonReport({ ...f, model: { ...f.model, routes }, generatedAt: new Date(0) });
    expect(json.routes.filter((r) => r.policy).map((r) => r.policy)).toEqual([policy]);
    expect(renderMarkdownReport(json)).toContain(`- **Backup policy:** \`org-backups\` attached to \`ou-ab12-workload\`, in account \`${ACCOUNTS.workloadB}\` \`eu-west-1\``);
    const lines = renderMermaidDiagram(json).split('\n');
    const ou = lines.findIndex((l) => /^ {2}subgraph ou_ou_ab12_workload_\w+\["OU ou-ab12-workload"\]$/.test(l));
    expect(ou).toBeGreaterThan(0);
    expect(lines[ou + 1]).toMatch(new RegExp(`^ {4}subgraph acct_${ACCOUNTS.workloadB}_\\w+\\["Account ${ACCOUNTS.workloadB}"\\]$`));
    expect(lines.filter((l) => /^ {2}subgraph acct_/.test(l))).toHaveLength(3);
  });
});
