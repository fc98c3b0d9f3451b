/**
 * The certificate image, drawn on the server with @napi-rs/canvas (Skia; a native addon kept as a
 * dependency of the certificate function, see scripts/build-functions.ts) in a CJK font subset to
 * the characters used (fonts.ts), with the school's seal image (or a drawn seal) and principal's
 * name as the school set them, and the verification QR (a mini-program code). PNG bytes.
 */
import { shanghai } from '../../types/common/time';
import { displayCode } from '../../types/certificate/certificate.rules';
import { ensureFonts, FONT_FAMILY } from './fonts';

export interface CertificateFace {
  holderName: string;
  schoolName: string;
  className: string;
  schoolYear: string;
  hours: number;
  sessions: number;
  excellent: boolean;
  number: string;
  code: string;
  issuedAt: Date;
  principalName: string;
  /** PNG/JPEG bytes of the school's seal, or null: a drawn seal. */
  seal: Buffer | null;
  /** PNG bytes of the verification QR. */
  qr: Buffer;
}

export const WIDTH = 1000;
export const HEIGHT = 1400;

const RED = '#b3261e';
const GOLD = '#b8860b';
const INK = '#2b2118';

type Ctx2D = import('@napi-rs/canvas').SKRSContext2D;

const NO_LINE_START = new Set([...'，。、；：！？）”’》」']);
const NO_LINE_END = new Set([...'（“‘《「']);

/** Line breaking with the basic Chinese rules: no closing punctuation first, no opening bracket last. */
function wrap(ctx: Ctx2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of [...text]) {
    if (ctx.measureText(line + ch).width > maxWidth && line && !NO_LINE_START.has(ch)) {
      let carry = '';
      while (line && NO_LINE_END.has(line.slice(-1))) {
        carry = line.slice(-1) + carry;
        line = line.slice(0, -1);
      }
      lines.push(line);
      line = carry + ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

function drawnSeal(ctx: Ctx2D, cx: number, cy: number, r: number, schoolName: string): void {
  ctx.save();
  ctx.strokeStyle = RED;
  ctx.fillStyle = RED;
  ctx.globalAlpha = 0.72;
  ctx.lineWidth = 7;
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.stroke();
  // a five-pointed star
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r * 0.28 : r * 0.11;
    ctx.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
  }
  ctx.closePath();
  ctx.fill();
  // the school's name along the upper arc
  const chars = [...schoolName].slice(0, 14);
  const span = Math.PI * 1.2;
  ctx.font = `bold ${Math.round(r * 0.22)}px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  chars.forEach((ch, i) => {
    const a = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length;
    ctx.save();
    ctx.translate(cx + r * 0.74 * Math.cos(a), cy + r * 0.74 * Math.sin(a));
    ctx.rotate(a + Math.PI / 2);
    ctx.fillText(ch, 0, 0);
    ctx.restore();
  });
  ctx.font = `bold ${Math.round(r * 0.2)}px ${FONT_FAMILY}`;
  ctx.fillText('家长学校', cx, cy + r * 0.52);
  ctx.restore();
}

export function faceText(f: Pick<CertificateFace, 'holderName' | 'schoolName' | 'className' | 'schoolYear' | 'principalName' | 'number' | 'code'>): string {
  return `结业证书优秀家长：您于学年在参加家庭教育指导学习累计完成课时次活动成绩合格准予特授予称号发此证。\u3000校长年月日扫码验证真伪证书编号验证码0123456789.-—（）★${f.holderName}${f.schoolName}${f.className}${f.schoolYear}${f.principalName}${f.number}${f.code}`;
}

export async function renderCertificate(f: CertificateFace): Promise<{ png: Buffer; fontFiles: number; fontBytes: number }> {
  // Loaded on first render only: verification and lists never pay for the native addon.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { createCanvas, GlobalFonts, loadImage } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
  const font = ensureFonts((buf, family) => GlobalFonts.register(buf, family), faceText(f), [400, 700]);
  const canvas = createCanvas(WIDTH, HEIGHT);
  const ctx = canvas.getContext('2d');
  // paper and borders
  ctx.fillStyle = '#fffaf0';
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  ctx.strokeStyle = RED;
  ctx.lineWidth = 14;
  ctx.strokeRect(36, 36, WIDTH - 72, HEIGHT - 72);
  ctx.strokeStyle = GOLD;
  ctx.lineWidth = 3;
  ctx.strokeRect(62, 62, WIDTH - 124, HEIGHT - 124);

  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = RED;
  ctx.font = `bold 112px ${FONT_FAMILY}`;
  ctx.fillText('结业证书', WIDTH / 2, 270);
  ctx.fillStyle = GOLD;
  ctx.font = `36px ${FONT_FAMILY}`;
  ctx.fillText(`${f.schoolName} · 家长学校`, WIDTH / 2, 345);

  ctx.textAlign = 'left';
  ctx.fillStyle = INK;
  ctx.font = `bold 46px ${FONT_FAMILY}`;
  ctx.fillText(`${f.holderName} 家长：`, 120, 470);
  ctx.font = `38px ${FONT_FAMILY}`;
  const hours = Number.isInteger(f.hours) ? String(f.hours) : f.hours.toFixed(1);
  const body = `您于 ${f.schoolYear} 学年在${f.schoolName}（${f.className}）参加家庭教育指导学习，累计完成 ${hours} 课时、${f.sessions} 次活动，成绩合格，准予结业。${f.excellent ? '特授予“优秀家长”称号。' : ''}`;
  let y = 580;
  const lines = wrap(ctx, `\u3000\u3000${body}`, WIDTH - 240).map((l) => l.replace(/^ +/, ''));
  for (const line of lines) {
    ctx.fillText(line, 120, y);
    y += 68;
  }
  ctx.textAlign = 'right';
  ctx.fillText('特发此证。', WIDTH - 120, y + 20);
  ctx.textAlign = 'left';
  if (f.excellent) {
    // 优秀家长: a gold badge beside the holder's name
    ctx.save();
    ctx.fillStyle = GOLD;
    ctx.beginPath();
    ctx.roundRect(WIDTH - 120 - 290, 412, 290, 76, 38);
    ctx.fill();
    ctx.fillStyle = '#fff';
    ctx.textAlign = 'center';
    ctx.font = `bold 42px ${FONT_FAMILY}`;
    ctx.fillText('★ 优秀家长 ★', WIDTH - 120 - 145, 466);
    ctx.restore();
  }

  // signature block, bottom right, with the seal over the school's name
  const d = shanghai(f.issuedAt);
  ctx.textAlign = 'center';
  ctx.fillStyle = INK;
  ctx.font = `36px ${FONT_FAMILY}`;
  const sx = 690;
  ctx.fillText(f.schoolName, sx, 1060);
  if (f.principalName) ctx.fillText(`校长：${f.principalName}`, sx, 1116);
  ctx.fillText(`${d.year()}年${d.month() + 1}月${d.date()}日`, sx, 1172);
  // The seal over the school's name and the date, as a stamped certificate has it.
  if (f.seal) {
    try {
      const img = await loadImage(f.seal);
      ctx.globalAlpha = 0.85;
      ctx.drawImage(img, sx - 40, 990, 220, 220);
      ctx.globalAlpha = 1;
    } catch {
      drawnSeal(ctx, sx + 70, 1100, 105, f.schoolName);
    }
  } else drawnSeal(ctx, sx + 70, 1100, 105, f.schoolName);

  // verification, bottom left
  const qr = await loadImage(f.qr);
  ctx.drawImage(qr, 120, 1000, 200, 200);
  ctx.textAlign = 'left';
  ctx.fillStyle = INK;
  ctx.font = `24px ${FONT_FAMILY}`;
  ctx.fillText('扫码验证真伪', 148, 1232);
  ctx.font = `22px ${FONT_FAMILY}`;
  ctx.fillText(`证书编号：${f.number}`, 100, 1276);
  ctx.fillText(`验证码：${displayCode(f.code)}`, 100, 1310);

  return { png: canvas.toBuffer('image/png'), fontFiles: font.files, fontBytes: font.bytes };
}
