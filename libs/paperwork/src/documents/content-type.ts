/** The accepted types of an uploaded document, decided from the content's first bytes (never from its name). */
export type DocumentMime = 'application/pdf' | 'image/jpeg' | 'image/png';

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export function sniffMime(bytes: Buffer): DocumentMime | null {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

export const EXTENSION: Record<DocumentMime, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };
