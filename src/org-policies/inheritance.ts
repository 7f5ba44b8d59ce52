/**
 * The inheritance engine of the Organizations management policy types (internal): how the policies
 * attached at the root, the OUs and the account merge into the effective policy of an account. Used
 * by tag policies (`src/tag-policy/effective.ts`) and backup policies (`src/backup-policy/`).
 *
 * Sources (AWS Organizations User Guide):
 * - Inheritance operators:
 *   https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
 * - Inheritance examples:
 *   https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html
 * - Backup policy examples 1 to 5:
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 *
 * A policy is a tree. Inner nodes hold children by key, compared without case (policy keys, plan,
 * rule and selection names: "This identifier is not case sensitive"); leaves hold value-setting
 * operations. Any node may carry `@@operators_allowed_for_child_policies`.
 *
 * Encoded:
 * - `@@assign` overwrites the inherited value (a list is replaced) or adds the setting; `@@append`
 *   adds values to the inherited list (or adds the setting); `@@remove` removes values from the
 *   inherited list if they exist.
 * - A limit (`@@operators_allowed_for_child_policies`) applies to the node it is written on and
 *   everything under it, for every level below the level that wrote it (never that level). Limits
 *   only narrow: "you can't reverse that rule in a child policy".
 * - A child operation the parent does not allow is ignored and the inherited value stays (no
 *   error, as in Organizations); each ignored operation is reported in `ignored`.
 * - `newKeys`: what a limit says about a key the child adds that is not inherited.
 *   `'ancestors'` (tag policies): the new key's operations are limited like any other by the limits
 *   on the nodes above it. `'append'` (backup policies, examples 3 and 4): adding a key is an
 *   `@@append` to the collection it is added to, allowed when the limits above allow `@@append`;
 *   the new subtree is the child's own and no inherited limit applies inside it.
 * - Policies attached to the same node (`combine`): the intersection of their limits; their
 *   operations in attachment order; for a single-valued setting the policy attached first wins.
 */

export type ValueOperator = '@@assign' | '@@append' | '@@remove';
export const VALUE_OPERATORS: readonly ValueOperator[] = ['@@assign', '@@append', '@@remove'];
export const CHILD_CONTROL = '@@operators_allowed_for_child_policies';
export const CHILD_CONTROL_VALUES: readonly string[] = ['@@all', '@@none', ...VALUE_OPERATORS];

/** Operators a child may use. `undefined` means "not restricted" (`@@all`, the default). */
export type AllowedOperators = ReadonlySet<ValueOperator> | undefined;

/** One value-setting operation, as written. */
export interface TreeOperation {
  readonly op: ValueOperator;
  /** A string for single-valued settings, a list for multi-valued ones. */
  readonly value: string | readonly string[];
  /** Where it was written, for messages: `root.json: plans.daily.regions.@@append`. */
  readonly origin: string;
}

/** One node of a parsed policy. */
export interface PolicyTreeNode {
  /** The key as written (empty for the root). */
  readonly name: string;
  /** Value-setting operations (leaves only), in the order written. */
  readonly ops: readonly TreeOperation[];
  /** `@@operators_allowed_for_child_policies` on this node. */
  readonly childOperators: AllowedOperators;
  /** By lower-cased key, in the order written. */
  readonly children: ReadonlyMap<string, PolicyTreeNode>;
}

/** One node of an effective policy. */
export interface ResolvedNode {
  readonly name: string;
  value?: string | string[];
  /** The accumulated limit written on this node by the levels merged so far. */
  lock: AllowedOperators;
  readonly children: Map<string, ResolvedNode>;
}

export interface ResolvedTree {
  readonly root: ResolvedNode;
  /** One line per ignored child operation. */
  readonly ignored: string[];
}

export type NewKeyMode = 'ancestors' | 'append';

/** Merge one tree per level, root first, account last. */
export function resolveTrees(levels: readonly PolicyTreeNode[], newKeys: NewKeyMode): ResolvedTree {
  const state: ResolvedTree = { root: newResolved(''), ignored: [] };
  for (const level of levels) {
    applyOps(state, state.root, level, undefined, newKeys, false);
    mergeLocks(state.root, level);
  }
  return state;
}

function newResolved(name: string): ResolvedNode {
  return { name, value: undefined, lock: undefined, children: new Map() };
}

/**
 * Apply the value-setting operations of `node` (one level) under `target`. `allowed` is the
 * intersection of the limits above `target`; `own` is true inside a subtree the level added itself.
 */
function applyOps(
  state: ResolvedTree, target: ResolvedNode, node: PolicyTreeNode, above: AllowedOperators, mode: NewKeyMode, own: boolean,
  path: readonly string[] = [],
): void {
  const allowedHere = own ? undefined : intersect(above, target.lock);
  for (const operation of node.ops) {
    if (allowedHere !== undefined && !allowedHere.has(operation.op)) {
      state.ignored.push(ignoredLine(operation.origin, operation.op, allowedHere));
      continue;
    }
    apply(target, operation);
  }
  for (const [key, child] of node.children) {
    let next = target.children.get(key);
    let childOwn = own;
    if (!next) {
      if (!hasOps(child)) continue; // carries limits only: merged by mergeLocks
      if (mode === 'append' && !own) {
        if (allowedHere !== undefined && !allowedHere.has('@@append')) {
          const first = originOf(child);
          const where = `${first.slice(0, Math.max(0, first.lastIndexOf(': ')))}: ${[...path, child.name].join('.')}`;
          state.ignored.push(ignoredLine(where, `adding ${JSON.stringify(child.name)}`, allowedHere));
          continue;
        }
        childOwn = true;
      }
      if (mode === 'ancestors' && !own && allowedHere !== undefined && !firstOpAllowed(child, allowedHere)) {
        // Nothing of the child would apply: record the ignored operations without creating the node.
        applyOps(state, newResolved(child.name), child, allowedHere, mode, false, [...path, child.name]);
        continue;
      }
      next = newResolved(child.name);
      target.children.set(key, next);
    }
    applyOps(state, next, child, allowedHere, mode, childOwn, [...path, child.name]);
  }
}

/** Whether any operation in the subtree would apply under `allowed` (tag policies create nodes lazily). */
function firstOpAllowed(node: PolicyTreeNode, allowed: ReadonlySet<ValueOperator>): boolean {
  if (node.ops.some((o) => allowed.has(o.op))) return true;
  for (const c of node.children.values()) if (firstOpAllowed(c, allowed)) return true;
  return false;
}

function hasOps(node: PolicyTreeNode): boolean {
  if (node.ops.length > 0) return true;
  for (const c of node.children.values()) if (hasOps(c)) return true;
  return false;
}

function originOf(node: PolicyTreeNode): string {
  if (node.ops.length > 0) return node.ops[0].origin;
  for (const c of node.children.values()) {
    const o = originOf(c);
    if (o) return o;
  }
  return node.name;
}

function ignoredLine(origin: string, what: string, allowed: ReadonlySet<ValueOperator>): string {
  return `${origin}: ${what} ignored because a parent policy allows child policies ` +
    `${allowed.size === 0 ? 'no operators (@@none)' : `only ${[...allowed].join(', ')}`} here`;
}

/** This level's limits narrow the levels below (never this one). */
function mergeLocks(target: ResolvedNode, node: PolicyTreeNode): void {
  if (node.childOperators !== undefined) target.lock = intersect(target.lock, node.childOperators);
  for (const [key, child] of node.children) {
    if (!hasLocks(child)) continue;
    let next = target.children.get(key);
    if (!next) {
      next = newResolved(child.name);
      target.children.set(key, next);
    }
    mergeLocks(next, child);
  }
}

function hasLocks(node: PolicyTreeNode): boolean {
  if (node.childOperators !== undefined) return true;
  for (const c of node.children.values()) if (hasLocks(c)) return true;
  return false;
}

function apply(target: ResolvedNode, operation: TreeOperation): void {
  if (typeof operation.value === 'string') {
    target.value = operation.value; // single-valued: only @@assign parses
    return;
  }
  const values = operation.value;
  const inherited = Array.isArray(target.value) ? target.value : undefined;
  switch (operation.op) {
    case '@@assign':
      target.value = unique(values);
      break;
    case '@@append':
      target.value = unique([...(inherited ?? []), ...values]);
      break;
    case '@@remove':
      if (inherited) {
        const remove = new Set(values);
        target.value = inherited.filter((v) => !remove.has(v));
      }
      break;
  }
}

/** Combine trees attached to the same node (in attachment order) into one level. */
export function combineTrees(trees: readonly PolicyTreeNode[]): PolicyTreeNode {
  interface Merged { name: string; ops: TreeOperation[]; childOperators: AllowedOperators; declared: boolean; children: Map<string, Merged> }
  const fresh = (name: string): Merged => ({ name, ops: [], childOperators: undefined, declared: false, children: new Map() });
  const into = (m: Merged, node: PolicyTreeNode): void => {
    m.childOperators = intersect(m.childOperators, node.childOperators);
    const single = node.ops.length > 0 && node.ops.every((o) => typeof o.value === 'string');
    // Single-valued settings: the policy attached first wins.
    if (!single || (!m.declared && node.ops.length > 0)) {
      m.ops.push(...node.ops);
      m.declared = m.declared || node.ops.length > 0;
    }
    for (const [key, child] of node.children) {
      let c = m.children.get(key);
      if (!c) m.children.set(key, c = fresh(child.name));
      into(c, child);
    }
  };
  const root = fresh(trees[0]?.name ?? '');
  for (const t of trees) into(root, t);
  const freeze = (m: Merged): PolicyTreeNode => ({
    name: m.name,
    ops: m.ops,
    childOperators: m.childOperators,
    children: new Map([...m.children].map(([k, c]) => [k, freeze(c)])),
  });
  return freeze(root);
}

/**
 * The effective policy as a tree that can be merged further: every value as `@@assign`, the
 * accumulated limits as `@@operators_allowed_for_child_policies`.
 */
export function resolvedToTree(node: ResolvedNode, origin: (path: string[]) => string, path: string[] = []): PolicyTreeNode {
  const children = new Map<string, PolicyTreeNode>();
  for (const [key, c] of node.children) children.set(key, resolvedToTree(c, origin, [...path, c.name]));
  return {
    name: node.name,
    ops: node.value === undefined ? [] : [{ op: '@@assign', value: node.value, origin: origin(path) }],
    childOperators: node.lock,
    children,
  };
}

/** Intersection of two limits; `undefined` is "no limit". */
export function intersect(a: AllowedOperators, b: AllowedOperators): AllowedOperators {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return new Set<ValueOperator>([...a].filter((op) => b.has(op)));
}

/** Parse an `@@operators_allowed_for_child_policies` value; `fail` throws; `describe` renders a bad value in the message. */
export function parseChildOperators(
  value: unknown,
  path: string,
  fail: (path: string, problem: string) => never,
  describe: (value: unknown) => string = (v) => JSON.stringify(v),
): AllowedOperators {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
    fail(path, `expected a non-empty list of ${CHILD_CONTROL_VALUES.join(', ')}, got ${describe(value)}`);
  }
  const list = value as string[];
  for (const [i, v] of list.entries()) {
    if (!CHILD_CONTROL_VALUES.includes(v)) {
      fail(`${path}[${i}]`, `${JSON.stringify(v)} is not an operator; expected one of ${CHILD_CONTROL_VALUES.join(', ')}`);
    }
  }
  if (list.length > 1 && (list.includes('@@all') || list.includes('@@none'))) {
    fail(path, `@@all and @@none stand alone; got ${JSON.stringify(list)}`);
  }
  if (list[0] === '@@all') return undefined;
  if (list[0] === '@@none') return new Set();
  return new Set(list as ValueOperator[]);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
