import { type LocalDate } from '../dates.js';
import { type Bilingual } from '../rules/rule.types.js';
import { type ExtensionRecord } from './record.js';

/**
 * PROC-DEADLINES, judged once (procedure.md §4, §7 "When things happen"): the one function that
 * says whether an act was late, is overdue, or is still on time. The live engine's firing, the
 * act's recording and the re-audit all reach the same answer through it.
 */

export interface ExtensionCheck {
  counts: boolean;
  problems: Bilingual[];
}

/**
 * An extension keeps an act inside its window on time only when it was recorded on or before the
 * base due date, with a reason, after the due date and within the legal maximum (QĐ294 §4.3.1:
 * "trong trường hợp đặc biệt"; procedure.md PROC-DEADLINES). Unknown `recordedOn` / `reason`
 * (an old record) are not held against it; a known late or reasonless one is.
 */
export function checkExtension(baseDue: LocalDate, ext: ExtensionRecord, maxExtendedDue?: LocalDate | null): ExtensionCheck {
  const problems: Bilingual[] = [];
  if (ext.recordedOn != null && ext.recordedOn > baseDue)
    problems.push({
      vi: `Gia hạn ghi nhận ngày ${ext.recordedOn}, sau hạn ${baseDue}`,
      en: `Extension recorded on ${ext.recordedOn}, after the due date ${baseDue}`,
    });
  if (ext.reason !== undefined && (ext.reason === null || ext.reason.trim() === ''))
    problems.push({ vi: 'Gia hạn không nêu lý do', en: 'The extension states no reason' });
  if (ext.to <= baseDue)
    problems.push({ vi: `Ngày gia hạn ${ext.to} không sau hạn ${baseDue}`, en: `Extended date ${ext.to} is not after the due date ${baseDue}` });
  if (maxExtendedDue === null)
    problems.push({ vi: 'Thời hạn này không được gia hạn', en: 'This deadline has no extension' });
  else if (maxExtendedDue !== undefined && ext.to > maxExtendedDue)
    problems.push({
      vi: `Gia hạn đến ${ext.to} vượt mức tối đa ${maxExtendedDue}`,
      en: `Extension to ${ext.to} exceeds the legal maximum ${maxExtendedDue}`,
    });
  return { counts: problems.length === 0, problems };
}

/**
 * - onTime: the act is dated on or before the applicable limit;
 * - late: the act is dated after it;
 * - overdue: no act, and the day after the limit has begun;
 * - pending: no act, and the limit has not passed;
 * - undetermined: the due date is not known (awaiting calendar, no edition);
 * - notApplicable: no act, and the timer was cancelled (the step no longer applies).
 */
export type ActOutcome = 'onTime' | 'late' | 'overdue' | 'pending' | 'undetermined' | 'notApplicable';

export interface DeadlineActInput {
  dueDate: LocalDate | null;
  /** The extension recorded for the deadline, if any. */
  extension?: ExtensionRecord | null;
  status?: 'pending' | 'met' | 'fired' | 'cancelled';
  /** The act's own date (not the day it was typed in), or null when not recorded. */
  actualDate: LocalDate | null;
  today: LocalDate;
  /** What cures a late or overdue act (late ceremony: the upper committee's consent), whenever recorded. */
  cure?: { on: LocalDate; what: Bilingual } | null;
}

export interface DeadlineVerdict {
  outcome: ActOutcome;
  /** The limit the act is measured against: the valid extension, else the due date. */
  limit: LocalDate | null;
  baseDue: LocalDate | null;
  actualDate: LocalDate | null;
  extensionCounts: boolean;
  extensionProblems: Bilingual[];
  /** Late or overdue but cured: no violation. */
  cured: boolean;
  /** A PROC-DEADLINES violation is open for this act. */
  violation: boolean;
  /** Why the act is not (or no longer) a violation, when it is not. */
  clearedBy: Bilingual | null;
}

export function judgeDeadlineAct(input: DeadlineActInput): DeadlineVerdict {
  const baseDue = input.dueDate;
  const none = { baseDue, actualDate: input.actualDate, extensionCounts: false, extensionProblems: [] as Bilingual[] };
  if (baseDue === null)
    return { ...none, outcome: 'undetermined', limit: null, cured: false, violation: false, clearedBy: null };
  const ext = input.extension ? checkExtension(baseDue, input.extension) : null;
  const limit = ext?.counts ? input.extension!.to : baseDue;
  const common = { baseDue, limit, actualDate: input.actualDate, extensionCounts: ext?.counts ?? false, extensionProblems: ext?.problems ?? [] };
  let outcome: ActOutcome;
  if (input.actualDate !== null) outcome = input.actualDate <= limit ? 'onTime' : 'late';
  else if (input.status === 'cancelled') outcome = 'notApplicable';
  else outcome = input.today > limit ? 'overdue' : 'pending';
  const breach = outcome === 'late' || outcome === 'overdue';
  const cured = breach && input.cure != null;
  let clearedBy: Bilingual | null = null;
  if (outcome === 'onTime')
    clearedBy = {
      vi: `Thực hiện ngày ${input.actualDate}, trong hạn ${limit}`,
      en: `Done on ${input.actualDate}, within the limit ${limit}`,
    };
  else if (cured)
    clearedBy = {
      vi: `${input.cure!.what.vi} ngày ${input.cure!.on}`,
      en: `${input.cure!.what.en} on ${input.cure!.on}`,
    };
  return { ...common, outcome, cured, violation: breach && !cured, clearedBy };
}
