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
 * - Policies attached to the same node: the intersection of their child control operators applies
 *   to the children (example 5); they are applied in attachment order, and for the single-valued
 *   `tag_key` the policy attached first wins (example 6).
 */
import {
  AllowedOperators, MULTI_VALUED, Operation, PolicyDocument, SettingDocument, SettingName, StatementDocument, ValueOperator,
} from './document';

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

/** Merge one policy per level, root first, account last. */
export function resolveLevels(levels: readonly PolicyDocument[]): ResolvedPolicy {
  const state: ResolvedPolicy = { statements: new Map(), globalLock: undefined, ignored: [] };
  for (const level of levels) {
    applyLevel(state, level);
  }
  return state;
}

function applyLevel(state: ResolvedPolicy, level: PolicyDocument): void {
  // 1. Value-setting operators, limited by what the levels above allow.
  for (const [lower, stmt] of level.statements) {
    let target = state.statements.get(lower);
    for (const [name, setting] of stmt.settings) {
      for (const operation of setting.ops) {
        const allowed = intersect(intersect(state.globalLock, target?.keyLock), target?.settingLocks.get(name));
        if (allowed !== undefined && !allowed.has(operation.op)) {
          state.ignored.push(`${operation.origin}: ${operation.op} ignored because a parent policy allows child policies ` +
            `${allowed.size === 0 ? 'no operators (@@none)' : `only ${[...allowed].join(', ')}`} here`);
          continue;
        }
        if (!target) {
          target = { policyKey: stmt.policyKey, values: new Map(), keyLock: undefined, settingLocks: new Map() };
          state.statements.set(lower, target);
        }
        apply(target, name, operation);
      }
    }
  }
  // 2. This level's child control operators limit the levels below (never this one).
  if (level.childOperators !== undefined) {
    state.globalLock = intersect(state.globalLock, level.childOperators);
  }
  for (const [lower, stmt] of level.statements) {
    const locksSomething = stmt.childOperators !== undefined || [...stmt.settings.values()].some((s) => s.childOperators !== undefined);
    if (!locksSomething) {
      continue;
    }
    let target = state.statements.get(lower);
    if (!target) {
      target = { policyKey: stmt.policyKey, values: new Map(), keyLock: undefined, settingLocks: new Map() };
      state.statements.set(lower, target);
    }
    target.keyLock = intersect(target.keyLock, stmt.childOperators);
    for (const [name, setting] of stmt.settings) {
      if (setting.childOperators !== undefined) {
        target.settingLocks.set(name, intersect(target.settingLocks.get(name), setting.childOperators));
      }
    }
  }
}

function apply(target: ResolvedStatement, name: SettingName, operation: Operation): void {
  if (!MULTI_VALUED.has(name)) {
    target.values.set(name, operation.value as string); // tag_key: only @@assign parses
    return;
  }
  const values = operation.value as readonly string[];
  const inherited = target.values.get(name) as string[] | undefined;
  switch (operation.op) {
    case '@@assign':
      target.values.set(name, unique(values));
      break;
    case '@@append':
      target.values.set(name, unique([...(inherited ?? []), ...values]));
      break;
    case '@@remove':
      if (inherited) {
        const remove = new Set(values);
        target.values.set(name, inherited.filter((v) => !remove.has(v)));
      }
      break;
  }
}

/**
 * Combine policies attached to the same node (in attachment order) into one level.
 */
export function combineSameLevel(docs: readonly PolicyDocument[]): PolicyDocument {
  interface MergedSetting { ops: Operation[]; childOperators: AllowedOperators; declared: boolean }
  interface MergedStatement { policyKey: string; settings: Map<SettingName, MergedSetting>; childOperators: AllowedOperators }
  const statements = new Map<string, MergedStatement>();
  let childOperators: AllowedOperators;
  for (const doc of docs) {
    childOperators = intersect(childOperators, doc.childOperators);
    for (const [lower, stmt] of doc.statements) {
      let target = statements.get(lower);
      if (!target) {
        target = { policyKey: stmt.policyKey, settings: new Map(), childOperators: undefined };
        statements.set(lower, target);
      }
      target.childOperators = intersect(target.childOperators, stmt.childOperators);
      for (const [name, setting] of stmt.settings) {
        let into = target.settings.get(name);
        if (!into) {
          into = { ops: [], childOperators: undefined, declared: false };
          target.settings.set(name, into);
        }
        into.childOperators = intersect(into.childOperators, setting.childOperators);
        // Single-valued tag_key: the policy attached first wins (inheritance example 6).
        if (MULTI_VALUED.has(name) || (!into.declared && setting.ops.length > 0)) {
          into.ops.push(...setting.ops);
          into.declared = into.declared || setting.ops.length > 0;
        }
      }
    }
  }
  const out = new Map<string, StatementDocument>();
  for (const [lower, s] of statements) {
    const settings = new Map<SettingName, SettingDocument>();
    for (const [name, v] of s.settings) {
      settings.set(name, { ops: v.ops, childOperators: v.childOperators });
    }
    out.set(lower, { policyKey: s.policyKey, settings, childOperators: s.childOperators });
  }
  return { source: docs.map((d) => d.source).join(' + '), statements: out, childOperators };
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

/** Intersection of two limits; `undefined` is "no limit". */
export function intersect(a: AllowedOperators, b: AllowedOperators): AllowedOperators {
  if (a === undefined) {
    return b;
  }
  if (b === undefined) {
    return a;
  }
  return new Set<ValueOperator>([...a].filter((op) => b.has(op)));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
