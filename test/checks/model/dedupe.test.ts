/**
 * `dedupeResources` (read-resources.ts) merges the resources of a plan's selections (and of a backup
 * policy's) by id. It is held to the plain definition it replaced: a new object per repeat, labels
 * merged through a Set. Same ids in the same order, same labels in the same order, and entries that do
 * not repeat kept as they are (the same object).
 */
import { dedupeResources } from '../../../src/checks/model/read-resources';
import type { ResourceModel } from '../../../src/checks/model/types';

function reference(list: ResourceModel[]): ResourceModel[] {
  const byId = new Map<string, ResourceModel>();
  for (const r of list) {
    const prev = byId.get(r.id);
    byId.set(r.id, prev ? { ...prev, selectedBy: [...new Set([...prev.selectedBy, ...r.selectedBy])] } : r);
  }
  return [...byId.values()];
}

function resource(id: string, selectedBy: string[], arn?: string): ResourceModel {
  return { id, type: 'DynamoDB', inApp: true, constructPath: id, arn, env: { account: '111111111111', region: 'eu-west-1' }, tags: [], selectedBy };
}

describe('dedupeResources', () => {
  test('one entry per id, in order of first appearance, with every label once in order', () => {
    const list = [
      resource('S/A', ['arn arn:a']),
      resource('S/B', ['construct']),
      resource('S/A', ['tag team=x']),
      resource('S/C', ['tag team=x', 'tag team=x']),
      resource('S/A', ['arn arn:a', 'tag env=prod']),
      resource('S/B', ['construct']),
    ];
    const out = dedupeResources(list);
    expect(out.map(r => [r.id, r.selectedBy])).toEqual([
      ['S/A', ['arn arn:a', 'tag team=x', 'tag env=prod']],
      ['S/B', ['construct']],
      ['S/C', ['tag team=x', 'tag team=x']],
    ]);
    expect(out).toEqual(reference(list));
  });

  test('the same result as the plain definition on generated lists', () => {
    // deterministic pseudo-random lists: ids and labels from small pools, so they repeat
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 50; round++) {
      const list: ResourceModel[] = [];
      const length = next(40);
      for (let i = 0; i < length; i++) {
        const labels = [...new Set(Array.from({ length: 1 + next(3) }, () => `label ${next(5)}`))];
        list.push(resource(`S/R${next(12)}`, labels, `arn:${i}`));
      }
      expect(dedupeResources(list)).toEqual(reference(list));
    }
  });

  test('entries that do not repeat are kept as they are; a repeated one is a new object, the input untouched', () => {
    const a = resource('S/A', ['construct']);
    const b = resource('S/B', ['construct']);
    const a2 = resource('S/A', ['tag t=v']);
    const out = dedupeResources([a, b, a2]);
    expect(out[1]).toBe(b);
    expect(out[0]).not.toBe(a);
    expect(a.selectedBy).toEqual(['construct']);
    expect(out[0]).toEqual({ ...a, selectedBy: ['construct', 'tag t=v'] });
  });

  test('an empty list', () => {
    expect(dedupeResources([])).toEqual([]);
  });
});
