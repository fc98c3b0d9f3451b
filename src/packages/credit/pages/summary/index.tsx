/**
 * 学习档案: this family's hours this term and year against the school's policy profile, the star
 * level (own level only, no rankings) and the ledger history.
 */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import { useAsync } from '@/hooks/useAsync';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { myArchive, signedHours, termLabel } from '@/services/credit';
import { formatDate } from '@shared/common/time';
import StarLevel from '../../components/StarLevel';
import '../../credit.scss';
import { openPage } from '@/navigation/pages';
import { elderClass } from '@/services/elder-mode';
import { waitFor } from '@/components/Pending';
import Chips from '@/components/Chips';

export default function SummaryPage() {
  const profile = useProfile();
  const child = currentChild(profile.data);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const familyId = picked ?? child?.childId;
  const archive = useAsync(() => myArchive(familyId), [familyId], { enabled: profile.signedIn && !!familyId });
  const { data, refresh } = archive;
  useRefreshOnShow(archive);
  usePullToRefresh(refresh);

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!familyId) return <EmptyState title="还没有绑定孩子" description="绑定孩子后，参加课程的学时会记录在这里" />;
  const waitArchive = waitFor(archive);
  if (waitArchive || !data) return waitArchive;
  const children = profile.data?.children ?? [];
  return (
    <View className={`ps-page${elderClass()}`} data-testid="archive">
      {children.length > 1 ? (
        <View className="ps-card">
          <Chips wrap options={children.map((c) => ({ value: c.childId, label: c.childName }))} value={familyId ? [familyId] : []} onChange={(v) => v[0] && setPicked(v[0])} />
        </View>
      ) : null}
      <View className="ps-card">
        <Text className="cr-title">{data.childName}家庭 · {termLabel(data.term)}</Text>
        <View className="cr-row">
          <View>
            <Text className="cr-big" data-testid="term-hours">
              {data.termTotals.hours}
            </Text>
            <Text className="ps-muted"> 本学期课时</Text>
          </View>
          <View>
            <Text className="cr-big" data-testid="year-hours">
              {data.yearTotals.hours}
            </Text>
            <Text className="ps-muted"> 本学年课时</Text>
          </View>
        </View>
        <Text className="cr-line">
          本学期参加 {data.termTotals.sessions} 次活动，其中集体授课 {data.termTotals.collective} 次
        </Text>
      </View>
      <StarLevel star={data.star} />
      <View className="ps-card" data-testid="profile-progress">
        {/* The policy's name (广州方案 …) is for the school; a parent reads what is asked of them. */}
        <Text className="cr-title">学校的学习要求</Text>
        {data.profile.progress.map((p, i) => (
          <View key={i} className="cr-list-item">
            <Text className={`cr-tag ${p.met ? 'cr-tag--ok' : 'cr-tag--warn'}`}>{p.met ? '已达成' : '进行中'}</Text>
            <Text>{p.text}</Text>
          </View>
        ))}
        <View className="cr-actions">
          <Button size="small" type="primary" onClick={() => openPage('credit.lessons')}>
            学习线上微课
          </Button>
          <Button size="small" onClick={() => openPage('credit.checkin')}>
            现场签到
          </Button>
        </View>
      </View>
      <Text className="ps-section-title">学时记录</Text>
      {data.ledger.length === 0 ? (
        <EmptyState title="还没有学时记录" description="参加家长课程签到或完成线上微课后会记录在这里" />
      ) : (
        <View className="ps-card" data-testid="ledger">
          {data.ledger.map((e) => (
            <View key={e.id} className="cr-list-item">
              <View className="cr-row">
                <Text>{e.title}</Text>
                <Text className={e.hours < 0 ? 'cr-error' : 'cr-success'}>{signedHours(e.hours)} 课时</Text>
              </View>
              <Text className="ps-muted">
                {e.sourceLabel} · {formatDate(e.occurredAt)}
                {e.reason ? ` · ${e.reason}` : ''}
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
