/** Moved to src/components/FailureAlert (kept so that branches importing this path still compile). */
export { default } from '@/components/FailureAlert';
