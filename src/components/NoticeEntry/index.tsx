/**
 * The door to notices on 首页: 家校通知 with the unread count (also shown as the tab's badge) for
 * parents, 发通知 / 已发通知 for staff. Reloads the count whenever the page shows again.
 */
import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import { domainPage, withQuery } from '@/navigation/pages';
import { refreshUnreadBadge } from '@/services/notice-badge';

export interface NoticeEntryProps {
  isParent: boolean;
  staffSchoolId: string | null;
}

export default function NoticeEntry({ isParent, staffSchoolId }: NoticeEntryProps) {
  const [unread, setUnread] = useState<number | null>(null);
  const inbox = domainPage('notice', 'inbox');
  const compose = domainPage('notice', 'compose');
  const sent = domainPage('notice', 'sent');
  const load = () => {
    if (isParent) void refreshUnreadBadge().then(setUnread, () => undefined);
  };
  // Mounted after the profile loaded (the page's first show is past): load now, and on every show.
  useEffect(load, [isParent]);
  useDidShow(load);
  if (!inbox) return null;
  return (
    <CellGroup>
      {isParent ? (
        <View data-testid="home-notices">
          <Cell
            title="家校通知"
            description="学校和老师的通知、回执、上课提醒"
            extra={unread ? `${unread} 条未读` : ''}
            clickable
            onClick={() => void Taro.navigateTo({ url: inbox })}
          />
        </View>
      ) : null}
      {staffSchoolId && compose && sent ? (
        <>
          <View data-testid="home-compose">
            <Cell title="发通知" description="发给班级、年级、全校或课程的家长，可要求回执" clickable onClick={() => void Taro.navigateTo({ url: withQuery(compose, { schoolId: staffSchoolId }) })} />
          </View>
          <View data-testid="home-sent">
            <Cell title="已发通知" description="查看谁已读、谁已回执，提醒未读" clickable onClick={() => void Taro.navigateTo({ url: withQuery(sent, { schoolId: staffSchoolId }) })} />
          </View>
        </>
      ) : null}
    </CellGroup>
  );
}
