export * from './checks/rule-ids';
export * from './tag-policy/tag-policy';
export * from './constructs/copy-compatible-kms-key';
export * from './constructs/cross-account-backup-vault';
export * from './tag-policy/compliance';
export * from './constructs/cross-account-backup-setting';
export * from './constructs/dynamodb-advanced-backup-setting';
export * from './report/report-files';
