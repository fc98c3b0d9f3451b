/**
 * Typed calls of the `oversight` function (督导看板): the scopes the caller may view, a scope's
 * dashboard for a term, the lists behind its figures, and the invitation of families below the goal.
 */
import { call, type InputOf } from './cloud';

export const myScopes = (schoolId: string) => call('oversight', 'myScopes', { schoolId });
export const dashboard = (input: InputOf<'oversight', 'dashboard'>) => call('oversight', 'dashboard', input);
export const drillList = (input: InputOf<'oversight', 'list'>) => call('oversight', 'list', input);
export const inviteBelowGoal = (input: InputOf<'oversight', 'inviteBelowGoal'>) => call('oversight', 'inviteBelowGoal', input);

/** A random key for one invitation (a repeated tap sends once). */
export function newInviteKey(): string {
  return `inv-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
