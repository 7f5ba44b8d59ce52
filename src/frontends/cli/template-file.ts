/**
 * Reads a CloudFormation template file (JSON, or YAML with CloudFormation's short-form tags) and
 * finds the line of each resource's logical id, for locations in SARIF and text output.
 */
import * as fs from 'fs';
import { createRequire } from 'module';

/** A template as read from disk. */
export interface TemplateFile {
  /** The path as given (or as the manifest names it, joined to the assembly directory). */
  readonly path: string;
  /** The parsed template (long-form intrinsics: `!Ref X` is `{ Ref: 'X' }`). */
  readonly template: Record<string, any>;
  /** Logical id -> 1-based line of its key under `Resources`, when found in the text. */
  readonly resourceLines: Map<string, number>;
}

/** Input the command cannot read: the message names the file and the problem (exit code 2). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Read and parse a template; throws {@link InputError} when the file cannot be read or is not a template. */
export function readTemplateFile(file: string): TemplateFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  const template = parseTemplateText(text, file);
  return { path: file, template, resourceLines: resourceLines(text, Object.keys(template.Resources ?? {})) };
}

/** Parse template text: JSON when it looks like JSON, else YAML. Throws {@link InputError}. */
export function parseTemplateText(text: string, file: string): Record<string, any> {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  let parsed: unknown;
  if (trimmed.startsWith('{')) {
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new InputError(`${file}: not valid JSON (${(e as Error).message}).`);
    }
  } else {
    try {
      parsed = yamlReader()(text);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${file}: not valid YAML (${firstLine((e as Error).message)}).`);
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`${file}: not a CloudFormation template (the file does not hold a JSON or YAML object).`);
  }
  const t = parsed as Record<string, any>;
  if (t.Resources !== undefined && (!t.Resources || typeof t.Resources !== 'object' || Array.isArray(t.Resources))) {
    throw new InputError(`${file}: not a CloudFormation template (its Resources section is not an object of logical id -> resource).`);
  }
  for (const [id, r] of Object.entries(t.Resources ?? {})) {
    if (!r || typeof r !== 'object' || typeof (r as any).Type !== 'string') {
      throw new InputError(`${file}: resource ${id} has no Type (every entry of Resources needs a Type string).`);
    }
  }
  return t;
}

let yamlDeserialize: ((text: string) => unknown) | undefined;

/**
 * The YAML reader of `aws-cdk-lib/cloudformation-include` (`CfnInclude` reads templates with it):
 * YAML 1.2 core schema plus CloudFormation's short-form tags (`!Ref`, `!Sub`, `!GetAtt`, ...).
 * aws-cdk-lib exports no YAML reader, so it is loaded from the package's own files.
 */
function yamlReader(): (text: string) => unknown {
  if (!yamlDeserialize) {
    const fromCdk = createRequire(require.resolve('aws-cdk-lib/cloudformation-include'));
    let mod: { deserialize?: (text: string) => unknown } | undefined;
    try {
      mod = fromCdk('./lib/private/yaml-cfn');
    } catch {
      mod = undefined;
    }
    if (typeof mod?.deserialize !== 'function') {
      throw new InputError('YAML templates are read with the YAML reader of aws-cdk-lib/cloudformation-include, which this version of aws-cdk-lib does not have: convert the template to JSON.');
    }
    yamlDeserialize = mod.deserialize;
  }
  return yamlDeserialize;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/**
 * The line of each logical id's key in the `Resources` section: the first line, after the line
 * that opens `Resources`, that starts (after indentation) with the id as a JSON or YAML key.
 */
export function resourceLines(text: string, logicalIds: string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (logicalIds.length === 0) return out;
  const wanted = new Set(logicalIds);
  const lines = text.split(/\r\n|\r|\n/);
  const start = lines.findIndex(l => /^\s*("Resources"|'Resources'|Resources)\s*:/.test(l));
  if (start < 0) return out;
  const key = /^\s*(?:-\s+)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9]+))\s*:/;
  // In YAML, resources are the keys one indentation level below `Resources:`.
  let indent: number | undefined;
  for (let i = start + 1; i < lines.length && out.size < wanted.size; i++) {
    const line = lines[i];
    const m = key.exec(line);
    if (!m) continue;
    const id = m[1] ?? m[2] ?? m[3];
    const lead = line.length - line.trimStart().length;
    if (indent === undefined && wanted.has(id)) indent = lead;
    if (lead !== indent || !wanted.has(id) || out.has(id)) continue;
    out.set(id, i + 1);
  }
  return out;
}
