/** Teacher: sessions from yesterday to tomorrow, with the doors to the projector and the roster. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import { useRefreshOnShow } from '@/hooks/useRefresh';
import { sessionTime, todaySessions } from '@/services/attendance';
import '../../credit.scss';
import { openPage } from '@/navigation/pages';
import { elderClass } from '@/services/elder-mode';
import { waitFor } from '@/components/Pending';
import { usePageData } from '@/hooks/usePageData';
import Chips from '@/components/Chips';

export default function SessionsPage() {
  const [pastDays, setPastDays] = useState(1);
  const page = usePageData(() => todaySessions(pastDays), [pastDays]);
  const { data } = page;
  useRefreshOnShow(page);
  const wait = waitFor(page);
  if (wait) return wait;
  const list = data ?? [];
  return (
    <View className={`ps-page${elderClass()}`}>
      <View className="ps-card">
        <Chips wrap options={['1', '14', '60'].map((d) => ({ value: d, label: d === '1' ? '今明两天' : `近 ${d} 天` }))} value={[String(pastDays)]} onChange={(v) => v[0] && setPastDays(Number(v[0]))} />
      </View>
      <Text className="ps-section-title">签到在开课前 30 分钟至结束后 15 分钟内有效；考勤名册可随时更正</Text>
      {list.length === 0 ? (
        <EmptyState title="这段时间没有课次" description="课程发布后，开课当天可以在这里投屏签到" />
      ) : (
        list.map((s) => (
          <View key={s.sessionId} className="ps-card" data-testid={`session-${s.sessionId}`}>
            <Text className="cr-title">{s.courseTitle}</Text>
            <Text className="cr-line">
              {sessionTime(s.startAt, s.endAt)} · {s.place}
            </Text>
            <View>
              <Text className={`cr-tag ${s.checkin === 'open' ? 'cr-tag--ok' : ''}`}>{s.checkin === 'open' ? '签到进行中' : s.checkin === 'closed' ? '签到已关闭' : '未开启签到'}</Text>
              {s.inWindow ? <Text className="cr-tag cr-tag--ok">当前可签到</Text> : null}
            </View>
            <View className="cr-actions">
              <Button type="primary" size="small" data-testid="open-projector" onClick={() => openPage('credit.projector', { sessionId: s.sessionId })}>
                投屏签到
              </Button>
              <Button size="small" onClick={() => openPage('credit.roster', { sessionId: s.sessionId })}>
                考勤名册
              </Button>
            </View>
          </View>
        ))
      )}
    </View>
  );
}
