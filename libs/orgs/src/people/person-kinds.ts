/** The enumerations of the people table (the PostgreSQL enum types of the migrations). */

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

// Occupation categories and schooling are listed once, beside their labels, in the catalogue the
// web reads too (libs/messages).
export { EDUCATION_LEVELS, OCCUPATION_CATEGORIES, type EducationLevel, type OccupationCategory } from '#messages';
