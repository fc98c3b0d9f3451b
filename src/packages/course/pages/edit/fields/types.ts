import type { Form } from '../course-form';

/** What every field of the course form gets: the form, a patch setter, and whether a failure named a control. */
export interface FieldProps {
  form: Form;
  set(patch: Partial<Form>): void;
  /** Did the last failure name this control ('title', 'speakerName', 'opens' …: controlOf)? */
  bad(control: string): boolean;
}
