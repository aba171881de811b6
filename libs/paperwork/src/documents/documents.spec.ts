import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { IdentityCipher } from '#orgs';
import { sniffMime } from './content-type.js';
import { cleanFileName, documentKindTitle } from './documents.service.js';

describe('uploaded documents', () => {
  it('decides the type from the first bytes, never from the name', () => {
    expect(sniffMime(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffMime(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffMime(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffMime(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffMime(Buffer.from('%PDF'))).toBeNull();
    expect(sniffMime(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('keeps a clean file name with the extension of the real type', () => {
    expect(cleanFileName('C:\\scan\\Nghị quyết chi bộ.pdf', 'image/png')).toBe('Nghị quyết chi bộ.png');
    expect(cleanFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(cleanFileName('a\u0000b"c<d>.jpg', 'image/jpeg')).toBe('abcd.jpg');
    expect(cleanFileName('', 'application/pdf')).toBe('tai-lieu.pdf');
    expect(cleanFileName('Nguye\u0302\u0303n.pdf', 'application/pdf')).toBe('Nguyễn.pdf');
  });

  it('knows the codes of the forms it fills and of the papers it only files', () => {
    expect(documentKindTitle('6-KNĐ')?.vi).toMatch(/Nghị quyết/);
    expect(documentKindTitle('2-KNĐ')?.vi).toBe('Lý lịch của người xin vào Đảng');
    expect(documentKindTitle('XYZ')).toBeUndefined();
  });

  it('encrypts the bytes with the data key, bound to the document version, and detects tampering', () => {
    const cipher = new IdentityCipher(randomBytes(32).toString('base64'), 'h'.repeat(40));
    const plain = randomBytes(4096);
    const sealed = cipher.encryptBytes(plain, 'document:c/d/1');
    expect(sealed.includes(plain.subarray(0, 64))).toBe(false);
    expect(cipher.decryptBytes(sealed, 'document:c/d/1').equals(plain)).toBe(true);
    expect(() => cipher.decryptBytes(sealed, 'document:c/d/2')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => cipher.decryptBytes(tampered, 'document:c/d/1')).toThrow();
    const other = new IdentityCipher(randomBytes(32).toString('base64'), 'h'.repeat(40));
    expect(() => other.decryptBytes(sealed, 'document:c/d/1')).toThrow('unknown encryption key id');
  });
});
