import type { ReactNode } from 'react';
import { Text } from '@tarojs/components';
import './index.scss';

export type TagTone = 'plain' | 'green' | 'orange' | 'grey';

/** A small label beside a title (授课形式, 需回执, a status): `tone` as the domain rules name it (course statusText). */
export default function Tag({ tone = 'plain', children, testId }: { tone?: TagTone; children: ReactNode; testId?: string }) {
  return (
    <Text className={`ps-tag${tone === 'plain' ? '' : ` ps-tag--${tone}`}`} data-testid={testId}>
      {children}
    </Text>
  );
}
