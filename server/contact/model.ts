/** Stored shapes of the contact collections (server side; DTOs live in types/contact). */
import type { CommitteeLevel, CommitteeRole, Publication, VisitForm } from '../../types/contact/contact.rules';

export interface PublicationChange {
  publication: Publication;
  setBy: string;
  setByRole: 'self' | 'admin';
  setAt: Date;
}

export interface PublicationDoc {
  _id: string;
  schoolId: string;
  staffId: string;
  publication: Publication;
  setBy: string;
  setByRole: 'self' | 'admin';
  setAt: Date;
  /** Every choice, oldest first (capped). */
  history: PublicationChange[];
}

export interface SchoolInfoDoc {
  _id: string;
  address: string;
  officePhone: string;
  officeHours: string;
  updatedBy: string;
  updatedAt: Date;
}

export interface VisitDoc {
  _id: string;
  schoolId: string;
  gradeId: string;
  classId: string;
  schoolYear: string;
  childIds: string[];
  date: string;
  form: VisitForm;
  participants: string[];
  topics: string[];
  notes: string;
  followUps: { text: string; dueDate: string }[];
  recordedBy: string;
  recordedByStaffId: string | null;
  createdAt: Date;
}

export interface FocusDoc {
  _id: string;
  schoolId: string;
  gradeId: string;
  classId: string;
  childId: string;
  active: boolean;
  reason: string;
  markedBy: string;
  markedAt: Date;
}

export interface FocusViewDoc {
  schoolId: string;
  classId: string;
  viewerId: string;
  action: string;
  childIds: string[];
  at: Date;
}

export interface CommitteeDoc {
  _id: string;
  schoolId: string;
  level: CommitteeLevel;
  gradeId: string | null;
  classId: string | null;
  childId: string;
  userId: string;
  role: CommitteeRole;
  term: string;
  displayName: string;
  phone: string | null;
  agreedAt: Date | null;
  appointedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const CC = {
  publications: 'contact_publications',
  schoolInfo: 'contact_school_info',
  visits: 'home_visits',
  focus: 'focus_marks',
  focusViews: 'focus_views',
  committee: 'committee_members',
} as const;
