/** Dates and numbers as the forms print them. */

/** dd/mm/yyyy from an ISO date (YYYY-MM-DD); dots when unknown. */
export function dmy(iso: string | null | undefined): string {
  if (!iso) return '…/…/……';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '…/…/……';
}

/** "ngày 6 tháng 10 năm 2025", as the header of a Party document writes its date. */
export function longDate(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!m) return 'ngày … tháng … năm 20…';
  return `ngày ${Number(m[3])} tháng ${Number(m[2])} năm ${m[1]}`;
}

/** "An Hòa, ngày 6 tháng 10 năm 2025". */
export const placeAndDate = (place: string | null | undefined, iso: string | null | undefined): string =>
  `${place || '…………'}, ${longDate(iso)}`;

/** Share of the denominator as Vietnamese writes it: "73,3%". */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '…%';
  return `${(Math.round((part / whole) * 1000) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
}

/** Names and every printed text in Unicode NFC (precomposed diacritics). */
export const nfc = (s: string): string => s.normalize('NFC');

/** Upper case for a header line ("Chi bộ Sinh viên" → "CHI BỘ SINH VIÊN"). */
export const upper = (s: string): string => s.toLocaleUpperCase('vi-VN');
