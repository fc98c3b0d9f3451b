/** 年级与班级: the school's grades and classes — add, rename, delete (a class with children or a grade with classes is refused with the reason). */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import Choice from '@/components/Choice';
import Field from '@/components/Field';
import FailureAlert from '@/components/FailureAlert';
import { useAction } from '@/hooks/useAction';
import { school, type Grade } from '@/services/school';
import { gradeOrderFromName } from '@shared/school/school.rules';
import RenameRow from './RenameRow';

export default function StructurePanel({ schoolId, grades, reload }: { schoolId: string; grades: Grade[]; reload(): Promise<void> }) {
  const [gradeName, setGradeName] = useState('');
  const [gradeId, setGradeId] = useState<string | null>(null);
  const [className, setClassName] = useState('');
  const addClass = useAction();
  const addGrade = useAction();
  const targetGrade = grades.find((g) => g._id === gradeId) ?? grades[0] ?? null;
  const done = async (title: string) => {
    await reload();
    void Taro.showToast({ title, icon: 'none' });
  };

  return (
    <>
      <Text className="ps-section-title">现有年级与班级</Text>
      <View className="ps-card" data-testid="grades">
        {grades.length === 0 ? (
          <EmptyState title="还没有年级" description="先在下面添加年级，再添加班级；也可以用“表格导入”" />
        ) : (
          grades.map((g) => (
            <RenameRow
              key={g._id}
              what="年级"
              name={g.name}
              testId={`grade-${g.name}`}
              rename={(name) => school.updateGrade({ gradeId: g._id, name })}
              remove={() => school.deleteGrade(g._id)}
              done={done}
            >
              <View className="school-struct__classes">
                {g.classes.length === 0 ? <Text className="ps-muted">暂无班级</Text> : null}
                {g.classes.map((c) => (
                  <RenameRow
                    key={c._id}
                    what="班级"
                    name={c.name}
                    testId={`class-${g.name}${c.name}`}
                    rename={(name) => school.updateClass({ classId: c._id, name })}
                    remove={() => school.deleteClass(c._id)}
                    done={done}
                  />
                ))}
              </View>
            </RenameRow>
          ))
        )}
      </View>
      <Text className="ps-section-title">添加班级</Text>
      <View className="ps-card">
        {grades.length > 0 ? (
          <>
            <Choice options={grades.map((g) => ({ value: g._id, label: g.name }))} value={targetGrade?._id ?? null} onChange={setGradeId} testId="class-grade" />
            <View style={{ marginTop: '16px' }}>
              <Field label="班级名称" placeholder="如：3班" value={className} max={20} onInput={setClassName} invalid={addClass.invalid('name')} testId="class-name-input" />
            </View>
            <Button
              block
              type="primary"
              disabled={addClass.busy || !targetGrade}
              onClick={() =>
                void addClass.run(async () => {
                  await school.createClass({ gradeId: targetGrade!._id, name: className.trim() });
                  setClassName('');
                  await done('已添加班级');
                })
              }
              data-testid="add-class"
            >
              添加班级
            </Button>
            <FailureAlert failure={addClass.failure} testId="add-class-failure" />
          </>
        ) : (
          <Text className="ps-muted">请先添加年级</Text>
        )}
      </View>
      <Text className="ps-section-title">添加年级</Text>
      <View className="ps-card">
        <Field label="年级名称" placeholder="如：一年级" value={gradeName} max={20} onInput={setGradeName} invalid={addGrade.invalid('name')} testId="grade-name-input" />
        <Button
          block
          type="primary"
          fill="outline"
          disabled={addGrade.busy}
          onClick={() =>
            void addGrade.run(async () => {
              await school.createGrade({ schoolId, name: gradeName.trim(), order: Math.min(99, gradeOrderFromName(gradeName)) });
              setGradeName('');
              await done('已添加年级');
            })
          }
          data-testid="add-grade"
        >
          添加年级
        </Button>
        <FailureAlert failure={addGrade.failure} testId="add-grade-failure" />
      </View>
    </>
  );
}
