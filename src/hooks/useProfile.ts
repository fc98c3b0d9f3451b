/**
 * The signed-in user's profile (memberships, children, selected child, consent), created on first
 * open (school.ensureUser). Reloaded each time a tab page shows again.
 */
import { useRef } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { Profile } from '@shared/school/school.schema';
import { call } from '@/services/cloud';
import { useAsync, type AsyncState } from './useAsync';
import { useRequireSignIn, useSession } from './useSession';

export type { Profile };
export type ProfileChild = Profile['children'][number];
export type ProfileMembership = Profile['memberships'][number];

export function useProfile(): AsyncState<Profile> & { signedIn: boolean } {
  const signedIn = useRequireSignIn();
  const session = useSession();
  const state = useAsync(() => call('school', 'ensureUser', {}), [session.openid], { enabled: signedIn });
  const shown = useRef(false);
  useDidShow(() => {
    // The first show is covered by the initial load.
    if (shown.current && signedIn) void state.refresh();
    shown.current = true;
  });
  return { ...state, signedIn };
}

export function currentChild(profile: Profile | undefined): ProfileChild | null {
  if (!profile || profile.children.length === 0) return null;
  return profile.children.find((c) => c.childId === profile.currentChildId) ?? profile.children[0];
}

/** 学校管理员 / 教师 / 家长 in one school, e.g. for the role line on 我的. */
export function roleLabels(m: ProfileMembership): string[] {
  const out: string[] = [];
  if (m.roles.includes('admin')) out.push('学校管理员');
  for (const p of m.positions) out.push(p.title === '任课教师' && p.subject ? `${p.subject}老师` : p.title);
  if (m.roles.includes('teacher') && m.positions.length === 0) out.push('教师');
  if (m.roles.includes('parent')) out.push('家长');
  return Array.from(new Set(out));
}
