import type { Scope } from '@shared/oversight/oversight.schema';

/** The exports of a scope (filled in once the export function's button is merged). */
export default function DashboardExports(_props: { scope: Scope; term: string }) {
  return null;
}
