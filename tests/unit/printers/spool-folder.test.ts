import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDocumentPrinter, spoolFileName, writeSpoolFile } from '../../../printers/index.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kiosk24-spool-'));

describe('spool folder', () => {
  it('writes <dir>/<jobName>.pdf owner-only (file 0600, folder 0700) and nothing else', () => {
    const dir = path.join(tmp(), 'spool');
    const pdf = Buffer.from('%PDF-1.7 test');
    const file = writeSpoolFile(dir, 'K7Q2-9D3F-XA41', pdf);
    expect(file).toBe(path.join(dir, 'K7Q2-9D3F-XA41.pdf'));
    expect(readFileSync(file)).toEqual(pdf);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual(['K7Q2-9D3F-XA41.pdf']);
  });

  it('tightens an existing folder that is open to others', () => {
    const dir = path.join(tmp(), 'wide');
    mkdirSync(dir, { mode: 0o777 });
    writeSpoolFile(dir, 'A', Buffer.from('x'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('replaces a file by rename (a new inode), never by writing into it', () => {
    const dir = tmp();
    const file = writeSpoolFile(dir, 'JOB', Buffer.alloc(1000, 1));
    const before = statSync(file).ino;
    writeSpoolFile(dir, 'JOB', Buffer.alloc(10, 2));
    expect(statSync(file).ino).not.toBe(before);
    expect(readFileSync(file)).toEqual(Buffer.alloc(10, 2));
    expect(readdirSync(dir)).toEqual(['JOB.pdf']);
  });

  it('keeps job names inside the folder', () => {
    expect(spoolFileName('../../etc/passwd')).toBe('__.._etc_passwd.pdf');
    expect(spoolFileName('..')).toBe('_.pdf');
    expect(spoolFileName('')).toBe('document.pdf');
    expect(spoolFileName('受理/回执')).toBe('_____.pdf');
    const dir = tmp();
    const file = writeSpoolFile(dir, '../escape', Buffer.from('x'));
    expect(path.dirname(file)).toBe(dir);
  });

  it('is the document printer of a spool: URI', async () => {
    const dir = path.join(tmp(), 'out');
    const printer = createDocumentPrinter(`spool:${dir}`);
    expect(await printer.print(Buffer.from('%PDF'), 'K7Q2-9D3F-XA41')).toEqual({
      destination: 'spool',
    });
    expect(existsSync(path.join(dir, 'K7Q2-9D3F-XA41.pdf'))).toBe(true);
    const health = await printer.health();
    expect(health).toMatchObject({ device: 'a4-printer', state: 'ok' });
  });

  it('refuses URIs it does not know', () => {
    expect(() => createDocumentPrinter('spool:')).toThrow(/folder/);
    expect(() => createDocumentPrinter('lpd://x/q')).toThrow(/unsupported/);
  });
});
