import { idx, type CollectionDecl } from '../collection-decl';

/**
 * Courses and enrolments (issue 4). Every query of server/course and server/attendance/course-port
 * has its index here.
 */
export const courseCollections: CollectionDecl[] = [
  {
    name: 'courses',
    description: '家长学校课程（含报名计数与候补人数：报名记录变化后以 _.inc 更新，崩溃后由 healCourse 按记录重算）',
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
    description: '课程报名与候补（_id = courseId_familyId，一个家庭一门课一条记录；seq = 到达时间（微秒），候补按 seq 排序）',
    indexes: [
      // waitlist head, enrolment list by arrival order, waitlist position
      idx(['courseId', 'status', 'seq']),
      // attendance: every enrolled family of a course, paged by _id
      idx(['courseId', 'status', '_id']),
      // 我的课程 / guardian removed: a family's enrolments
      idx(['familyId', 'status']),
    ],
  },
  {
    name: 'course_seats',
    description: '课程名额（每个名额一条，_id = courseId_n，n = 1..capacity；holder = 占用它的报名尝试令牌，#free:courseId = 空闲；以单文档条件更新抢占）',
    indexes: [
      // a claim: the free seats of a course (holder = #free:<courseId>), lowest numbers first; a token's seats
      idx(['holder', 'n']),
      // a capacity decrease: seats above the new capacity
      idx(['courseId', 'n']),
    ],
  },
];
