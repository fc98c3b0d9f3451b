// Prints the text of a PDF as JSON ({ pages: string[][] }: the text runs of each page), with
// pdf.js (pdfjs-dist legacy build, ESM): run as a child process because jest runs CommonJS.
//   node test/helpers/pdf-text.mjs <file.pdf>
import { readFileSync } from 'fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const content = await page.getTextContent();
  pages.push(content.items.map((it) => it.str));
}
process.stdout.write(JSON.stringify({ pages }));
