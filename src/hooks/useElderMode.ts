/** 长辈模式 for a component: whether it is on (re-renders when switched) and the switch. */
import { useSyncExternalStore } from 'react';
import { isElderMode, setElderMode, subscribeElderMode } from '@/services/elder-mode';

export function useElderMode(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribeElderMode, isElderMode, isElderMode);
  return [on, setElderMode];
}
