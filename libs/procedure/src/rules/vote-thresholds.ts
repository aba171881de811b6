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
