/**
 * Micro-lesson player / reader. The server records when the lesson was started and accepts the
 * completion only when enough time has passed (≥ 90 % of the length); progress is reported as the
 * parent watches or reads.
 */
import { useEffect, useRef, useState } from 'react';
import { View, Text, Video } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useRequireSignIn } from '@/hooks/useSession';
import { completeLesson, minutesLabel, reportLessonProgress, startLesson } from '@/services/attendance';
import { PLAUSIBLE_SHARE, lessonPlayback } from '@shared/attendance/attendance.rules';
import type { LessonView } from '@shared/attendance/attendance.schema';
import { elderClass } from '@/services/elder-mode';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import '../../credit.scss';

const REPORT_EVERY_MS = 15_000;

export default function LessonPage() {
  const signedIn = useRequireSignIn();
  const params = useRouter().params;
  const lessonId = decodeURIComponent(params.lessonId ?? '');
  /** Set when opened from a course detail page (a recorded course, for that family). */
  const familyId = params.familyId ? decodeURIComponent(params.familyId) : undefined;
  const [lesson, setLesson] = useState<LessonView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(Date.now());
  const action = useAction({ toast: true });
  const { busy } = action;
  const [done, setDone] = useState('');
  const [videoFailed, setVideoFailed] = useState(false);
  const position = useRef(0);
  /** When the lesson started, on this phone's clock: counted back from the server's elapsed time. */
  const startedHere = useRef<number | null>(null);

  useEffect(() => {
    if (!signedIn || !lessonId) return;
    let stop = false;
    startLesson(lessonId, familyId)
      .then((l) => {
        if (stop) return;
        startedHere.current = l.progress ? Date.now() - l.progress.elapsedSeconds * 1000 : null;
        setLesson(l);
        position.current = l.progress?.positionSeconds ?? 0;
      })
      .catch((e) => !stop && setError(e));
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      stop = true;
      clearInterval(tick);
    };
  }, [signedIn, lessonId, familyId]);

  // Not from progress.startedAt: a phone's clock is often some seconds off the server's.
  const startedAt = startedHere.current ?? now;
  const elapsed = Math.max(0, Math.floor((now - startedAt) / 1000));
  // What plays: the video (progress = how far it played), or a text that is "read" as time passes on
  // the page (an article, or a video's transcript when the video cannot play).
  const playback = lesson ? lessonPlayback({ kind: lesson.kind, mediaUrl: lesson.playUrl ?? lesson.mediaUrl, body: lesson.body }, videoFailed) : 'none';
  if (lesson && playback === 'reading') position.current = Math.max(position.current, Math.min(elapsed, lesson.durationSeconds));

  useEffect(() => {
    if (!lesson || lesson.progress?.completedAt) return;
    const t = setInterval(() => {
      void reportLessonProgress(lesson.lessonId, position.current, familyId).catch(() => undefined);
    }, REPORT_EVERY_MS);
    return () => clearInterval(t);
  }, [lesson, familyId]);

  const wait = waitFor({ signedIn, loading: !error, error, data: lesson ?? undefined });
  if (wait || !lesson) return wait;

  const needed = Math.ceil(lesson.durationSeconds * PLAUSIBLE_SHARE);
  const completed = !!lesson.progress?.completedAt || !!done;
  const ready = playback !== 'none' && elapsed >= needed && position.current >= needed;
  const complete = () =>
    action.run(async () => {
      const r = await completeLesson(lesson.lessonId, position.current, familyId);
      setDone(r.created ? `已完成，计入 ${r.creditedHours} 课时` : '已完成（学时已记录，不会重复计算）');
    });
  return (
    <View className={`ps-page${elderClass()}`}>
      <View className="ps-card">
        <Text className="cr-title" data-testid="lesson-title">
          {lesson.title}
        </Text>
        <Text className="cr-line">
          {lesson.kind === 'video' ? '视频' : '图文'} · {minutesLabel(lesson.durationSeconds)} · {lesson.creditHours} 课时
        </Text>
        {playback === 'video' ? (
          <View className="cr-video-box">
          <Video
            id="lesson-video"
            src={(lesson.playUrl ?? lesson.mediaUrl)!}
            className="cr-video"
            data-testid="lesson-video"
            controls
            showFullscreenBtn
            initialTime={lesson.progress?.positionSeconds ?? 0}
            onTimeUpdate={(e) => {
              position.current = Math.max(position.current, Math.floor(e.detail.currentTime));
            }}
            onError={() => setVideoFailed(true)}
          />
          </View>
        ) : null}
        {videoFailed ? (
          <Text className="cr-line cr-notice" data-testid="lesson-video-failed">
            {lesson.body ? '视频暂时无法播放，请阅读下面的文字稿，阅读时长同样计入。' : '视频暂时无法播放，请检查网络后重新进入本页。'}
          </Text>
        ) : null}
        {playback === 'none' && !videoFailed ? (
          <Text className="cr-line cr-notice" data-testid="lesson-unavailable">
            这节微课暂时没有可观看的内容，请联系老师。
          </Text>
        ) : null}
        {lesson.body ? (
          <View>
            {lesson.body.split('\n').map((p, i) => (
              <Text key={i} className="cr-line">
                {p}
              </Text>
            ))}
          </View>
        ) : null}
        {!lesson.body && !lesson.mediaUrl ? <Text className="cr-line">{lesson.summary}</Text> : null}
      </View>
      <View className="ps-card">
        {completed ? (
          <Text className="cr-success" data-testid="lesson-done">
            {done || '本节微课已完成，学时已计入学习档案'}
          </Text>
        ) : (
          <>
            <Text className="cr-line" data-testid="lesson-remaining">
              {ready
                ? '已学习足够时长，可以提交完成。'
                : playback === 'video'
                  ? `请观看视频，看到 ${minutesLabel(needed)} 以后可提交完成（已看 ${position.current < 60 ? `${position.current} 秒` : minutesLabel(position.current)}）。`
                  : `还需学习约 ${minutesLabel(Math.max(needed - elapsed, 1))} 后可提交完成。`}
            </Text>
            <Button type="primary" block disabled={!ready || busy} loading={busy} onClick={() => void complete()} data-testid="lesson-complete">
              完成学习
            </Button>
          </>
        )}
      </View>
    </View>
  );
}
