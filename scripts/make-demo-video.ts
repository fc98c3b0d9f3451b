/**
 * Writes the demo micro-lesson video (scripts/seed/assets/demo-lesson.mp4): H.264 in MP4, which the
 * weapp <Video> and every browser play. 15 minutes at one frame per second, 320×180: a title and a
 * running clock on each frame, so a viewer sees it play. Encoded with WebCodecs in Debian's
 * Chromium (faster than real time) and muxed with mp4-muxer. Run once: `npx tsx scripts/make-demo-video.ts`.
 */
import { createServer } from 'http';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { launchChromium } from '../e2e/helpers/browser';

export const DEMO_VIDEO_SECONDS = 900;
const OUT = join(__dirname, 'seed', 'assets', 'demo-lesson.mp4');

async function main() {
  const muxer = readFileSync(join(__dirname, '..', 'node_modules', 'mp4-muxer', 'build', 'mp4-muxer.js'), 'utf8');
  const srv = createServer((_q, s) => {
    s.setHeader('content-type', 'text/html; charset=utf-8');
    s.end(`<html><body><canvas id="c" width="320" height="180"></canvas><script>${muxer}</script></body></html>`);
  }).listen(0);
  const port = (srv.address() as { port: number }).port;
  const b = await launchChromium();
  try {
    const p = await b.context.newPage();
    await p.goto(`http://127.0.0.1:${port}/`);
    // Plain JavaScript run in the page (a string: the TypeScript runner's helpers do not exist there).
    const bytes = (await p.evaluate(`(async (seconds) => {
      const { Muxer, ArrayBufferTarget } = window.Mp4Muxer;
      const canvas = document.getElementById('c');
      const g = canvas.getContext('2d');
      const muxer = new Muxer({ target: new ArrayBufferTarget(), video: { codec: 'avc', width: 320, height: 180 }, fastStart: 'in-memory' });
      const enc = new VideoEncoder({ output: (chunk, meta) => muxer.addVideoChunk(chunk, meta), error: (e) => { throw e; } });
      enc.configure({ codec: 'avc1.42001f', width: 320, height: 180, bitrate: 60000, framerate: 1, avc: { format: 'avc' } });
      const mmss = (s) => String(Math.floor(s / 60)).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
      for (let s = 0; s <= seconds; s++) {
        g.fillStyle = '#14684a';
        g.fillRect(0, 0, 320, 180);
        g.fillStyle = '#ffffff';
        g.font = '22px sans-serif';
        g.fillText('家长学校 · 微课示例', 24, 64);
        g.font = '16px sans-serif';
        g.fillText('演示视频（无声）', 24, 96);
        g.font = '28px monospace';
        g.fillText(mmss(s) + ' / ' + mmss(seconds), 24, 150);
        const frame = new VideoFrame(canvas, { timestamp: s * 1000000, duration: 1000000 });
        enc.encode(frame, { keyFrame: s % 30 === 0 });
        frame.close();
        if (enc.encodeQueueSize > 20) await new Promise((r) => setTimeout(r, 5));
      }
      await enc.flush();
      muxer.finalize();
      return Array.from(new Uint8Array(muxer.target.buffer));
    })(${DEMO_VIDEO_SECONDS})`)) as number[];
    writeFileSync(OUT, Buffer.from(bytes));
    console.log(`${OUT}: ${bytes.length} bytes, ${DEMO_VIDEO_SECONDS} s`);
  } finally {
    await b.close();
    srv.close();
  }
}

if (require.main === module) void main();
