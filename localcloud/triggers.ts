/**
 * Timer triggers declared in cloudfunctions/<fn>/config.json:
 *   {"triggers":[{"name":"nightly","type":"timer","config":"0 0 2 * * * *"}]}
 * WeChat's cron has 7 fields (second minute hour day month week year), evaluated in UTC+8.
 */
import { Cron } from 'croner';
import type { FunctionRunner, InvokeOutcome, TriggerDecl } from './runner';

export const TRIGGER_TIMEZONE = 'Asia/Shanghai';

export interface ScheduledTrigger {
  fn: string;
  trigger: TriggerDecl;
  next: Date | null;
}

export function timerEvent(triggerName: string, at = new Date()): { Type: 'Timer'; TriggerName: string; Time: string } {
  return { Type: 'Timer', TriggerName: triggerName, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

export class TriggerScheduler {
  private jobs: { fn: string; trigger: TriggerDecl; cron: Cron }[] = [];
  private warned = new Set<string>();

  constructor(
    private readonly runner: FunctionRunner,
    private readonly onResult: (fn: string, trigger: string, r: InvokeOutcome) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Declared timer triggers of every bundled function. */
  declared(): { fn: string; trigger: TriggerDecl }[] {
    const out: { fn: string; trigger: TriggerDecl }[] = [];
    for (const fn of this.runner.list()) {
      let triggers: TriggerDecl[] = [];
      try {
        triggers = this.runner.config(fn).triggers;
      } catch (e) {
        this.log(`[triggers] ${(e as Error).message}`);
      }
      const timers = triggers.filter((t) => t.type === 'timer');
      if (timers.length > 1 && !this.warned.has(fn)) {
        this.warned.add(fn);
        this.log(`[triggers] ${fn}: 微信云函数最多只能有一个定时触发器，config.json 声明了 ${timers.length} 个（部署时会失败）`);
      }
      for (const t of timers) out.push({ fn, trigger: t });
    }
    return out;
  }

  start(): void {
    this.stop();
    for (const { fn, trigger } of this.declared()) {
      try {
        const parts = trigger.config.trim().split(/\s+/);
        if (parts.length !== 7 && parts.length !== 6) throw new Error(`cron 需要 7 个字段：${trigger.config}`);
        const cron = new Cron(parts.join(' '), { timezone: TRIGGER_TIMEZONE, mode: '6-or-7-parts', unref: true, protect: true }, async () => {
          await this.fire(fn, trigger.name);
        });
        this.jobs.push({ fn, trigger, cron });
      } catch (e) {
        this.log(`[triggers] ${fn}/${trigger.name}: ${(e as Error).message}`);
      }
    }
  }

  list(): ScheduledTrigger[] {
    return this.jobs.map((j) => ({ fn: j.fn, trigger: j.trigger, next: j.cron.nextRun() }));
  }

  /** Fire a declared trigger now (also what the schedule does). */
  async fire(fn: string, name: string): Promise<InvokeOutcome | undefined> {
    const decl = this.declared().find((d) => d.fn === fn && d.trigger.name === name);
    if (!decl) return undefined;
    const r = await this.runner.invoke(fn, timerEvent(name), { source: 'wx_trigger' });
    this.onResult(fn, name, r);
    return r;
  }

  stop(): void {
    for (const j of this.jobs) j.cron.stop();
    this.jobs = [];
  }
}
