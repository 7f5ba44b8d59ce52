import { KEY_GRANT_ACTIONS, KEY_USE_ACTIONS, REQUIRED_KEY_ACTIONS } from '../../../src/checks/policy/copy-permissions';
import { wildcardMatch } from '../../../src/checks/policy/evaluator';

describe('the copy\'s KMS action lists (one place)', () => {
  test('every action CAB-KEY-POLICY requires is one the constructs grant (and its fix names)', () => {
    const granted = [...KEY_USE_ACTIONS, ...KEY_GRANT_ACTIONS];
    for (const action of REQUIRED_KEY_ACTIONS) {
      expect(granted.filter(g => wildcardMatch(g, action, true))).not.toEqual([]);
    }
  });

  test('grant operations are never in the key use statement, which has no kms:GrantIsForAWSResource condition', () => {
    for (const action of KEY_GRANT_ACTIONS) expect(KEY_USE_ACTIONS.filter(u => wildcardMatch(u, action, true))).toEqual([]);
  });
});
