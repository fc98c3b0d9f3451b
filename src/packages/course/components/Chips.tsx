/** Moved to src/components/Chips (kept so that branches importing this path still compile). */
export { default } from '@/components/Chips';
export type { ChipOption, ChipsProps } from '@/components/Chips';
