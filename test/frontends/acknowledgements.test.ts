import { Annotations, App, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgementReason } from '../../src/frontends/acknowledgements';

function tree() {
  const app = new App();
  const stack = new Stack(app, 'S');
  const parent = new Construct(stack, 'Parent');
  const child = new Construct(parent, 'Child');
  return { app, stack, parent, child };
}

describe('acknowledgementReason', () => {
  test('the reason given on the construct itself', () => {
    const { child } = tree();
    Validations.of(child).acknowledge({ id: 'CAB-KEY-POLICY', reason: 'mine' });
    expect(acknowledgementReason(child, 'CAB-KEY-POLICY')).toBe('mine');
    expect(acknowledgementReason(child, 'annotation::CAB-KEY-POLICY')).toBe('mine');
    expect(acknowledgementReason(child, 'CAB-ORG')).toBeUndefined();
  });

  test('the nearest ancestor wins; the latest acknowledgement of a scope wins', () => {
    const { stack, parent, child } = tree();
    Validations.of(stack).acknowledge({ id: 'CAB-ORG', reason: 'stack' });
    Validations.of(parent).acknowledge({ id: 'CAB-ORG', reason: 'parent, first' }, { id: 'CAB-VAULT-KEY', reason: 'other rule' });
    Validations.of(parent).acknowledge({ id: 'CAB-ORG', reason: 'parent, second' });
    expect(acknowledgementReason(child, 'CAB-ORG')).toBe('parent, second');
    expect(acknowledgementReason(child, 'CAB-VAULT-KEY')).toBe('other rule');
    expect(acknowledgementReason(stack, 'CAB-ORG')).toBe('stack');
  });

  test.each([
    ['annotation::CAB-KEY-POLICY', 'aws-cdk-lib before 2.262.0'],
    ['Annotation::CAB-KEY-POLICY', 'aws-cdk-lib 2.262.0 and later'],
  ])('the reason recorded under %s (%s) is found for the rule id in either spelling', id => {
    const { parent, child } = tree();
    parent.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: 'recorded' });
    expect(acknowledgementReason(child, 'CAB-KEY-POLICY')).toBe('recorded');
    expect(acknowledgementReason(child, 'Annotation::CAB-KEY-POLICY')).toBe('recorded');
    expect(acknowledgementReason(child, 'CAB-ORG')).toBeUndefined();
  });

  test('Annotations.acknowledgeWarning records no reason', () => {
    const { child } = tree();
    Annotations.of(child).acknowledgeWarning('annotation::CAB-UNVERIFIABLE', 'not recorded by CDK');
    expect(acknowledgementReason(child, 'CAB-UNVERIFIABLE')).toBeUndefined();
  });

  test('a plugin-qualified id is looked up as given', () => {
    const { child } = tree();
    Validations.of(child).acknowledge({ id: 'CrossAccountCopyValidator::CAB-ORG', reason: 'plugin' });
    expect(acknowledgementReason(child, 'CAB-ORG')).toBeUndefined();
    expect(acknowledgementReason(child, 'CrossAccountCopyValidator::CAB-ORG')).toBe('plugin');
  });
});
