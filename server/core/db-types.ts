/**
 * A typed view of the wx-server-sdk database API as we use it. The SDK's own typings return
 * `Promise<...> | void | string` (callback overloads), which leaks casts into every service.
 * This is types only: the runtime object is the real SDK database.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Doc = Record<string, any>;

export interface QueryResult<T> { data: T[]; errMsg?: string }
export interface SingleResult<T> { data: T; errMsg?: string }
export interface CountResult { total: number }
export interface UpdateResult { stats: { updated: number }; errMsg?: string }
export interface RemoveResult { stats: { removed: number }; errMsg?: string }
export interface AddResult { _id: string; errMsg?: string }
export interface SetResult { _id: string; stats: { updated: number; created: number } }

export interface DocumentRef<T = Doc> {
  get(): Promise<SingleResult<T>>;
  set(opts: { data: Partial<T> | Doc }): Promise<SetResult>;
  update(opts: { data: Partial<T> | Doc }): Promise<UpdateResult>;
  remove(): Promise<RemoveResult>;
  field(projection: Record<string, boolean | 0 | 1>): DocumentRef<T>;
}

export interface Query<T = Doc> {
  where(filter: Doc): Query<T>;
  orderBy(field: string, order: 'asc' | 'desc'): Query<T>;
  skip(n: number): Query<T>;
  limit(n: number): Query<T>;
  field(projection: Record<string, boolean | 0 | 1>): Query<T>;
  get(): Promise<QueryResult<T>>;
  count(): Promise<CountResult>;
  update(opts: { data: Doc }): Promise<UpdateResult>;
  remove(): Promise<RemoveResult>;
}

export interface Aggregate {
  match(q: Doc): Aggregate;
  group(q: Doc): Aggregate;
  sort(q: Doc): Aggregate;
  skip(n: number): Aggregate;
  limit(n: number): Aggregate;
  project(q: Doc): Aggregate;
  addFields(q: Doc): Aggregate;
  lookup(q: Doc): Aggregate;
  unwind(q: string | Doc): Aggregate;
  count(field: string): Aggregate;
  sample(q: { size: number }): Aggregate;
  end(): Promise<{ list: Doc[] }>;
}

export interface CollectionRef<T = Doc> extends Query<T> {
  doc(id: string): DocumentRef<T>;
  add(opts: { data: Partial<T> | Doc }): Promise<AddResult>;
  aggregate(): Aggregate;
}

export interface TransactionCollection<T = Doc> {
  doc(id: string): DocumentRef<T>;
  add(opts: { data: Partial<T> | Doc }): Promise<AddResult>;
}

export interface Transaction {
  collection<T = Doc>(name: string): TransactionCollection<T>;
  rollback(reason?: unknown): Promise<never> | never;
}

export interface TxHandle extends Transaction {
  commit(): Promise<unknown>;
}

export interface Db {
  collection<T = Doc>(name: string): CollectionRef<T>;
  command: any;
  serverDate(opts?: { offset?: number }): any;
  RegExp(opts: { regexp: string; options?: string }): any;
  runTransaction<R>(fn: (t: Transaction) => Promise<R>, retries?: number): Promise<R>;
  startTransaction(): Promise<TxHandle>;
  createCollection(name: string): Promise<unknown>;
}
