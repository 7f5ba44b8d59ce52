import type { TagModel, TagPolicyEvaluator, TagPolicyViolation } from '../checks/model/types';

/**
 * An AWS Organizations tag policy (placeholder of the contract: the tag-policy issue builds it out;
 * `fromJson`, `fromFile`, `effective` and the evaluation live here).
 */
export class TagPolicy {
  /** Parse a tag policy document (Organizations tag policy syntax). */
  public static fromJson(json: string): TagPolicy {
    return new TagPolicy(JSON.parse(json));
  }

  private constructor(private readonly document: unknown) {}

  /**
   * The evaluator the checks use (not part of the jsii API).
   * @internal
   */
  public _toEvaluator(): TagPolicyEvaluator {
    return {
      evaluateTags: (_tags: TagModel[], _resourceType: string): TagPolicyViolation[] => {
        void this.document;
        return [];
      },
    };
  }
}
