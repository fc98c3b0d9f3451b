/**
 * Who may export which scope: the oversight rule (types/oversight/oversight.rules.ts canViewScope)
 * — the same people who see the scope on the dashboard — and never an alliance scope
 * (scopeShowsPersonalData): exports name families.
 */
import { membershipIn, type Actor } from '../access/actor';
import { canViewScope, scopeShowsPersonalData, type ScopeFacts } from '../../types/oversight/oversight.rules';
import type { Scope } from '../../types/oversight/oversight.schema';

export function mayExportScope(actor: Actor, scope: Scope, facts: ScopeFacts): boolean {
  if (!scopeShowsPersonalData(scope)) return false;
  return canViewScope(membershipIn(actor, scope.schoolId), scope, facts);
}
