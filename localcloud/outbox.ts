/** Every open API call (subscribe messages, QR codes …) in order; persisted as JSON lines when the cloud has a data dir. */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'fs';

export interface OutboxEntry {
  seq: number;
  at: string;
  api: string;
  /** Parameters as the SDK sent them (snake_case). */
  params: Record<string, unknown>;
  errcode: number;
  errmsg: string;
  fromFunction?: string;
  /** subscribeMessage.send */
  touser?: string;
  templateId?: string;
  /** wxacode.getUnlimited: what the code encodes and the PNG as a data URL. */
  qr?: { text: string; page: string; scene: string; image: string };
}

export class Outbox {
  private entries: OutboxEntry[] = [];

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) this.entries = readOutboxFile(file);
  }

  add(e: Omit<OutboxEntry, 'seq' | 'at'>): OutboxEntry {
    const entry: OutboxEntry = { seq: this.entries.length + 1, at: new Date().toISOString(), ...e };
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    return entry;
  }

  list(): OutboxEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
    if (this.file) writeFileSync(this.file, '');
  }
}

export function readOutboxFile(file: string): OutboxEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as OutboxEntry];
      } catch {
        return []; // a line cut by a crash
      }
    });
}
