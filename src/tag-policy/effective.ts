/**
 * The effective tag policy: how Organizations merges the policies attached at the root, the OUs
 * and the account (internal; the public API is `TagPolicy.effective` / `TagPolicy.attachedTogether`).
 *
 * Sources (AWS Organizations User Guide):
 * - Inheritance operators:
 *   https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
 * - Inheritance examples (the behaviour encoded here, example by example):
 *   https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html
 *
 * Encoded:
 * - `@@assign` overwrites the inherited value (a list is replaced), or adds the setting if it is not
 *   inherited; `@@append` adds values to the inherited list (or adds the setting); `@@remove` removes
 *   values from the inherited list if they exist (example 3: removing a value that is not there
 *   does nothing).
 * - `@@operators_allowed_for_child_policies` limits the operators of every policy below it, at any
 *   depth; "if an inherited child control operator limits the use of an operator, you can't reverse
 *   that rule in a child policy": limits only narrow (intersection). It applies to the node it is
 *   written on and everything under it: a setting, a policy key (all its settings) or `tags`
 *   (every policy key, including keys a child would add).
 * - A child operation the parent does not allow is ignored, and the parent's value stays: example 4
 *   ("Policy F attempts to change the case treatment, but it can't"). Organizations does not reject
 *   the child policy, so neither do we; each ignored operation is reported in `ignored`.
 * - The merge is the shared engine of the management policy types (`src/org-policies/inheritance.ts`,
 *   limits on ancestors); this file maps tag policy documents onto it.
 * - Policies attached to the same node: the intersection of their child control operators applies
 *   to the children (example 5); they are applied in attachment order, and for the single-valued
 *   `tag_key` the policy attached first wins (example 6).
 */
import {
  AllowedOperators, PolicyDocument, SettingDocument, SettingName, StatementDocument,
} from './document';
import {
  combineTrees, PolicyTreeNode, ResolvedNode, resolveTrees, TreeOperation,
} from '../org-policies/inheritance';

export interface ResolvedStatement {
  readonly policyKey: string;
  /** Settings with a value in the effective policy (`tag_key` a string, the others lists). */
  readonly values: Map<SettingName, string | string[]>;
  keyLock: AllowedOperators;
  readonly settingLocks: Map<SettingName, AllowedOperators>;
}

export interface ResolvedPolicy {
  /** By lower-cased policy key. Statements with no values exist only to carry locks. */
  readonly statements: Map<string, ResolvedStatement>;
  globalLock: AllowedOperators;
  /** One line per ignored child operation. */
  readonly ignored: string[];
}

/** Merge one policy per level, root first, account last (the shared engine, limits on ancestors). */
export function resolveLevels(levels: readonly PolicyDocument[]): ResolvedPolicy {
  const resolved = resolveTrees(levels.map(toTree), 'ancestors');
  const statements = new Map<string, ResolvedStatement>();
  for (const [lower, node] of resolved.root.children) {
    statements.set(lower, toStatement(node));
  }
  return { statements, globalLock: resolved.root.lock, ignored: resolved.ignored };
}

function toStatement(node: ResolvedNode): ResolvedStatement {
  const values = new Map<SettingName, string | string[]>();
  const settingLocks = new Map<SettingName, AllowedOperators>();
  for (const [name, setting] of node.children) {
    if (setting.value !== undefined) values.set(name as SettingName, setting.value);
    if (setting.lock !== undefined) settingLocks.set(name as SettingName, setting.lock);
  }
  return { policyKey: node.name, values, keyLock: node.lock, settingLocks };
}

/** A tag policy document as a tree: `tags` -> policy keys (lower-cased) -> settings. */
function toTree(doc: PolicyDocument): PolicyTreeNode {
  const children = new Map<string, PolicyTreeNode>();
  for (const [lower, stmt] of doc.statements) {
    const settings = new Map<string, PolicyTreeNode>();
    for (const [name, setting] of stmt.settings) {
      settings.set(name, { name, ops: setting.ops as readonly TreeOperation[], childOperators: setting.childOperators, children: new Map() });
    }
    children.set(lower, { name: stmt.policyKey, ops: [], childOperators: stmt.childOperators, children: settings });
  }
  return { name: 'tags', ops: [], childOperators: doc.childOperators, children };
}

function fromTree(tree: PolicyTreeNode, source: string): PolicyDocument {
  const statements = new Map<string, StatementDocument>();
  for (const [lower, node] of tree.children) {
    const settings = new Map<SettingName, SettingDocument>();
    for (const [name, s] of node.children) {
      settings.set(name as SettingName, { ops: s.ops, childOperators: s.childOperators });
    }
    statements.set(lower, { policyKey: node.name, settings, childOperators: node.childOperators });
  }
  return { source, statements, childOperators: tree.childOperators };
}

/**
 * Combine policies attached to the same node (in attachment order) into one level.
 */
export function combineSameLevel(docs: readonly PolicyDocument[]): PolicyDocument {
  return fromTree(combineTrees(docs.map(toTree)), docs.map((d) => d.source).join(' + '));
}

/**
 * The effective policy as a document that can be merged further: every value as `@@assign`,
 * the accumulated limits as `@@operators_allowed_for_child_policies`. Resolving it alone gives
 * the same effective policy back.
 */
export function toDocument(resolved: ResolvedPolicy, source: string): PolicyDocument {
  const statements = new Map<string, StatementDocument>();
  for (const [lower, st] of resolved.statements) {
    const settings = new Map<SettingName, SettingDocument>();
    const names = new Set<SettingName>([...st.values.keys(), ...st.settingLocks.keys()]);
    for (const name of names) {
      const value = st.values.get(name);
      settings.set(name, {
        ops: value === undefined ? [] : [{ op: '@@assign', value, origin: `${source}: tags.${st.policyKey}.${name}` }],
        childOperators: st.settingLocks.get(name),
      });
    }
    statements.set(lower, { policyKey: st.policyKey, settings, childOperators: st.keyLock });
  }
  return { source, statements, childOperators: resolved.globalLock };
}
