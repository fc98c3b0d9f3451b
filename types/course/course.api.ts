/** The `course` function's actions: input (as sent by the app) → output (as received). */
import type { ActionSpec } from '../common/api-spec';
import type { z } from 'zod';
import type {
  CancelCourseInputSchema,
  CancelEnrollmentInputSchema,
  CancelEnrollmentOutput,
  CourseDetailDto,
  CourseIdInputSchema,
  CourseMutationOutput,
  CreateCourseInputSchema,
  DetailInputSchema,
  EnrollInputSchema,
  EnrollOutput,
  EnrollmentListInputSchema,
  EnrollmentListOutput,
  ListCoursesInputSchema,
  ListCoursesOutput,
  ListManagedInputSchema,
  MyCoursesInputSchema,
  MyCoursesOutput,
  RemoveEnrollmentInputSchema,
  RemoveEnrollmentOutput,
  UpdateCourseInputSchema,
} from './course.schema';

/** Dates may be sent as Date or ISO string; the function coerces them. */
type Wire<T> = T extends Date ? Date | string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;
type In<S extends z.ZodTypeAny> = Wire<z.input<S>>;

export interface CourseApi {
  create: ActionSpec<In<typeof CreateCourseInputSchema>, CourseMutationOutput>;
  update: ActionSpec<In<typeof UpdateCourseInputSchema>, CourseMutationOutput>;
  publish: ActionSpec<In<typeof CourseIdInputSchema>, CourseMutationOutput>;
  close: ActionSpec<In<typeof CourseIdInputSchema>, CourseMutationOutput>;
  reopen: ActionSpec<In<typeof CourseIdInputSchema>, CourseMutationOutput>;
  finish: ActionSpec<In<typeof CourseIdInputSchema>, CourseMutationOutput>;
  cancel: ActionSpec<In<typeof CancelCourseInputSchema>, CourseMutationOutput>;
  list: ActionSpec<In<typeof ListCoursesInputSchema>, ListCoursesOutput>;
  listManaged: ActionSpec<In<typeof ListManagedInputSchema>, ListCoursesOutput>;
  detail: ActionSpec<In<typeof DetailInputSchema>, CourseDetailDto>;
  enroll: ActionSpec<In<typeof EnrollInputSchema>, EnrollOutput>;
  cancelEnrollment: ActionSpec<In<typeof CancelEnrollmentInputSchema>, CancelEnrollmentOutput>;
  myCourses: ActionSpec<In<typeof MyCoursesInputSchema>, MyCoursesOutput>;
  enrollments: ActionSpec<In<typeof EnrollmentListInputSchema>, EnrollmentListOutput>;
  removeEnrollment: ActionSpec<In<typeof RemoveEnrollmentInputSchema>, RemoveEnrollmentOutput>;
}
