/**
 * A validator for the subset of JSON Schema (draft 2020-12) that
 * `docs/cross-account-backup-report.schema.json` uses: type, properties, required,
 * additionalProperties, items, enum, const, pattern, minimum, $ref to `#/$defs/...`.
 * Any other keyword throws, so the schema cannot use something this validator would ignore.
 *
 * `closed: true` treats every object without `additionalProperties` as closed: the test uses it to
 * prove the schema names every field the renderer writes (the published schema stays open, so that
 * a reader of 1.0 accepts the fields a 1.x adds).
 */
type Schema = { readonly [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs']);
const KNOWN = new Set([
  ...ANNOTATIONS,
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'pattern',
  'minimum',
  '$ref',
]);

export function validate(root: Schema, value: unknown, options: { closed?: boolean } = {}): string[] {
  const errors: string[] = [];
  check(root, value, '$', root, options.closed ?? false, errors);
  return errors;
}

function check(schema: Schema, value: unknown, at: string, root: Schema, closed: boolean, errors: string[]): void {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN.has(keyword)) throw new Error(`unsupported JSON Schema keyword "${keyword}" at ${at}`);
  }
  if (typeof schema.$ref === 'string') {
    const m = /^#\/\$defs\/([A-Za-z0-9_]+)$/.exec(schema.$ref);
    const defs = root.$defs as Record<string, Schema> | undefined;
    if (!m || !defs?.[m[1]]) throw new Error(`unresolvable $ref ${schema.$ref}`);
    check(defs[m[1]], value, at, root, closed, errors);
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    errors.push(`${at}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeof schema.type === 'string' && !hasType(value, schema.type)) {
    errors.push(`${at}: expected ${schema.type}, got ${JSON.stringify(value)}`);
    return;
  }
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    errors.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) {
    errors.push(`${at}: ${value} < ${schema.minimum}`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => check(schema.items as Schema, item, `${at}[${i}]`, root, closed, errors));
  }
  if (isObject(value) && (schema.properties || schema.required || schema.additionalProperties !== undefined)) {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in value)) errors.push(`${at}: missing required "${name}"`);
    }
    for (const [name, v] of Object.entries(value)) {
      if (props[name]) {
        check(props[name], v, `${at}.${name}`, root, closed, errors);
      } else if (schema.additionalProperties === false || (closed && schema.additionalProperties === undefined)) {
        errors.push(`${at}: unexpected property "${name}"`);
      } else if (isObject(schema.additionalProperties)) {
        check(schema.additionalProperties as Schema, v, `${at}.${name}`, root, closed, errors);
      }
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isInteger(value);
    case 'null': return value === null;
    default: throw new Error(`unsupported type "${type}"`);
  }
}
