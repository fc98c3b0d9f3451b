/** Moved to src/components/Choice (kept so that branches importing this path still compile). */
export { default } from '@/components/Choice';
export type { ChoiceProps, ChoiceOption } from '@/components/Choice';
