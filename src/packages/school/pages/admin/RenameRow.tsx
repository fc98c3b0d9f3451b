/** One grade or class in the structure list: its name, 改名 (inline, with the limit told) and 删除. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Field from '@/components/Field';
import FailureAlert from '@/components/FailureAlert';
import { useAction } from '@/hooks/useAction';

export interface RenameRowProps {
  /** 年级 / 班级 */
  what: string;
  name: string;
  testId: string;
  rename(name: string): Promise<unknown>;
  remove(): Promise<unknown>;
  done(message: string): Promise<void>;
  children?: React.ReactNode;
}

export default function RenameRow({ what, name, testId, rename, remove, done, children }: RenameRowProps) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const action = useAction();
  return (
    <View className="school-struct" data-testid={testId}>
      <View className="school-row">
        <Text className="school-struct__name">{name}</Text>
        <View className="school-struct__actions">
          <Text className="school-link" data-testid={`${testId}-rename`} onClick={() => { setValue(name); setEditing(!editing); action.setFailure(null); }}>
            改名
          </Text>
          <Text
            className="school-link school-link--danger"
            data-testid={`${testId}-delete`}
            onClick={() =>
              void (async () => {
                const answer = await Taro.showModal({ title: `删除${what}`, content: `确定删除“${name}”吗？`, confirmText: '删除', confirmColor: '#c2300a' });
                if (!answer.confirm) return;
                await action.run(async () => {
                  await remove();
                  await done(`已删除${what}`);
                });
              })()
            }
          >
            删除
          </Text>
        </View>
      </View>
      {children}
      {editing ? (
        <View className="school-struct__edit">
          <Field label={`新的${what}名称`} value={value} max={20} onInput={setValue} invalid={action.invalid('name')} testId={`${testId}-name`} />
          <Button
            size="small"
            type="primary"
            disabled={action.busy || !value.trim() || value.trim() === name}
            data-testid={`${testId}-save`}
            onClick={() =>
              void action.run(async () => {
                await rename(value.trim());
                setEditing(false);
                await done(`已改名为“${value.trim()}”`);
              })
            }
          >
            保存
          </Button>
        </View>
      ) : null}
      <FailureAlert failure={action.failure} testId={`${testId}-failure`} />
    </View>
  );
}
