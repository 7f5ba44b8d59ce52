export * from './checks/rule-ids';
export * from './tag-policy/tag-policy';
export * from './tag-policy/compliance';
