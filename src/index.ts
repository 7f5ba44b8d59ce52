export * from './checks/rule-ids';
export * from './tag-policy/tag-policy';
export * from './checks/cross-account-copy-checks';
