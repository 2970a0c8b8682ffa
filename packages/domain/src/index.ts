export * from './roles';
export * from './policy';
export * from './password-rules';
export * from './inventory';
