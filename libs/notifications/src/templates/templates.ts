import type { NotificationEvent, RenderedMessage } from '../notification.types.js';
import { message } from '#messages';

type Params = NotificationEvent['params'];
type Render = (p: Params) => RenderedMessage;

const str = (p: Params, key: string, fallback = ''): string => {
  const v = p[key];
  return v === null || v === undefined ? fallback : String(v);
};

/** 2026-03-05 -> 05/03/2026 (Vietnamese way); anything else unchanged. */
export function viDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

const about = (p: Params, vi: boolean): string => {
  const name = str(p, 'subjectName');
  if (!name) return '';
  return vi ? ` (hồ sơ của ${name})` : ` (case of ${name})`;
};

/**
 * Every message the system sends, Vietnamese first. Params are plain values filled in by the
 * caller (labels of timers come with both languages from the procedure library).
 */
export const TEMPLATES = {
  'deadline.reminder': (p) => ({
    titleVi: `Nhắc hạn: ${str(p, 'timerVi')} đến hạn ngày ${viDate(str(p, 'dueDate'))}`,
    titleEn: `Reminder: ${str(p, 'timerEn')} due on ${str(p, 'dueDate')}`,
    bodyVi: `Thời hạn "${str(p, 'timerVi')}"${about(p, true)} đến hạn ngày ${viDate(str(p, 'dueDate'))}. Đề nghị hoàn thành trước hạn.`,
    bodyEn: `The deadline "${str(p, 'timerEn')}"${about(p, false)} is due on ${str(p, 'dueDate')}. Please complete the step before then.`,
  }),
  'deadline.overdue': (p) => ({
    titleVi: `Quá hạn: ${str(p, 'timerVi')} (hạn ${viDate(str(p, 'dueDate'))})`,
    titleEn: `Overdue: ${str(p, 'timerEn')} (due ${str(p, 'dueDate')})`,
    bodyVi: `Thời hạn "${str(p, 'timerVi')}"${about(p, true)} đã quá hạn từ ngày ${viDate(str(p, 'dueDate'))}${str(p, 'organisationName') ? ` tại ${str(p, 'organisationName')}` : ''}. Đề nghị cấp ủy theo dõi, đôn đốc.`,
    bodyEn: `The deadline "${str(p, 'timerEn')}"${about(p, false)} has been overdue since ${str(p, 'dueDate')}${str(p, 'organisationName') ? ` at ${str(p, 'organisationName')}` : ''}. Please follow up.`,
  }),
  'decision.recorded': (p) => ({
    titleVi: `Quyết định ${str(p, 'number')} ngày ${viDate(str(p, 'signedOn'))}: ${str(p, 'outcomeVi')}`,
    titleEn: `Decision ${str(p, 'number')} of ${str(p, 'signedOn')}: ${str(p, 'outcomeEn')}`,
    bodyVi: `Đã ghi nhận quyết định ${str(p, 'decisionVi')} số ${str(p, 'number')} ký ngày ${viDate(str(p, 'signedOn'))}${about(p, true)}. Kết quả: ${str(p, 'outcomeVi')}.`,
    bodyEn: `Decision ${str(p, 'decisionEn')} no. ${str(p, 'number')} signed on ${str(p, 'signedOn')} was recorded${about(p, false)}. Outcome: ${str(p, 'outcomeEn')}.`,
  }),
  'case.updated': (p) => ({
    titleVi: `Hồ sơ chuyển sang bước: ${str(p, 'stateVi')}`,
    titleEn: `Case moved to: ${str(p, 'stateEn')}`,
    bodyVi: `Hồ sơ${about(p, true)} đã chuyển sang bước "${str(p, 'stateVi')}".`,
    bodyEn: `The case${about(p, false)} moved to "${str(p, 'stateEn')}".`,
  }),
  'probation.milestone': (p) => ({
    titleVi: `Dự bị: ${str(p, 'milestoneVi')} ngày ${viDate(str(p, 'date'))}`,
    titleEn: `Probation: ${str(p, 'milestoneEn')} on ${str(p, 'date')}`,
    bodyVi: `Đảng viên dự bị${about(p, true)}: ${str(p, 'milestoneVi')} vào ngày ${viDate(str(p, 'date'))}.`,
    bodyEn: `Probationary member${about(p, false)}: ${str(p, 'milestoneEn')} on ${str(p, 'date')}.`,
  }),
  /** Free text written by the caller in both languages (operator announcements, tests). */
  generic: (p) => ({ titleVi: str(p, 'titleVi'), titleEn: str(p, 'titleEn'), bodyVi: str(p, 'bodyVi'), bodyEn: str(p, 'bodyEn') }),
} satisfies Record<string, Render>;

export type TemplateId = keyof typeof TEMPLATES;

export function isTemplateId(id: string): id is TemplateId {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, id);
}

export function renderTemplate(id: string, params: Params): RenderedMessage {
  if (!isTemplateId(id)) throw new Error(`unknown notification template "${id}"`);
  return TEMPLATES[id](params);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const FOOTER_VI = 'Thư tự động từ hệ thống Kết nạp đảng viên. Xem chi tiết trong hộp thông báo của hệ thống.';
const FOOTER_EN = 'Automatic message from the Party admission system. See the details in the system inbox.';

/** One event as an email: Vietnamese first, English below, plain text and simple HTML. */
export function eventEmail(m: RenderedMessage): EmailContent {
  return {
    subject: `${m.titleVi} / ${m.titleEn}`,
    text: `${m.titleVi}\n\n${m.bodyVi}\n\n${FOOTER_VI}\n\n----------\n\n${m.titleEn}\n\n${m.bodyEn}\n\n${FOOTER_EN}\n`,
    html:
      `<div lang="vi"><h2>${escapeHtml(m.titleVi)}</h2><p>${escapeHtml(m.bodyVi)}</p><p><small>${FOOTER_VI}</small></p></div>` +
      `<hr><div lang="en"><h2>${escapeHtml(m.titleEn)}</h2><p>${escapeHtml(m.bodyEn)}</p><p><small>${FOOTER_EN}</small></p></div>`,
  };
}

/** A day's items as one email. */
export function digestEmail(date: string, items: { message: RenderedMessage }[]): EmailContent {
  const n = items.length;
  const subject = message('NOTIFICATIONS.DAILY_DIGEST_FOR', { viDate: viDate(date), n, date });
  const textVi = items.map((i, k) => `${k + 1}. ${i.message.titleVi}\n   ${i.message.bodyVi}`).join('\n');
  const textEn = items.map((i, k) => `${k + 1}. ${i.message.titleEn}\n   ${i.message.bodyEn}`).join('\n');
  const li = (t: string, b: string): string => `<li><strong>${escapeHtml(t)}</strong><br>${escapeHtml(b)}</li>`;
  return {
    subject,
    text: `Thông báo ngày ${viDate(date)}:\n\n${textVi}\n\n${FOOTER_VI}\n\n----------\n\nNotifications of ${date}:\n\n${textEn}\n\n${FOOTER_EN}\n`,
    html:
      `<div lang="vi"><h2>Thông báo ngày ${viDate(date)}</h2><ol>${items.map((i) => li(i.message.titleVi, i.message.bodyVi)).join('')}</ol><p><small>${FOOTER_VI}</small></p></div>` +
      `<hr><div lang="en"><h2>Notifications of ${date}</h2><ol>${items.map((i) => li(i.message.titleEn, i.message.bodyEn)).join('')}</ol><p><small>${FOOTER_EN}</small></p></div>`,
  };
}
