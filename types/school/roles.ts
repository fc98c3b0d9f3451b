/** Roles and staff positions, shared by app and server. */
export const ROLES = ['parent', 'teacher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const POSITIONS = ['校长', '分管副校长', '年级主任', '班主任', '任课教师', '心理健康教师', '家庭教育指导教师'] as const;
export type PositionTitle = (typeof POSITIONS)[number];

export interface Position {
  title: PositionTitle;
  /** 年级主任: the grade; 班主任 / 任课教师: the class. */
  gradeId?: string;
  classId?: string;
  /** 任课教师: the subject, e.g. 语文. */
  subject?: string;
}

/** One school membership of a user, denormalised on the user document (users.memberships). */
export interface Membership {
  schoolId: string;
  roles: Role[];
  staffId?: string;
  positions: Position[];
}

/** One child a user is guardian of, denormalised on the user document (users.children). */
export interface ChildLink {
  childId: string;
  schoolId: string;
  gradeId: string;
  classId: string;
  childName: string;
  relation: string;
}
