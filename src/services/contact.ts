/**
 * Typed calls of the `contact` function (家长联络卡, 家访, printed cards, 家委会) and the phone
 * actions of a card (call, copy, save to contacts, open a printed PDF). Pages call these.
 */
import Taro from '@tarojs/taro';
import { openDocumentFile } from './document';
import { call, type ActionName, type InputOf, type OutputOf } from './cloud';

type In<A extends ActionName<'contact'>> = InputOf<'contact', A>;
type Out<A extends ActionName<'contact'>> = OutputOf<'contact', A>;

export type ClassCard = Out<'classCard'>;
export type CardEntry = ClassCard['entries'][number];
export type OtherEntry = ClassCard['others'][number];
export type Visit = Out<'recordVisit'>;
export type Coverage = Out<'coverage'>;
export type Publication = Out<'getPublication'>;
export type CommitteeSeat = Out<'myCommitteeSeats'>[number];

export const contact = {
  myCards: () => call('contact', 'myCards', {}),
  classCard: (classId: string) => call('contact', 'classCard', { classId }),
  getPublication: (staffId: string) => call('contact', 'getPublication', { staffId }),
  setPublication: (input: In<'setPublication'>) => call('contact', 'setPublication', input),
  getSchoolInfo: (schoolId: string) => call('contact', 'getSchoolInfo', { schoolId }),
  setSchoolInfo: (input: In<'setSchoolInfo'>) => call('contact', 'setSchoolInfo', input),
  recordVisit: (input: In<'recordVisit'>) => call('contact', 'recordVisit', input),
  listVisits: (classId: string) => call('contact', 'listVisits', { classId }),
  coverage: (classId: string) => call('contact', 'coverage', { classId }),
  setFocus: (input: In<'setFocus'>) => call('contact', 'setFocus', input),
  printCards: (classId: string) => call('contact', 'printCards', { classId }),
  myCommitteeSeats: () => call('contact', 'myCommitteeSeats', {}),
  listCommittee: (classId: string) => call('contact', 'listCommittee', { classId }),
  appointCommittee: (input: In<'appointCommittee'>) => call('contact', 'appointCommittee', input),
  removeCommittee: (memberId: string) => call('contact', 'removeCommittee', { memberId }),
  setCommitteePublication: (input: In<'setCommitteePublication'>) => call('contact', 'setCommitteePublication', input),
};

export const CARD_PAGE = '/packages/contact/pages/card/index';

/** The path a shared card opens: the class only; what it shows depends on who opens it. */
export function sharePath(classId: string): string {
  return `${CARD_PAGE}?classId=${encodeURIComponent(classId)}`;
}

export function callNumber(phone: string): void {
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
}

export function copyNumber(phone: string): void {
  void Taro.setClipboardData({ data: phone }).then(
    () => Taro.showToast({ title: '号码已复制', icon: 'none' }),
    () => undefined,
  );
}

/** Save to the phone's contacts (WeChat only; on H5 the number is copied instead). */
export function saveContact(entry: { name: string; label: string; phone: string }, org: string): void {
  if (process.env.TARO_ENV === 'weapp') {
    void Taro.addPhoneContact({ firstName: entry.name, remark: `${org} ${entry.label}`, mobilePhoneNumber: entry.phone, organization: org, title: entry.label }).catch(() => undefined);
  } else copyNumber(entry.phone);
}

/** A random idempotency key for one submission of a form. */
export function requestKey(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** Opens the printed PDF: WeChat downloads it and opens it in the document viewer; H5 downloads it. */
export function openPdf(url: string, name: string): Promise<void> {
  return openDocumentFile({ url, fileType: 'pdf', fileName: name, testId: 'pdf-download' });
}
