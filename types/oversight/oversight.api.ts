/** The `oversight` function's actions: input (as sent by the app) → output (as received). */
import type { ActionSpec } from '../common/api-spec';
import type { z } from 'zod';
import type {
  DashboardInputSchema,
  DashboardOutput,
  DrillListInputSchema,
  DrillListOutput,
  InviteBelowGoalInputSchema,
  InviteBelowGoalOutput,
  MyScopesInputSchema,
  MyScopesOutput,
  RecountInputSchema,
  RecountOutput,
} from './oversight.schema';

type In<S extends z.ZodTypeAny> = z.input<S>;

export interface OversightApi {
  /** The scopes the caller may view in a school (school / grades / classes / alliance). */
  myScopes: ActionSpec<In<typeof MyScopesInputSchema>, MyScopesOutput>;
  /** Figures, star distribution, month trend and side-by-side rows of one scope and term. */
  dashboard: ActionSpec<In<typeof DashboardInputSchema>, DashboardOutput>;
  /** The list behind a figure (a figure's `drill`), paged. Not for alliance scopes. */
  list: ActionSpec<In<typeof DrillListInputSchema>, DrillListOutput>;
  /** Send the families below the goal an invitation (a notice). School / grade / class scopes. */
  inviteBelowGoal: ActionSpec<In<typeof InviteBelowGoalInputSchema>, InviteBelowGoalOutput>;
  /** School admin: recount the school's aggregates from the records (heals any drift). */
  recount: ActionSpec<In<typeof RecountInputSchema>, RecountOutput>;
}

export const OVERSIGHT_ACTIONS = ['myScopes', 'dashboard', 'list', 'inviteBelowGoal', 'recount'] as const satisfies readonly (keyof OversightApi)[];
