/** oversight: the compliance dashboard (school / grade / class / 教联体), its lists, invitations, recount (routes only). */
import { createHandler, route } from '../../server/core/handler';
import { DashboardInputSchema, DrillListInputSchema, InviteBelowGoalInputSchema, MyScopesInputSchema, RecountInputSchema } from '../../types/oversight/oversight.schema';
import { myScopes } from '../../server/oversight/scopes.service';
import { dashboard } from '../../server/oversight/dashboard.service';
import { drillList } from '../../server/oversight/list.service';
import { inviteBelowGoal } from '../../server/oversight/invite.service';
import { recount } from '../../server/oversight/recount-action.service';

export const routes = {
  myScopes: route(MyScopesInputSchema, (ctx, input) => myScopes(ctx, input)),
  dashboard: route(DashboardInputSchema, (ctx, input) => dashboard(ctx, input)),
  list: route(DrillListInputSchema, (ctx, input) => drillList(ctx, input)),
  inviteBelowGoal: route(InviteBelowGoalInputSchema, (ctx, input) => inviteBelowGoal(ctx, input)),
  recount: route(RecountInputSchema, (ctx, input) => recount(ctx, input)),
};

export const main = createHandler(routes);
