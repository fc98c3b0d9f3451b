/** 封面图片（选填）: pick, upload (cloud storage under course-covers/<schoolId>/), preview, remove. */
import { useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import { useAction } from '@/hooks/useAction';
import { failureText } from '@/services/cloud';
import { uploadCover } from '@/services/course';
import { chooseOneImage, MAX_IMAGE_BYTES } from '@/services/upload';
import { Section } from './Section';
import type { FieldProps } from './types';

export interface Cover {
  /** What the preview shows: the picked local file, else the stored cover's temp URL. */
  preview: string;
  setPreview(url: string): void;
  uploading: boolean;
  /** Why the last pick was not taken (too large, upload failed); null otherwise. */
  failure: string | null;
  clearFailure(): void;
  pick(): Promise<void>;
}

/** The cover's upload: its own action (busy while uploading), its failure told under the form. */
export function useCover(schoolId: string, set: FieldProps['set']): Cover {
  const [preview, setPreview] = useState('');
  const upload = useAction();
  const pick = async () => {
    upload.setFailure(null);
    const picked = await chooseOneImage();
    if (!picked) return;
    if (picked.size > MAX_IMAGE_BYTES) {
      upload.setFailure('封面图片不能超过 5MB，请换一张');
      return;
    }
    await upload.run(
      async () => {
        set({ coverFileId: await uploadCover(schoolId, picked.path) });
        setPreview(picked.path);
      },
      (e) => `封面上传失败：${failureText(e)}`,
    );
  };
  return { preview, setPreview, uploading: upload.busy, failure: upload.failure, clearFailure: () => upload.setFailure(null), pick };
}

export function CoverField({ form, set, bad, cover }: FieldProps & { cover: Cover }) {
  return (
    <Section label="封面图片（选填）" invalid={bad('coverFileId')}>
      {cover.preview ? <Image className="course-cover course-cover--edit" src={cover.preview} mode="aspectFill" data-testid="cover-preview" /> : null}
      <View className="course-datetime">
        <Text style={{ color: '#1a7f5a' }} onClick={() => void (cover.uploading ? undefined : cover.pick())} data-testid="cover-pick">
          {cover.uploading ? '正在上传…' : form.coverFileId ? '更换封面' : '＋ 选择封面图片'}
        </Text>
        {form.coverFileId && !cover.uploading ? (
          <Text
            style={{ color: '#d25f00' }}
            onClick={() => {
              set({ coverFileId: '' });
              cover.setPreview('');
            }}
          >
            移除封面
          </Text>
        ) : null}
      </View>
    </Section>
  );
}
