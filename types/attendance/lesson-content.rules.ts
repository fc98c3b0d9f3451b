/**
 * What a lesson needs to be watched or read (pure; imported by the schema, so it imports nothing of it).
 */
/** A readable article has at least this many characters of text. */
export const MIN_ARTICLE_CHARS = 50;
const VIDEO_FILE_RE = /\.(mp4|m4v|mov|webm|m3u8)(\?.*)?$/i;

/**
 * Media a player can play: a cloud storage file (cloud://…, played by the weapp <Video> and sent to
 * H5 as a temporary URL) or an http(s) address of a video file. A web page ("https://…/micro/phone")
 * is not: the player would show nothing and progress would never move.
 */
export function isPlayableMedia(url: string | null | undefined): boolean {
  if (!url) return false;
  const u = url.trim();
  if (/^cloud:\/\/[^/]+\/.+/.test(u)) return true;
  return /^https?:\/\/[^/]+\/.+/i.test(u) && VIDEO_FILE_RE.test(u);
}

export function isReadableArticle(body: string | null | undefined): boolean {
  return !!body && body.replace(/\s+/g, '').length >= MIN_ARTICLE_CHARS;
}

export type LessonContentProblem = null | { path: 'mediaUrl' | 'body'; message: string };

/** Why a lesson cannot be published (null: it can): a video needs playable media, an article readable text. */
export function lessonContentProblem(l: { kind: 'video' | 'article'; mediaUrl?: string | null; body?: string | null }): LessonContentProblem {
  if (l.kind === 'video' && !isPlayableMedia(l.mediaUrl)) {
    return { path: 'mediaUrl', message: '视频微课需要可播放的视频（上传视频文件，或填写以 .mp4 结尾的视频地址）才能发布' };
  }
  if (l.kind === 'article' && !isReadableArticle(l.body)) {
    return { path: 'body', message: `图文微课的正文至少 ${MIN_ARTICLE_CHARS} 个字才能发布` };
  }
  return null;
}

/**
 * How the page counts progress: 'video' while the video plays, 'reading' as time passes on a
 * readable text (an article, or a video's transcript when the video cannot play), 'none' when there
 * is nothing to watch or read (the page says so instead of a completion that never enables).
 */
export type LessonPlayback = 'video' | 'reading' | 'none';

export function lessonPlayback(l: { kind: 'video' | 'article'; mediaUrl?: string | null; body?: string | null }, videoFailed = false): LessonPlayback {
  if (l.kind === 'video' && isPlayableMedia(l.mediaUrl) && !videoFailed) return 'video';
  if (isReadableArticle(l.body)) return 'reading';
  return 'none';
}
