import { REPORT_JSON_FILE_NAME, REPORT_MARKDOWN_FILE_NAME, REPORT_SCHEMA_VERSION } from './report-schema';

/**
 * Names and version of the copy-route report the checks write into the cloud assembly (`cdk.out`).
 *
 * `cross-account-backup-report.json` is versioned with semantic versioning: a minor version only
 * adds (new optional fields, new rule ids, new sections), so a reader written for `1.x` reads every
 * `1.y`; a major version is a breaking change. The format is documented in `docs/report-schema.md`
 * and as a JSON Schema in `docs/cross-account-backup-report.schema.json`.
 */
export class CrossAccountBackupReport {
  /** The `schemaVersion` this library writes into `cross-account-backup-report.json`. */
  public static readonly SCHEMA_VERSION: string = REPORT_SCHEMA_VERSION;
  /** File name of the machine-readable report in the cloud assembly directory. */
  public static readonly JSON_FILE_NAME: string = REPORT_JSON_FILE_NAME;
  /** File name of the Markdown report (tables per copy route and a Mermaid diagram) in the cloud assembly directory. */
  public static readonly MARKDOWN_FILE_NAME: string = REPORT_MARKDOWN_FILE_NAME;

  private constructor() {}
}
