/**
 * A vault attribute (ARN, name) that is a normal reference in the vault's own environment and a
 * literal in any other, so that a backup plan in another account or Region names the vault without a
 * cross-stack export. Used by `CrossAccountBackupVault` and `CrossAccountAirGappedVault`; the same idea
 * as aws-cdk-lib's `Resource.getResourceArnAttribute`, which neither can use (`backup.BackupVault`
 * passes no physical name to `Resource`).
 *
 * Not part of the jsii API.
 */
import { IResolveContext, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';

/**
 * `attr` where the consumer is in the vault's environment (a normal reference: same stack, or an
 * export/import between stacks of one environment), `literal()` elsewhere. `what` names the vault in
 * the error for an environment-agnostic vault stack used from another environment.
 */
export function environmentAwareAttribute(attr: string, own: Stack, what: string, literal: () => string): string {
  const producer = (context: IResolveContext): string => {
    const consumer = Stack.of(context.scope);
    if (consumer.account === own.account && consumer.region === own.region) return attr;
    if (Token.isUnresolved(own.account) || Token.isUnresolved(own.region)) {
      throw new Error(
        `${what} is used from stack '${consumer.node.path}' in another environment, ` +
          `but its own stack '${own.node.path}' has no explicit account and region. Set env: { account, region } on ` +
          `'${own.node.path}' so the vault ARN can be written literally into '${consumer.node.path}'.`,
      );
    }
    return literal();
  };
  const reference = Tokenization.reverse(attr, { failConcat: false });
  // L1 attributes are always references; anything else is left as it is.
  return Reference.isReference(reference) ? Token.asString(new EnvironmentAwareReference(reference, producer)) : attr;
}

/**
 * A reference that resolves through `producer`: it keeps the target and display name of the
 * reference it stands for, so reference discovery (cross-stack exports, dependencies) still sees it
 * as that reference where `producer` returns it.
 */
class EnvironmentAwareReference extends Reference {
  constructor(
    reference: Reference,
    private readonly producer: (context: IResolveContext) => string,
  ) {
    super(reference, reference.target, reference.displayName);
  }

  public resolve(context: IResolveContext): any {
    return this.producer(context);
  }
}
