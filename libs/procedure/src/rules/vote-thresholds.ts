/** Whole votes needed for "at least 2/3", rounded up (QĐ294 §9.3). */
export function twoThirds(denominator: number): number {
  return Math.floor((2 * denominator + 2) / 3);
}

/** Whole votes needed for "strictly more than 1/2". */
export function moreThanHalf(denominator: number): number {
  return Math.floor(denominator / 2) + 1;
}

/** A cell needs at least 3 full members on its roll to pass a resolution (I-6). */
export const MINIMUM_CELL_ROLL = 3;

/** A committee's membership on a meeting date, as its roster knows it. */
export interface CommitteeMembership {
  /** Members holding office ("tổng số cấp ủy viên"). */
  total: number;
  /** Sitting members ("ủy viên đương nhiệm", QĐ294 §9.3.3): minus absent temporary transfers, the suspended, prosecuted or detained. */
  sitting: number;
}

/**
 * The denominator a committee vote is counted against (PROC-BASE-VOTE, PROC-COMPETENT-VOTE):
 * - a base committee's resolution, and a standing committee's decision: the sitting members
 *   ("tổng số ủy viên đương nhiệm ... trừ số thành viên đã chuyển sinh hoạt đảng tạm thời không có
 *   mặt tại hội nghị, số thành viên đang bị đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam",
 *   QĐ294 §9.3.3);
 * - a delegated base committee deciding admission or recognition: its total members ("ít nhất hai
 *   phần ba tổng số cấp ủy viên", HD06 §3.7a); deciding removal: its sitting members ("ít nhất hai
 *   phần ba đảng ủy viên đương nhiệm", HD06 §4.6d).
 */
export function committeeVoteDenominator(
  body: 'base' | 'competent',
  delegated: boolean,
  motion: string,
  membership: CommitteeMembership,
): number {
  if (body === 'competent' && delegated && motion !== 'remove') return membership.total;
  return membership.sitting;
}
