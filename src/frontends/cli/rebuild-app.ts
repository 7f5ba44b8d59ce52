/**
 * The template front end: rebuilds, from CloudFormation templates, the construct tree the checks
 * read, so that the one engine (`runChecks`) and the one model builder run on it unchanged.
 *
 * Every stack becomes a `Stack` with the environment the manifest (or `--env`) gives, inside the
 * `Stage`s of its nested assemblies, and every resource an L1 at the construct path the assembly
 * records for its logical id (`aws:cdk:logicalId` metadata, else the resource's `aws:cdk:path`,
 * else `<stack>/<logical id>`), with that logical id. A finding therefore names the same construct
 * path, and says the same words, as the Aspect on the original app.
 *
 * Properties are parsed with `CfnParser`, the parser `CfnInclude` uses, and each typed L1 is made by
 * its own `_fromCloudFormation` factory, as `CfnInclude` does; `CfnInclude` itself is not used
 * because it puts every resource under one construct (`<stack>/<include>/<logical id>`). A `Ref` or
 * `Fn::GetAtt` becomes a reference token to the L1 it names, and an `Fn::ImportValue` of an export
 * of another stack of the assembly a reference to the L1 that stack exports, which is what the
 * construct-based model reads in the original app.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnCondition, CfnElement, CfnMapping, CfnParameter, CfnResource, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import { CfnParser, ICfnFinder } from 'aws-cdk-lib/core/lib/helpers-internal';
import { Construct, IConstruct } from 'constructs';
import type { NestedStackInput, StackInput } from './inputs';
import { CROSS_ACCOUNT_SETTING_MARKER, DYNAMODB_ADVANCED_SETTING_MARKER, RESOURCE_TYPE_OPT_IN_SETTING_MARKER } from '../../private/markers';

/**
 * The CloudFormation types this library's organization-setting constructs synthesize to, and the
 * marker the model builder recognises each construct by (a test synthesizes both constructs and
 * checks these types).
 */
export const SETTING_RESOURCE_TYPES: Record<string, symbol> = {
  'Custom::BackupCrossAccountSetting': CROSS_ACCOUNT_SETTING_MARKER,
  'Custom::BackupDynamoDbAdvancedSetting': DYNAMODB_ADVANCED_SETTING_MARKER,
  'Custom::BackupResourceTypeOptInSetting': RESOURCE_TYPE_OPT_IN_SETTING_MARKER,
};

/** Where a rebuilt L1 came from. */
export interface ResourceOrigin {
  readonly stack: StackInput;
  readonly logicalId: string;
}

export interface RebuiltApp {
  readonly app: App;
  /** L1 -> its template and logical id. */
  readonly origins: Map<IConstruct, ResourceOrigin>;
  /** Stack construct -> its input. */
  readonly stacks: Map<IConstruct, StackInput>;
  /** Removes the App's temporary output directory (nothing is synthesized into it). */
  dispose(): void;
}

interface StackState {
  readonly index: number;
  readonly input: StackInput;
  readonly stack: Stack;
  readonly resources: Map<string, CfnResource>;
  readonly parameters: Map<string, CfnParameter>;
  readonly conditions: Map<string, CfnCondition | null>;
  readonly mappings: Map<string, CfnMapping | null>;
  /** Construct path -> logical id of the resource that lives there. */
  readonly resourceAt: Map<string, string>;
  readonly parser: CfnParser;
  readonly template: Record<string, any>;
  /** Logical id of an `AWS::CloudFormation::Stack` -> the nested stack's resource (made by its `NestedStack`). */
  readonly nestedResources: Map<string, CfnResource>;
  /** For a nested stack: the values of its parameters, set from its parent's template before its resources are made. */
  readonly parameterValues: Record<string, unknown>;
  readonly parent?: { readonly state: StackState; readonly logicalId: string };
}

/** The custom resources of `crossRegionReferences`: the producer's writer, the consumer's reader. */
const CROSS_REGION_WRITER = 'Custom::CrossRegionExportWriter';
const CROSS_REGION_READER = 'Custom::CrossRegionExportReader';
/** Key prefix, in the export index, of the SSM parameters the writers write. */
const SSM_EXPORT = 'ssm:';

/** Key, in the export index, of an output of a stack (for `Fn::GetStackOutput`). */
function stackOutputKey(stackName: string, outputName: string): string {
  return `output:${stackName}\u0000${outputName}`;
}

/** Prefix of a logical id that names a resource of another stack (an `Fn::ImportValue` rewritten). */
const FOREIGN = '\u0001cab-stack:';

/** Rebuild the app of `inputs` (one Stack per input). Never synthesizes. */
export function rebuildApp(inputs: StackInput[]): RebuiltApp {
  return new Rebuilder(inputs).build();
}

class Rebuilder {
  private readonly outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cross-account-backup-'));
  private readonly app = new App({ outdir: this.outdir, analyticsReporting: false, autoSynth: false });
  private readonly states: StackState[] = [];
  private readonly origins = new Map<IConstruct, ResourceOrigin>();
  private readonly inProgress = new Set<string>();
  private readonly exports: ExportIndex = new Map();

  constructor(private readonly inputs: StackInput[]) {}

  public build(): RebuiltApp {
    const stagePaths = new Set(this.inputs.flatMap(i => i.stages));
    for (const input of this.inputs) {
      const segments = input.path.split('/');
      const parent = this.scopeAt(this.app, segments.slice(0, -1), stagePaths);
      const state = this.addState(input, newStack(parent, uniqueId(parent, segments[segments.length - 1]), input));
      this.addNested(state, input.nested ?? []);
    }
    for (const state of this.states) this.setNestedParameters(state);
    for (const state of this.states) {
      for (const logicalId of Object.keys(state.template.Resources ?? {})) this.resource(state, logicalId);
    }
    for (const state of this.states) {
      this.markSettings(state);
      this.addAcknowledgements(state);
    }
    const stacks = new Map<IConstruct, StackInput>(this.states.map(s => [s.stack, s.input]));
    const outdir = this.outdir;
    return {
      app: this.app,
      origins: this.origins,
      stacks,
      dispose: () => fs.rmSync(outdir, { recursive: true, force: true }),
    };
  }

  private addState(input: StackInput, stack: Stack, parent?: StackState['parent']): StackState {
    const index = this.states.length;
    const template = input.template.template;
    const parameterValues: Record<string, unknown> = {};
    const state: StackState = {
      index,
      input,
      stack,
      template,
      resources: new Map(),
      parameters: new Map(),
      conditions: new Map(),
      mappings: new Map(),
      resourceAt: new Map(),
      nestedResources: new Map(),
      parameterValues,
      parent,
      parser: new CfnParser({ finder: this.finder(index), parameters: parameterValues }),
    };
    for (const logicalId of Object.keys(template.Resources ?? {})) {
      const p = this.pathOf(state, logicalId);
      if (p !== undefined && !state.resourceAt.has(p)) state.resourceAt.set(p, logicalId);
    }
    this.states.push(state);
    for (const [outputName, output] of Object.entries<any>(template.Outputs ?? {})) {
      if (output?.Value === undefined) continue;
      const exportName = output.Export?.Name;
      if (typeof exportName === 'string') this.exports.set(exportName, { state: index, value: output.Value });
      // References across accounts (`Fn::GetStackOutput`) name the stack and the output.
      if (input.stackName) {
        this.exports.set(stackOutputKey(input.stackName, outputName), { state: index, value: output.Value, region: input.region });
      }
    }
    // References across Regions (`crossRegionReferences`): SSM parameters written by an export writer.
    for (const r of Object.values<any>(template.Resources ?? {})) {
      const written = r?.Type === CROSS_REGION_WRITER ? r.Properties?.WriterProps?.exports : undefined;
      if (!written || typeof written !== 'object') continue;
      for (const [name, value] of Object.entries(written)) this.exports.set(`${SSM_EXPORT}${name}`, { state: index, value });
    }
    return state;
  }

  /**
   * CDK nested stacks: a `NestedStack` at its construct path (it makes the parent's
   * `AWS::CloudFormation::Stack`), with its own template, in the parent's environment.
   */
  private addNested(parent: StackState, nested: NestedStackInput[]): void {
    const parentPath = parent.stack.node.path;
    for (const n of nested) {
      if (!n.path.startsWith(`${parentPath}/`) || !parent.template.Resources?.[n.logicalId]) continue;
      const rel = n.path.slice(parentPath.length + 1).split('/');
      const scope = this.scopeAt(parent.stack, rel.slice(0, -1), new Set());
      const id = rel[rel.length - 1];
      if (scope.node.tryFindChild(id) || scope.node.tryFindChild(`${id}.NestedStack`)) continue;
      let stack: NestedStack;
      try {
        stack = new NestedStack(scope as Construct, id);
      } catch {
        continue; // the parent's AWS::CloudFormation::Stack stays an L1; the nested template is not read
      }
      if (stack.nestedStackResource) {
        stack.nestedStackResource.overrideLogicalId(n.logicalId);
        parent.nestedResources.set(n.logicalId, stack.nestedStackResource);
        this.origins.set(stack.nestedStackResource, { stack: parent.input, logicalId: n.logicalId });
      }
      const input: StackInput = {
        path: n.path,
        stages: [],
        account: parent.input.account,
        region: parent.input.region,
        template: n.template,
        logicalIdPaths: n.logicalIdPaths,
        acknowledgements: new Map(),
      };
      this.addNested(this.addState(input, stack, { state: parent, logicalId: n.logicalId }), n.nested);
    }
  }

  /** A nested stack's parameters: the values its parent's `AWS::CloudFormation::Stack` passes, parsed in the parent. */
  private setNestedParameters(state: StackState): void {
    if (!state.parent) return;
    const parent = state.parent.state;
    const given = parent.template.Resources?.[state.parent.logicalId]?.Properties?.Parameters;
    if (!given || typeof given !== 'object') return;
    const isReader = (logicalId: string) => parent.template.Resources?.[logicalId]?.Type === CROSS_REGION_READER;
    for (const [name, value] of Object.entries(given)) {
      try {
        state.parameterValues[name] = parent.parser.parseValue(prepareValue(value, this.exports, (s, v) => this.foreign(s, v), isReader));
      } catch {
        // an unparsable value leaves the parameter without a value (unknown to the model)
      }
    }
  }

  // ---------------------------------------------------------------- the tree

  /** The construct at `segments` under `base`, creating Stages (for nested assemblies) and plain constructs on the way. */
  private scopeAt(base: IConstruct, segments: string[], stagePaths: Set<string>): IConstruct {
    let cur = base;
    for (const seg of segments) {
      const next = cur.node.tryFindChild(seg);
      if (next) { cur = next; continue; }
      const p = cur.node.path ? `${cur.node.path}/${seg}` : seg;
      cur = stagePaths.has(p) ? new Stage(cur, seg) : new Construct(cur, seg);
    }
    return cur;
  }

  /** The construct path of a resource, when it lies under its stack. */
  private pathOf(state: StackState, logicalId: string): string | undefined {
    const stackPath = state.stack.node.path;
    const fromManifest = state.input.logicalIdPaths.get(logicalId);
    const fromTemplate = state.template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'];
    for (const p of [fromManifest, fromTemplate]) {
      if (typeof p === 'string' && p.startsWith(`${stackPath}/`) && !p.split('/').includes('')) return p;
    }
    return `${stackPath}/${logicalId}`;
  }

  /**
   * The scope and id a resource is created with: its construct path when it is free; else the
   * stack with the logical id; else a `$Resources` scope (paths that collide).
   */
  private placeFor(state: StackState, logicalId: string): { scope: IConstruct; id: string } {
    const stackPath = state.stack.node.path;
    const p = this.pathOf(state, logicalId)!;
    const segments = p.slice(stackPath.length + 1).split('/');
    let scope: IConstruct = state.stack;
    for (let i = 0; i < segments.length - 1; i++) {
      const seg = segments[i];
      let next = scope.node.tryFindChild(seg);
      if (!next) {
        const at = `${stackPath}/${segments.slice(0, i + 1).join('/')}`;
        const owner = state.resourceAt.get(at);
        if (owner !== undefined && owner !== logicalId) next = this.resource(state, owner);
        next = scope.node.tryFindChild(seg) ?? new Construct(scope, seg);
      }
      scope = next;
    }
    const id = segments[segments.length - 1];
    if (!scope.node.tryFindChild(id)) return { scope, id };
    if (!state.stack.node.tryFindChild(logicalId)) return { scope: state.stack, id: logicalId };
    const extra = (state.stack.node.tryFindChild('$Resources') as Construct | undefined) ?? new Construct(state.stack, '$Resources');
    return { scope: extra, id: uniqueId(extra, logicalId) };
  }

  // ---------------------------------------------------------------- resources

  /** The L1 of `logicalId` in `state`, created on first use; undefined on a reference cycle. */
  private resource(state: StackState, logicalId: string): CfnResource | undefined {
    const done = state.resources.get(logicalId) ?? state.nestedResources.get(logicalId);
    if (done) return done;
    const key = `${state.index}\u0000${logicalId}`;
    if (this.inProgress.has(key)) return undefined;
    this.inProgress.add(key);
    try {
      const attrs = state.template.Resources[logicalId];
      const { scope, id } = this.placeFor(state, logicalId);
      const cfn = this.createL1(scope, id, attrs, state);
      cfn.overrideLogicalId(logicalId);
      state.resources.set(logicalId, cfn);
      this.origins.set(cfn, { stack: state.input, logicalId });
      return cfn;
    } finally {
      this.inProgress.delete(key);
    }
  }

  /**
   * The typed L1 (its `_fromCloudFormation`, as `CfnInclude` makes it) when its renderer accepts
   * the properties, else a `CfnResource` with
   * parsed properties, else one with the properties as written (intrinsics left as plain JSON,
   * which the model treats as unknown). Only `Type` and `Properties` are read: the model reads
   * nothing else of a resource.
   */
  private createL1(scope: IConstruct, id: string, attrs: any, state: StackState): CfnResource {
    const type: string = attrs.Type;
    const isReader = (logicalId: string) => state.template.Resources?.[logicalId]?.Type === CROSS_REGION_READER;
    const properties = prepareValue(attrs.Properties ?? {}, this.exports, (s, v) => this.foreign(s, v), isReader);
    const l1 = l1Class(type);
    if (l1) {
      try {
        const typed = l1._fromCloudFormation(scope, id, { Type: type, Properties: properties }, { parser: state.parser });
        // A template the L1's own renderer rejects (a required property deleted by an escape hatch,
        // a value of another type) is read as it is written, by a plain CfnResource.
        const rendering = typed as unknown as { readonly cfnProperties: unknown; renderProperties(p: unknown): unknown };
        rendering.renderProperties(rendering.cfnProperties);
        return typed;
      } catch {
        scope.node.tryRemoveChild(id);
      }
    }
    try {
      return new CfnResource(scope, id, { type, properties: state.parser.parseValue(properties) });
    } catch {
      scope.node.tryRemoveChild(id);
    }
    return new CfnResource(scope, id, { type, properties: attrs.Properties ?? {} });
  }

  /** The foreign logical id that stands for `value` (an export's `Ref` / `Fn::GetAtt`) in stack `state`. */
  private foreign(state: number, value: unknown): unknown {
    const v = value as any;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (typeof v.Ref === 'string' && !v.Ref.startsWith('AWS::') && this.states[state].template.Resources?.[v.Ref]) {
        return { Ref: `${FOREIGN}${state}:${v.Ref}` };
      }
      const getAtt = v['Fn::GetAtt'];
      const [target, attr] = Array.isArray(getAtt) ? getAtt : typeof getAtt === 'string' ? splitOnce(getAtt, '.') : [];
      if (typeof target === 'string' && typeof attr === 'string' && this.states[state].template.Resources?.[target]) {
        return { 'Fn::GetAtt': [`${FOREIGN}${state}:${target}`, attr] };
      }
      return undefined;
    }
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  }

  private finder(index: number): ICfnFinder {
    const self = this;
    const state = (): StackState => self.states[index];
    const findResource = (logicalId: string): CfnResource | undefined => {
      if (logicalId.startsWith(FOREIGN)) {
        const rest = logicalId.slice(FOREIGN.length);
        const colon = rest.indexOf(':');
        const other = self.states[Number(rest.slice(0, colon))];
        return other ? self.resource(other, rest.slice(colon + 1)) : undefined;
      }
      return state().template.Resources?.[logicalId] ? self.resource(state(), logicalId) : undefined;
    };
    return {
      findResource,
      findRefTarget(name: string): CfnElement | undefined {
        const s = state();
        if (s.template.Parameters?.[name] !== undefined) return self.parameter(s, name);
        return findResource(name);
      },
      findCondition(name: string): CfnCondition | undefined {
        const s = state();
        if (s.template.Conditions?.[name] === undefined) return undefined;
        if (!s.conditions.has(name)) {
          // The expression is not needed: the model reads no condition (an `Fn::If` stays unknown).
          s.conditions.set(name, element(() => new CfnCondition(section(s.stack, '$Conditions'), name), name) ?? null);
        }
        return s.conditions.get(name) ?? undefined;
      },
      findMapping(name: string): CfnMapping | undefined {
        const s = state();
        const mapping = s.template.Mappings?.[name];
        if (mapping === undefined) return undefined;
        if (!s.mappings.has(name)) {
          s.mappings.set(name, element(() => new CfnMapping(section(s.stack, '$Mappings'), name, { mapping }), name) ?? null);
        }
        return s.mappings.get(name) ?? undefined;
      },
    };
  }

  private parameter(state: StackState, name: string): CfnParameter | undefined {
    let p = state.parameters.get(name);
    if (!p) {
      const def = state.template.Parameters[name] ?? {};
      p = element(() => new CfnParameter(section(state.stack, '$Parameters'), name, {
        type: typeof def.Type === 'string' ? def.Type : 'String',
        default: def.Default,
      }), name);
      if (p) state.parameters.set(name, p);
    }
    return p;
  }

  // ---------------------------------------------------------------- what the manifest adds

  /**
   * Mark the construct of a `CrossAccountBackupSetting` / `DynamoDbAdvancedBackupSetting` (the
   * scope its custom resource's `Resource`/`Default` L1 sits in), as the construct itself does.
   */
  private markSettings(state: StackState): void {
    for (const cfn of state.resources.values()) {
      const marker = SETTING_RESOURCE_TYPES[cfn.cfnResourceType];
      if (!marker) continue;
      let c: IConstruct = cfn;
      if (c.node.id === 'Default' && c.node.scope) c = c.node.scope;
      while (c.node.id === 'Resource' && c.node.scope && !Stack.isStack(c.node.scope)) c = c.node.scope;
      if (c === cfn || CfnResource.isCfnResource(c) || Stack.isStack(c)) continue;
      Object.defineProperty(c, marker, { value: true });
      if (marker === RESOURCE_TYPE_OPT_IN_SETTING_MARKER) {
        // The construct's `resourceTypes`, which its custom resource passes as `OptIn`.
        const optIn = state.template.Resources?.[this.origins.get(cfn)!.logicalId]?.Properties?.OptIn;
        Object.defineProperty(c, 'resourceTypes', { value: Array.isArray(optIn) ? optIn.filter(t => typeof t === 'string') : [] });
      }
    }
  }

  /**
   * Record each `Validations.of(scope).acknowledge()` of the manifest on the construct at its path,
   * in both spellings of the id (`annotation::<id>` before aws-cdk-lib 2.262, `Annotation::<id>` from it).
   */
  private addAcknowledgements(state: StackState): void {
    const stackPath = state.stack.node.path;
    for (const [p, acks] of state.input.acknowledgements) {
      if (p !== stackPath && !p.startsWith(`${stackPath}/`)) continue;
      const rel = p === stackPath ? [] : p.slice(stackPath.length + 1).split('/');
      if (rel.includes('')) continue;
      const target = this.scopeAt(state.stack, rel, new Set());
      const data: Record<string, string> = {};
      for (const [id, reason] of Object.entries(acks)) {
        const m = /^annotation::(.*)$/i.exec(id);
        if (m) {
          data[`annotation::${m[1]}`] = reason;
          data[`Annotation::${m[1]}`] = reason;
        } else {
          data[id] = reason;
        }
      }
      target.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, data);
    }
  }
}

// ---------------------------------------------------------------- helpers

interface L1Class {
  readonly CFN_RESOURCE_TYPE_NAME: string;
  _fromCloudFormation(scope: IConstruct, id: string, attrs: any, options: { parser: CfnParser }): CfnResource;
}

const l1Classes = new Map<string, L1Class | undefined>();

/**
 * The aws-cdk-lib L1 class of a CloudFormation type (`AWS::Backup::BackupPlan` ->
 * `aws-cdk-lib/aws-backup`.`CfnBackupPlan`), when it exists and names that type.
 */
export function l1Class(type: string): L1Class | undefined {
  if (l1Classes.has(type)) return l1Classes.get(type);
  let found: L1Class | undefined;
  const m = /^AWS::([A-Za-z0-9]+)::([A-Za-z0-9]+)$/.exec(type);
  if (m) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(`aws-cdk-lib/aws-${m[1].toLowerCase()}`);
      const cls = mod[`Cfn${m[2]}`];
      if (cls && cls.CFN_RESOURCE_TYPE_NAME === type && typeof cls._fromCloudFormation === 'function') found = cls;
    } catch {
      found = undefined;
    }
  }
  l1Classes.set(type, found);
  return found;
}

function newStack(scope: IConstruct, id: string, input: StackInput): Stack {
  const env = { account: input.account, region: input.region };
  try {
    return new Stack(scope as Construct, id, { env, stackName: input.stackName });
  } catch {
    return new Stack(scope as Construct, id, { env });
  }
}

function uniqueId(scope: IConstruct, id: string): string {
  let out = id;
  for (let n = 2; scope.node.tryFindChild(out); n++) out = `${id}-${n}`;
  return out;
}

function section(stack: Stack, id: string): Construct {
  return (stack.node.tryFindChild(id) as Construct | undefined) ?? new Construct(stack, id);
}

function element<T extends CfnElement>(make: () => T, logicalId: string): T | undefined {
  try {
    const e = make();
    e.overrideLogicalId(logicalId);
    return e;
  } catch {
    return undefined;
  }
}

function splitOnce(s: string, sep: string): [string, string] | [] {
  const i = s.indexOf(sep);
  return i < 0 ? [] : [s.slice(0, i), s.slice(i + 1)];
}

/** Export name (or output / SSM parameter key) -> the stack that writes it and the value. */
type ExportIndex = Map<string, { readonly state: number; readonly value: unknown; readonly region?: string }>;

/**
 * Rewrite a template value before parsing:
 * - `Fn::ImportValue` of a literal export name that another stack exports as a `Ref` or
 *   `Fn::GetAtt` becomes that reference (to the other stack's L1); a literal export value is inlined;
 *   so does the `Fn::GetAtt` of a `crossRegionReferences` export reader (`isReader`) of a
 *   parameter another stack's export writer writes, and an `Fn::GetStackOutput` of another stack's output;
 * - `Fn::Sub` becomes the equivalent `Fn::Join` (`${X}` -> `Ref`, `${X.Attr}` -> `Fn::GetAtt`,
 *   `${!X}` -> `${X}`, variables inlined), which the model reads like CDK's own ARNs.
 */
export function prepareValue(
  value: unknown,
  exports: ExportIndex,
  foreign: (state: number, value: unknown) => unknown,
  isReader: (logicalId: string) => boolean = () => false,
): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && keys[0] === 'Fn::ImportValue' && typeof obj['Fn::ImportValue'] === 'string') {
      const exp = exports.get(obj['Fn::ImportValue']);
      const replaced = exp ? foreign(exp.state, exp.value) : undefined;
      return replaced ?? v;
    }
    const getAtt = keys.length === 1 ? obj['Fn::GetAtt'] : undefined;
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string' && isReader(getAtt[0])) {
      const exp = exports.get(`${SSM_EXPORT}${getAtt[1]}`);
      const replaced = exp ? foreign(exp.state, exp.value) : undefined;
      if (replaced !== undefined) return replaced;
    }
    const stackOutput = keys.length === 1 ? obj['Fn::GetStackOutput'] as Record<string, unknown> | undefined : undefined;
    if (stackOutput && typeof stackOutput === 'object' && typeof stackOutput.StackName === 'string' && typeof stackOutput.OutputName === 'string') {
      const exp = exports.get(stackOutputKey(stackOutput.StackName, stackOutput.OutputName));
      const sameRegion = typeof stackOutput.Region !== 'string' || exp?.region === undefined || exp.region === stackOutput.Region;
      const replaced = exp && sameRegion ? foreign(exp.state, exp.value) : undefined;
      if (replaced !== undefined) return replaced;
    }
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const joined = subToJoin(obj['Fn::Sub']);
      if (joined !== undefined) return walk(joined);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = walk(obj[k]);
    return out;
  };
  return walk(value);
}

/** `Fn::Sub` (string or [string, variables]) as `Fn::Join`; undefined when it is not that shape. */
export function subToJoin(sub: unknown): unknown {
  let text: unknown = sub;
  let vars: Record<string, unknown> = {};
  if (Array.isArray(sub)) {
    if (sub.length !== 2 || !sub[1] || typeof sub[1] !== 'object' || Array.isArray(sub[1])) return undefined;
    text = sub[0];
    vars = sub[1] as Record<string, unknown>;
  }
  if (typeof text !== 'string') return undefined;
  const parts: unknown[] = [];
  let literal = '';
  const re = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    literal += text.slice(last, m.index);
    last = m.index + m[0].length;
    const name = m[1];
    if (name.startsWith('!')) { literal += `\${${name.slice(1)}}`; continue; }
    const trimmed = name.trim();
    let part: unknown;
    if (Object.prototype.hasOwnProperty.call(vars, trimmed)) {part = vars[trimmed];} else if (trimmed.includes('.') && !trimmed.startsWith('AWS::')) {
      const [target, attr] = splitOnce(trimmed, '.') as [string, string];
      part = { 'Fn::GetAtt': [target, attr] };
    } else {part = { Ref: trimmed };}
    if (typeof part === 'string') { literal += part; continue; }
    if (literal) parts.push(literal);
    literal = '';
    parts.push(part);
  }
  literal += text.slice(last);
  if (literal) parts.push(literal);
  if (parts.length === 0) return '';
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  return { 'Fn::Join': ['', parts] };
}
