import { type LocalDate } from '../dates.js';
import { type CaseFacts, type VoteRecord } from './case-facts.js';
import { probationEndOf } from './conditions.rule.js';
import { defineRule, fail, pass } from './define-rule.js';
import { describeDateProblem, formatVietnameseDate } from '../machine/date-order.js';
import { type PredicateOutcome } from './rule.types.js';
import { MINIMUM_CELL_ROLL, moreThanHalf, twoThirds } from './vote-thresholds.js';

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** Whose roster the minutes' figure is compared with (named in the refusal). */
const ROSTER_NAME = {
  cell: { vi: 'danh sách đảng viên', en: 'the roster' },
  base: { vi: 'danh sách cấp ủy viên đương nhiệm của đảng ủy cơ sở', en: 'the base committee’s sitting members' },
  competent: { vi: 'danh sách thành viên cấp ủy có thẩm quyền', en: 'the competent body’s membership' },
} as const;

/** Checks shared by every vote record: counts that can be true, and the roster figure. */
function voteRecordProblem(vote: VoteRecord, roster: (typeof ROSTER_NAME)[keyof typeof ROSTER_NAME] = ROSTER_NAME.cell): PredicateOutcome | undefined {
  const used = { ...vote };
  if (!isCount(vote.eligible) || !isCount(vote.for) || !isCount(vote.against) || vote.eligible < 1)
    return { ...fail(used, 'Số liệu biểu quyết không hợp lệ', 'Invalid vote counts'), invalidRecord: true };
  if (vote.for + vote.against > vote.eligible)
    return {
      ...fail(used, `Số tán thành (${vote.for}) và không tán thành (${vote.against}) vượt số được biểu quyết (${vote.eligible})`, `For (${vote.for}) plus against (${vote.against}) exceed the eligible ${vote.eligible}`),
      invalidRecord: true,
    };
  if (vote.rosterEligible !== undefined && vote.rosterEligible !== vote.eligible && !vote.mismatchReason)
    return {
      ...fail(
        used,
        `Biên bản ghi ${vote.eligible} người được biểu quyết, ${roster.vi} là ${vote.rosterEligible}: cần ghi lý do`,
        `Minutes say ${vote.eligible} eligible, ${roster.en} says ${vote.rosterEligible}: record the reason`,
      ),
      invalidRecord: true,
    };
  return undefined;
}

function voteOutcome(vote: VoteRecord, required: number, extra: Record<string, unknown>): PredicateOutcome {
  const used = { ...vote, required, ...extra };
  const flag =
    vote.rosterEligible !== undefined && vote.rosterEligible !== vote.eligible
      ? { vi: `Số được biểu quyết khác danh sách (${vote.eligible}/${vote.rosterEligible}): ${vote.mismatchReason}`, en: `Eligible differs from the roster (${vote.eligible}/${vote.rosterEligible}): ${vote.mismatchReason}` }
      : undefined;
  const outcome: PredicateOutcome =
    vote.for >= required
      ? pass(used)
      : fail(used, `${vote.for}/${vote.eligible} tán thành, cần ít nhất ${required}: không thông qua`, `${vote.for} of ${vote.eligible} for, ${required} needed: not carried`);
  return flag ? { ...outcome, flag } : outcome;
}

const noVote = (): PredicateOutcome => fail({}, 'Chưa có kết quả biểu quyết', 'No vote recorded', true);

export const procCellVote = defineRule({
  id: 'PROC-CELL-VOTE',
  kind: 'procedure',
  blocking: true,
  vi: 'Chi bộ biểu quyết với ít nhất 2/3 đảng viên chính thức tán thành (làm tròn lên), không tính đảng viên sinh hoạt tạm thời nơi khác, đảng viên miễn sinh hoạt vắng mặt, đảng viên bị đình chỉ, truy tố, tạm giam; chi bộ dưới 3 đảng viên chính thức không được thông qua.',
  en: 'At least 2/3 of the cell’s full members vote for, rounded up, not counting members temporarily active elsewhere, absent exempted members, or suspended, prosecuted or detained members; a roll under 3 full members cannot pass it.',
  citations: [
    { family: 'regulation', section: '§9.3.2' },
    // The 3-member minimum is this project's interpretation, not a voting rule the Charter states.
    { fixed: 'interpretation', section: 'I-6 (suy ra từ Điều 24.1 Điều lệ Đảng / derived from Charter Art. 24.1)' },
  ],
  check(_facts, _on, _settings, subject) {
    const vote = subject.vote;
    if (!vote) return noVote();
    const problem = voteRecordProblem(vote);
    if (problem) return problem;
    // Minutes that count more eligible members than the roster's roll, with the mismatch's reason
    // recorded (a roster not kept up to date): the minutes are the record, the mismatch is flagged,
    // so their figure stands for the roll too (the reason path must work both ways).
    const minutesOverRoster =
      vote.roll !== undefined && vote.roll < vote.eligible && vote.rosterEligible !== undefined && vote.rosterEligible !== vote.eligible && !!vote.mismatchReason;
    if (vote.roll !== undefined && vote.roll < vote.eligible && !minutesOverRoster)
      return {
        ...fail(
          { ...vote, minimumRoll: MINIMUM_CELL_ROLL },
          `Biên bản ghi ${vote.eligible} người được biểu quyết, nhiều hơn số đảng viên chính thức của chi bộ (${vote.roll})`,
          `Minutes say ${vote.eligible} eligible, more than the cell's full members on the roll (${vote.roll})`,
        ),
        invalidRecord: true,
      };
    const roll = minutesOverRoster ? vote.eligible : (vote.roll ?? (vote.eligible >= MINIMUM_CELL_ROLL ? vote.eligible : undefined));
    if (roll === undefined || roll < MINIMUM_CELL_ROLL)
      return {
        ...fail(
          { ...vote, minimumRoll: MINIMUM_CELL_ROLL },
          'Chi bộ dưới 3 đảng viên chính thức (hoặc chưa ghi số đảng viên) không thể thông qua nghị quyết: cấp ủy cấp trên chỉ định chi bộ khác (giải thích I-6 của hệ thống, suy ra từ Điều 24.1 Điều lệ Đảng)',
          'A cell with fewer than 3 full members on its roll (or no roll stated) cannot pass the resolution: the upper committee assigns a cell (this project’s interpretation I-6, derived from Charter Art. 24.1)',
        ),
        invalidRecord: true,
      };
    return voteOutcome(vote, twoThirds(vote.eligible), { threshold: '≥2/3', roll });
  },
});

export const procBaseVote = defineRule({
  id: 'PROC-BASE-VOTE',
  kind: 'procedure',
  blocking: true,
  vi: 'Đảng ủy cơ sở biểu quyết với ít nhất 2/3 cấp ủy viên tán thành (làm tròn lên), không tính cấp ủy viên chuyển công tác tạm thời vắng mặt, bị đình chỉ, truy tố, tạm giam.',
  en: 'At least 2/3 of the base committee members vote for, rounded up, not counting absent members on temporary transfer or suspended, prosecuted or detained members.',
  citations: [{ family: 'regulation', section: '§9.3.3' }],
  check(_facts, _on, _settings, subject) {
    const vote = subject.vote;
    if (!vote) return noVote();
    return voteRecordProblem(vote, ROSTER_NAME.base) ?? voteOutcome(vote, twoThirds(vote.eligible), { threshold: '≥2/3' });
  },
});

export const procCompetentVote = defineRule({
  id: 'PROC-COMPETENT-VOTE',
  kind: 'procedure',
  blocking: true,
  vi: 'Cấp ủy có thẩm quyền quyết định với hơn 1/2 thành viên tán thành; đảng ủy cơ sở được ủy quyền kết nạp cần ít nhất 2/3 tổng số cấp ủy viên, xóa tên cần ít nhất 2/3 cấp ủy viên đương nhiệm.',
  en: 'More than 1/2 of COMPETENT’s members vote for; a delegated base committee needs at least 2/3 of its total members to admit, and of its sitting members to remove.',
  citations: [
    { family: 'regulation', section: '§9.3.4' },
    { family: 'guidance', section: '§3.7, §4.6' },
  ],
  check(facts, _on, _settings, subject) {
    const vote = subject.vote;
    if (!vote) return noVote();
    const problem = voteRecordProblem(vote, ROSTER_NAME.competent);
    if (problem) return problem;
    const kind = subject.decidedBy?.kind ?? facts.org.competentBody.kind;
    if (kind === 'delegatedBaseCommittee')
      return voteOutcome(vote, twoThirds(vote.eligible), {
        threshold: '≥2/3',
        denominator: vote.motion === 'remove' ? 'sitting members' : 'total members',
      });
    return voteOutcome(vote, moreThanHalf(vote.eligible), { threshold: '>1/2' });
  },
});

export const procOrder = defineRule({
  id: 'PROC-ORDER',
  kind: 'procedure',
  blocking: true,
  vi: 'Không thực hiện bước nào trước các bước phải làm trước nó (trình tự §3).',
  en: 'No step before its prerequisites (the path of §3).',
  citations: [
    { family: 'regulation', section: '§3–§4' },
    { family: 'guidance', section: '§3' },
  ],
  check(_facts, on, _settings, subject) {
    const used = { eventType: subject.eventType, stage: subject.stateAccepts, on };
    if (subject.stateAccepts === false)
      return fail(used, `Bước "${subject.eventType}" không thực hiện được ở giai đoạn hiện tại`, `Step "${subject.eventType}" is not possible at the current stage`);
    const missing = subject.missingPrerequisites ?? [];
    if (missing.length > 0)
      return fail({ ...used, missing: missing.map((m) => m.en) }, missing.map((m) => m.vi).join('; '), missing.map((m) => m.en).join('; '), true);
    return pass(used);
  },
});

export const procDates = defineRule({
  id: 'PROC-DATES',
  kind: 'procedure',
  blocking: true,
  vi: 'Không ghi nhận bước có ngày sau ngày hôm nay (giờ Việt Nam) hoặc trước bước mà nó phụ thuộc (đơn trước khi được đồng ý lập hồ sơ, thư giới thiệu sau ngày họp chi bộ, nhận quyết định trước ngày ký, lễ kết nạp trước khi nhận quyết định, trả lời thẩm tra trước khi gửi yêu cầu...).',
  en: 'No act dated after today (Vietnam local date) or before an act it depends on (the application before the consent to compile, an introduction letter after the cell vote, a receipt before the decision, the ceremony before the receipt, an answer before its request...).',
  citations: [
    { fixed: 'interpretation', section: 'I-12' },
    { family: 'regulation', section: '§3–§4' },
    { family: 'guidance', section: '§3' },
  ],
  check(_facts, on, _settings, subject) {
    const problems = subject.dateProblems ?? [];
    const used = {
      on,
      problems: problems.map((p) => ({
        field: p.field,
        date: p.date,
        relation: p.relation,
        other: p.other.what,
        otherDate: p.other.date,
        display: { date: formatVietnameseDate(p.date), otherDate: formatVietnameseDate(p.other.date) },
      })),
    };
    if (problems.length === 0) return pass(used);
    const reasons = problems.map(describeDateProblem);
    return fail(used, reasons.map((r) => r.vi).join('; '), reasons.map((r) => r.en).join('; '));
  },
});

export const procDeadlines = defineRule({
  id: 'PROC-DEADLINES',
  kind: 'procedure',
  blocking: false,
  vi: 'Thời hạn của từng bước (bảng §7); quá hạn vẫn ghi nhận nhưng mở vi phạm.',
  en: 'The timers of the §7 table; a late step is recorded and a compliance violation opens.',
  citations: [
    { family: 'regulation', section: '§4.1–§4.3' },
    { family: 'guidance', section: '§3.4d, §3.9, §5.4' },
    { family: 'workingGuide', section: '§I.2.2' },
  ],
  check(_facts, on, _settings, subject) {
    const d = subject.deadline;
    if (!d) return pass({}, true);
    const used = { key: d.key, timerId: d.timerId, dueDate: d.dueDate, actDate: subject.actDate ?? on };
    if (!d.dueDate) return pass({ ...used, dueDateKnown: false });
    if ((subject.actDate ?? on) > d.dueDate)
      return fail(used, `Quá hạn: hạn ${d.dueDate}, thực hiện ${subject.actDate ?? on}`, `Late: due ${d.dueDate}, done ${subject.actDate ?? on}`);
    return pass(used);
  },
});

export const procHelper = defineRule({
  id: 'PROC-HELPER',
  kind: 'procedure',
  blocking: true,
  vi: 'Phân công đảng viên chính thức giúp đỡ người vào Đảng (khi vào danh sách cảm tình Đảng) và đảng viên dự bị (tại lễ kết nạp).',
  en: 'A full member is assigned as helper at the sympathiser stage and at the ceremony.',
  citations: [
    // QĐ294 §3.2.2: "chi bộ phân công đảng viên chính thức khác theo dõi, giúp đỡ người vào Đảng";
    // HD06 §3.8c: the ceremony "phân công đảng viên chính thức giúp đỡ đảng viên dự bị"; §3.10 on a move.
    { family: 'regulation', section: '§3.2.2' },
    { family: 'guidance', section: '§3.8c, §3.10' },
  ],
  check(facts, _on, _settings, subject) {
    const helper = subject.helper ?? facts.evidence.helpers.filter((h) => !h.leftOn).at(-1);
    if (!helper) return fail({}, 'Chưa phân công đảng viên giúp đỡ', 'No helper assigned', true);
    const used = { helper: helper.memberId, memberStatus: helper.memberStatus };
    if (helper.memberStatus !== 'full') return fail(used, 'Đảng viên giúp đỡ phải là đảng viên chính thức', 'The helper must be a full member');
    return pass(used);
  },
});

export const procProbationLength = defineRule({
  id: 'PROC-PROBATION-LENGTH',
  kind: 'procedure',
  blocking: true,
  vi: 'Chỉ xét công nhận khi đã đủ 12 tháng dự bị kể từ ngày kết nạp; không kéo dài thời gian dự bị.',
  en: 'Recognition only after 12 months from the ceremony; probation is never extended.',
  citations: [{ fixed: 'charter', section: 'Điều 5.1' }],
  check(facts, on, _settings, subject) {
    // It guards recognition, never a removal for breach of standing: HD06 §4.6 allows removal from the
    // probationary list at any time during probation, with the same votes (procedure.md §3 Exits).
    if (subject.vote?.motion === 'remove') return pass({ motion: 'remove' }, true);
    const end = probationEndOf(facts);
    if (!end) return fail({}, 'Chưa tổ chức lễ kết nạp', 'No ceremony recorded', true);
    const used = { ceremonyOn: facts.evidence.ceremony?.heldOn, probationEnd: end, on };
    if (on < end) return fail(used, `Chưa hết 12 tháng dự bị (hết ngày ${end})`, `Probation has not ended (ends ${end})`);
    return pass(used);
  },
});

export const procCompetentBody = defineRule({
  id: 'PROC-COMPETENT-BODY',
  kind: 'procedure',
  blocking: true,
  vi: 'Quyết định do cấp ủy có thẩm quyền của tổ chức tại ngày quyết định; chủ doanh nghiệp tư nhân luôn do ban thường vụ cấp ủy cấp trên quyết định.',
  en: 'The decision is taken by the body configured as COMPETENT on the decision date; private-business owners always by the upper committee’s standing committee.',
  citations: [
    { family: 'regulation', section: '§4.3' },
    { fixed: 'HD08', section: '§1' },
  ],
  check(facts, _on, _settings, subject) {
    const by = subject.decidedBy;
    if (!by) return fail({}, 'Chưa ghi cơ quan quyết định', 'Deciding body not stated', true);
    if (facts.person.businessOwner) {
      const expectedId = facts.org.upperStandingCommitteeId;
      const used = { decidedBy: by, expected: { kind: 'upperStandingCommittee', id: expectedId } };
      if (by.kind !== 'upperStandingCommittee' || (expectedId !== undefined && by.id !== expectedId))
        return fail(used, 'Chủ doanh nghiệp tư nhân do ban thường vụ cấp ủy cấp trên quyết định', 'A private-business owner is decided by the upper standing committee');
      return pass(used);
    }
    const used = { decidedBy: by, expected: facts.org.competentBody };
    if (by.id !== facts.org.competentBody.id)
      return fail(used, `Cơ quan quyết định (${by.id}) không phải cấp có thẩm quyền (${facts.org.competentBody.id})`, `Deciding body ${by.id} is not the configured COMPETENT ${facts.org.competentBody.id}`);
    return pass(used);
  },
});

export const procCeremonyConsent = defineRule({
  id: 'PROC-CEREMONY-CONSENT',
  kind: 'procedure',
  blocking: false,
  vi: 'Lễ kết nạp quá 30 ngày làm việc kể từ khi chi bộ nhận quyết định phải có ý kiến đồng ý của cấp ủy cấp trên; lễ vẫn được ghi nhận, vi phạm mở cho đến khi có ý kiến.',
  en: 'A ceremony later than 30 wd after the cell received the decision needs the upper committee’s consent; it is recorded and a violation stays open until the consent is recorded.',
  citations: [
    { family: 'regulation', section: '§4.1' },
    { family: 'guidance', section: '§3.8' },
  ],
  check(facts, on, _settings, subject) {
    const held = subject.actDate ?? facts.evidence.ceremony?.heldOn ?? on;
    const due = subject.deadline?.dueDate;
    const late = (due !== undefined && held > due) || facts.evidence.ceremonyOverdue === true;
    const used = { heldOn: held, dueDate: due, late, consentOn: facts.evidence.ceremonyLateConsentOn };
    if (late && !facts.evidence.ceremonyLateConsentOn)
      return fail(used, 'Lễ kết nạp quá hạn chưa có ý kiến đồng ý của cấp ủy cấp trên', 'Late ceremony without the upper committee’s consent');
    return pass(used);
  },
});

function helperAssignedSince(facts: CaseFacts, date: LocalDate): boolean {
  return facts.evidence.helpers.some((h) => !h.leftOn && h.assignedOn >= date && h.memberStatus === 'full');
}

export const procTransfer = defineRule({
  id: 'PROC-TRANSFER',
  kind: 'procedure',
  blocking: true,
  vi: 'Chuyển sinh hoạt trong quá trình kết nạp: nơi nhận phân công đảng viên giúp đỡ và người giới thiệu mới; hồ sơ chuyển đến cấp có thẩm quyền nơi đến; lễ kết nạp tổ chức ở nơi đến.',
  en: 'A move during the case: the receiving side assigns a new helper and introducers; the dossier goes to the destination’s COMPETENT; the ceremony is held at the destination.',
  citations: [{ family: 'guidance', section: '§3.9–3.10' }],
  check(facts, _on, _settings, subject) {
    const t = facts.transfers.at(-1);
    if (!t) return pass({}, true);
    const used: Record<string, unknown> = { clause: t.clause, transferredOn: t.date, from: t.fromOrganisationId, to: t.toOrganisationId };
    const needsHelper = ['cell.admissionVoted', 'cell.recognitionVoted', 'decision.admissionSigned', 'dossier.cleared'];
    if (subject.eventType && needsHelper.includes(subject.eventType) && ['6.1', '6.2', 'probation'].includes(t.clause) && !helperAssignedSince(facts, t.date))
      return fail(used, 'Nơi nhận chưa phân công đảng viên giúp đỡ mới', 'The receiving side has not assigned a new helper', true);
    if (subject.eventType === 'decision.admissionSigned' && t.clause === '6.3' && !t.dossierReceivedOn)
      return fail(used, 'Cấp ủy nơi đến chưa nhận hồ sơ', 'The destination committee has not received the dossier', true);
    if (subject.eventType === 'ceremony.held' && t.clause === '6.4' && !t.sameDecidingCommittee) {
      const at = subject.ceremonyOrganisationId ?? facts.org.organisationId;
      used['ceremonyAt'] = at;
      if (at === t.fromOrganisationId)
        return fail(used, 'Lễ kết nạp phải tổ chức ở nơi đến, không tổ chức ở nơi cũ', 'The ceremony is held at the destination, never at the old place');
    }
    return pass(used);
  },
});

export const procCancellation = defineRule({
  id: 'PROC-CANCELLATION',
  kind: 'procedure',
  blocking: true,
  vi: 'Hủy quyết định kết nạp sai: không đủ tiêu chuẩn thì hủy và xóa tên; sai thủ tục thì hủy và làm lại các bước sai; đã tiếp nhận sau chuyển sinh hoạt thì cần ý kiến bằng văn bản của cấp ủy cấp trên có thẩm quyền; ghi rõ người đề nghị và người quyết định.',
  en: 'Cancelling a wrongful decision: a criterion not met cancels and removes the name; a procedural fault cancels and redoes only the faulty steps; after a transfer, a member already received needs the higher committee’s written consent; the proposer and decider are recorded.',
  citations: [
    { family: 'regulation', section: '§4.4' },
    { family: 'workingGuide', section: '§I.3' },
  ],
  check(facts, on, _settings, subject) {
    const c = subject.cancellation;
    if (!c) return fail({}, 'Chưa có nội dung hủy quyết định', 'No cancellation details', true);
    const used: Record<string, unknown> = { ...c };
    if (!facts.evidence.decision) return fail(used, 'Chưa có quyết định kết nạp để hủy', 'No admission decision to cancel');
    if (!c.proposedBy.trim() || !c.decidedBy.trim())
      return fail(used, 'Phải ghi người đề nghị và người quyết định hủy', 'The proposer and the decider must be recorded');
    if (c.defect === 'procedural') {
      if (!c.redoFrom) return fail(used, 'Sai thủ tục: phải chỉ rõ bước làm lại', 'Procedural defect: name the step to redo');
      if (c.redoFrom === 'baseResolution' && facts.org.isBaseCell)
        return fail(used, 'Chi bộ cơ sở không có bước nghị quyết đảng ủy cơ sở', 'A base cell has no base resolution step');
      if (c.redoFrom === 'subBaseAppraisal' && !facts.org.hasSubBase)
        return fail(used, 'Tổ chức không có đảng ủy bộ phận', 'The organisation has no sub-base committee');
    }
    const received = facts.transfers.some((t) => (t.clause === '6.4' || t.clause === 'probation') && t.date >= facts.evidence.decision!.signedOn);
    used['receivedAfterTransfer'] = received;
    if (received && !(c.higherConsentOn && c.higherConsentOn <= on))
      return fail(used, 'Đảng viên đã được tiếp nhận: cần ý kiến bằng văn bản của cấp ủy cấp trên có thẩm quyền', 'Member already received: the competent higher committee’s written consent is needed', true);
    return pass(used);
  },
});

export const PROCEDURES = [
  procDates,
  procCellVote,
  procBaseVote,
  procCompetentVote,
  procOrder,
  procDeadlines,
  procHelper,
  procProbationLength,
  procCompetentBody,
  procCeremonyConsent,
  procTransfer,
  procCancellation,
] as const;
