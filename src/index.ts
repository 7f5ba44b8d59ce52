export * from './checks/rule-ids';
export * from './tag-policy/tag-policy';
export * from './constructs/cross-account-backup-setting';
export * from './constructs/dynamodb-advanced-backup-setting';
