/**
 * 通知详情: opening it marks the notice read (once, on the server); the receipt (已阅知, or a
 * choice such as 参加 / 不参加 with a comment) is sent once. The body is shown as plain text.
 */
import { useEffect, useState } from 'react';
import { View, Text, Image, Textarea } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { ACK, chars } from '@shared/notice/notice.rules';
import { MAX_COMMENT_CHARS } from '@shared/notice/notice.schema';
import ErrorState from '@/components/ErrorState';
import { useAction } from '@/hooks/useAction';
import { allowNoticeMessages, noticeDetail, refreshUnreadBadge, replyNotice, sizeText, whenText } from '@/services/notice';
import Chips from '@/components/Chips';
import Tag from '@/components/Tag';
import FailureAlert from '@/components/FailureAlert';
import { redirectToPage } from '@/navigation/pages';
import { waitFor } from '@/components/Pending';
import { usePageData } from '@/hooks/usePageData';
import '../../notice.scss';

function openAttachment(url: string, ext: string) {
  if (!url) return;
  if (process.env.TARO_ENV === 'weapp') {
    void Taro.downloadFile({ url }).then((r) => Taro.openDocument({ filePath: r.tempFilePath, fileType: ext as 'pdf', showMenu: true }));
  } else {
    window.open(url, '_blank', 'noopener');
  }
}

export default function NoticeDetailPage() {
  const id = decodeURIComponent(useRouter().params.id ?? '');
  const page = usePageData(() => noticeDetail(id), [id], { enabled: !!id });
  const { data } = page;
  const [choice, setChoice] = useState('');
  const [comment, setComment] = useState('');
  const [mine, setMine] = useState<{ choice: string; comment: string } | null>(null);
  const action = useAction();

  useEffect(() => {
    if (data) void refreshUnreadBadge().catch(() => undefined);
  }, [data]);

  if (!id) return <ErrorState error={null} title="缺少通知编号" />;
  const wait = waitFor(page);
  if (wait || !data) return wait;

  const receipt = mine ?? data.myReceipt;
  const needs = data.receipt.kind !== 'none' && !data.asStaff;
  const submit = (picked: string) => {
    // Allowing the notice template is asked in the tap itself (WeChat requires it), then the receipt goes out.
    void allowNoticeMessages();
    void action.run(async () => {
      const r = await replyNotice(data.noticeId, picked, comment.trim() || undefined);
      setMine(r.receipt);
      void Taro.showToast({ title: '回执已提交', icon: 'success' });
    });
  };

  return (
    <View className="ps-page notice-detail">
      <View className="notice-card">
        <Text className="notice-card__title" data-testid="notice-title">
          {data.title}
        </Text>
        <Text className="notice-card__meta">
          {data.senderName} · {data.schoolName} · {whenText(data.sendAt)}
        </Text>
        <View className="notice-tags">
          <Tag>{data.category}</Tag>
          {data.childNames.length ? <Tag>{data.childNames.join('、')}</Tag> : null}
        </View>
        {/* Plain text, never markup: whatever the sender typed is shown as typed. */}
        <Text className="notice-body" userSelect data-testid="notice-body">
          {data.body}
        </Text>
        {data.images.length ? (
          <View className="notice-images">
            {data.images.map((img) => (
              <Image
                key={img.fileId}
                className="notice-image"
                src={img.url}
                mode="aspectFill"
                onClick={() => void Taro.previewImage({ current: img.url, urls: data.images.map((i) => i.url).filter(Boolean) })}
              />
            ))}
          </View>
        ) : null}
        {data.attachment ? (
          <View className="notice-file" onClick={() => openAttachment(data.attachment!.url, data.attachment!.ext)}>
            <Text>📎 {data.attachment.name}</Text>
            <Text className="notice-muted">{sizeText(data.attachment.size)} · 打开</Text>
          </View>
        ) : null}
        {data.courseLink ? (
          <View className="notice-actions">
            <Button block type="primary" fill="outline" onClick={() => void Taro.navigateTo({ url: data.courseLink! })}>
              查看课程
            </Button>
          </View>
        ) : null}
      </View>

      {needs ? (
        <View className="notice-card" data-testid="receipt">
          <Text className="notice-card__title">回执</Text>
          {receipt ? (
            <Text className="notice-card__meta" data-testid="my-receipt">
              {'byFamily' in receipt && receipt.byFamily ? '家人已回执' : '您已回执'}：{receipt.choice}
              {receipt.comment ? `（留言：${receipt.comment}）` : ''}
            </Text>
          ) : data.receipt.kind === 'ack' ? (
            <View className="notice-actions">
              <Button block type="primary" disabled={action.busy} onClick={() => submit(ACK)}>
                已阅知
              </Button>
            </View>
          ) : data.receipt.kind === 'choice' ? (
            <View>
              <Chips
                wrap
                options={data.receipt.options.map((o) => ({ value: o, label: o }))}
                value={choice ? [choice] : []}
                onChange={(v) => v[0] && setChoice(v[0])}
                itemTestId={(o) => `receipt-option-${o}`}
              />
              {data.receipt.allowComment ? (
                <View className="notice-field">
                  <Textarea
                    className="notice-textarea"
                    style={{ minHeight: '120px' }}
                    placeholder="留言（选填），如：妈妈参加"
                    value={comment}
                    maxlength={MAX_COMMENT_CHARS}
                    onInput={(e) => setComment(e.detail.value)}
                  />
                  <Text className={`notice-count${chars(comment) > MAX_COMMENT_CHARS ? ' notice-count--over' : ''}`}>
                    {chars(comment)}/{MAX_COMMENT_CHARS}
                  </Text>
                </View>
              ) : null}
              <View className="notice-actions">
                <Button block type="primary" disabled={!choice || action.busy} onClick={() => submit(choice)} data-testid="receipt-submit">
                  提交回执
                </Button>
              </View>
            </View>
          ) : null}
          <FailureAlert failure={action.failure} />
        </View>
      ) : null}

      {data.asStaff ? (
        <View className="notice-actions">
          <Button block type="primary" fill="outline" onClick={() => redirectToPage('notice.stats', { id: data.noticeId })}>
            查看阅读和回执情况
          </Button>
        </View>
      ) : null}
    </View>
  );
}
