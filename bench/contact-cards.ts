/**
 * 印制家长联络卡: rendering printed cards (the server's code: printCardFor + renderCardsPdf, font
 * subset + pdf-lib), with a QR made by the `qrcode` package as the local cloud does.
 *   npx tsx bench/contact-cards.ts [runs=15]
 * Prints: a class of 50 cards (p50 / p95 ms, PDF bytes, pages) and a whole school of 3,000 cards
 * (60 classes × 50, one PDF per class, sequential: wall time, total bytes).
 */
import QRCode from 'qrcode';
import { printCardFor } from '../server/contact/print.service';
import { renderCardsPdf } from '../server/contact/card-pdf';
import type { SchoolContext } from '../server/contact/card.service';
import type { ClassDoc, StaffDoc } from '../server/school/model';
import type { Position } from '../types/school/roles';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢';
const GIVEN = ['子涵', '欣怡', '梓萱', '浩宇', '宇轩', '一诺', '雨桐', '俊熙', '诗涵', '子墨', '若汐', '铭泽', '梓睿', '可馨', '思远', '嘉怡', '晨阳', '语桐', '博文', '沐阳'];
const SUBJECTS = ['数学', '英语', '科学', '道德与法治', '体育', '音乐', '美术'];

function school(grades: number, classesPerGrade: number): { sc: SchoolContext; classes: ClassDoc[] } {
  const at = new Date('2026-09-01T00:00:00Z');
  const classes: ClassDoc[] = [];
  const staff: StaffDoc[] = [];
  let n = 0;
  const add = (positions: Position[]) => {
    n++;
    staff.push({ _id: `st${n}`, schoolId: 's', name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[n % GIVEN.length]}`, phone: `139${String(n).padStart(8, '0')}`, positions, officeHours: '每周三 15:30-17:00（家长接待日）', userId: null, createdAt: at, updatedAt: at });
  };
  add([{ title: '校长' }]);
  add([{ title: '分管副校长' }]);
  add([{ title: '心理健康教师' }]);
  add([{ title: '家庭教育指导教师' }]);
  const grades_ = Array.from({ length: grades }, (_, g) => ({ _id: `g${g + 1}`, schoolId: 's', name: `${'一二三四五六七八九'[g]}年级`, order: g + 1, createdAt: at }));
  for (const g of grades_) {
    add([{ title: '年级主任', gradeId: g._id }]);
    for (let c = 1; c <= classesPerGrade; c++) {
      const cls: ClassDoc = { _id: `${g._id}c${c}`, schoolId: 's', gradeId: g._id, name: `${c}班`, order: c, createdAt: at };
      classes.push(cls);
      add([{ title: '班主任', classId: cls._id, gradeId: g._id }, { title: '任课教师', classId: cls._id, gradeId: g._id, subject: '语文' }]);
      for (const s of SUBJECTS.slice(0, 4)) add([{ title: '任课教师', classId: cls._id, gradeId: g._id, subject: s }]);
    }
  }
  const gradeNames = Object.fromEntries(grades_.map((g) => [g._id, g.name]));
  return {
    classes,
    sc: {
      school: { _id: 's', name: '滨江实验小学', district: '滨江区', allianceId: null, createdAt: at },
      staff,
      classes,
      grades: grades_,
      publications: {},
      info: { _id: 's', address: '杭州市滨江区江南大道 100 号', officePhone: '0571-86690001', officeHours: '工作日 8:00-17:00', updatedBy: 'x', updatedAt: at },
      committee: [],
      names: { grades: gradeNames, classes: Object.fromEntries(classes.map((c) => [c._id, `${gradeNames[c.gradeId]}${c.name}`])) },
    },
  };
}

const families = (k: number, count: number) => Array.from({ length: count }, (_, i) => `${SURNAMES[(i + k) % SURNAMES.length]}${GIVEN[(i * 7 + k) % GIVEN.length]}${i}`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function main() {
  const runs = Number(process.argv[2] ?? 15);
  const qr = new Uint8Array(await QRCode.toBuffer('packages/school/pages/bind-child/index?scene=c%3DSXA234', { type: 'png', width: 430, margin: 2, errorCorrectionLevel: 'M' }));
  const { sc, classes } = school(6, 10);
  // warm-up (font file read, module JIT)
  await renderCardsPdf(printCardFor(sc, classes[0], 'SXA234'), families(0, 50), qr);
  const times: number[] = [];
  let bytes = 0;
  let pages = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await renderCardsPdf(printCardFor(sc, classes[i % classes.length], 'SXA234'), families(i, 50), qr);
    times.push(performance.now() - t);
    bytes = r.bytes.length;
    pages = r.pages;
  }
  console.log(`class of 50 cards: p50 ${pct(times, 50).toFixed(0)} ms, p95 ${pct(times, 95).toFixed(0)} ms over ${runs} runs; ${bytes} bytes, ${pages} pages`);

  const t0 = performance.now();
  let total = 0;
  let cards = 0;
  for (const [k, cls] of classes.entries()) {
    const r = await renderCardsPdf(printCardFor(sc, cls, 'SXA234'), families(k, 50), qr);
    total += r.bytes.length;
    cards += 50;
  }
  const wall = performance.now() - t0;
  console.log(`whole school: ${cards} cards in ${classes.length} class PDFs, wall ${(wall / 1000).toFixed(1)} s (${(wall / classes.length).toFixed(0)} ms per class), ${(total / 1e6).toFixed(2)} MB in all`);
}

void main();
