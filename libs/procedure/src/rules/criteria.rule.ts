import { fullMonthsBetween } from '../dates.js';
import { defineRule, fail, pass } from './define-rule.js';
import { OVER_SIXTY_MONTHS } from './org-settings.js';

/** I-2: ≥ 216 full months at the cell meeting; more than 720 is "over 60", a consent gate (I-10). */
export const critAge = defineRule({
  id: 'CRIT-AGE',
  kind: 'criterion',
  blocking: true,
  vi: 'Tuổi đời từ đủ 18 tuổi (tính theo tháng) tại ngày họp chi bộ; trên 60 tuổi cần sức khỏe, uy tín, lý do và ý kiến bằng văn bản của Ban thường vụ tỉnh ủy.',
  en: 'Aged a full 18 (in months) at the cell meeting; over 60 needs health, prestige, a reason and the provincial standing committee’s written consent.',
  citations: [
    { family: 'regulation', section: '§1.1.1' },
    { family: 'regulation', section: '§1.1.2' },
    { family: 'guidance', section: '§1.1' },
  ],
  check(facts, on, settings) {
    const ageMonths = fullMonthsBetween(facts.person.birthDate, on);
    const overSixty = ageMonths > OVER_SIXTY_MONTHS;
    const used = { birthDate: facts.person.birthDate, measuredOn: on, ageMonths, minimumMonths: settings.limits.minimumAgeMonths, overSixty };
    if (ageMonths < settings.limits.minimumAgeMonths) {
      return fail(
        used,
        `Chưa đủ tuổi: ${ageMonths} tháng tại ngày ${on}, cần ít nhất ${settings.limits.minimumAgeMonths} tháng`,
        `Under age: ${ageMonths} full months on ${on}, at least ${settings.limits.minimumAgeMonths} needed`,
      );
    }
    // Over 60 is not a rejection here: COND-PROVINCE-CONSENT gates the decision (I-10).
    return pass(used);
  },
});

export const critEducation = defineRule({
  id: 'CRIT-EDUCATION',
  kind: 'criterion',
  blocking: true,
  vi: 'Tốt nghiệp trung học cơ sở trở lên; vùng đặc biệt khó khăn, ngư dân: tiểu học; già làng, trưởng bản, người có uy tín ở đó: biết đọc, biết viết tiếng Việt và có ý kiến bằng văn bản của Ban thường vụ tỉnh ủy.',
  en: 'Lower-secondary diploma or higher; in hardship areas and for fishermen primary school; village elders, hamlet heads and prestigious persons there: literate in Vietnamese plus provincial written consent.',
  citations: [
    { family: 'regulation', section: '§1.2.1' },
    { family: 'guidance', section: '§1.2' },
  ],
  check(facts) {
    const p = facts.person;
    const used = { education: p.education, areaException: p.areaException ?? false, communityLeader: p.communityLeader ?? false };
    if (p.education === 'upperSecondaryOrHigher' || p.education === 'lowerSecondary') return pass(used);
    if (p.education === 'primary' && p.areaException) return pass({ ...used, path: 'areaPrimary' });
    if (p.education === 'literate' && p.areaException && p.communityLeader) {
      // The provincial consent is checked before the decision (COND-PROVINCE-CONSENT).
      return pass({ ...used, path: 'literacyOnly', provinceConsentRequired: true });
    }
    return fail(used, 'Trình độ học vấn chưa đạt tiêu chuẩn', 'Education below the required level');
  },
});

export const critPolitical = defineRule({
  id: 'CRIT-POLITICAL',
  kind: 'criterion',
  blocking: true,
  vi: 'Tiêu chuẩn chính trị theo quy định bảo vệ chính trị nội bộ: lý lịch được chứng nhận; vấn đề chính trị phải được cấp có thẩm quyền kết luận hoặc tỉnh ủy đồng ý trước khi quyết định.',
  en: 'Political standards per the internal-political-protection rule: background certified; a flagged issue concluded by COMPETENT, or consented to by PROVINCE, before the decision.',
  citations: [
    { family: 'regulation', section: '§3.3' },
    { family: 'guidance', section: '§3.7c' },
  ],
  check(facts, on, _settings, subject) {
    const cert = facts.evidence.backgroundCertified;
    const conclusion = facts.evidence.politicalConclusion;
    const used = { certifiedOn: cert?.date, politicalIssue: cert?.politicalIssue ?? false, conclusion: conclusion?.conclusion, phase: subject.phase };
    if (!cert) return fail(used, 'Lý lịch chưa được chứng nhận', 'Background not certified', true);
    if (conclusion?.conclusion === 'notEligible')
      return fail(used, 'Đã kết luận không đủ tiêu chuẩn chính trị', 'Concluded not to meet the political standards');
    if (subject.phase !== 'decision' || !cert.politicalIssue) return pass(used);
    if (conclusion?.conclusion === 'cleared' && conclusion.date <= on) return pass(used);
    if (conclusion?.conclusion === 'beyondCompetence') {
      const consent = facts.evidence.consents.find((c) => c.subject === 'politicalStandards' && c.date <= on);
      if (consent) return pass({ ...used, provinceConsentOn: consent.date });
      return fail(used, 'Vấn đề chính trị vượt thẩm quyền: cần ý kiến bằng văn bản của Ban thường vụ tỉnh ủy', 'Issue beyond COMPETENT: PROVINCE written consent needed', true);
    }
    return fail(used, 'Vấn đề chính trị chưa được kết luận trước khi quyết định', 'Political issue not concluded before the decision', true);
  },
});

export const critCitizen = defineRule({
  id: 'CRIT-CITIZEN',
  kind: 'criterion',
  blocking: true,
  vi: 'Là công dân Việt Nam.',
  en: 'A Vietnamese citizen.',
  citations: [{ fixed: 'charter', section: 'Điều 1' }],
  check(facts) {
    const used = { vietnameseCitizen: facts.person.vietnameseCitizen };
    return facts.person.vietnameseCitizen ? pass(used) : fail(used, 'Không phải công dân Việt Nam', 'Not a Vietnamese citizen');
  },
});

export const CRITERIA = [critAge, critEducation, critPolitical, critCitizen] as const;
