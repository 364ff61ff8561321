export { diagnose, triage } from './diagnose';
export type * from './types';
export * from './taxonomy';
export { preflightSentence } from './explain';
