/**
 * The `contact` function: 家长联络卡 (cards per child's class, number publication, school office
 * line), 家访 records with coverage and 重点关注, printed A4 cards (PDF), and 家委会.
 * Its own deploy unit: it bundles a PDF library and ships a CJK font, which the `school` function
 * (on every page's path) should not carry.
 */
import { createHandler, route } from '../../server/core/handler';
import * as S from '../../types/contact/contact.schema';
import * as card from '../../server/contact/card.service';
import * as visits from '../../server/contact/visit.service';
import * as committee from '../../server/contact/committee.service';
import { printCards } from '../../server/contact/print.service';

export const routes = {
  // the card
  myCards: route(S.EmptyInputSchema, (ctx) => card.myCards(ctx)),
  classCard: route(S.ClassIdInputSchema, card.classCard),
  getPublication: route(S.StaffIdInputSchema, card.getPublication),
  setPublication: route(S.SetPublicationInputSchema, card.setPublication),
  getSchoolInfo: route(S.SchoolIdInputSchema, card.getSchoolInfo),
  setSchoolInfo: route(S.SetSchoolInfoInputSchema, card.setSchoolInfo),
  // 家访 and 重点关注 (staff only)
  recordVisit: route(S.RecordVisitInputSchema, visits.recordVisit),
  listVisits: route(S.ClassYearInputSchema, visits.listVisits),
  coverage: route(S.ClassYearInputSchema, visits.coverage),
  setFocus: route(S.SetFocusInputSchema, visits.setFocus),
  listFocus: route(S.ClassIdInputSchema, visits.listFocus),
  // printed cards
  printCards: route(S.ClassIdInputSchema, printCards),
  // 家委会
  appointCommittee: route(S.AppointCommitteeInputSchema, committee.appointCommittee),
  removeCommittee: route(S.CommitteeMemberIdInputSchema, committee.removeCommittee),
  listCommittee: route(S.ClassIdInputSchema, committee.listCommittee),
  myCommitteeSeats: route(S.EmptyInputSchema, (ctx) => committee.myCommitteeSeats(ctx)),
  setCommitteePublication: route(S.SetCommitteePublicationInputSchema, committee.setCommitteePublication),
};

export const main = createHandler(routes);
