/** The enumerations of the people table (the PostgreSQL enum types of the migrations). */

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** Occupation report categories (glossary "Report categories"). */
export const OCCUPATION_CATEGORIES = [
  'civilServant',
  'publicEmployee',
  'stateEnterprise',
  'privateEnterprise',
  'fdiEnterprise',
  'businessOwner',
  'worker',
  'farmer',
  'pupil',
  'student',
  'armedForces',
  'other',
] as const;
export type OccupationCategory = (typeof OCCUPATION_CATEGORIES)[number];

/** Highest completed schooling; CRIT-EDUCATION reads it (lowerSecondary or higher, with area exceptions). */
export const EDUCATION_LEVELS = [
  'literacyOnly',
  'primary',
  'lowerSecondary',
  'upperSecondary',
  'college',
  'university',
  'postgraduate',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
