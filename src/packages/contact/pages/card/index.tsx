import { useState } from 'react';
import { View, Text, Input, Button as TButton } from '@tarojs/components';
import Taro, { useLoad, useShareAppMessage } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Pending from '@/components/Pending';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import EmptyState from '@/components/EmptyState';
import FailureAlert from '@/components/FailureAlert';
import { useProfile } from '@/hooks/useProfile';
import { useAsync } from '@/hooks/useAsync';
import { useAction } from '@/hooks/useAction';
import { pageUrl } from '@/navigation/pages';
import { CloudError } from '@/services/cloud';
import { callNumber, contact, copyNumber, saveContact, sharePath, type CardEntry, type ClassCard, type CommitteeSeat, type OtherEntry } from '@/services/contact';
import '../../contact.scss';

const VIA_OFFICE = '请通过学校办公室转接';

function PhoneActions({ entry, card }: { entry: CardEntry | OtherEntry; card: ClassCard }) {
  if (entry.phone) {
    const phone = entry.phone;
    return (
      <View className="contact-actions">
        <Text className="contact-phone">{phone}</Text>
        <Text className="contact-btn contact-btn--primary" data-testid="call" onClick={() => callNumber(phone)}>
          拨打
        </Text>
        <Text className="contact-btn" onClick={() => copyNumber(phone)}>
          复制
        </Text>
        <Text className="contact-btn" onClick={() => saveContact({ name: entry.name, label: entry.label, phone }, card.schoolName)}>
          存通讯录
        </Text>
      </View>
    );
  }
  const office = card.office.phone;
  return (
    <View className="contact-actions">
      {entry.phoneMasked ? <Text className="ps-muted contact-phone">{entry.phoneMasked}</Text> : null}
      <Text className="ps-muted contact-via">{VIA_OFFICE}</Text>
      {office ? (
        <Text className="contact-btn" data-testid="call-office" onClick={() => callNumber(office)}>
          拨打办公室
        </Text>
      ) : null}
    </View>
  );
}

function Entry({ entry, card }: { entry: CardEntry | OtherEntry; card: ClassCard }) {
  return (
    <View className="contact-entry" data-testid="contact-entry" data-group={'group' in entry ? entry.group : 'other'}>
      <View className="contact-entry__head">
        <Text className="contact-entry__label">{entry.label}</Text>
        <Text className="contact-entry__name">{entry.name}</Text>
      </View>
      {entry.officeHours ? <Text className="ps-muted contact-hours">接待时间：{entry.officeHours}</Text> : null}
      <PhoneActions entry={entry} card={card} />
    </View>
  );
}

function Card({ card }: { card: ClassCard }) {
  const [showAll, setShowAll] = useState(false);
  return (
    <View className="ps-card contact-card" data-testid="contact-card">
      <View className="contact-card__title">
        <Text className="contact-card__class">{card.className}</Text>
        <Text className="ps-muted">{card.schoolName}</Text>
      </View>
      {card.childNames.length ? <Text className="ps-muted contact-card__child">{card.childNames.join('、')}的班级联络卡</Text> : null}
      {card.entries.map((e) => (
        <Entry key={e.staffId} entry={e} card={card} />
      ))}
      <Text className="contact-section">学校服务</Text>
      {card.services.map((e) => (
        <Entry key={e.staffId} entry={e} card={card} />
      ))}
      <View className="contact-entry" data-testid="office">
        <View className="contact-entry__head">
          <Text className="contact-entry__label">学校办公室</Text>
        </View>
        {card.office.hours ? <Text className="ps-muted contact-hours">办公时间：{card.office.hours}</Text> : null}
        {card.office.address ? <Text className="ps-muted contact-hours">地址：{card.office.address}</Text> : null}
        {card.office.phone ? (
          <View className="contact-actions">
            <Text className="contact-phone">{card.office.phone}</Text>
            <Text className="contact-btn contact-btn--primary" onClick={() => callNumber(card.office.phone!)}>
              拨打
            </Text>
            <Text className="contact-btn" onClick={() => copyNumber(card.office.phone!)}>
              复制
            </Text>
          </View>
        ) : (
          <Text className="ps-muted">学校尚未登记办公室电话</Text>
        )}
      </View>
      {card.committee.length ? (
        <>
          <Text className="contact-section">家委会</Text>
          {card.committee.map((c) => (
            <View key={c.memberId} className="contact-entry" data-testid="committee-entry">
              <View className="contact-entry__head">
                <Text className="contact-entry__label">
                  {c.tierLabel}
                  {c.role}
                </Text>
                <Text className="contact-entry__name">{c.displayName}</Text>
              </View>
              {c.phone ? (
                <View className="contact-actions">
                  <Text className="contact-phone">{c.phone}</Text>
                  <Text className="contact-btn" onClick={() => callNumber(c.phone!)}>
                    拨打
                  </Text>
                </View>
              ) : (
                <Text className="ps-muted contact-hours">未公开电话</Text>
              )}
            </View>
          ))}
        </>
      ) : null}
      <View className="contact-more" data-testid="all-staff-toggle" onClick={() => setShowAll(!showAll)}>
        <Text>全校教职工（{card.others.length}人）</Text>
        <Text className="ps-muted">{showAll ? '收起' : '展开'}</Text>
      </View>
      {showAll ? card.others.map((e) => <Entry key={e.staffId} entry={e} card={card} />) : null}
    </View>
  );
}

function CommitteeSeats({ seats, onSaved }: { seats: CommitteeSeat[]; onSaved(): void }) {
  const [names, setNames] = useState<Record<string, string>>({});
  const [phones, setPhones] = useState<Record<string, string>>({});
  const action = useAction();
  if (!seats.length) return null;
  return (
    <View className="ps-card" data-testid="my-seats">
      <Text className="contact-section">我在家委会</Text>
      {seats.map((s) => (
        <View key={s.memberId} className="contact-entry">
          <Text>
            {`${s.scopeName}家委会`}
            {s.role}（{s.term}）
          </Text>
          <Text className="ps-muted contact-hours">联络卡上只显示您同意公开的称呼和电话；都不填则只显示“家长代表”。</Text>
          <Input className="contact-input" placeholder="公开的称呼，如：王女士" value={names[s.memberId] ?? (s.agreedAt ? s.displayName : '')} onInput={(e) => setNames({ ...names, [s.memberId]: e.detail.value })} />
          <Input className="contact-input" type="number" placeholder="公开的手机号（可不填）" value={phones[s.memberId] ?? s.phone ?? ''} onInput={(e) => setPhones({ ...phones, [s.memberId]: e.detail.value })} />
          <Button
            size="small"
            type="primary"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                const phone = (phones[s.memberId] ?? s.phone ?? '').trim();
                await contact.setCommitteePublication({ memberId: s.memberId, displayName: (names[s.memberId] ?? (s.agreedAt ? s.displayName : '')).trim(), phone: phone || null });
                void Taro.showToast({ title: '已保存', icon: 'success' });
                onSaved();
              })
            }
          >
            保存公开内容
          </Button>
        </View>
      ))}
      <FailureAlert failure={action.failure} />
    </View>
  );
}

/** Why there is no card yet, and the way to one: 去绑定孩子. */
function BindFirst({ title, description }: { title: string; description: string }) {
  const bind = pageUrl('school.bindChild');
  return (
    <View className="ps-page">
      <EmptyState title={title} description={description} />
      {bind ? (
        <View className="ps-card">
          <Button block type="primary" onClick={() => void Taro.navigateTo({ url: bind })}>
            去绑定孩子
          </Button>
        </View>
      ) : null}
    </View>
  );
}

/**
 * 家长联络卡: a card per class of the family's children (or the shared class card of `classId`),
 * in the order families need; each number as its owner published it to this viewer.
 */
export default function ContactCardPage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const [classId, setClassId] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  useLoad((params: Record<string, string | undefined>) => setClassId(params?.classId ? decodeURIComponent(params.classId) : null));
  const ready = !!data && !data.needsConsent;
  const cards = useAsync(() => (classId ? contact.classCard(classId).then((c) => [c]) : contact.myCards()), [classId, ready], { enabled: ready });
  const seats = useAsync(() => contact.myCommitteeSeats(), [ready], { enabled: ready && !classId });
  const list = cards.data ?? [];
  const current = list[Math.min(active, Math.max(0, list.length - 1))];

  useShareAppMessage(() => ({
    title: current ? `${current.schoolName}${current.className}家长联络卡` : '家长联络卡',
    path: current ? sharePath(current.classId) : '/packages/contact/pages/card/index',
  }));

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;
  if (data.needsConsent) return <EmptyState title="请先阅读并同意隐私保护指引" description="同意后即可查看孩子班级的联络卡" />;

  if (cards.loading && !cards.data) return <Loading />;
  if (cards.error && !cards.data) {
    const notMember = classId && cards.error instanceof CloudError && cards.error.code === 'FORBIDDEN';
    if (!notMember) return <ErrorState error={cards.error} onRetry={cards.refresh} />;
    return <BindFirst title="这张联络卡只对该校的家长和老师开放" description="若孩子在这个班级，请先用班主任提供的班级邀请码绑定孩子，绑定后即可查看。" />;
  }
  if (!list.length) return <BindFirst title="还没有绑定孩子" description="绑定孩子后即可查看班主任、任课教师和学校的联系方式" />;

  async function shareOnH5() {
    const url = `${window.location.origin}${window.location.pathname}#${sharePath(current!.classId)}`;
    await Taro.setClipboardData({ data: url }).catch(() => undefined);
    void Taro.showToast({ title: '链接已复制，可粘贴发给家人', icon: 'none' });
  }

  return (
    <View className="ps-page">
      {list.length > 1 ? (
        <View className="contact-tabs" data-testid="card-tabs">
          {list.map((c, i) => (
            <Text key={c.classId} className={`contact-tab${i === active ? ' contact-tab--on' : ''}`} onClick={() => setActive(i)}>
              {c.childNames.length ? c.childNames.join('、') : c.className}
            </Text>
          ))}
        </View>
      ) : null}
      {current ? <Card card={current} /> : null}
      <View className="ps-card contact-share">
        {process.env.TARO_ENV === 'weapp' ? (
          <TButton className="contact-share__btn" openType="share">
            分享联络卡到微信
          </TButton>
        ) : (
          <Button block type="primary" data-testid="share" onClick={() => void shareOnH5()}>
            分享联络卡
          </Button>
        )}
        <Text className="ps-muted contact-hours">收到的人只能看到他有权查看的号码。</Text>
      </View>
      {!classId ? <CommitteeSeats seats={seats.data ?? []} onSaved={() => void Promise.all([seats.refresh(), cards.refresh()])} /> : null}
    </View>
  );
}
