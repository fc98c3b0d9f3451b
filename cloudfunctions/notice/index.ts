/** Notices from teachers and schools: compose, send, withdraw, statistics, remind; the parents' inbox and receipts. Routes only. */
import { createHandler, route } from '../../server/core/handler';
import {
  ComposeOptionsInputSchema,
  EmptyInputSchema,
  InboxInputSchema,
  ListSentInputSchema,
  NoticeIdInputSchema,
  ReplyInputSchema,
  ReportSubscribeInputSchema,
  SendNoticeInputSchema,
} from '../../types/notice/notice.schema';
import { composeOptions, listSent, noticeStats, remindUnread, sendNotice, withdrawNotice } from '../../server/notice/notice.service';
import { inbox, markAllRead, noticeDetail, reply, reportSubscribe, unreadCount } from '../../server/notice/inbox.service';

export const routes = {
  composeOptions: route(ComposeOptionsInputSchema, composeOptions),
  send: route(SendNoticeInputSchema, sendNotice),
  withdraw: route(NoticeIdInputSchema, withdrawNotice),
  listSent: route(ListSentInputSchema, listSent),
  stats: route(NoticeIdInputSchema, noticeStats),
  remind: route(NoticeIdInputSchema, remindUnread),
  inbox: route(InboxInputSchema, inbox),
  unreadCount: route(EmptyInputSchema, (ctx) => unreadCount(ctx)),
  detail: route(NoticeIdInputSchema, noticeDetail),
  reply: route(ReplyInputSchema, reply),
  markAllRead: route(EmptyInputSchema, (ctx) => markAllRead(ctx)),
  reportSubscribe: route(ReportSubscribeInputSchema, reportSubscribe),
};

export const main = createHandler(routes);
