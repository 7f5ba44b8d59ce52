import * as fs from 'fs';
import * as path from 'path';
import { AIR_GAPPED_UNAVAILABLE } from '../../src/checks/capabilities/air-gapped-capabilities';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'air-gapped-vaults.md'), 'utf-8');

describe('docs/air-gapped-vaults.md', () => {
  test('lists exactly the Regions and partitions of the capability data, in its order', () => {
    const block = /<!-- air-gapped-regions:start -->\n([\s\S]*?)<!-- air-gapped-regions:end -->/.exec(doc)![1];
    const expected = AIR_GAPPED_UNAVAILABLE.map(u => u.region !== undefined
      ? `- \`${u.region}\` ${u.displayName}` : `- partition \`${u.partition}\`: ${u.displayName}`);
    expect(block.trim().split('\n')).toEqual(expected);
  });

  test('every unavailable Region has a source', () => {
    for (const u of AIR_GAPPED_UNAVAILABLE) expect(u.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});
