import { fullMonthsBetween } from '../dates.js';
import { type ConsentSubject, type ReadmissionReason, type SpecialCategory } from './case-facts.js';
import { critEducation } from './criteria.rule.js';
import { defineRule, fail, pass } from './define-rule.js';
import { OVER_SIXTY_MONTHS } from './org-settings.js';

export const condProvinceConsent = defineRule({
  id: 'COND-PROVINCE-CONSENT',
  kind: 'condition',
  blocking: true,
  vi: 'Có ý kiến bằng văn bản của Ban thường vụ tỉnh ủy trước khi quyết định trong các trường hợp đặc biệt (trên 60 tuổi kèm xác nhận sức khỏe, uy tín và lý do; chỉ biết đọc, biết viết; vấn đề chính trị vượt thẩm quyền; kết nạp lại).',
  en: 'PROVINCE’s written consent before the decision where §5 requires it (over 60, with health, prestige and a reason attested; literacy only; political issue beyond COMPETENT; re-admission).',
  citations: [
    { family: 'regulation', section: '§1.1.2, §3.5' },
    { family: 'guidance', section: '§1.1, §1.2, §3.7c' },
  ],
  check(facts, on, settings) {
    const e = facts.evidence;
    const meeting = e.cellResolution?.meetingDate ?? on;
    const ageMonths = fullMonthsBetween(facts.person.birthDate, meeting);
    const required: ConsentSubject[] = [];
    const missing: string[] = [];
    if (ageMonths > OVER_SIXTY_MONTHS) {
      required.push('overSixty');
      if (!e.attestations.some((a) => a.kind === 'healthAndPrestige' && a.date <= on)) missing.push('healthAndPrestigeAttestation');
      if (!e.attestations.some((a) => a.kind === 'overSixtyReason' && a.date <= on)) missing.push('overSixtyReason');
    }
    if (critEducation.check(facts, meeting, settings, {}).facts['path'] === 'literacyOnly') required.push('literacyOnly');
    if (e.politicalConclusion?.conclusion === 'beyondCompetence') required.push('politicalStandards');
    if (facts.variant.readmission) required.push('readmission');
    for (const subject of required)
      if (!e.consents.some((c) => c.subject === subject && c.date <= on)) missing.push(`provinceConsent:${subject}`);
    const used = { required, missing, ageMonths, measuredOn: on };
    if (required.length === 0) return pass(used, true);
    if (missing.length > 0)
      return fail(used, `Thiếu trước khi quyết định: ${missing.join(', ')}`, `Missing before the decision: ${missing.join(', ')}`, true);
    return pass(used);
  },
});

/** QĐ294 §3.5.1b: waiting periods before re-admission, in months. */
export const READMISSION_WAIT_MONTHS = 36;
export const READMISSION_WAIT_AFTER_EXPUNGEMENT_MONTHS = 60;

const NEVER: Partial<Record<ReadmissionReason, { vi: string; en: string }>> = {
  abandonedActivity: { vi: 'bỏ sinh hoạt đảng', en: 'abandoning party activity' },
  ownRequest: { vi: 'tự xin ra khỏi Đảng', en: 'asking to leave' },
  seriousDisunity: { vi: 'gây mất đoàn kết nội bộ nghiêm trọng', en: 'causing serious internal disunity' },
  corruptionConviction: { vi: 'bị kết án về tội tham nhũng', en: 'a corruption conviction' },
  seriousCrimeConviction: { vi: 'bị kết án về tội nghiêm trọng trở lên', en: 'a conviction for a serious crime or worse' },
};

export const condReadmission = defineRule({
  id: 'COND-READMISSION',
  kind: 'condition',
  blocking: true,
  vi: 'Kết nạp lại: có đơn, đủ tiêu chuẩn; ít nhất 36 tháng kể từ khi ra khỏi Đảng (bị án hình sự về tội ít nghiêm trọng: sau 60 tháng kể từ khi được xoá án tích); không kết nạp lại người bỏ sinh hoạt, tự xin ra (trừ hoàn cảnh gia đình đặc biệt khó khăn), gây mất đoàn kết nghiêm trọng, bị kết án tham nhũng hoặc tội nghiêm trọng trở lên; chỉ kết nạp lại một lần.',
  en: 'Re-admission: an application, the standards met; at least 36 months since leaving (after a conviction for a less serious offence: 60 months from the expungement); never after abandoning activity, asking to leave (except exceptional family hardship), serious disunity, a corruption or serious-crime conviction; only once.',
  citations: [{ family: 'regulation', section: '§3.5' }],
  check(facts, on) {
    const r = facts.variant.readmission;
    if (!r) return pass({}, true);
    // QĐ294 §3.5.1b: "ít nhất là 36 tháng kể từ khi ra khỏi Đảng (riêng người bị án hình sự về tội
    // phạm ít nghiêm trọng thì phải sau 60 tháng kể từ khi được xoá án tích ...)".
    const afterConviction = r.reason === 'lessSeriousConvictionExpunged';
    const countedFrom = afterConviction ? r.expungedOn : r.leftOn;
    const waitMonths = afterConviction ? READMISSION_WAIT_AFTER_EXPUNGEMENT_MONTHS : READMISSION_WAIT_MONTHS;
    const months = countedFrom ? fullMonthsBetween(countedFrom, on) : 0;
    const used = {
      leftOn: r.leftOn,
      reason: r.reason,
      expungedOn: r.expungedOn,
      countedFrom: afterConviction ? 'expungedOn' : 'leftOn',
      measuredOn: on,
      months,
      waitMonths,
      previouslyReadmitted: r.previouslyReadmitted,
    };
    const never = NEVER[r.reason];
    if (never) return fail(used, `Không kết nạp lại người ra khỏi Đảng vì ${never.vi}`, `Never re-admitted after ${never.en}`);
    if (r.reason === 'populationPolicy')
      return fail(used, 'Trường hợp vi phạm chính sách dân số theo quy định riêng của Ban Bí thư: chuyển người xử lý', 'Population-policy cases follow a separate Secretariat rule: referred to a person');
    if (r.reason === 'ownRequestFamilyHardship' && !r.reasonNote)
      return fail(used, 'Phải ghi rõ hoàn cảnh gia đình đặc biệt khó khăn', 'The exceptional family hardship must be recorded', true);
    if (r.previouslyReadmitted) return fail(used, 'Chỉ được kết nạp lại một lần', 'Re-admission is allowed only once');
    if (afterConviction && !r.expungedOn)
      return fail(used, 'Phải ghi ngày được xoá án tích: 60 tháng tính từ ngày đó', 'The expungement date must be recorded: the 60 months run from it', true);
    if (afterConviction && r.expungedOn! > on)
      return fail(used, `Ngày xoá án tích ${r.expungedOn} sau ngày xét`, `Expunged on ${r.expungedOn}, after the step`);
    if (months < waitMonths)
      return afterConviction
        ? fail(used, `Mới ${months} tháng kể từ khi được xoá án tích (${r.expungedOn}), cần ít nhất ${waitMonths} tháng`, `Only ${months} months since the expungement (${r.expungedOn}), at least ${waitMonths} needed`)
        : fail(used, `Mới ${months} tháng kể từ khi ra khỏi Đảng, cần ít nhất ${waitMonths} tháng`, `Only ${months} months since leaving, at least ${waitMonths} needed`);
    return pass(used);
  },
});

const CATEGORY_EVIDENCE: Record<SpecialCategory, { vi: string; en: string }> = {
  religiousFollower: { vi: 'tôn giáo được Nhà nước công nhận', en: 'a State-recognised religion' },
  foreignSpouse: { vi: 'kê khai, thẩm tra lý lịch người phối ngẫu nước ngoài', en: 'the foreign spouse’s background declared and verified' },
  foreignOrigin: { vi: 'hồ sơ người Việt Nam gốc nước ngoài', en: 'the foreign-origin documents' },
  ethnicChinese: { vi: 'xác minh gia đình ba đời có quốc tịch Việt Nam', en: 'three generations of Vietnamese nationality verified' },
  businessOwner: { vi: 'hồ sơ doanh nghiệp và đề nghị của đảng ủy cơ sở', en: 'the business documents and the base committee’s proposal' },
};

export const condSpecialCategory = defineRule({
  id: 'COND-SPECIAL-CATEGORY',
  kind: 'condition',
  blocking: true,
  vi: 'Yêu cầu thêm đối với người theo tôn giáo, người có vợ/chồng là người nước ngoài, người Việt Nam gốc nước ngoài, người Hoa, chủ doanh nghiệp tư nhân, được ghi nhận trong hồ sơ.',
  en: 'The extra requirements for religious followers, marriage to a foreigner, foreign origin, ethnic Chinese candidates and private-business owners, recorded as evidence.',
  citations: [
    { family: 'guidance', section: '§6.1' },
    { fixed: 'TT06', section: '§1' },
    { fixed: 'HD08', section: '§1' },
  ],
  check(facts, on) {
    const p = facts.person;
    const categories: SpecialCategory[] = [];
    if (p.religion) categories.push('religiousFollower');
    if (p.foreignSpouse) categories.push('foreignSpouse');
    if (p.foreignOrigin) categories.push('foreignOrigin');
    if (p.ethnicChinese) categories.push('ethnicChinese');
    if (p.businessOwner) categories.push('businessOwner');
    if (categories.length === 0) return pass({ categories }, true);
    const has = (c: SpecialCategory) => facts.evidence.specialEvidence.some((x) => x.category === c && x.date <= on);
    const missing = categories.filter((c) => (c === 'religiousFollower' ? false : !has(c)));
    const used = { categories, missing, religion: p.religion, generations: p.vietnameseNationalityGenerations };
    if (p.religion && !p.religion.stateRecognised)
      return fail(used, 'Chỉ kết nạp người theo tôn giáo được Nhà nước công nhận', 'Only followers of State-recognised religions');
    if (p.ethnicChinese && (p.vietnameseNationalityGenerations ?? 0) < 3)
      return fail(used, 'Người Hoa: gia đình phải có ít nhất ba đời quốc tịch Việt Nam', 'Ethnic Chinese: at least three generations of Vietnamese nationality');
    if (missing.length > 0)
      return fail(
        used,
        `Thiếu: ${missing.map((c) => CATEGORY_EVIDENCE[c].vi).join('; ')}`,
        `Missing: ${missing.map((c) => CATEGORY_EVIDENCE[c].en).join('; ')}`,
        true,
      );
    return pass(used);
  },
});

export const SPECIAL_CASES = [condProvinceConsent, condReadmission, condSpecialCategory] as const;
