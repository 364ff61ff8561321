export { diagnose } from './diagnose';
export type * from './types';
export * from './taxonomy';
