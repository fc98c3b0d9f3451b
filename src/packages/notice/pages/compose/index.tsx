/**
 * 发通知 (teachers and school staff): audience (only what the sender may address, from the same
 * rule the server applies), category, title, body ≤ 2,000 characters, up to 9 images and one
 * pdf/xlsx/docx ≤ 10 MB, an optional receipt and an optional scheduled time.
 */
import { useMemo, useState } from 'react';
import { View, Text, Input, Textarea, Picker, Image } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { ERROR_MESSAGES } from '@shared/common/errors';
import { dayjs, shanghai, TZ } from '@shared/common/time';
import { chars, extOf, validateDraft } from '@shared/notice/notice.rules';
import {
  ATTACHMENT_EXTS,
  MAX_ATTACHMENT_BYTES,
  MAX_BODY_CHARS,
  MAX_IMAGES,
  NOTICE_CATEGORIES,
  type Attachment,
  type NoticeAudience,
  type NoticeCategory,
  type ReceiptSpec,
} from '@shared/notice/notice.schema';
import EmptyState from '@/components/EmptyState';
import { useAsync } from '@/hooks/useAsync';
import { useAction } from '@/hooks/useAction';
import { useProfile } from '@/hooks/useProfile';
import { composeOptions, sendNotice, sizeText, uploadNoticeFile } from '@/services/notice';
import { MAX_IMAGE_BYTES } from '@/services/upload';
import Chips from '@/components/Chips';
import FailureAlert from '@/components/FailureAlert';
import { redirectToPage } from '@/navigation/pages';
import { waitFor } from '@/components/Pending';
import '../../notice.scss';

type ReceiptKind = 'none' | 'ack' | 'attend';
const RECEIPTS: { key: ReceiptKind; label: string }[] = [
  { key: 'none', label: '无需回执' },
  { key: 'ack', label: '已阅知' },
  { key: 'attend', label: '参加 / 不参加' },
];

function receiptSpec(k: ReceiptKind): ReceiptSpec {
  return k === 'none' ? { kind: 'none' } : k === 'ack' ? { kind: 'ack' } : { kind: 'choice', options: ['参加', '不参加'], allowComment: true };
}

/** H5 has no chooseMessageFile: a file input, its blob URL uploaded like any picked file. */
function pickFileH5(): Promise<{ path: string; name: string; size: number } | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ATTACHMENT_EXTS.map((e) => `.${e}`).join(',');
    input.onchange = () => {
      const f = input.files?.[0];
      resolve(f ? { path: URL.createObjectURL(f), name: f.name, size: f.size } : null);
    };
    input.click();
  });
}

async function pickFile(): Promise<{ path: string; name: string; size: number } | null> {
  if (process.env.TARO_ENV !== 'weapp') return pickFileH5();
  try {
    const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: [...ATTACHMENT_EXTS] });
    const f = r.tempFiles[0];
    return f ? { path: f.path, name: f.name, size: f.size } : null;
  } catch {
    return null;
  }
}

/** The audience after adding `key`: several classes may go together; a grade, the school, a course or the 教联体 goes alone. */
function withAudience(picked: string[], key: string, kind: string | undefined): string[] {
  const classesOnly = kind === 'classes' && picked.every((k) => k.startsWith('class:'));
  return classesOnly ? [...picked, key] : [key];
}

export default function ComposePage() {
  const profile = useProfile();
  const params = useRouter().params;
  const staffSchools = (profile.data?.memberships ?? []).filter((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  const schoolId = params.schoolId || staffSchools[0]?.schoolId || '';
  const opts = useAsync(() => composeOptions(schoolId), [schoolId], { enabled: profile.signedIn && !!schoolId });
  const [picked, setPicked] = useState<string[]>([]);
  const [category, setCategory] = useState<NoticeCategory>('家长会');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [images, setImages] = useState<{ fileId: string; preview: string }[]>([]);
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [receipt, setReceipt] = useState<ReceiptKind>('none');
  const [scheduled, setScheduled] = useState(false);
  const tomorrow = shanghai().add(1, 'day');
  const [date, setDate] = useState(tomorrow.format('YYYY-MM-DD'));
  const [time, setTime] = useState('08:00');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const upload = useAction();

  const options = useMemo(() => opts.data?.options ?? [], [opts.data]);
  const audience: NoticeAudience | null = useMemo(() => {
    const chosen = options.filter((o) => picked.includes(o.key));
    if (!chosen.length) return null;
    const classes = chosen.filter((o) => o.audience.kind === 'classes');
    if (classes.length === chosen.length) return { kind: 'classes', classIds: classes.flatMap((o) => (o.audience as { classIds: string[] }).classIds) };
    return chosen[0].audience;
  }, [options, picked]);


  const addImages = () =>
    upload.run(async () => {
      const r = await Taro.chooseImage({ count: MAX_IMAGES - images.length, sizeType: ['compressed'], sourceType: ['album', 'camera'] }).catch(() => null);
      if (!r) return;
      const files = (r.tempFiles ?? []).map((f) => ({ path: f.path, size: f.size }));
      if (files.some((f) => f.size > MAX_IMAGE_BYTES)) throw new Error('图片不能超过5MB');
      for (const f of files.slice(0, MAX_IMAGES - images.length)) {
        const fileId = await uploadNoticeFile(schoolId, f.path);
        setImages((list) => [...list, { fileId, preview: f.path }]);
      }
    });

  const addAttachment = () =>
    upload.run(async () => {
      const f = await pickFile();
      if (!f) return;
      if (!(ATTACHMENT_EXTS as readonly string[]).includes(extOf(f.name))) return upload.setFailure(ERROR_MESSAGES.NOTICE_ATTACHMENT_TYPE);
      if (f.size > MAX_ATTACHMENT_BYTES) return upload.setFailure(ERROR_MESSAGES.NOTICE_ATTACHMENT_TOO_LARGE);
      const fileId = await uploadNoticeFile(schoolId, f.path, f.name);
      setAttachment({ fileId, name: f.name, size: f.size });
    });

  const submit = () => {
    if (!audience) return setProblem(ERROR_MESSAGES.NOTICE_AUDIENCE_EMPTY);
    const scheduledAt = scheduled ? dayjs.tz(`${date} ${time}`, TZ).toDate() : null;
    const draft = { title, body, images: images.map((i) => i.fileId), attachment, audience, receipt: receiptSpec(receipt), scheduledAt };
    const v = validateDraft(draft, new Date());
    if (!v.ok) return setProblem(ERROR_MESSAGES[v.code]);
    setProblem(null);
    void action.run(async () => {
      const r = await sendNotice({ schoolId, category, ...draft, scheduledAt: scheduledAt ? scheduledAt.toISOString() : null });
      void Taro.showToast({ title: scheduled ? '已定时' : '已发送', icon: 'success' });
      redirectToPage('notice.stats', { id: r.notice.noticeId });
    });
  };

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!schoolId) return <EmptyState title="只有老师和学校管理员可以发通知" description="如您是老师，请先在“我的”中加入学校" />;
  const waitOptions = waitFor(opts);
  if (waitOptions || !opts.data) return waitOptions;

  const over = chars(body) > MAX_BODY_CHARS;
  return (
    <View className="ps-page notice-compose">
      <Text className="notice-section">发送给（{opts.data.schoolName}）</Text>
      {options.length === 0 ? (
        <Text className="notice-error">您目前没有可以发送通知的班级，请联系学校管理员设置您的任教班级。</Text>
      ) : (
        <Chips
          wrap
          multiple
          testId="audience-options"
          options={options.map((o) => ({ value: o.key, label: o.label }))}
          value={picked}
          onChange={(next) => {
            const added = next.find((k) => !picked.includes(k));
            const kind = options.find((o) => o.key === added)?.audience.kind;
            setPicked(added ? withAudience(picked, added, kind) : next);
          }}
          itemTestId={(key) => `audience-${key}`}
        />
      )}
      <Text className="notice-section">类别</Text>
      <Chips wrap options={NOTICE_CATEGORIES.map((c) => ({ value: c, label: c }))} value={[category]} onChange={(v) => v[0] && setCategory(v[0])} />
      <View className="notice-field">
        <Text className="notice-field__label">标题</Text>
        <Input className="notice-input" placeholder="如：期中家长会通知" value={title} maxlength={40} onInput={(e) => setTitle(e.detail.value)} data-testid="notice-title-input" />
      </View>
      <View className="notice-field">
        <Text className="notice-field__label">正文</Text>
        <Textarea
          className="notice-textarea"
          placeholder="时间、地点、需要家长做什么"
          value={body}
          maxlength={-1}
          onInput={(e) => setBody(e.detail.value)}
          data-testid="notice-body-input"
        />
        <Text className={`notice-count${over ? ' notice-count--over' : ''}`}>
          {chars(body)}/{MAX_BODY_CHARS}
        </Text>
      </View>
      <View className="notice-field">
        <Text className="notice-field__label">
          图片（{images.length}/{MAX_IMAGES}）与附件（PDF、Excel、Word，10MB 以内）
        </Text>
        <View className="notice-images">
          {images.map((img) => (
            <Image key={img.fileId} className="notice-image" src={img.preview} mode="aspectFill" onClick={() => setImages((l) => l.filter((x) => x.fileId !== img.fileId))} />
          ))}
        </View>
        {attachment ? (
          <View className="notice-file" onClick={() => setAttachment(null)}>
            <Text>📎 {attachment.name}</Text>
            <Text className="notice-muted">{sizeText(attachment.size)} · 点击移除</Text>
          </View>
        ) : null}
        <View className="notice-actions" style={{ margin: '16px 0 0' }}>
          <Button size="small" fill="outline" disabled={upload.busy || images.length >= MAX_IMAGES} onClick={() => void addImages()}>
            添加图片
          </Button>
          <Button size="small" fill="outline" disabled={upload.busy || !!attachment} onClick={() => void addAttachment()}>
            添加附件
          </Button>
        </View>
        <FailureAlert failure={upload.failure} />
      </View>
      <Text className="notice-section">回执</Text>
      <Chips
        wrap
        testId="receipt-kinds"
        options={RECEIPTS.map((r) => ({ value: r.key, label: r.label }))}
        value={[receipt]}
        onChange={(v) => v[0] && setReceipt(v[0])}
        itemTestId={(k) => `receipt-kind-${k}`}
      />
      <Text className="notice-section">发送时间</Text>
      <Chips
        wrap
        options={[
          { value: 'now', label: '立即发送' },
          { value: 'later', label: '定时发送' },
        ]}
        value={[scheduled ? 'later' : 'now']}
        onChange={(v) => v[0] && setScheduled(v[0] === 'later')}
      />
      {scheduled ? (
        <View className="notice-field" style={{ display: 'flex', gap: '24px' }}>
          <Picker mode="date" value={date} onChange={(e) => setDate(String(e.detail.value))}>
            <Text>{date}</Text>
          </Picker>
          <Picker mode="time" value={time} onChange={(e) => setTime(String(e.detail.value))}>
            <Text>{time}</Text>
          </Picker>
        </View>
      ) : null}
      <FailureAlert failure={problem || action.failure} testId="compose-error" />
      <View className="notice-actions">
        <Button block type="primary" disabled={action.busy || upload.busy} onClick={submit} data-testid="notice-send">
          {scheduled ? '定时发送' : '发送'}
        </Button>
      </View>
      <Text className="notice-section">发送后15分钟内可撤回；提醒未读每24小时一次，21:00至次日7:00不打扰家长。</Text>
    </View>
  );
}
