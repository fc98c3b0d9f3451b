import type { ReactNode } from 'react';
import { View, Text, Picker } from '@tarojs/components';

/** One labelled group of controls; marked when a failure named it. */
export function Section(props: { label: string; invalid?: boolean; children: ReactNode }) {
  return (
    <View className={`course-field${props.invalid ? ' ps-field--invalid' : ''}`}>
      <Text className="course-field__label ps-field__label">{props.label}</Text>
      {props.children}
    </View>
  );
}

/** A date picker and a time picker side by side. */
export function DateTime(props: { date: string; time: string; onDate(v: string): void; onTime(v: string): void; testId?: string }) {
  return (
    <View className="course-datetime" data-testid={props.testId}>
      <Picker mode="date" value={props.date} onChange={(e) => props.onDate(String(e.detail.value))}>
        <Text className="course-field__picker">{props.date}</Text>
      </Picker>
      <Picker mode="time" value={props.time} onChange={(e) => props.onTime(String(e.detail.value))}>
        <Text className="course-field__picker">{props.time}</Text>
      </Picker>
    </View>
  );
}
