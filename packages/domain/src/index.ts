export * from './roles';
export * from './policy';
export * from './password-rules';
export * from './inventory';
export * from './orders';
export * from './money';
export * from './receivables';
export * from './valuation';
