/**
 * 印制家长联络卡: renders printed cards as an A4 PDF (pdf-lib, pure JS), four cards a page, one per
 * family, with an embedded CJK font subset to the characters used (Noto Sans SC, SIL OFL 1.1).
 * The subset is cut by fonteditor-core (pure JS) and embedded whole: pdf-lib's own subsetting
 * (`subset: true` through @pdf-lib/fontkit) drops glyphs of this font — digits and most hanzi
 * render blank although the text still extracts.
 *
 * The font file ships inside the function folder (cloudfunctions/contact/fonts/, copied there by
 * scripts/build-functions.ts from the @expo-google-fonts/noto-sans-sc package): a cloud function has
 * no system fonts, and WeChat uploads only what is inside the function's folder.
 */
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { Font } from 'fonteditor-core';

export const FONT_FILE = 'NotoSansSC-Regular.ttf';

export interface PrintLine {
  label: string;
  name: string;
  /** The number as published, or null (then `note` says how to reach them). */
  phone: string | null;
  note?: string;
  hours?: string;
}

/** What every card of a class shows (the family's child name aside). */
export interface PrintCard {
  schoolName: string;
  className: string;
  lines: PrintLine[];
  committee: { label: string; phone: string | null }[];
  office: { phone: string | null; address: string; hours: string };
  joinCode: string | null;
}

let fontBytes: Uint8Array | null = null;

/** Where the font is: beside the bundled function, or (tests, benchmarks) in the source tree. */
export function fontPath(): string {
  const candidates = [
    join(__dirname, 'fonts', FONT_FILE),
    resolve(__dirname, '../../cloudfunctions/contact/fonts', FONT_FILE),
    resolve(__dirname, '../../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('contact card font missing: run npm run build:functions');
  return found;
}

export function loadFont(): Uint8Array {
  if (!fontBytes) fontBytes = new Uint8Array(readFileSync(fontPath()));
  return fontBytes;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 22;
const GAP = 10;
const COLS = 2;
const ROWS = 2;
export const CARDS_PER_PAGE = COLS * ROWS;

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.42, 0.42, 0.46);
const ACCENT = rgb(0.09, 0.42, 0.33);

function fit(font: PDFFont, text: string, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let s = text;
  while (s.length > 1 && font.widthOfTextAtSize(`${s}…`, size) > width) s = s.slice(0, -1);
  return `${s}…`;
}

/** The part of a card every family of the class shares, drawn once (it becomes a form XObject). */
function drawTemplate(page: PDFPage, font: PDFFont, qr: PDFImage | null, card: PrintCard, x: number, top: number, w: number, h: number): void {
  page.drawRectangle({ x, y: top - h, width: w, height: h, borderColor: MUTED, borderWidth: 0.6, borderDashArray: [3, 3] });
  const pad = 12;
  const inner = w - pad * 2;
  let y = top - pad - 12;
  const text = (s: string, at: number, size: number, color = INK, width = inner - (at - x - pad)) => {
    page.drawText(fit(font, s, size, width), { x: at, y, size, font, color });
  };
  text('家长联络卡', x + pad, 13, ACCENT);
  page.drawText(fit(font, card.schoolName, 9, inner - 80), { x: x + pad + 72, y: y + 1, size: 9, font, color: MUTED });
  y -= 16;
  // (the family line is drawn per card, see FAMILY_LINE)
  y -= 6;
  page.drawLine({ start: { x: x + pad, y }, end: { x: x + w - pad, y }, thickness: 0.5, color: MUTED });
  y -= 11;
  const labelW = 84;
  const nameW = 52;
  for (const l of card.lines) {
    if (y < top - h + 112) break;
    text(l.label, x + pad, 8, INK, labelW - 4);
    page.drawText(fit(font, l.name, 8, nameW - 4), { x: x + pad + labelW, y, size: 8, font, color: INK });
    page.drawText(l.phone ?? (l.note || '请通过学校办公室转接'), { x: x + pad + labelW + nameW, y, size: l.phone ? 8.5 : 7, font, color: l.phone ? INK : MUTED });
    y -= 10;
    if (l.hours) {
      text(`接待时间：${l.hours}`, x + pad + labelW, 6.5, MUTED, inner - labelW);
      y -= 9.5;
    }
  }
  if (card.committee.length) {
    y -= 2;
    for (const c of card.committee.slice(0, 3)) {
      if (y < top - h + 104) break;
      text(c.label, x + pad, 7.5, INK, inner - 90);
      if (c.phone) page.drawText(c.phone, { x: x + pad + labelW + nameW, y, size: 8, font, color: INK });
      y -= 10;
    }
  }
  // Bottom block: office line and address on the left, the class join code and its QR on the right.
  const qrSize = 74;
  const bottom = top - h + pad;
  if (qr) page.drawImage(qr, { x: x + w - pad - qrSize, y: bottom + 10, width: qrSize, height: qrSize });
  if (card.joinCode) {
    page.drawText(`班级邀请码 ${card.joinCode}`, { x: x + w - pad - qrSize - 2, y: bottom, size: 7, font, color: ACCENT });
  }
  const leftW = inner - qrSize - 8;
  let by = bottom + 62;
  const line = (s: string, size: number, color = INK) => {
    page.drawText(fit(font, s, size, leftW), { x: x + pad, y: by, size, font, color });
    by -= size + 4;
  };
  line('学校办公室', 8, ACCENT);
  line(card.office.phone ? `电话 ${card.office.phone}` : '电话 请向班主任询问', 8.5);
  if (card.office.hours) line(`办公时间 ${card.office.hours}`, 6.5, MUTED);
  if (card.office.address) line(`地址 ${card.office.address}`, 6.5, MUTED);
  line('微信扫码绑定孩子，随时查看最新联络卡', 6.5, MUTED);
}

/** Text the layout adds to the card data (labels, the truncation mark). */
const LAYOUT_TEXT = '家长联络卡接待时间：学校办公室电话请向班主任询问办公时间地址微信扫码绑定孩子，随时查看最新联络卡班级邀请码…　家庭请通过学校办公室转接 0123456789';

/** The font cut down to the given characters (plus what the layout adds), as a TTF. */
export function subsetFont(text: string): Uint8Array {
  const cps = [...new Set([...`${text}${LAYOUT_TEXT}`].map((c) => c.codePointAt(0)!).filter((cp) => cp >= 0x20))];
  const font = Font.create(Buffer.from(loadFont()), { type: 'ttf', subset: cps, hinting: false, compound2simple: false });
  return new Uint8Array(font.write({ type: 'ttf', hinting: false }) as Buffer);
}

export interface RenderedPdf {
  bytes: Uint8Array;
  pages: number;
}

const PAD = 12;

/**
 * The cards of one class in one PDF (4 a page), one per family (`families`: the child's name),
 * the font subset to the characters used. The shared part is laid out once and placed on every
 * card as a form XObject: laying CJK text out is the costly step, and the file stays small.
 */
export async function renderCardsPdf(card: PrintCard, families: string[], qrPng: Uint8Array | null, opts: { title?: string; now?: Date } = {}): Promise<RenderedPdf> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(opts.title ?? '家长联络卡');
  doc.setCreator('家长学校');
  doc.setProducer('家长学校');
  if (opts.now) {
    doc.setCreationDate(opts.now);
    doc.setModificationDate(opts.now);
  }
  const font = await doc.embedFont(subsetFont(JSON.stringify(card) + families.join('')), { subset: false });
  const qr = qrPng ? await doc.embedPng(qrPng) : null;
  const cw = (A4[0] - MARGIN * 2 - GAP * (COLS - 1)) / COLS;
  const ch = (A4[1] - MARGIN * 2 - GAP * (ROWS - 1)) / ROWS;
  const scratch = doc.addPage([cw, ch]);
  drawTemplate(scratch, font, qr, card, 0, ch, cw, ch);
  const template = await doc.embedPage(scratch);
  doc.removePage(0);
  const list = families.length ? families : [''];
  let page: PDFPage | null = null;
  list.forEach((child, i) => {
    const slot = i % CARDS_PER_PAGE;
    if (slot === 0) page = doc.addPage(A4);
    const x = MARGIN + (slot % COLS) * (cw + GAP);
    const top = A4[1] - MARGIN - Math.floor(slot / COLS) * (ch + GAP);
    page!.drawPage(template, { x, y: top - ch, width: cw, height: ch });
    const familyLine = child ? `${card.className}　${child}家庭` : card.className;
    page!.drawText(fit(font, familyLine, 9.5, cw - PAD * 2), { x: x + PAD, y: top - PAD - 12 - 16, size: 9.5, font, color: INK });
  });
  const bytes = await doc.save({ useObjectStreams: true });
  return { bytes, pages: doc.getPageCount() };
}
