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
      const logicalIdPaths = new Map<string, string>();
      const acknowledgements = new Map<string, Record<string, string>>();
      // The metadata of a stack covers its nested stacks, whose logical ids are those of their own
      // templates (and may equal the parent's): only the parent's own are its template's.
      const nested = Object.keys(metadata).flatMap(p => {
        const m = /^\/?(.*\/)?([^/]+)\.NestedStack(\/|$)/.exec(p);
        return m ? [`${m[1] ?? ''}${m[2]}/`] : [];
      });
      for (const [p, entries] of Object.entries(metadata)) {
        if (!Array.isArray(entries)) continue;
        const constructPath = p.replace(/^\//, '');
        const inNested = nested.some(prefix => constructPath.startsWith(prefix));
        for (const e of entries) {
          if (e?.type === LOGICAL_ID && typeof e.data === 'string' && !inNested) logicalIdPaths.set(e.data, constructPath);
          if (e?.type === ACKNOWLEDGED_RULES && e.data && typeof e.data === 'object') {
            acknowledgements.set(constructPath, { ...acknowledgements.get(constructPath), ...(e.data as Record<string, string>) });
          }
        }
      }
      out.push({
        path: typeof artifact.displayName === 'string' ? artifact.displayName : id,
        stages,
        stackName: typeof props.stackName === 'string' ? props.stackName : id,
        account,
        region,
        template,
        logicalIdPaths,
        acknowledgements,
      });
    }
  }
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
