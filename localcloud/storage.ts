/** Cloud storage: files under <data>/storage, or in memory for ':memory:'. */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { dirname, join, normalize, sep } from 'path';

export class Storage {
  private mem = new Map<string, Buffer>();

  constructor(private readonly dir?: string) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  /** A cloud path ('avatars/u1.png') → a safe relative path, or undefined if it escapes the root. */
  static cleanPath(p: string): string | undefined {
    const trimmed = p.replace(/^\/+/, '');
    if (!trimmed || trimmed.length > 1024 || trimmed.includes('\0')) return undefined;
    const n = normalize(trimmed);
    if (n.startsWith('..') || n.split(sep).includes('..')) return undefined;
    return n.split(sep).join('/');
  }

  put(path: string, bytes: Buffer): void {
    if (!this.dir) {
      this.mem.set(path, bytes);
      return;
    }
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.part`, bytes);
    // rename is atomic: a reader never sees half a file
    renameSync(`${file}.part`, file);
  }

  get(path: string): Buffer | undefined {
    if (!this.dir) return this.mem.get(path);
    const file = join(this.dir, path);
    return existsSync(file) ? readFileSync(file) : undefined;
  }

  has(path: string): boolean {
    return this.dir ? existsSync(join(this.dir, path)) : this.mem.has(path);
  }

  delete(path: string): boolean {
    if (!this.dir) return this.mem.delete(path);
    const file = join(this.dir, path);
    if (!existsSync(file)) return false;
    unlinkSync(file);
    return true;
  }

  clear(): void {
    this.mem.clear();
    if (this.dir) {
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(this.dir, { recursive: true });
    }
  }
}

/** cloud://<env>.<bucket>/<path> → <path> */
export function pathOfFileId(fileId: unknown): string | undefined {
  if (typeof fileId !== 'string') return undefined;
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
  return m ? Storage.cleanPath(m[1]) : undefined;
}
