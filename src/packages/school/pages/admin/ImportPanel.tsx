/** 表格导入: staff, grades and classes from an .xlsx (checked first, then imported). */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import FailureAlert from '@/components/FailureAlert';
import { isCloudError } from '@/services/cloud';
import { fileToBase64, school, type ImportResult } from '@/services/school';
import { IMPORT_COLUMNS } from '@shared/school/school.rules';
import { useAction } from '@/hooks/useAction';

async function pickXlsx(): Promise<{ name: string; base64: string } | null> {
  if (process.env.TARO_ENV === 'weapp') {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    const f = res.tempFiles[0];
    return f ? { name: f.name, base64: await fileToBase64(f.path) } : null;
  }
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    input.setAttribute('data-testid', 'xlsx-file-input');
    input.style.display = 'none';
    input.onchange = async () => {
      const f = input.files?.[0];
      input.remove();
      resolve(f ? { name: f.name, base64: await fileToBase64(f) } : null);
    };
    document.body.appendChild(input);
    input.click();
  });
}

export default function ImportPanel({ schoolId, onDone }: { schoolId: string; onDone(): void }) {
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [errors, setErrors] = useState<{ row: number; column: string; message: string }[]>([]);
  const action = useAction();
  const { busy, failure } = action;

  async function run(f: { name: string; base64: string }, dryRun: boolean) {
    setErrors([]);
    await action.run(
      async () => {
        const r = await school.importStaff({ schoolId, base64: f.base64, dryRun });
        setPreview(r);
        if (!dryRun) {
          void Taro.showToast({ title: '导入成功', icon: 'success' });
          onDone();
        }
      },
      (e) => {
        setPreview(null);
        const details = isCloudError(e) ? (e.details as { errors?: { row: number; column: string; message: string }[] } | undefined) : undefined;
        if (details?.errors) setErrors(details.errors);
      },
    );
  }

  async function choose() {
    try {
      const f = await pickXlsx();
      if (!f) return;
      setFile(f);
      await run(f, true);
    } catch {
      // the picker was closed
    }
  }

  return (
    <View className="ps-card" data-testid="import-panel">
      <Text className="school-field__label">表格第一行为列名：{IMPORT_COLUMNS.join('、')}。</Text>
      <Text className="ps-muted">一人多个职务可写“班主任、任课教师”或分多行；年级、班级不存在时会自动创建；按手机号匹配已有教职工。</Text>
      <View className="school-actions">
        <Button block type="primary" fill="outline" disabled={busy} onClick={() => void choose()} data-testid="import-choose">
          选择 .xlsx 文件
        </Button>
      </View>
      {file ? <Text className="ps-muted">已选择：{file.name}</Text> : null}
      <FailureAlert failure={failure} />
      {errors.length > 0 ? (
        <View data-testid="import-errors">
          {errors.map((e, i) => (
            <Text key={i} className="school-error">
              {e.row > 0 ? `第${e.row}行` : ''}{e.column ? `「${e.column}」` : ''}：{e.message}
            </Text>
          ))}
        </View>
      ) : null}
      {preview ? (
        <View data-testid="import-preview">
          <Text className="school-notice__h">
            {preview.dryRun ? '检查通过，将' : '已'}新增教职工 {preview.staffCreated} 人、更新 {preview.staffUpdated} 人，新增年级 {preview.gradesCreated} 个、班级 {preview.classesCreated} 个。
          </Text>
          {preview.dryRun && file ? (
            <Button block type="primary" loading={busy} disabled={busy} onClick={() => void run(file, false)} data-testid="import-confirm">
              确认导入
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
