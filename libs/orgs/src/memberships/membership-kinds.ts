/** The enumerations of the memberships table (the PostgreSQL enum types of the migrations). */

/** Position in the body: an ordinary member, a committee member (cấp ủy viên), a standing member (ủy viên thường vụ). */
export const MEMBERSHIP_ROLES = ['member', 'committeeMember', 'standingMember'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/**
 * Party standing during the membership. Every status but `probationary` is a full member;
 * the others say why a full member may not count in a vote (QĐ294 §9.3).
 */
export const MEMBERSHIP_STATUSES = [
  'full',
  'probationary',
  'suspended',
  'temporarilyElsewhere',
  'exempted',
  'prosecutedOrDetained',
] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
