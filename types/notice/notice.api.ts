/** The `notice` function's actions: input (as sent by the app) → output (as received). */
import type { z } from 'zod';
import type { ActionSpec } from '../common/api-spec';
import type {
  ComposeOptionsInputSchema,
  ComposeOptionsOutput,
  EmptyInputSchema,
  InboxInputSchema,
  InboxOutput,
  ListSentInputSchema,
  NoticeDetailOutput,
  NoticeIdInputSchema,
  NoticeStatsOutput,
  ReplyInputSchema,
  ReportSubscribeInputSchema,
  SendNoticeInputSchema,
  SentNoticeDto,
} from './notice.schema';

type Wire<T> = T extends Date ? Date | string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;
type In<S extends z.ZodTypeAny> = Wire<z.input<S>>;

export interface NoticeApi {
  composeOptions: ActionSpec<In<typeof ComposeOptionsInputSchema>, ComposeOptionsOutput>;
  send: ActionSpec<In<typeof SendNoticeInputSchema>, { notice: SentNoticeDto }>;
  withdraw: ActionSpec<In<typeof NoticeIdInputSchema>, { notice: SentNoticeDto }>;
  listSent: ActionSpec<In<typeof ListSentInputSchema>, { items: SentNoticeDto[]; hasMore: boolean }>;
  stats: ActionSpec<In<typeof NoticeIdInputSchema>, NoticeStatsOutput>;
  remind: ActionSpec<In<typeof NoticeIdInputSchema>, { queued: boolean; dueAt: string; sent: number }>;
  inbox: ActionSpec<In<typeof InboxInputSchema>, InboxOutput>;
  unreadCount: ActionSpec<In<typeof EmptyInputSchema>, { unread: number }>;
  detail: ActionSpec<In<typeof NoticeIdInputSchema>, NoticeDetailOutput>;
  reply: ActionSpec<In<typeof ReplyInputSchema>, { receipt: { choice: string; comment: string; at: string } }>;
  markAllRead: ActionSpec<In<typeof EmptyInputSchema>, { marked: number }>;
  reportSubscribe: ActionSpec<In<typeof ReportSubscribeInputSchema>, { counts: Record<string, number> }>;
}
