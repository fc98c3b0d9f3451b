/** Parent-school courses: catalogue, lifecycle, enrolment with capacity and waitlist. Routes only. */
import { createHandler, route } from '../../server/core/handler';
import {
  CancelCourseInputSchema,
  CancelEnrollmentInputSchema,
  CourseIdInputSchema,
  CreateCourseInputSchema,
  DetailInputSchema,
  EnrollInputSchema,
  EnrollmentListInputSchema,
  ListCoursesInputSchema,
  ListManagedInputSchema,
  MyCoursesInputSchema,
  RemoveEnrollmentInputSchema,
  UpdateCourseInputSchema,
} from '../../types/course/course.schema';
import { createCourse, transition, updateCourse } from '../../server/course/course-admin.service';
import { courseDetail, enrollmentList, listCourses, listManaged, myCourses } from '../../server/course/catalog.service';
import { cancelEnrollment, enroll, removeEnrollment } from '../../server/course/enroll.service';
import { checkCreateAudience, checkUpdateAudience } from '../../server/course/course-audience';

export const routes = {
  create: route(CreateCourseInputSchema, async (ctx, i) => {
    await checkCreateAudience(ctx, i);
    return createCourse(ctx, i);
  }),
  update: route(UpdateCourseInputSchema, async (ctx, i) => {
    await checkUpdateAudience(ctx, i);
    return updateCourse(ctx, i);
  }),
  publish: route(CourseIdInputSchema, (ctx, i) => transition(ctx, i.courseId, 'published')),
  close: route(CourseIdInputSchema, (ctx, i) => transition(ctx, i.courseId, 'closed')),
  reopen: route(CourseIdInputSchema, (ctx, i) => transition(ctx, i.courseId, 'published')),
  finish: route(CourseIdInputSchema, (ctx, i) => transition(ctx, i.courseId, 'finished')),
  cancel: route(CancelCourseInputSchema, (ctx, i) => transition(ctx, i.courseId, 'cancelled', i.reason)),
  list: route(ListCoursesInputSchema, listCourses),
  listManaged: route(ListManagedInputSchema, listManaged),
  detail: route(DetailInputSchema, courseDetail),
  enroll: route(EnrollInputSchema, enroll),
  cancelEnrollment: route(CancelEnrollmentInputSchema, cancelEnrollment),
  myCourses: route(MyCoursesInputSchema, myCourses),
  enrollments: route(EnrollmentListInputSchema, enrollmentList),
  removeEnrollment: route(RemoveEnrollmentInputSchema, removeEnrollment),
};

export const main = createHandler(routes);
