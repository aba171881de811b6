// A Vietnamese date input: the user types (or reads) dd/mm/yyyy whatever the browser's locale
// (Chromium's <input type=date> shows mm/dd/yyyy under en-US). The value it reports is the ISO
// local date (YYYY-MM-DD) once the text is a real date, else the raw text, so the form's
// validation names the field; a date after `max` (today by default) is reported by `dateProblem`.
import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { isValidDate, todayInVietnam } from './form-model';

export { todayInVietnam };

/** dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd → YYYY-MM-DD; null otherwise. */
export function parseDateText(text: string): string | null {
  const s = text.trim();
  let iso: string | null = null;
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (vn) iso = `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = s;
  return iso && isValidDate(iso) ? iso : null;
}

export const formatDateText = (iso: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso;

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'max'> & {
  value: string;
  onChange(value: string): void;
  /** Latest date allowed (ISO); today in Vietnam unless given; null for no cap. */
  max?: string | null;
};

export function DateInput({ value, onChange, max, ...rest }: Props) {
  const [text, setText] = useState(() => formatDateText(value));
  // A value set from outside (a pre-filled or reset form) replaces the text unless it means the same date.
  useEffect(() => {
    setText((current) => (parseDateText(current) === value || current === value ? current : formatDateText(value)));
  }, [value]);
  const cap = max === undefined ? todayInVietnam() : max;
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="dd/mm/yyyy"
      maxLength={10}
      data-date-input=""
      data-max={cap ?? undefined}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseDateText(e.target.value) ?? e.target.value);
      }}
      onBlur={(e) => {
        const iso = parseDateText(e.target.value);
        if (iso) setText(formatDateText(iso));
        rest.onBlur?.(e);
      }}
    />
  );
}
