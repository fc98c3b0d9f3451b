/** A FIFO async mutex: transactions hold it from start to commit/abort. */
export class AsyncLock {
  private held = false;
  private waiters: (() => void)[] = [];

  get locked(): boolean {
    return this.held;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Hand the lock to the next waiter (it stays held) or free it. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}
