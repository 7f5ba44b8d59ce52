import * as fs from 'fs';
import * as path from 'path';
import { renderCapabilityTable } from '../../src/checks/capabilities/render-markdown';
import { RESOURCE_CAPABILITIES } from '../../src/checks/capabilities/resource-capabilities';

const DOC = path.join(__dirname, '..', '..', 'docs', 'capabilities.md');
const BEGIN = '<!-- capability-table:begin -->\n';
const END = '<!-- capability-table:end -->';

/** Regenerate with: UPDATE_DOCS=1 npx jest test/docs */
describe('docs/capabilities.md', () => {
  const table = renderCapabilityTable();

  test('holds the table rendered from src/checks/capabilities/resource-capabilities.ts', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const current = doc.slice(start + BEGIN.length, end);
    if (process.env.UPDATE_DOCS === '1' && current !== table) {
      fs.writeFileSync(DOC, doc.slice(0, start + BEGIN.length) + table + doc.slice(end));
      return;
    }
    expect(current).toBe(table);
  });

  test('the table has one line per type (two for DynamoDB) and marks the RDS family', () => {
    const rows = table.trim().split('\n').slice(2);
    expect(rows).toHaveLength(Object.keys(RESOURCE_CAPABILITIES).length + 1);
    expect(rows.find(r => r.startsWith('| `RDS` |'))).toContain('✗ by default');
    expect(rows.find(r => r.startsWith('| `EFS` |'))).toMatch(/^\| `EFS` \| [^|]+ \| yes \|/);
  });
});
