/**
 * Where AWS Backup copies may go, by partition and Region (facts §5). Data only; `queries.ts`
 * reads it. Not part of the jsii API.
 *
 * Facts marked [UNCERTAIN] in the fact base are recorded as `uncertain` here; the rules stay
 * silent on them (no false positives) and the README says so.
 */
import type { CopySupport, CapabilitySource } from './resource-capabilities';
import type { ResourceTypeId } from '../model/types';

const FA_REGION = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-region';

/**
 * A partition. Copies never cross partitions (facts §5, [DERIVED] from the China and GovCloud notes).
 */
export interface PartitionCapability {
  /** Partition name as it appears in ARNs. */
  readonly partition: string;
  readonly displayName: string;
  /** Region code prefixes that belong to this partition (the `aws` partition is the fallback). */
  readonly regionPrefixes: readonly string[];
  /**
   * Cross-account copy between accounts of this partition. `unsupported` for China
   * ("Cross-account copy is not supported for these Regions").
   */
  readonly crossAccountCopy: CopySupport;
  /**
   * Regions between which cross-Region copy works. `undefined`: every Region of the partition.
   * China and GovCloud: only between their two Regions.
   */
  readonly crossRegionCopyRegions?: readonly string[];
  readonly notes: string;
  readonly source: CapabilitySource;
}

export const PARTITIONS: readonly PartitionCapability[] = [
  {
    partition: 'aws',
    displayName: 'AWS commercial Regions',
    regionPrefixes: [],
    crossAccountCopy: 'supported',
    notes: 'Opt-in Regions have per-type limits (OPT_IN_REGIONS, OPT_IN_TYPE_LIMITS).',
    source: { facts: '§5', url: FA_REGION },
  },
  {
    partition: 'aws-cn',
    displayName: 'China Regions',
    regionPrefixes: ['cn-'],
    crossAccountCopy: 'unsupported',
    crossRegionCopyRegions: ['cn-north-1', 'cn-northwest-1'],
    notes: 'Cross-Region copy only between Beijing and Ningxia; no cross-account copy.',
    source: { facts: '§5', url: FA_REGION },
  },
  {
    partition: 'aws-us-gov',
    displayName: 'AWS GovCloud (US)',
    regionPrefixes: ['us-gov-'],
    crossAccountCopy: 'uncertain',
    crossRegionCopyRegions: ['us-gov-east-1', 'us-gov-west-1'],
    notes: 'Cross-Region copy only between US-East and US-West. Cross-account copy appears supported (7 of 8 features).',
    source: { facts: '§5', url: FA_REGION },
  },
  {
    partition: 'aws-eusc',
    displayName: 'AWS European Sovereign Cloud',
    regionPrefixes: ['eusc-'],
    crossAccountCopy: 'uncertain',
    notes: 'One feature checkmark only; cross-account copy probably unavailable (unverified).',
    source: { facts: '§5', url: FA_REGION },
  },
];

/** An opt-in Region ("Required" in the feature-by-Region table). */
export interface OptInRegion {
  readonly region: string;
  readonly displayName: string;
  /**
   * Cross-account copy for types without an opt-in limit: `supported` where the Region row shows all
   * 8 features, `uncertain` for the newer Regions whose missing features cannot be read (facts §5, §8 item 4).
   */
  readonly crossAccountCopy: CopySupport;
}

export const OPT_IN_REGIONS: readonly OptInRegion[] = [
  { region: 'af-south-1', displayName: 'Africa (Cape Town)', crossAccountCopy: 'supported' },
  { region: 'ap-east-1', displayName: 'Asia Pacific (Hong Kong)', crossAccountCopy: 'supported' },
  { region: 'ap-south-2', displayName: 'Asia Pacific (Hyderabad)', crossAccountCopy: 'supported' },
  { region: 'ap-southeast-3', displayName: 'Asia Pacific (Jakarta)', crossAccountCopy: 'supported' },
  { region: 'ap-southeast-4', displayName: 'Asia Pacific (Melbourne)', crossAccountCopy: 'supported' },
  { region: 'eu-south-1', displayName: 'Europe (Milan)', crossAccountCopy: 'supported' },
  { region: 'eu-south-2', displayName: 'Europe (Spain)', crossAccountCopy: 'supported' },
  { region: 'eu-central-2', displayName: 'Europe (Zurich)', crossAccountCopy: 'supported' },
  { region: 'me-south-1', displayName: 'Middle East (Bahrain)', crossAccountCopy: 'supported' },
  { region: 'me-central-1', displayName: 'Middle East (UAE)', crossAccountCopy: 'supported' },
  { region: 'ap-southeast-5', displayName: 'Asia Pacific (Malaysia)', crossAccountCopy: 'uncertain' },
  { region: 'ap-southeast-6', displayName: 'Asia Pacific (New Zealand)', crossAccountCopy: 'uncertain' },
  { region: 'ap-east-2', displayName: 'Asia Pacific (Taipei)', crossAccountCopy: 'uncertain' },
  { region: 'ap-southeast-7', displayName: 'Asia Pacific (Thailand)', crossAccountCopy: 'uncertain' },
  { region: 'ca-west-1', displayName: 'Canada West (Calgary)', crossAccountCopy: 'uncertain' },
  { region: 'il-central-1', displayName: 'Israel (Tel Aviv)', crossAccountCopy: 'uncertain' },
  { region: 'mx-central-1', displayName: 'Mexico (Central)', crossAccountCopy: 'uncertain' },
];

/**
 * Per-type limits in opt-in Regions (facts §5, "Considerations for opt-in Regions").
 * A limit applies when the copy's source or destination Region is an opt-in Region.
 */
export interface OptInTypeLimit {
  readonly type: ResourceTypeId;
  /** `unsupported`: no cross-account copy in any opt-in Region. */
  readonly crossAccountCopy?: 'unsupported';
  /** `unsupported`: no cross-Region copy in opt-in Regions, except `crossRegionCopyExceptRegions`. */
  readonly crossRegionCopy?: 'unsupported';
  /** Opt-in Regions where cross-Region copy still works. */
  readonly crossRegionCopyExceptRegions?: readonly string[];
  readonly source: CapabilitySource;
}

export const OPT_IN_TYPE_LIMITS: readonly OptInTypeLimit[] = [
  {
    type: 'DocumentDB',
    crossAccountCopy: 'unsupported',
    crossRegionCopy: 'unsupported',
    source: { facts: '§5', url: FA_REGION },
  },
  {
    type: 'Neptune',
    crossAccountCopy: 'unsupported',
    crossRegionCopy: 'unsupported',
    crossRegionCopyExceptRegions: ['af-south-1', 'ap-east-1', 'ap-southeast-3', 'il-central-1', 'me-south-1', 'me-central-1'],
    source: { facts: '§5', url: FA_REGION },
  },
  { type: 'CloudFormation', crossAccountCopy: 'unsupported', source: { facts: '§5', url: FA_REGION } },
  { type: 'Timestream', crossAccountCopy: 'unsupported', source: { facts: '§5', url: FA_REGION } },
  { type: 'FSx', crossRegionCopy: 'unsupported', source: { facts: '§5', url: FA_REGION } },
  // "Cross-Region copy of FSx for Lustre, FSx for Windows File Server, FSx for ONTAP, and FSx for
  // OpenZFS is not supported in Regions where opt-in is required" (audit of 2026-12-01, D2).
  { type: 'FSx-ONTAP', crossRegionCopy: 'unsupported', source: { facts: '§5', url: FA_REGION } },
];
