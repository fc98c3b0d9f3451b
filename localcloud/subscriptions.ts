/**
 * Subscribe-message acceptances: each "allow" the user taps in requestSubscribeMessage grants one
 * send of that template (WeChat's one-time subscription). Persisted when the cloud has a data dir.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'fs';

export class Subscriptions {
  private counts = new Map<string, Map<string, number>>();

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      try {
        const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, number>>;
        for (const [openid, t] of Object.entries(raw)) this.counts.set(openid, new Map(Object.entries(t)));
      } catch {
        /* unreadable: start empty */
      }
    }
  }

  accept(openid: string, templateIds: string[]): Record<string, number> {
    const m = this.counts.get(openid) ?? new Map<string, number>();
    for (const t of templateIds) m.set(t, (m.get(t) ?? 0) + 1);
    this.counts.set(openid, m);
    this.save();
    return this.of(openid);
  }

  /** Use one acceptance; false when none is left (WeChat errcode 43101). */
  consume(openid: string, templateId: string): boolean {
    const m = this.counts.get(openid);
    const n = m?.get(templateId) ?? 0;
    if (n <= 0) return false;
    m!.set(templateId, n - 1);
    this.save();
    return true;
  }

  of(openid: string): Record<string, number> {
    return Object.fromEntries(this.counts.get(openid) ?? []);
  }

  clear(): void {
    this.counts.clear();
    this.save();
  }

  private save(): void {
    if (!this.file) return;
    const obj: Record<string, Record<string, number>> = {};
    for (const [k, v] of this.counts) obj[k] = Object.fromEntries(v);
    writeFileSync(`${this.file}.tmp`, JSON.stringify(obj));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
