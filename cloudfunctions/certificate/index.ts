/** certificate: 结业证书 rule, eligibility, batch issue, revoke, reissue, image, public verification (routes only). */
import { createHandler, route } from '../../server/core/handler';
import {
  ConfirmNameInputSchema,
  EligibilityInputSchema,
  GetRuleInputSchema,
  ImageInputSchema,
  IssueBatchInputSchema,
  IssueOneInputSchema,
  MineInputSchema,
  ReissueInputSchema,
  RevokeInputSchema,
  SaveRuleInputSchema,
  VerifyInputSchema,
} from '../../types/certificate/certificate.schema';
import { getRule, saveRule } from '../../server/certificate/settings.service';
import { eligibility } from '../../server/certificate/eligibility.service';
import { issueBatch, issueOne, reissue, revoke } from '../../server/certificate/issue.service';
import { confirmName, image, mine } from '../../server/certificate/parent.service';
import { verify } from '../../server/certificate/verify.service';

export const routes = {
  getRule: route(GetRuleInputSchema, (ctx, input) => getRule(ctx, input)),
  saveRule: route(SaveRuleInputSchema, (ctx, input) => saveRule(ctx, input)),
  eligibility: route(EligibilityInputSchema, (ctx, input) => eligibility(ctx, input)),
  issueBatch: route(IssueBatchInputSchema, (ctx, input) => issueBatch(ctx, input)),
  issueOne: route(IssueOneInputSchema, (ctx, input) => issueOne(ctx, input)),
  revoke: route(RevokeInputSchema, (ctx, input) => revoke(ctx, input)),
  reissue: route(ReissueInputSchema, (ctx, input) => reissue(ctx, input)),
  confirmName: route(ConfirmNameInputSchema, (ctx, input) => confirmName(ctx, input)),
  mine: route(MineInputSchema, (ctx, input) => mine(ctx, input)),
  image: route(ImageInputSchema, (ctx, input) => image(ctx, input)),
  verify: route(VerifyInputSchema, (ctx, input) => verify(ctx, input), { public: true }),
};

export const main = createHandler(routes);
