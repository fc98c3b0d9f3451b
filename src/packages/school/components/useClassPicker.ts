import { useMemo, useState } from 'react';
import { useAsync } from '@/hooks/useAsync';
import { classOptions, school, staffSchools, type ClassOption, type Profile } from '@/services/school';

/** The staff member's schools and the classes they may manage / view in the chosen one. */
export function useClassPicker(profile: Profile | undefined, need: 'manage' | 'view', initialClassId?: string) {
  const schools = staffSchools(profile);
  const [schoolId, setSchoolId] = useState<string | null>(null);
  const chosenSchool = schools.find((s) => s.schoolId === schoolId) ?? schools[0] ?? null;
  const grades = useAsync(() => school.listGrades(chosenSchool!.schoolId), [chosenSchool?.schoolId], { enabled: !!chosenSchool });
  const options: ClassOption[] = useMemo(() => (chosenSchool && grades.data ? classOptions(grades.data, chosenSchool, need) : []), [chosenSchool, grades.data, need]);
  const [classId, setClassId] = useState<string | null>(initialClassId ?? null);
  const chosen = options.find((c) => c._id === classId) ?? options[0] ?? null;
  return { schools, school: chosenSchool, setSchoolId, grades, options, chosen, setClassId };
}
