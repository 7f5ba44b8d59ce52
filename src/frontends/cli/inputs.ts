/**
 * What the command checks: stacks, each a template with an environment and, for a cloud assembly,
 * the construct paths and acknowledgements its manifest records. Read from a cloud assembly
 * directory (`manifest.json`, nested assemblies of Stages included) or from template files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from 'aws-cdk-lib/cloud-assembly-schema';
import { InputError, readTemplateFile, TemplateFile } from './template-file';

/** The metadata type `Validations.of(scope).acknowledge()` records (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`). */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';
/** The metadata type every `CfnElement` records with its logical id. */
const LOGICAL_ID = 'aws:cdk:logicalId';

/** One stack to check. */
export interface StackInput {
  /** Construct path of the stack (`Prod/Workload`), or the template's name for a template file. */
  readonly path: string;
  /** Construct paths of the Stages that contain the stack, outermost first (nested assemblies). */
  readonly stages: string[];
  readonly stackName?: string;
  readonly account?: string;
  readonly region?: string;
  readonly template: TemplateFile;
  /** Logical id -> construct path, from the manifest's `aws:cdk:logicalId` metadata. */
  readonly logicalIdPaths: Map<string, string>;
  /** Construct path -> acknowledged rule id (as recorded, e.g. `annotation::CAB-ORG`) -> reason. */
  readonly acknowledgements: Map<string, Record<string, string>>;
  /** The stack's CDK nested stacks (`NestedStack`). */
  readonly nested?: NestedStackInput[];
}

/** A CDK nested stack: its own template, in the environment of its parent. */
export interface NestedStackInput {
  /** Construct path of the `NestedStack`. */
  readonly path: string;
  /** Logical id of its `AWS::CloudFormation::Stack` in the parent's template. */
  readonly logicalId: string;
  readonly template: TemplateFile;
  readonly logicalIdPaths: Map<string, string>;
  readonly nested: NestedStackInput[];
}

/** Every stack of a cloud assembly and of its nested assemblies. Throws {@link InputError}. */
export function readAssembly(dir: string): StackInput[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    const why = fs.existsSync(dir) ? 'it has no manifest.json' : 'it does not exist';
    throw new InputError(`${dir}: not a cloud assembly directory (${why}); pass the output directory of \`cdk synth\` (cdk.out), or --template <file>.`);
  }
  const out: StackInput[] = [];
  readOne(dir, [], out, new Set());
  return out;
}

function readOne(dir: string, stages: string[], out: StackInput[], seen: Set<string>): void {
  const manifestFile = path.join(dir, 'manifest.json');
  const real = fs.realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  let manifest: ReturnType<typeof Manifest.loadAssemblyManifest>;
  try {
    manifest = Manifest.loadAssemblyManifest(manifestFile, { skipVersionCheck: true, skipEnumCheck: true });
  } catch (e) {
    throw new InputError(`${manifestFile}: not a cloud assembly manifest (${firstLine((e as Error).message)}).`);
  }
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    const props = (artifact.properties ?? {}) as Record<string, any>;
    if (artifact.type === 'cdk:cloud-assembly') {
      if (typeof props.directoryName !== 'string') continue;
      const stagePath = typeof artifact.displayName === 'string' ? artifact.displayName : id;
      readOne(path.join(dir, props.directoryName), [...stages, stagePath], out, seen);
    } else if (artifact.type === 'aws:cloudformation:stack') {
      if (typeof props.templateFile !== 'string') throw new InputError(`${manifestFile}: stack ${id} names no templateFile.`);
      const template = readTemplateFile(path.join(dir, props.templateFile));
      const metadata: Record<string, Array<{ type: string; data?: unknown }>> = { ...(artifact.metadata ?? {}) };
      const extra = (artifact as { additionalMetadataFile?: unknown }).additionalMetadataFile;
      if (typeof extra === 'string') Object.assign(metadata, readJson(path.join(dir, extra)));
      const { account, region } = parseEnvironment(artifact.environment);
      const { logicalIdPaths, acknowledgements, nested } = readMetadata(metadata, dir, template, assetFiles(manifest, dir));
      out.push({
        path: typeof artifact.displayName === 'string' ? artifact.displayName : id,
        stages,
        stackName: typeof props.stackName === 'string' ? props.stackName : id,
        account,
        region,
        template,
        logicalIdPaths,
        acknowledgements,
        nested,
      });
    }
  }
}

type Metadata = Record<string, Array<{ type: string; data?: unknown }>>;

/**
 * A stack's metadata: logical id -> construct path (of the stack's own template; each nested stack
 * has its own, as its logical ids may equal the parent's), the acknowledgements, and the nested
 * stacks (`<scope>/<id>.NestedStack/<id>.NestedStackResource`), each with its template.
 */
function readMetadata(metadata: Metadata, dir: string, template: TemplateFile, assets: Map<string, string>) {
  const nestedPaths = new Map<string, string>(); // nested stack path + '/' -> path of its AWS::CloudFormation::Stack
  for (const p of Object.keys(metadata)) {
    const m = /^\/?((?:.*\/)?)([^/]+)\.NestedStack\/\2\.NestedStackResource$/.exec(p);
    if (m) nestedPaths.set(`${m[1]}${m[2]}/`, p.replace(/^\//, ''));
  }
  const owner = (constructPath: string): string => {
    let best = '';
    for (const prefix of nestedPaths.keys()) if (constructPath.startsWith(prefix) && prefix.length > best.length) best = prefix;
    return best;
  };
  const logicalIds = new Map<string, Map<string, string>>([['', new Map()]]);
  for (const prefix of nestedPaths.keys()) logicalIds.set(prefix, new Map());
  const acknowledgements = new Map<string, Record<string, string>>();
  for (const [p, entries] of Object.entries(metadata)) {
    if (!Array.isArray(entries)) continue;
    const constructPath = p.replace(/^\//, '');
    for (const e of entries) {
      if (e?.type === LOGICAL_ID && typeof e.data === 'string') logicalIds.get(owner(constructPath))!.set(e.data, constructPath);
      if (e?.type === ACKNOWLEDGED_RULES && e.data && typeof e.data === 'object') {
        acknowledgements.set(constructPath, { ...acknowledgements.get(constructPath), ...(e.data as Record<string, string>) });
      }
    }
  }
  const nestedOf = (prefix: string, parentTemplate: TemplateFile): NestedStackInput[] => {
    const out: NestedStackInput[] = [];
    for (const [nestedPrefix, resourcePath] of nestedPaths) {
      if (owner(resourcePath) !== prefix) continue;
      const logicalId = [...logicalIds.get(prefix)!].find(([, p]) => p === resourcePath)?.[0];
      const resource = logicalId !== undefined ? parentTemplate.template.Resources?.[logicalId] : undefined;
      if (!resource) continue;
      const file = nestedTemplateFile(resource, assets);
      if (!file) continue;
      const nestedTemplate = readTemplateFile(path.join(dir, file));
      out.push({
        path: nestedPrefix.slice(0, -1),
        logicalId: logicalId!,
        template: nestedTemplate,
        logicalIdPaths: logicalIds.get(nestedPrefix)!,
        nested: nestedOf(nestedPrefix, nestedTemplate),
      });
    }
    return out;
  };
  return { logicalIdPaths: logicalIds.get('')!, acknowledgements, nested: nestedOf('', template) };
}

/** The file of a nested stack's template: its `aws:asset:path` metadata, else the file asset whose hash its TemplateURL names. */
function nestedTemplateFile(resource: any, assets: Map<string, string>): string | undefined {
  const fromMetadata = resource.Metadata?.['aws:asset:path'];
  if (typeof fromMetadata === 'string') return fromMetadata;
  const url = JSON.stringify(resource.Properties?.TemplateURL ?? '');
  for (const [hash, file] of assets) if (url.includes(hash)) return file;
  return undefined;
}

/** File asset hash -> source path, from the assembly's asset manifests. */
function assetFiles(manifest: { artifacts?: Record<string, any> }, dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    const file = artifact?.type === 'cdk:asset-manifest' ? artifact.properties?.file : undefined;
    if (typeof file !== 'string') continue;
    let assets: any;
    try {
      assets = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch {
      continue; // an unreadable asset manifest only hides nested stacks' templates
    }
    for (const [hash, a] of Object.entries<any>(assets?.files ?? {})) {
      if (typeof a?.source?.path === 'string') out.set(hash, a.source.path);
    }
  }
  return out;
}

/** `aws://123456789012/eu-west-1`; `unknown-account` / `unknown-region` are env-agnostic. */
export function parseEnvironment(env: unknown): { account?: string; region?: string } {
  const m = typeof env === 'string' ? /^aws:\/\/([^/]*)\/(.*)$/.exec(env) : null;
  if (!m) return {};
  return {
    account: m[1] && m[1] !== 'unknown-account' ? m[1] : undefined,
    region: m[2] && m[2] !== 'unknown-region' ? m[2] : undefined,
  };
}

/** A template file given with `--template`, checked as one stack named after the file. */
export function templateInput(file: string, env: { account?: string; region?: string }, name: string): StackInput {
  return {
    path: name,
    stages: [],
    account: env.account,
    region: env.region,
    template: readTemplateFile(file),
    logicalIdPaths: new Map(),
    acknowledgements: new Map(),
  };
}

function readJson(file: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message}).`);
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
