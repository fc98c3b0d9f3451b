import { useEffect, useRef, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import FailureAlert from '../FailureAlert';
import { failureText } from '../../services/cloud';
import { EXPORT_CONTENTS, EXPORT_TITLES, openWorkbook, progressText, runExport, type ExportJob, type ExportKind, type ExportParams } from '../../services/export';
import './index.scss';

/**
 * One export (xlsx) with what it contains and for which period, a progress bar while the
 * function builds it in steps, and 打开表格 / 重新导出 once it is there. The dashboard passes the
 * scope (and course / session) it shows.
 */
export default function ExportButton({ kind, params, label, testId }: { kind: ExportKind; params: ExportParams; label?: string; testId?: string }) {
  const [job, setJob] = useState<ExportJob | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const signal = useRef({ aborted: false });
  useEffect(() => {
    const s = signal.current;
    return () => {
      s.aborted = true;
    };
  }, []);

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await runExport(kind, params, setJob, { signal: signal.current });
    } catch (e) {
      setFailure(failureText(e));
    } finally {
      setBusy(false);
    }
  };

  const open = async () => {
    if (!job) return;
    try {
      await openWorkbook(job);
    } catch (e) {
      setFailure(failureText(e));
    }
  };

  const pct = job ? Math.round(job.progress * 100) : 0;
  return (
    <View className="ps-export" data-testid={testId ?? `export-${kind}`}>
      <View className="ps-export__head">
        <Text className="ps-export__title">{label ?? EXPORT_TITLES[kind]}</Text>
        <Text className="ps-export__contents">{EXPORT_CONTENTS[kind]}</Text>
        {job ? <Text className="ps-export__period">{job.period}</Text> : null}
      </View>
      {job && job.status === 'running' ? (
        <View className="ps-export__progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
          <View className="ps-export__bar">
            <View className="ps-export__fill" style={{ width: `${pct}%` }} />
          </View>
          <Text className="ps-export__status" data-testid="export-progress">{progressText(job)}</Text>
        </View>
      ) : null}
      {job && job.status === 'done' ? (
        <Text className="ps-export__status ps-export__status--done" data-testid="export-done">
          已生成 {job.rows ?? 0} 行（{Math.max(1, Math.round((job.bytes ?? 0) / 1024))} KB），文件保留24小时，仅您本人可下载
        </Text>
      ) : null}
      <FailureAlert failure={failure} testId="export-failure" />
      <View className="ps-export__actions">
        {job && job.status === 'done' && !busy ? (
          <>
            <Button type="primary" size="small" data-testid="export-open" onClick={() => void open()}>
              打开表格
            </Button>
            <Button size="small" data-testid="export-again" onClick={() => void start()}>
              重新导出
            </Button>
          </>
        ) : (
          <Button type="primary" size="small" data-testid="export-start" loading={busy} disabled={busy} onClick={() => void start()}>
            {busy ? '正在导出…' : '导出 Excel'}
          </Button>
        )}
      </View>
    </View>
  );
}
