import { idx, type CollectionDecl } from '../collection-decl';

/**
 * Courses and enrolments (issue 4). Every query of server/course and server/attendance/course-port
 * has its index here.
 */
export const courseCollections: CollectionDecl[] = [
  {
    name: 'courses',
    description: '家长学校课程（含报名计数、候补人数与到达序号 seq，均在报名事务中与报名记录一同更新）',
    indexes: [
      // parents' list: audience key of the child's school / grade / class, status, by start time
      idx(['audienceKeys', 'status', 'startAt']),
      // teachers' list of their school
      idx(['schoolId', 'startAt'], { desc: ['startAt'] }),
      idx(['schoolId', 'status', 'startAt'], { desc: ['startAt'] }),
      idx(['schoolId', 'semester']),
      // attendance looks a session up by its id
      idx('sessions.sessionId'),
    ],
  },
  {
    name: 'enrollments',
    description: '课程报名与候补（_id = courseId_familyId，一个家庭一门课一条记录）',
    indexes: [
      // waitlist head, enrolment list by arrival order, waitlist position
      idx(['courseId', 'status', 'seq']),
      // attendance: every enrolled family of a course, paged by _id
      idx(['courseId', 'status', '_id']),
      // 我的课程 / guardian removed: a family's enrolments
      idx(['familyId', 'status']),
    ],
  },
];
