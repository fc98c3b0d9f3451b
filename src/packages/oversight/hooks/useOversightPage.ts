/**
 * What the dashboard and the 教联体 view read from their link and the caller's profile: the page
 * parameters (decoded, null until useLoad), the school (the link's, else the caller's staff
 * membership) and the term (picked, else the link's, else the current one).
 */
import { useMemo, useState } from 'react';
import { useLoad } from '@tarojs/taro';
import { useProfile } from '@/hooks/useProfile';
import { termOptions } from '../dashboard-view';

export type PageParams = Record<string, string | undefined>;

export function useOversightPage() {
  const profile = useProfile();
  const [params, setParams] = useState<PageParams | null>(null);
  useLoad((p: PageParams) => setParams(Object.fromEntries(Object.entries(p ?? {}).map(([k, v]) => [k, v ? decodeURIComponent(v) : v]))));
  const staff = profile.data?.memberships.find((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  const schoolId = params?.schoolId || staff?.schoolId || '';
  const terms = useMemo(() => termOptions(new Date(), 4), []);
  const [term, setTerm] = useState<string | null>(null);
  const activeTerm = term ?? params?.term ?? terms[0].value;
  return { profile, params, staff, schoolId, terms, activeTerm, setTerm };
}
