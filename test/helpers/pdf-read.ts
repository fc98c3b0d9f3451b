/**
 * Reading a generated PDF back as a person would: its text (pdf.js, in a child process) and the
 * images it embeds decoded to RGBA (pdf-lib's parser + zlib), e.g. to decode a QR with jsQR.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { inflateSync } from 'zlib';
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';

export function pdfText(bytes: Uint8Array): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, bytes);
  const out = execFileSync(process.execPath, [join(__dirname, 'pdf-text.mjs'), file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(out) as { pages: string[][] }).pages;
}

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Every RGB / gray 8-bit Flate image XObject of the PDF, as RGBA. */
export async function pdfImages(bytes: Uint8Array): Promise<RgbaImage[]> {
  const doc = await PDFDocument.load(bytes);
  const out: RgbaImage[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const dict = obj.dict;
    if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const cs = dict.get(PDFName.of('ColorSpace'));
    if (cs !== PDFName.of('DeviceRGB')) continue;
    const width = (dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const raw = inflateSync(Buffer.from(obj.contents));
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      data[i * 4] = raw[i * 3];
      data[i * 4 + 1] = raw[i * 3 + 1];
      data[i * 4 + 2] = raw[i * 3 + 2];
      data[i * 4 + 3] = 255;
    }
    out.push({ width, height, data });
  }
  return out;
}
