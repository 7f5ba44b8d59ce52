import * as fs from 'fs';
import { FactsError, majorOf, parseFacts } from './parse';
import type { FactsDocument, KeyFact, VaultFact } from './types';
import { FACTS_FORMAT_VERSION } from './types';
import type { ReportExportVault } from '../report/render-exports';
import { REPORT_SCHEMA_VERSION } from '../report/report-schema';

/**
 * Facts about things outside the app — vaults, keys, the organization, account and Region settings —
 * so that the checks judge imported vaults and keys (`BackupVault.fromBackupVaultArn`, `Key.fromKeyArn`)
 * by the same rules as the app's own, instead of reporting them as CAB-UNVERIFIABLE.
 *
 * Facts are read outside synthesis (as CDK's context lookups are) and stored in a file, so that synth
 * stays deterministic and offline: write the file with `cdk-cross-account-backup lookup`, or read
 * another app's report (`fromReport`). Every fact records where and when it was read; a fact older
 * than the checks' `maxFactAge` gives a CAB-UNVERIFIABLE warning. The format is documented in
 * `docs/facts.md` (JSON Schema `docs/external-facts.schema.json`).
 *
 * @example
 * import { App, Aspects } from 'aws-cdk-lib';
 * import { CrossAccountCopyChecks, ExternalFacts } from 'cdk-cross-account-backup';
 *
 * const app = new App();
 * Aspects.of(app).add(new CrossAccountCopyChecks({
 *   facts: [ExternalFacts.fromReport('../central/cdk.out/cross-account-backup-report.json')],
 * }));
 */
export class ExternalFacts {
  /**
   * Facts from an external-facts file (written by `cdk-cross-account-backup lookup`, or by hand).
   *
   * Throws, with one sentence naming the file and the problem, when the file cannot be read, is not
   * JSON, does not follow the format, or has a major `formatVersion` this library does not read.
   *
   * @param path the file, absolute or relative to the current directory
   */
  public static fromFile(path: string): ExternalFacts {
    return new ExternalFacts(parseFacts(readJson(path, 'external-facts file'), path), path);
  }

  /**
   * Facts from another app's copy-route report (`cross-account-backup-report.json` in its cloud
   * assembly): the vaults it defines, by ARN, with their access policy, Vault Lock and key (with the key
   * policy of a key that app defines). Key ARNs that exist only after a deploy come from `lookup`.
   *
   * The facts are dated by the report's `generatedAt` when it has one, else by the file's
   * modification time. Throws, with one sentence, when the file cannot be read or is a report of a
   * major schema version this library does not read.
   *
   * @param path the report, absolute or relative to the current directory
   */
  public static fromReport(path: string): ExternalFacts {
    const json = readJson(path, 'report');
    return new ExternalFacts(factsFromReport(json, path, () => fs.statSync(path).mtime), path);
  }

  /**
   * Facts from an object in the external-facts format (as `JSON.parse` of a facts file returns).
   *
   * @param facts the document
   * @param label names the facts in messages
   * @default label 'facts'
   */
  public static fromObject(facts: any, label?: string): ExternalFacts {
    const name = label ?? 'facts';
    return new ExternalFacts(parseFacts(facts, name), name);
  }

  /** The file the facts were read from (or the label given to `fromObject`). */
  public readonly source: string;

  /** @internal */
  public readonly _document: FactsDocument;

  private constructor(document: FactsDocument, source: string) {
    this._document = document;
    this.source = source;
  }
}

/** The parsed JSON of `path`, or a one-sentence error. */
function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf-8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FactsError(`${path}: the ${what} cannot be read (${code ?? (e as Error).message}); check the path, which is relative to ${process.cwd()}.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FactsError(`${path}: the ${what} is not valid JSON (${(e as Error).message}); write it again.`);
  }
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The facts a report names: its `exports.vaults`. The report's version is checked against the major
 * version this library writes ({@link REPORT_SCHEMA_VERSION}).
 */
export function factsFromReport(json: unknown, path: string, mtime: () => Date): FactsDocument {
  if (!isObject(json) || typeof json.schemaVersion !== 'string') {
    throw new FactsError(`${path}: not a cross-account-backup report (no schemaVersion); pass the cross-account-backup-report.json of the other app's cloud assembly.`);
  }
  const ours = majorOf(REPORT_SCHEMA_VERSION);
  const theirs = majorOf(json.schemaVersion);
  if (theirs !== ours) {
    throw new FactsError(`${path}: report schema version ${json.schemaVersion} is not supported by this version of the library, which reads ${ours}.x; `
      + 'synthesize the other app with the same major version of cdk-cross-account-backup.');
  }
  const exportsSection = json.exports;
  if (!isObject(exportsSection) || !Array.isArray(exportsSection.vaults)) {
    throw new FactsError(`${path}: the report has no exports section (it was written before schema version 2.0.0); synthesize the other app again with this version of cdk-cross-account-backup.`);
  }
  let readAt: string;
  if (typeof json.generatedAt === 'string' && !Number.isNaN(Date.parse(json.generatedAt))) {
    readAt = new Date(json.generatedAt).toISOString();
  } else {
    readAt = mtime().toISOString();
  }
  const vaults: VaultFact[] = [];
  const keys: KeyFact[] = [];
  for (const raw of exportsSection.vaults as ReportExportVault[]) {
    if (!isObject(raw)) continue;
    const origin = { source: 'report' as const, account: raw.account, region: raw.region, readAt, location: path };
    const key = raw.encryptionKey;
    vaults.push({
      arn: raw.arn,
      name: raw.name,
      account: raw.account,
      region: raw.region,
      accessPolicy: raw.accessPolicyKnown === false ? undefined : raw.accessPolicy ?? null,
      encryptionKeyArn: key?.arn && key.arn.includes(':key/') ? key.arn : undefined,
      encryptionKey: key && !key.arn ? { keyManager: key.keyManager, policy: key.policy, reference: key.constructPath } : undefined,
      lock: raw.lock,
      airGapped: raw.airGapped,
      origin,
    } as VaultFact);
  }
  // The document goes through the same reader as a file: a hand-edited report fails with the same sentences.
  return parseFacts({ formatVersion: FACTS_FORMAT_VERSION, vaults, keys }, path);
}
