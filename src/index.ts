// Constructs
export * from './constructs/copy-compatible-kms-key';
export * from './constructs/cross-account-air-gapped-vault';
export * from './constructs/cross-account-backup-vault';
export * from './constructs/cross-account-backup-setting';
export * from './constructs/dynamodb-advanced-backup-setting';
export * from './constructs/organization-backup-policy';
export * from './constructs/resource-type-opt-in-setting';

// Synth-time checks: the Aspect, the policy validation plugin, the rule ids
export * from './frontends/aspect';
export * from './frontends/validation-plugin';
export * from './checks/rule-ids';

// Tag policies
export * from './tag-policy/tag-policy';
export * from './tag-policy/compliance';

// Backup policies
export * from './backup-policy/backup-policy';

// The copy-route report
export * from './report/report-files';

// Facts about what the app imports (other apps' reports, `cdk-cross-account-backup lookup`)
export * from './facts/external-facts';
