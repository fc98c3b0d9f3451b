/**
 * A mingo filter compiled for `test(doc)`, without mingo's per-query copy of its operator tables.
 *
 * mingo 7.2's `new Query(filter)` builds fresh options for every query, and that copies every
 * operator table into a new Context (`Context.from` → `Context.init`: six object spreads of all
 * query, expression, projection … operators). Under `node --cpu-prof` that copy was ~6 % of the
 * local cloud's CPU per database call. mingo's core Query accepts a ready `ComputeOptions`
 * instance and then only copies its (empty) locals, so we build the same options as mingo's own
 * `Query` once and hand them in. Same options, same operators, same semantics; if mingo's files
 * move (another version), this falls back to mingo's public `Query`.
 */
import { dirname, join } from 'path';
import { Query } from 'mingo';

export interface CompiledFilter {
  test(doc: object): boolean;
}

type CoreQuery = new (condition: object, options: unknown) => CompiledFilter;

function fastQuery(): ((filter: object) => CompiledFilter) | null {
  try {
    const dir = dirname(require.resolve('mingo'));
    /* eslint-disable @typescript-eslint/no-require-imports */
    const internal = require(join(dir, 'core', '_internal.js')) as {
      Context: { init(ops: Record<string, unknown>): unknown };
      ComputeOptions: { init(o: Record<string, unknown>): unknown };
    };
    const ops = (name: string) => require(join(dir, 'operators', name, 'index.js')) as Record<string, unknown>;
    const core = require(join(dir, 'query.js')) as { Query: CoreQuery };
    /* eslint-enable @typescript-eslint/no-require-imports */
    // what mingo's index.js builds as its CONTEXT and makeOpts() passes to the core Query
    const context = internal.Context.init({
      accumulator: ops('accumulator'),
      expression: ops('expression'),
      pipeline: ops('pipeline'),
      projection: ops('projection'),
      query: ops('query'),
      window: ops('window'),
    });
    const options = internal.ComputeOptions.init({ context });
    const probe = new core.Query({ a: { $in: [1] }, $expr: { $eq: ['$b', 2] } }, options);
    if (!probe.test({ a: 1, b: 2 }) || probe.test({ a: 1, b: 3 })) return null;
    return (filter) => new core.Query(filter, options);
  } catch {
    return null;
  }
}

export const compileFilter: (filter: object) => CompiledFilter = fastQuery() ?? ((filter) => new Query(filter as never));
