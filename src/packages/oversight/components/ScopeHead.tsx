/**
 * The head card of the dashboard and the 教联体 view: the scope's name, one line of figures and a
 * note (once the figures have come), any pickers the page adds, and the term picker.
 */
import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import Chips from '@/components/Chips';

export interface ScopeHeading {
  title: string;
  line: string;
  note: string;
}

interface Props {
  /** null while the figures load: only the pickers show. */
  heading: ScopeHeading | null;
  terms: { value: string; label: string }[];
  term: string;
  onTerm: (term: string) => void;
  testId?: string;
  headingTestId?: string;
  /** Pickers shown above the term picker (the dashboard's 查看范围). */
  children?: ReactNode;
}

export default function ScopeHead({ heading, terms, term, onTerm, testId, headingTestId, children }: Props) {
  return (
    <View className="ps-card ov-head" data-testid={testId}>
      {heading ? (
        <View data-testid={headingTestId}>
          <Text className="ov-head__title">{heading.title}</Text>
          <Text className="ov-head__line">{heading.line}</Text>
          <Text className="ps-muted">{heading.note}</Text>
        </View>
      ) : null}
      {children}
      <View className="ov-picker">
        <Text className="ov-picker__label">学期</Text>
        <Chips options={terms} value={[term]} onChange={(v) => v[0] && onTerm(v[0])} wrap testId="term-chips" />
      </View>
    </View>
  );
}
