import { MESSAGES, type MessageCode } from './messages.js';

export type MessageParams = Readonly<Record<string, string | number | boolean | null | undefined>>;

function fill(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** One language of a catalogue message, its `{name}` values filled in. */
export function messageIn(lang: 'vi' | 'en', code: MessageCode, params?: MessageParams): string {
  return fill(MESSAGES[code][lang], params);
}

/** The bilingual form the API sends (problem `detail`, field messages): "Vietnamese / English". */
export function message(code: MessageCode, params?: MessageParams): string {
  return `${messageIn('vi', code, params)} / ${messageIn('en', code, params)}`;
}
