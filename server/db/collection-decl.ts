/**
 * How the project declares its database: collections, indexes (unique too) and security rules.
 * The local cloud creates them at start; scripts/print-db-decl.ts prints them for the WeChat console.
 */
export interface IndexDecl {
  /** Index name as it appears in the console, e.g. 'schoolId_1_status_1'. */
  name: string;
  /** Fields in order, dotted paths allowed. */
  keys: { field: string; direction: 1 | -1 }[];
  unique?: boolean;
}

/** WeChat cloud database security rule preset; all our access goes through cloud functions. */
export type SecurityRule = 'ADMINONLY' | 'ADMINWRITE' | 'PRIVATE' | 'READONLY';

export interface CollectionDecl {
  name: string;
  description: string;
  indexes: IndexDecl[];
  /** Default ADMINONLY: clients never read the database directly. */
  rule?: SecurityRule;
}

export function idx(fields: string | string[], opts: { unique?: boolean; desc?: string[] } = {}): IndexDecl {
  const list = Array.isArray(fields) ? fields : [fields];
  const keys = list.map((field) => ({ field, direction: (opts.desc?.includes(field) ? -1 : 1) as 1 | -1 }));
  return { name: keys.map((k) => `${k.field}_${k.direction}`).join('_'), keys, unique: opts.unique };
}
