/** Teacher's roster (考勤登记): every enrolled family with status; corrections are recorded with who and when. */
import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import { usePullToRefresh } from '@/hooks/useRefresh';
import { ATTENDANCE_STATUS_LABELS, correctRoster, roster, sessionTime, statusLabel } from '@/services/attendance';
import { ATTENDANCE_STATUSES, type AttendanceStatus, type RosterRow } from '@shared/attendance/attendance.schema';
import { formatDateTime } from '@shared/common/time';
import { attendanceNotYetText, attendanceRecordable } from '@shared/attendance/attendance.rules';
import { elderClass } from '@/services/elder-mode';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { usePageData } from '@/hooks/usePageData';
import '../../credit.scss';

const TAG: Record<AttendanceStatus, string> = { present: 'cr-tag--ok', late: 'cr-tag--warn', left_early: 'cr-tag--warn', excused: '', absent: 'cr-tag--bad' };

export default function RosterPage() {
  const sessionId = decodeURIComponent(useRouter().params.sessionId ?? '');
  const page = usePageData(() => roster(sessionId), [sessionId], { enabled: !!sessionId });
  const { data, refresh } = page;
  const [editing, setEditing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction({ toast: true });
  const { busy } = action;
  usePullToRefresh(refresh);

  const apply = async (row: RosterRow, status: AttendanceStatus) => {
    if (status === 'excused' && !reason.trim()) {
      Taro.showToast({ title: '请假需填写原因', icon: 'none' });
      return;
    }
    await action.run(async () => {
      await correctRoster(sessionId, row.familyId, status, reason.trim() || undefined);
      setEditing(null);
      setReason('');
      await refresh();
    });
  };

  if (!sessionId) return <ErrorState error={null} title="缺少课次" />;
  const wait = waitFor(page);
  if (wait || !data) return wait;
  // The server refuses marks before the check-in window opens; the page says so instead of offering them.
  const recordable = attendanceRecordable(new Date(), { startAt: new Date(data.startAt) });
  return (
    <View className={`ps-page${elderClass()}`} data-testid="roster">
      <View className="ps-card">
        <Text className="cr-title">{data.courseTitle}</Text>
        <Text className="cr-line">{sessionTime(data.startAt, data.endAt)}</Text>
        <View>
          {[...ATTENDANCE_STATUSES, 'unmarked' as const].map((s) => (
            <Text key={s} className="cr-tag">
              {s === 'unmarked' ? '未签到' : ATTENDANCE_STATUS_LABELS[s]} {data.counts[s]}
            </Text>
          ))}
        </View>
        {!recordable.ok ? (
          <Text className="cr-line cr-notice" data-testid="roster-not-started">
            {attendanceNotYetText(recordable.opensAt)}
          </Text>
        ) : null}
      </View>
      {data.rows.length === 0 ? (
        <EmptyState title="暂无报名家庭" />
      ) : (
        <View className="ps-card">
          {data.rows.map((r) => (
            <View key={r.familyId} className="cr-list-item" data-testid={`roster-row-${r.familyId}`}>
              <View className="cr-row" onClick={() => setEditing(editing === r.familyId ? null : r.familyId)}>
                <Text>{r.childName || '（已退出的家庭）'}家庭</Text>
                <Text className={`cr-tag ${r.status ? TAG[r.status] : ''}`}>{statusLabel(r.status)}</Text>
              </View>
              {r.reason ? <Text className="ps-muted">原因：{r.reason}</Text> : null}
              {r.checkedInAt ? <Text className="ps-muted"> 签到 {formatDateTime(r.checkedInAt)} · {r.creditedHours} 课时</Text> : null}
              {editing === r.familyId && recordable.ok ? (
                <View>
                  <Input className="cr-input" value={reason} placeholder="原因（请假必填，其他选填）" maxlength={200} onInput={(e) => setReason(e.detail.value)} />
                  <View className="cr-actions">
                    {ATTENDANCE_STATUSES.filter((s) => s !== r.status).map((s) => (
                      <Button key={s} size="small" disabled={busy} onClick={() => void apply(r, s)}>
                        改为{ATTENDANCE_STATUS_LABELS[s]}
                      </Button>
                    ))}
                  </View>
                  {r.history.length ? (
                    <View>
                      <Text className="ps-muted">更正记录：</Text>
                      {r.history.map((h) => (
                        <Text key={h.rev} className="cr-line">
                          {formatDateTime(h.at)} {h.from ? statusLabel(h.from) : '未签到'} → {statusLabel(h.to)}
                          {h.reason ? `（${h.reason}）` : ''}
                          {h.operatorLabel ? ` · ${h.operatorLabel}` : ''}
                        </Text>
                      ))}
                    </View>
                  ) : null}
                </View>
              ) : null}
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
