/**
 * 印制家长联络卡 for a class: one card per family with the class's contacts exactly as published to
 * the families of that class, the school's office line and address, and the class join code with
 * its QR; stored in cloud storage (contact-cards/<schoolId>/<classId>/…pdf), answered with a temp URL.
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findAll, findById } from '../core/persistence';
import { consentedActor, ensure, memberOf } from '../school/access';
import { C, type ChildDoc, type ClassDoc, type JoinCodeDoc } from '../school/model';
import { BIND_CHILD_PAGE, issueCode, makeQr } from '../school/join-code.service';
import { canManageClass, formatJoinCode, joinCodeStatus } from '../../types/school/school.rules';
import type { Membership } from '../../types/school/roles';
import type { PrintResult } from '../../types/contact/contact.schema';
import { shanghai } from '../../types/common/time';
import { loadSchoolContext, renderCard, type SchoolContext } from './card.service';
import { renderCardsPdf, type PrintCard, type PrintLine } from './card-pdf';

const JOIN_CODE_DAYS = 30;

/** What a family of the class may see, as print lines (the same rules as the card on the phone). */
export function printCardFor(sc: SchoolContext, cls: ClassDoc, joinCode: string | null): PrintCard {
  const family: Membership = { schoolId: cls.schoolId, roles: ['parent'], positions: [] };
  const link = { childId: '', schoolId: cls.schoolId, gradeId: cls.gradeId, classId: cls._id, childName: '', relation: '' };
  const card = renderCard(sc, cls, { membership: family, children: [link] }, []);
  const lines: PrintLine[] = [...card.entries, ...card.services].map((e) => ({
    label: e.label,
    name: e.name,
    phone: e.phone,
    note: e.phone ? undefined : '请通过学校办公室转接',
    hours: e.officeHours || undefined,
  }));
  const committee = card.committee.filter((c) => c.tier === 'class').map((c) => ({ label: `${c.tierLabel}${c.role} ${c.displayName}`, phone: c.phone }));
  return {
    schoolName: card.schoolName,
    className: card.className,
    lines,
    committee,
    office: card.office,
    joinCode: joinCode ? formatJoinCode(joinCode) : null,
  };
}

/** The class's latest active join code, or a new one (valid 30 days) made for the printed cards. */
async function activeJoinCode(ctx: Ctx, cls: ClassDoc, userId: string): Promise<JoinCodeDoc> {
  const codes = await findAll<JoinCodeDoc>(ctx.db, C.joinCodes, { classId: cls._id });
  const active = codes
    .filter((c) => c.kind === 'class' && joinCodeStatus(c, ctx.now) === 'active')
    .sort((a, b) => new Date(b.expiresAt).getTime() - new Date(a.expiresAt).getTime())[0];
  if (active) return active;
  return issueCode(ctx, {
    kind: 'class',
    schoolId: cls.schoolId,
    gradeId: cls.gradeId,
    classId: cls._id,
    staffId: null,
    createdBy: userId,
    expiresAt: new Date(ctx.now.getTime() + JOIN_CODE_DAYS * 86400_000),
  });
}

async function qrPngOf(ctx: Ctx, code: JoinCodeDoc): Promise<Uint8Array | null> {
  if (code.qrFileId) {
    try {
      const r = (await ctx.cloud.downloadFile({ fileID: code.qrFileId })) as { fileContent?: Buffer };
      if (r.fileContent?.length) return new Uint8Array(r.fileContent);
    } catch {
      // fall through: make it again
    }
  }
  const made = await makeQr(ctx, code._id, BIND_CHILD_PAGE);
  if (!made.qrDataUrl) return null;
  return new Uint8Array(Buffer.from(made.qrDataUrl.split(',')[1] ?? '', 'base64'));
}

/** The class's 班主任 or a school admin (the same people who issue the class's join codes). */
export async function printCards(ctx: Ctx, input: { classId: string }): Promise<PrintResult> {
  const actor = await consentedActor(ctx);
  const cls = await findById<ClassDoc>(ctx.db, C.classes, input.classId);
  if (!cls) fail('CLASS_NOT_FOUND');
  ensure(canManageClass(memberOf(actor, cls.schoolId), cls._id));
  const [sc, children] = await Promise.all([loadSchoolContext(ctx.db, cls.schoolId), findAll<ChildDoc>(ctx.db, C.children, { classId: cls._id })]);
  const code = await activeJoinCode(ctx, cls, actor.userId);
  const qr = await qrPngOf(ctx, code);
  const ordered = children.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  const families = ordered.map((c) => c.name);
  const pdf = await renderCardsPdf(printCardFor(sc, cls, code._id), families, qr, { title: `家长联络卡 ${sc.names.classes[cls._id] ?? cls.name}`, now: ctx.now });
  const cloudPath = `contact-cards/${cls.schoolId}/${cls._id}/${shanghai(ctx.now).format('YYYYMMDD-HHmmss')}-${ctx.requestId.slice(-6)}.pdf`;
  const up = (await ctx.cloud.uploadFile({ cloudPath, fileContent: Buffer.from(pdf.bytes) })) as { fileID?: string };
  if (!up.fileID) fail('INTERNAL');
  const urls = (await ctx.cloud.getTempFileURL({ fileList: [up.fileID] })) as { fileList?: { tempFileURL?: string }[] };
  return { fileID: up.fileID, url: urls.fileList?.[0]?.tempFileURL ?? '', cards: Math.max(1, families.length), pages: pdf.pages, bytes: pdf.bytes.length };
}
