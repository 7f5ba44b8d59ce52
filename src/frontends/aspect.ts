import { Duration, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { emitAnnotations, errorsThatFailSynthesis } from './annotations';
import { writeReport } from './write-report';
import { validateBackupResourceTypes } from '../checks/capabilities/validate-resource-types';
import { CheckResult, runChecks } from '../checks/engine';
import type { Rule } from '../checks/finding';
import type { CheckOptions } from '../checks/model/types';
import { ALL_RULES } from '../checks/rules';
import { ExternalFacts } from '../facts/external-facts';
import { validateAccountId, validateAccountList, validateOrganizationId } from '../private/validate';
import { TagPolicy } from '../tag-policy/tag-policy';

/**
 * An organizational unit and the accounts under it, for the targets of backup policies.
 */
export interface OrganizationalUnit {
  /** The OU id, `ou-` followed by the root's and the OU's letters and digits (e.g. `ou-ab12-cdefgh34`). */
  readonly id: string;

  /** The 12-digit ids of every account under the OU, directly or in an OU below it. */
  readonly accounts: string[];
}

/**
 * Options of {@link CrossAccountCopyChecks}: what synth cannot see in the templates.
 */
export interface CrossAccountCopyChecksProps {
  /**
   * The id of the AWS Organization that every source and destination account belongs to
   * (`o-` followed by 10 to 32 lowercase letters or digits).
   *
   * When set, a destination vault in this app whose access policy restricts
   * `aws:PrincipalOrgID` to another organization is reported (CAB-ORG).
   *
   * @default - the organization id is not checked
   */
  readonly organizationId?: string;

  /**
   * The 12-digit ids of the accounts in the organization.
   *
   * When set, a copy between accounts that are not both in this list is reported (CAB-ORG):
   * AWS Backup fails such copies with "Both source and destination account must be a member of
   * the same organization."
   *
   * @default - account membership is not checked
   */
  readonly organizationAccounts?: string[];

  /**
   * Whether AWS Backup advanced features for Amazon DynamoDB are enabled in every account and
   * Region that backs up DynamoDB tables.
   *
   * Without advanced features DynamoDB backups cannot be copied at all. `true` declares them on
   * everywhere. `false` declares them off wherever no `DynamoDbAdvancedBackupSetting` in the app turns
   * them on for the account and Region: a DynamoDB copy there is an error (CAB-DDB-ADVANCED across
   * accounts, CAB-RESOURCE within one). Unset, such a copy is a warning: AWS turns the features on by
   * default for customers who created no backup vault before November 21, 2021, and synth cannot know.
   *
   * @default - not declared: DynamoDB copies without a `DynamoDbAdvancedBackupSetting` for their account and Region are warnings
   */
  readonly dynamoDbAdvancedFeatures?: boolean;

  /**
   * The Organizations tag policy in effect, to check the tags copied onto recovery points (CAB-TAG-POLICY).
   *
   * @default - tags are not checked
   */
  readonly tagPolicy?: TagPolicy;

  /**
   * Allow a single copy action that is both cross-Region and cross-account for Amazon RDS,
   * Aurora, DocumentDB and Neptune.
   *
   * AWS Backup long refused such copies ("Copy job from us-west-2 to us-east-1 cannot be
   * initiated for RDS resources. Feature is not supported for provided resource type."), and the
   * seed articles document that. AWS announced single-action cross-Region and cross-account
   * copies for these engines in late 2025; set this to `true` once that works in your Regions.
   * RDS Multi-AZ DB clusters are still reported by CAB-RESOURCE.
   *
   * @default false
   */
  readonly allowSingleActionCrossRegionCrossAccount?: boolean;

  /**
   * Write the copy-route report, `cross-account-backup-report.json` and
   * `cross-account-backup-report.md` (see `CrossAccountBackupReport`), into the cloud assembly at
   * every synth.
   *
   * The files go to the output directory of the App (or Stage) the checks were added to; for a
   * Stack (or another construct), to that of the Stage that contains it, with the construct's path
   * in the file names (`cross-account-backup-report-<path>.json`), so that two scopes never share a
   * file. They are written from the same run of the checks that reports the errors, and cover every
   * route under that scope. Acknowledged findings are listed with their reasons.
   *
   * @default true
   */
  readonly report?: boolean;

  /**
   * Annotations (and the plugin's violations) with the whole message: the error AWS Backup would
   * report, every account, statement and construct involved, and the full fix.
   *
   * By default each annotation holds the problem, the fix and the rule's documentation page in at
   * most about 400 characters, for reading in a terminal; the whole message is always in the report
   * files (`report`) and in `cdk-cross-account-backup check --verbose`.
   *
   * @default false
   */
  readonly verbose?: boolean;

  /**
   * The 12-digit id of the organization's management account, the only account where
   * cross-account backup can be switched on.
   *
   * When set, a `CrossAccountBackupSetting` in this app that is deployed to another account is
   * reported (CAB-ORG warning): `backup:UpdateGlobalSettings` fails there, cross-account backup
   * stays off, and every copy fails with "Copy job failed. Cross-account copy feature is not
   * enabled for the current organization." Only reported when the app has at least one
   * cross-account copy. (With `organizationId` set and no `CrossAccountBackupSetting` in the app,
   * CAB-ORG warns whether or not this is set.)
   *
   * @default - the account of a CrossAccountBackupSetting is not checked
   */
  readonly managementAccount?: string;

  /**
   * The organizational units that backup policies in the app are attached to, each with the accounts
   * under it.
   *
   * A backup policy (`OrganizationBackupPolicy`, or an `AWS::Organizations::Policy` of type
   * `BACKUP_POLICY`) creates its plans in every account under its targets. The checks turn each
   * policy into the copy routes of those accounts: a root target (`r-…`) covers
   * `organizationAccounts`, an OU target the accounts listed here, an account target itself. A
   * target that neither covers is reported as CAB-UNVERIFIABLE. When an account is under several
   * listed OUs that have policies, list parent OUs before their children (the order the policies
   * are merged in).
   *
   * @default - OU targets of backup policies are not checked
   */
  readonly organizationalUnits?: OrganizationalUnit[];

  /**
   * AWS Backup resource types (`Aurora`, `Neptune`, `DocumentDB`, ...: the ResourceType strings of
   * `ResourceTypeOptInPreference`) whose service opt-in is on in every account and Region of the app.
   *
   * AWS Backup backs up Aurora, Neptune and DocumentDB clusters only while the Region's opt-in for
   * their type is on, even when a plan selects them by ARN, so nothing is copied without it. A copied
   * cluster whose opt-in is declared neither here nor by a `ResourceTypeOptInSetting` for its account
   * and Region is a CAB-RESOURCE warning. Names are validated when the checks are created.
   *
   * @default - no opt-in declared everywhere; only `ResourceTypeOptInSetting` constructs declare it
   */
  readonly optedInResourceTypes?: string[];

  /**
   * Report a source vault key that does not let the destination account use it, for resource types
   * AWS Backup fully manages (S3, EFS, DynamoDB with advanced features, ...), as an error instead of a
   * warning (CAB-KEY-POLICY).
   *
   * AWS's sources conflict on whether that key must trust the destination: the re:Post article "Why
   * does my cross-account copy fail in AWS Backup?" says it must; AWS's copy and encryption guides ask
   * only for resource keys to be shared, and another re:Post article allows an AWS managed source vault
   * key for these types. Set this to `true` to follow the article strictly. Resource keys of types AWS
   * Backup does not fully manage are errors either way.
   *
   * @default false - a warning
   */
  readonly requireSourceVaultKeyTrust?: boolean;

  /**
   * Facts about vaults, keys, the organization and account settings outside the app, so that imported
   * vaults (`BackupVault.fromBackupVaultArn`) and keys (`Key.fromKeyArn`) are checked by the same rules
   * as the app's own. Read another app's report with `ExternalFacts.fromReport`, or the file that
   * `cdk-cross-account-backup lookup` writes with `ExternalFacts.fromFile` (see docs/facts.md). Declared
   * options (`organizationId`, ...) win over the facts.
   *
   * @default - no facts: what the app imports is reported as CAB-UNVERIFIABLE
   */
  readonly facts?: ExternalFacts[];

  /**
   * How old a fact may be before the checks warn (CAB-UNVERIFIABLE, naming the fact and its age). The
   * checks still judge with an older fact.
   *
   * @default Duration.days(30)
   */
  readonly maxFactAge?: Duration;
}

/**
 * An aspect that fails synthesis for every AWS Backup cross-account copy that would fail at run
 * time, and warns (CAB-UNVERIFIABLE) about what synth cannot know.
 *
 * Add it once, to the app: `Aspects.of(app).add(new CrossAccountCopyChecks({ ... }))`.
 *
 * It sees the whole app (all stacks, all accounts) and runs once, during the validation phase
 * of synthesis, after every mutating aspect (such as `Tags.of()`) has run. Errors are reported
 * with `Validations.of(construct).addError(ruleId, ...)` on the construct to change; warnings with
 * `Validations.addWarning`. Acknowledge a finding with
 * `Validations.of(scope).acknowledge({ id: 'CAB-...', reason })` on the construct or one of its
 * ancestors.
 *
 * Errors on constructs inside a `Stage` (a nested cloud assembly, as in CDK Pipelines) also fail
 * synthesis itself: the CLI checks the annotations of the stacks it selects only, which for
 * `cdk synth` are the App's own stacks, and CDK Pipelines deploys a Stage's stacks without the CLI.
 */
export class CrossAccountCopyChecks implements IAspect {
  private readonly options: CheckOptions;
  private readonly rules: Rule[];
  private readonly report: boolean;
  private readonly verbose: boolean;
  private readonly registered = new WeakSet<IConstruct>();
  /** What was emitted on which construct (a forced re-synth adds only new findings). */
  private readonly emitted = new WeakMap<IConstruct, Set<string>>();
  private readonly results = new WeakMap<IConstruct, CheckResult>();
  private latest?: CheckResult;

  constructor(props: CrossAccountCopyChecksProps = {}) {
    validateAccountList(props.organizationAccounts, 'CrossAccountCopyChecks organizationAccounts');
    if (props.organizationId !== undefined) validateOrganizationId(props.organizationId, 'CrossAccountCopyChecks organizationId');
    if (props.managementAccount !== undefined) validateAccountId(props.managementAccount, 'CrossAccountCopyChecks managementAccount');
    validateOrganizationalUnits(props.organizationalUnits);
    validateBackupResourceTypes(props.optedInResourceTypes, 'CrossAccountCopyChecks optedInResourceTypes');
    const maxFactAgeDays = factAgeDays(props.maxFactAge);
    this.options = {
      organizationId: props.organizationId,
      organizationAccounts: props.organizationAccounts ? [...props.organizationAccounts] : undefined,
      dynamoDbAdvancedFeatures: props.dynamoDbAdvancedFeatures,
      allowSingleActionCrossRegionCrossAccount: props.allowSingleActionCrossRegionCrossAccount ?? false,
      tagPolicy: props.tagPolicy?._toEvaluator(),
      managementAccount: props.managementAccount,
      organizationalUnits: props.organizationalUnits?.map((o) => ({ id: o.id, accounts: [...o.accounts] })),
      optedInResourceTypes: props.optedInResourceTypes ? [...props.optedInResourceTypes] : undefined,
      requireSourceVaultKeyTrust: props.requireSourceVaultKeyTrust ?? false,
      facts: props.facts?.map((f) => f._document),
      maxFactAgeDays,
    };
    this.rules = ALL_RULES;
    this.report = props.report ?? true;
    this.verbose = props.verbose ?? false;
  }

  /**
   * Registers, once per scope the aspect was added to, a validation that runs the checks when
   * the app is synthesized. Other nodes are ignored.
   */
  public visit(node: IConstruct): void {
    if (this.registered.has(node)) return;
    // Nodes under a scope the checks are registered on are covered by it (walk up: no path strings).
    for (let s = node.node.scope; s; s = s.node.scope) {
      if (this.registered.has(s)) return;
    }
    this.registered.add(node);
    node.node.addValidation({
      validate: () => {
        const result = this.check(node);
        if (this.report) writeReport(node, result);
        return errorsThatFailSynthesis(node, result, false, this.verbose);
      },
    });
  }

  /**
   * The number of findings (errors and warnings, not acknowledged) of the last run, or -1 before the checks ran.
   */
  public get lastFindingCount(): number {
    return this.latest ? this.latest.findings.length : -1;
  }

  /**
   * Run the checks on `scope` now (normally done for you during synthesis), emit the annotations
   * not emitted before, and remember the result.
   * @internal
   */
  public _checkNow(scope: IConstruct): CheckResult {
    return this.check(scope);
  }

  /**
   * The result of the last run on `scope` (or of the last run at all), for other front ends.
   * @internal
   */
  public _lastResult(scope?: IConstruct): CheckResult | undefined {
    return scope ? this.results.get(scope) : this.latest;
  }

  /**
   * Run the checks on `scope` with these options and rules, without annotations or memory (other front ends).
   * @internal
   */
  public _run(scope: IConstruct): CheckResult {
    return runChecks(scope, this.options, this.rules);
  }

  /** The options the checks run with (other front ends). @internal */
  public get _options(): CheckOptions {
    return this.options;
  }

  /** Whether the report is written (other front ends). @internal */
  public get _report(): boolean {
    return this.report;
  }

  /** Whether annotations carry whole messages (other front ends). @internal */
  public get _verbose(): boolean {
    return this.verbose;
  }

  private check(scope: IConstruct): CheckResult {
    const result = runChecks(scope, this.options, this.rules);
    this.results.set(scope, result);
    this.latest = result;
    emitAnnotations(scope, result, this.emitted, this.verbose);
    return result;
  }
}

/** @internal Read the age of external facts with this clock (tests). */
export function _withClock(checks: CrossAccountCopyChecks, clock: () => Date): CrossAccountCopyChecks {
  const self = checks as unknown as { options: CheckOptions };
  self.options = { ...self.options, clock };
  return checks;
}

/** `maxFactAge` in days, checked. */
function factAgeDays(age: Duration | undefined): number | undefined {
  if (age === undefined) return undefined;
  if (age.isUnresolved()) {
    throw new Error('CrossAccountCopyChecks maxFactAge: the duration is a token; give a literal duration such as Duration.days(30).');
  }
  const days = age.toHours({ integral: false }) / 24;
  if (!(days > 0)) throw new Error(`CrossAccountCopyChecks maxFactAge: ${age.toHumanString()} is not a positive duration; give one such as Duration.days(30).`);
  return days;
}

/** @internal Use another rule set (tests). */
export function _withRules(checks: CrossAccountCopyChecks, rules: Rule[]): CrossAccountCopyChecks {
  (checks as unknown as { rules: Rule[] }).rules = rules;
  return checks;
}


const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

function validateOrganizationalUnits(ous: OrganizationalUnit[] | undefined): void {
  if (ous === undefined) return;
  const seen = new Set<string>();
  ous.forEach((o, i) => {
    const what = `CrossAccountCopyChecks organizationalUnits[${i}]`;
    if (!OU_ID.test(o.id)) {
      throw new Error(`${what}.id: '${o.id}' is not an OU id. Use the id of the OU, e.g. 'ou-ab12-cdefgh34' (not its name, ARN or path).`);
    }
    if (seen.has(o.id)) throw new Error(`${what}.id: '${o.id}' is listed more than once. Merge the two entries.`);
    seen.add(o.id);
    validateAccountList(o.accounts, `${what}.accounts`);
  });
}
