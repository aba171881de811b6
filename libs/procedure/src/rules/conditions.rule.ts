import { addMonths, fullMonthsBetween, type LocalDate } from '../dates.js';
import { type CaseFacts, type IntroducerRecord } from './case-facts.js';
import { defineRule, fail, pass } from './define-rule.js';
import { type OrgSettings, YOUTH_AGE_MONTHS } from './org-settings.js';

export type IntroductionPath = 'youthUnion' | 'tradeUnion' | 'twoMembers';

/** Youth age limit in full months (I-3). */
export function youthAgeLimit(facts: CaseFacts, settings: OrgSettings): number {
  return settings.localDefaults.youthUnionOfficialAge && facts.person.youthUnionOfficial
    ? settings.limits.youthUnionOfficialYouthAgeMonths
    : YOUTH_AGE_MONTHS;
}

/** The introduction paths open to the candidate on a date (Charter Art. 4; QĐ294 §3.1; I-3, I-9). */
export function introductionPaths(facts: CaseFacts, on: LocalDate, settings: OrgSettings): IntroductionPath[] {
  const youth = fullMonthsBetween(facts.person.birthDate, on) <= youthAgeLimit(facts, settings);
  if (youth && facts.org.youthUnionExists) return ['youthUnion'];
  if (youth && facts.org.tradeUnionExists) return ['tradeUnion'];
  if (!youth && !facts.org.youthUnionExists && facts.org.tradeUnionExists && settings.tradeUnionPathPastYouthAge)
    return ['twoMembers', 'tradeUnion'];
  return ['twoMembers'];
}

const PATH_TEXT: Record<IntroductionPath, { vi: string; en: string }> = {
  youthUnion: { vi: 'nghị quyết giới thiệu của Đoàn cơ sở và một đảng viên chính thức (tuổi thanh niên, nơi có tổ chức Đoàn)', en: 'the Youth Union resolution plus one full member (youth age where a Youth Union exists)' },
  tradeUnion: { vi: 'nghị quyết giới thiệu của Công đoàn cơ sở và một đảng viên chính thức', en: 'the trade-union resolution plus one full member' },
  twoMembers: { vi: 'hai đảng viên chính thức', en: 'two full members' },
};

const activeIntroducers = (facts: CaseFacts): IntroducerRecord[] => facts.evidence.introducers.filter((i) => i.active);

/** Whether the recorded introducers have the right composition (without the 12-month check). */
export function introductionsComposed(facts: CaseFacts, on: LocalDate, settings: OrgSettings): boolean {
  const active = activeIntroducers(facts);
  const members = active.filter((i) => i.kind === 'member').length;
  return introductionPaths(facts, on, settings).some((path) =>
    path === 'twoMembers'
      ? members >= 2
      : members >= 1 && active.some((i) => i.kind === path),
  );
}

/** Introducer exempt from the 12 months: a recorded replacement, a transfer (HD06 §3.9a), no party nearby. */
function alongsideExempt(facts: CaseFacts, introducer: IntroducerRecord): string | undefined {
  if (introducer.replacementReason) return introducer.replacementReason;
  if (facts.variant.noPartyNearby) return 'noPartyNearby';
  const transfer = facts.transfers.find((t) => t.clause === '6.1' && t.date <= introducer.date);
  return transfer ? `transfer ${transfer.date}` : undefined;
}

export const condAwarenessCert = defineRule({
  id: 'COND-AWARENESS-CERT',
  kind: 'condition',
  blocking: true,
  vi: 'Có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng, cấp không quá 60 tháng trước ngày chi bộ họp xét kết nạp.',
  en: 'An awareness-course certificate issued at most 60 months before the cell resolution proposing admission.',
  citations: [{ family: 'guidance', section: '§5.4b' }, { fixed: 'HD02HN', section: 'bước 3 (mặc định địa phương)' }],
  check(facts, on, settings) {
    const cert = facts.evidence.awarenessCert;
    if (!cert) return fail({}, 'Chưa có giấy chứng nhận lớp nhận thức về Đảng', 'No awareness-course certificate', true);
    const expiresAfter = addMonths(cert.issuedOn, settings.limits.awarenessCertificateMonths);
    const used = { issuedOn: cert.issuedOn, measuredOn: on, validThrough: expiresAfter, limitMonths: settings.limits.awarenessCertificateMonths };
    if (cert.issuedOn > on) return fail(used, 'Giấy chứng nhận cấp sau ngày họp', 'Certificate dated after the meeting');
    if (on > expiresAfter)
      return fail(
        used,
        `Giấy chứng nhận cấp ngày ${cert.issuedOn} đã quá ${settings.limits.awarenessCertificateMonths} tháng: phải học lại`,
        `Certificate of ${cert.issuedOn} is older than ${settings.limits.awarenessCertificateMonths} months: the course must be retaken`,
      );
    const eighteenOn = addMonths(facts.person.birthDate, 216);
    if (cert.issuedOn < eighteenOn) {
      const listed = facts.evidence.sympathiserListedOn;
      const allowed = settings.localDefaults.awarenessCourseBeforeEighteen && listed !== undefined && listed <= cert.issuedOn;
      if (!allowed)
        return fail(
          { ...used, eighteenOn, sympathiserListedOn: listed },
          'Học lớp nhận thức trước 18 tuổi chỉ được tính khi đã ở danh sách cảm tình Đảng (mặc định địa phương)',
          'A course taken before 18 counts only for someone already on the sympathiser list (local default)',
        );
    }
    return pass(used);
  },
});

export const condApplication = defineRule({
  id: 'COND-APPLICATION',
  kind: 'condition',
  blocking: true,
  vi: 'Có đơn xin vào Đảng (tự viết tay).',
  en: 'The handwritten application is on file.',
  citations: [{ family: 'guidance', section: '§3.2' }],
  check(facts, on) {
    const date = facts.evidence.applicationOn;
    if (!date) return fail({}, 'Chưa có đơn xin vào Đảng', 'No application on file', true);
    if (date > on) return fail({ applicationOn: date }, 'Đơn đề ngày sau ngày xét', 'Application dated after the step');
    return pass({ applicationOn: date });
  },
});

export const condBackground = defineRule({
  id: 'COND-BACKGROUND',
  kind: 'condition',
  blocking: true,
  vi: 'Có lý lịch người xin vào Đảng; thẩm tra lý lịch đã nhận đủ trả lời và được đảng ủy cơ sở (cấp ủy cấp trên đối với chi bộ cơ sở) chứng nhận.',
  en: 'Background declaration on file; every verification answer received and the declaration certified by BASE (the upper committee for a base cell).',
  citations: [{ family: 'guidance', section: '§3.3–3.4' }, { family: 'guidance', section: '§5.4a' }],
  check(facts, on) {
    const e = facts.evidence;
    const pending = e.checks.filter((c) => !c.answeredOn).map((c) => c.requestId);
    const used = { declarationOn: e.declarationOn, requests: e.checks.length, pending, certifiedOn: e.backgroundCertified?.date };
    if (!e.declarationOn) return fail(used, 'Chưa có lý lịch', 'No background declaration', true);
    // HD06 §3.4c: family in the same commune since the paternal grandparents, confirmed by the
    // commune's party committee: "không cần thẩm tra riêng" (the confirmation meets the requirement).
    const familyResidence = e.backgroundCertified?.familyResidence;
    if (familyResidence) Object.assign(used, { familyResidence });
    if (e.checks.length === 0 && !familyResidence) return fail(used, 'Chưa gửi yêu cầu thẩm tra lý lịch', 'No verification requested', true);
    if (pending.length > 0)
      return fail(used, `Còn ${pending.length} yêu cầu thẩm tra chưa trả lời`, `${pending.length} verification request(s) unanswered`, true);
    if (!e.backgroundCertified) return fail(used, 'Lý lịch chưa được chứng nhận', 'Declaration not certified', true);
    // HD06 §5.4a: a renewal that recorded a change needs the supplementary verification certified again.
    if (e.backgroundChangedOn && e.backgroundCertified.date < e.backgroundChangedOn)
      return fail(
        { ...used, backgroundChangedOn: e.backgroundChangedOn },
        `Có thay đổi so với lần thẩm tra trước (ghi ngày ${e.backgroundChangedOn}): phải thẩm tra bổ sung và chứng nhận lại`,
        `A change since the last verification was recorded on ${e.backgroundChangedOn}: supplement the verification and certify again`,
        true,
      );
    if (e.backgroundCertified.date > on) return fail(used, 'Chứng nhận lý lịch sau ngày xét', 'Certification dated after the step');
    return pass(used);
  },
});

export const condIntroducers = defineRule({
  id: 'COND-INTRODUCERS',
  kind: 'condition',
  blocking: true,
  vi: 'Người giới thiệu đúng quy định: tuổi thanh niên nơi có Đoàn: Đoàn cơ sở và một đảng viên chính thức; nơi chỉ có Công đoàn: Công đoàn cơ sở và một đảng viên chính thức; còn lại hai đảng viên chính thức. Đảng viên giới thiệu phải cùng công tác, học tập, sinh sống với người vào Đảng ít nhất 12 tháng tính đến ngày họp chi bộ (trừ trường hợp được thay thế).',
  en: 'Introducers as required: youth age where a Youth Union exists: YOUTH plus one full member; only a trade union: UNION plus one full member; otherwise two full members. Each introducing member is a full member alongside the candidate for at least 12 months at the cell meeting (unless a recorded replacement).',
  citations: [
    { fixed: 'charter', section: 'Điều 4' },
    { family: 'regulation', section: '§3.1–3.2' },
    { family: 'guidance', section: '§3.9a' },
  ],
  check(facts, on, settings, subject) {
    const paths = introductionPaths(facts, on, settings);
    const active = activeIntroducers(facts);
    const members = active.filter((i) => i.kind === 'member');
    const probationary = members.filter((m) => m.memberStatus !== 'full').map((m) => m.introducerId);
    const used: Record<string, unknown> = {
      measuredOn: on,
      ageMonths: fullMonthsBetween(facts.person.birthDate, on),
      youthAgeLimitMonths: youthAgeLimit(facts, settings),
      paths,
      introducers: active.map((i) => i.introducerId),
    };
    if (probationary.length > 0)
      return fail({ ...used, probationary }, 'Người giới thiệu phải là đảng viên chính thức', 'Introducing members must be full members');
    // Recording a letter checks only membership status: the 12 months are measured at the meeting.
    if (subject.phase === 'record') return pass(used);
    if (paths.includes('youthUnion') && !facts.person.youthUnionMember)
      return fail(used, 'Người vào Đảng trong độ tuổi thanh niên phải là đoàn viên', 'A candidate of youth age must be a Youth Union member');
    if (paths.length === 1 && paths[0] === 'tradeUnion' && !facts.person.tradeUnionMember)
      return fail(used, 'Người vào Đảng phải là đoàn viên công đoàn', 'The candidate must be a trade-union member');
    const needed = settings.limits.introducerAlongsideMonths;
    const qualifying = members.filter((m) => {
      const exempt = alongsideExempt(facts, m);
      return exempt !== undefined || (m.alongsideSince !== undefined && fullMonthsBetween(m.alongsideSince, on) >= needed);
    });
    const short = members
      .filter((m) => !qualifying.includes(m))
      .map((m) => ({ introducerId: m.introducerId, alongsideSince: m.alongsideSince, months: m.alongsideSince ? fullMonthsBetween(m.alongsideSince, on) : null }));
    const exemptions = members.map((m) => ({ id: m.introducerId, exempt: alongsideExempt(facts, m) })).filter((x) => x.exempt);
    Object.assign(used, { requiredAlongsideMonths: needed, short, exemptions });
    const ok = paths.some((path) =>
      path === 'twoMembers' ? qualifying.length >= 2 : qualifying.length >= 1 && active.some((i) => i.kind === path && i.date <= on),
    );
    if (ok) return pass(used);
    if (!introductionsComposed(facts, on, settings)) {
      const youthUnion = active.filter((i) => i.kind === 'youthUnion').length;
      const tradeUnion = active.filter((i) => i.kind === 'tradeUnion').length;
      const age = Math.floor(fullMonthsBetween(facts.person.birthDate, on) / 12);
      const need = paths.map((p) => PATH_TEXT[p]);
      return fail(
        { ...used, recorded: { members: members.length, youthUnion, tradeUnion } },
        `Chưa đủ người giới thiệu tại ngày ${on} (${age} tuổi): cần ${need.map((n) => n.vi).join(' hoặc ')}; đã có ${members.length} đảng viên, ${youthUnion} nghị quyết Đoàn, ${tradeUnion} nghị quyết Công đoàn`,
        `Introducers incomplete on ${on} (aged ${age}): needs ${need.map((n) => n.en).join(' or ')}; recorded ${members.length} member(s), ${youthUnion} Youth Union and ${tradeUnion} trade-union resolution(s)`,
        true,
      );
    }
    return fail(
      used,
      `Người giới thiệu chưa đủ ${needed} tháng cùng công tác với người vào Đảng tại ngày ${on}`,
      `An introducer has been alongside the candidate for less than ${needed} months on ${on}`,
    );
  },
});

/** The dossier clock (I-5): renewal, else the clearance decision, else the application date. */
export function dossierClockStart(facts: CaseFacts): LocalDate | undefined {
  const e = facts.evidence;
  return e.dossierRenewedOn ?? e.clearedOn ?? e.applicationOn;
}

export const condDossierFresh = defineRule({
  id: 'COND-DOSSIER-FRESH',
  kind: 'condition',
  blocking: true,
  vi: 'Quá 12 tháng kể từ khi lập hồ sơ mà chi bộ chưa xét thì phải làm lại giới thiệu, nghị quyết Đoàn/Công đoàn, ý kiến nhận xét và bổ sung thẩm tra lý lịch.',
  en: 'More than 12 months after compiling the dossier without a cell resolution: introductions, the Youth Union/trade-union resolution and opinions are redone and the verification supplemented.',
  citations: [{ family: 'guidance', section: '§5.4a' }],
  check(facts, on, settings) {
    const start = dossierClockStart(facts);
    if (!start) return fail({}, 'Chưa bắt đầu lập hồ sơ', 'The dossier has not been started', true);
    const freshThrough = addMonths(start, settings.limits.dossierFreshnessMonths);
    const used = { compiledOn: start, measuredOn: on, freshThrough, limitMonths: settings.limits.dossierFreshnessMonths };
    if (on > freshThrough)
      return fail(
        used,
        `Hồ sơ lập từ ${start} đã quá ${settings.limits.dossierFreshnessMonths} tháng: phải làm lại`,
        `Dossier compiled on ${start} is more than ${settings.limits.dossierFreshnessMonths} months old: redo it`,
      );
    return pass(used);
  },
});

export const condOpinions = defineRule({
  id: 'COND-OPINIONS',
  kind: 'condition',
  blocking: true,
  vi: 'Có tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú, hoặc miễn ý kiến nơi cư trú có ghi căn cứ.',
  en: 'Consolidated opinions of the mass organisations and RESIDENCE, or a recorded exemption from the residence opinion with its basis.',
  citations: [{ family: 'guidance', section: '§3.5' }],
  check(facts, on) {
    const o = facts.evidence.opinions;
    if (!o) return fail({}, 'Chưa có tổng hợp ý kiến nhận xét', 'No consolidated opinions', true);
    const used = { consolidatedOn: o.date, residence: o.residence, exemptionBasis: o.exemptionBasis };
    if (o.residence === 'exempt' && !o.exemptionBasis)
      return fail(used, 'Miễn ý kiến nơi cư trú phải ghi căn cứ', 'A residence-opinion exemption needs its stated basis');
    if (o.date > on) return fail(used, 'Ý kiến nhận xét đề ngày sau ngày xét', 'Opinions dated after the step');
    return pass(used);
  },
});

/** Sub-base and base resolutions are waived when a §6.2 transfer sent the dossier to the destination's COMPETENT. */
function upperResolutionsWaived(facts: CaseFacts): boolean {
  return facts.transfers.some((t) => t.clause === '6.2');
}

export const condAdmissionDossier = defineRule({
  id: 'COND-ADMISSION-DOSSIER',
  kind: 'condition',
  blocking: true,
  vi: 'Hồ sơ kết nạp đầy đủ: trước khi chi bộ xét: giấy chứng nhận, đơn, lý lịch và kết quả thẩm tra, giới thiệu, nghị quyết Đoàn/Công đoàn, tổng hợp ý kiến; trước khi quyết định: nghị quyết chi bộ, báo cáo đảng ủy bộ phận (nếu có), nghị quyết đảng ủy cơ sở.',
  en: 'The admission dossier is complete: before the cell votes: certificate, application, declaration with verification results, introductions, Youth Union/trade-union resolution, opinions; before the decision: cell resolution, sub-base report where one exists, base resolution.',
  citations: [{ family: 'guidance', section: '§8.1a' }],
  check(facts, on, settings, subject) {
    const e = facts.evidence;
    const missing: string[] = [];
    if (subject.phase === 'decision') {
      if (!e.cellResolution) missing.push('cellResolution');
      if (!upperResolutionsWaived(facts)) {
        if (facts.org.hasSubBase && !e.subBaseReportOn) missing.push('subBaseReport');
        if (!facts.org.isBaseCell && !e.baseResolution) missing.push('baseResolution');
      }
    } else {
      if (!e.awarenessCert) missing.push('awarenessCertificate');
      if (!e.applicationOn) missing.push('application');
      if (!e.declarationOn) missing.push('backgroundDeclaration');
      if (!e.backgroundCertified) missing.push('backgroundVerification');
      if (!introductionsComposed(facts, on, settings)) missing.push('introductions');
      if (!e.opinions) missing.push('opinions');
      for (const code of settings.extraRequiredDocuments) if (!e.localDocuments.includes(code)) missing.push(`local:${code}`);
    }
    const used = { phase: subject.phase ?? 'cellVote', missing };
    if (missing.length > 0)
      return fail(used, `Hồ sơ còn thiếu: ${missing.join(', ')}`, `Dossier incomplete: ${missing.join(', ')}`, true);
    return pass(used);
  },
});

/** Probation ends on the same day 12 months after the ceremony (I-4). */
export function probationEndOf(facts: CaseFacts): LocalDate | undefined {
  const held = facts.evidence.ceremony?.heldOn;
  return held ? addMonths(held, 12) : undefined;
}

export const condNewMemberCert = defineRule({
  id: 'COND-NEW-MEMBER-CERT',
  kind: 'condition',
  blocking: true,
  vi: 'Có giấy chứng nhận bồi dưỡng lý luận chính trị cho đảng viên mới trước khi xét công nhận.',
  en: 'The new-member course certificate before recognition.',
  citations: [{ family: 'guidance', section: '§4.1' }],
  check(facts, on) {
    const cert = facts.evidence.newMemberCert;
    if (!cert) return fail({}, 'Chưa có giấy chứng nhận lớp đảng viên mới', 'No new-member course certificate', true);
    if (cert.issuedOn > on) return fail({ issuedOn: cert.issuedOn }, 'Giấy chứng nhận cấp sau ngày xét', 'Certificate dated after the step');
    return pass({ issuedOn: cert.issuedOn });
  },
});

export const condSelfReviewAfterEnd = defineRule({
  id: 'COND-SELF-REVIEW-AFTER-END',
  kind: 'condition',
  blocking: true,
  vi: 'Bản tự kiểm điểm đề ngày từ ngày hết 12 tháng dự bị trở đi.',
  en: 'The self-review is dated on or after the day the 12 months end.',
  citations: [{ family: 'guidance', section: '§4.2' }],
  check(facts) {
    const end = probationEndOf(facts);
    const date = facts.evidence.selfReviewOn;
    const used = { probationEnd: end, selfReviewOn: date };
    if (!end) return fail(used, 'Chưa tổ chức lễ kết nạp', 'No ceremony recorded', true);
    if (!date) return fail(used, 'Chưa có bản tự kiểm điểm', 'No self-review', true);
    if (date < end)
      return fail(used, `Bản tự kiểm điểm ngày ${date} trước ngày hết dự bị ${end}`, `Self-review of ${date} is before the probation end ${end}`);
    return pass(used);
  },
});

export const condRecognitionDossier = defineRule({
  id: 'COND-RECOGNITION-DOSSIER',
  kind: 'condition',
  blocking: true,
  vi: 'Hồ sơ công nhận đảng viên chính thức đầy đủ: trước khi chi bộ xét: giấy chứng nhận lớp đảng viên mới, bản tự kiểm điểm, nhận xét của đảng viên giúp đỡ, tổng hợp ý kiến; trước khi quyết định: nghị quyết chi bộ, báo cáo đảng ủy bộ phận (nếu có), nghị quyết đảng ủy cơ sở.',
  en: 'The recognition dossier is complete: before the cell votes: new-member certificate, self-review, helper assessment(s), opinions; before the decision: cell resolution, sub-base report where one exists, base resolution.',
  citations: [{ family: 'guidance', section: '§8.1b' }, { fixed: 'HD02HN', section: 'bước 18 (mặc định địa phương)' }],
  check(facts, on, settings, subject) {
    const e = facts.evidence;
    const missing: string[] = [];
    const motion = subject.vote?.motion ?? e.recognitionMotion ?? 'recognise';
    const end = probationEndOf(facts);
    const votedOn = subject.vote?.meetingDate ?? subject.actDate ?? on;
    // HD06 §4.6 "Thủ tục xóa tên đảng viên dự bị vi phạm tư cách" names only the votes (cell 2/3,
    // base committee 2/3, COMPETENT > 1/2): a removal for breach during probation needs no
    // recognition file (self-review, helper assessment, opinions are HD06 §4.2-4.4, for recognition).
    if (subject.phase !== 'decision' && motion === 'remove' && end !== undefined && votedOn < end)
      return pass({ phase: subject.phase ?? 'cellVote', missing, removalDuringProbation: true, probationEnd: end });
    if (subject.phase === 'decision') {
      if (!e.recognitionEscalated) {
        if (!e.recognitionCellResolution) missing.push('cellResolution');
        if (facts.org.hasSubBase && !e.recognitionSubBaseReportOn) missing.push('subBaseReport');
        if (!facts.org.isBaseCell && !e.recognitionBaseResolution) missing.push('baseResolution');
      }
    } else {
      // A removal may be motivated by the missing course or self-review: only a recognition needs them.
      if (motion === 'recognise') {
        if (!e.newMemberCert) missing.push('newMemberCertificate');
        if (!e.selfReviewOn) missing.push('selfReview');
      }
      const probationHelpers = e.helpers.filter((h) => h.stage === 'probation');
      const assessed = probationHelpers.filter((h) => h.assessmentOn);
      const needed = settings.localDefaults.assessmentFromEveryHelper ? probationHelpers : probationHelpers.slice(-1);
      if (probationHelpers.length === 0 || needed.some((h) => !assessed.includes(h))) missing.push('helperAssessment');
      if (!e.recognitionOpinionsOn) missing.push('opinions');
    }
    const used = { phase: subject.phase ?? 'cellVote', missing };
    if (missing.length > 0)
      return fail(used, `Hồ sơ công nhận còn thiếu: ${missing.join(', ')}`, `Recognition dossier incomplete: ${missing.join(', ')}`, true);
    return pass(used);
  },
});

export const CONDITIONS = [
  condAwarenessCert,
  condApplication,
  condBackground,
  condIntroducers,
  condDossierFresh,
  condOpinions,
  condAdmissionDossier,
  condNewMemberCert,
  condSelfReviewAfterEnd,
  condRecognitionDossier,
] as const;
