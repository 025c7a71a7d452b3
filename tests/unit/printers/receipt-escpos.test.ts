import iconv from 'iconv-lite';
import receiptline from 'receiptline';
import { describe, expect, it } from 'vitest';
import {
  COLUMNS,
  decodeEscPos,
  receiptColumns,
  receiptMarkup,
  renderReceiptEscPos,
  type ReceiptDocument,
} from '../../../printers/index.ts';
import { kioskReceipt } from './receipt-fixture.ts';

const FS_CHINESE_ON = Buffer.from([0x1c, 0x26]);
const QR_STORE = Buffer.from([0x1d, 0x28, 0x6b]);

describe('renderReceiptEscPos', () => {
  for (const paperWidth of [58, 80] as const) {
    it(`round-trips a kiosk receipt on ${paperWidth} mm paper`, () => {
      const bytes = renderReceiptEscPos(kioskReceipt, { paperWidth });
      const decoded = decodeEscPos(bytes);
      expect(decoded.text).toContain(kioskReceipt.title);
      for (const { label, value } of kioskReceipt.lines) {
        expect(decoded.text).toContain(label);
        expect(decoded.text).toContain(value);
      }
      for (const line of kioskReceipt.footer) {
        // A footer longer than the roll wraps; its characters all arrive in order.
        expect(decoded.text.replace(/\s+/g, '')).toContain(line);
      }
      expect(decoded.qrCodes).toEqual([kioskReceipt.qr]);
      expect(decoded.cut).toBe(true);
    });

    it(`keeps every line within ${COLUMNS[paperWidth]} columns, values in one column`, () => {
      const text = decodeEscPos(renderReceiptEscPos(kioskReceipt, { paperWidth })).text;
      const lines = text.split('\n');
      for (const line of lines)
        expect(receiptColumns(line)).toBeLessThanOrEqual(COLUMNS[paperWidth]);
      const valueColumns = kioskReceipt.lines.map(({ label, value }) => {
        const line = lines.find((l) => l.startsWith(label) && l.includes(value))!;
        return receiptColumns(line.slice(0, line.indexOf(value)));
      });
      expect(new Set(valueColumns).size).toBe(1);
    });
  }

  it('writes Chinese as GB18030 inside the printer Chinese mode', () => {
    const bytes = renderReceiptEscPos(kioskReceipt, { paperWidth: 80 });
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]); // ESC @ first
    const chineseOn = bytes.indexOf(FS_CHINESE_ON);
    const name = bytes.indexOf(iconv.encode('阳*梅', 'gb18030'));
    expect(chineseOn).toBeGreaterThan(0);
    expect(name).toBeGreaterThan(chineseOn);
    expect(bytes.includes(Buffer.from('阳*梅', 'utf8'))).toBe(false);
  });

  it('sends the QR code as the printer own symbol (GS ( k) carrying the data as bytes', () => {
    const bytes = renderReceiptEscPos(kioskReceipt, { paperWidth: 80 });
    const store = Buffer.concat([
      QR_STORE,
      Buffer.from([17, 0, 49, 80, 48]),
      Buffer.from(kioskReceipt.qr),
    ]);
    expect(bytes.includes(store)).toBe(true);
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48]))).toBe(true);
  });

  it('wraps a long full-width value at the column boundary, counting each character as two', () => {
    const long = '广东省广州市天河区五山路某某街道某某社区某某号某某房';
    const doc: ReceiptDocument = { ...kioskReceipt, lines: [{ label: '地址', value: long }] };
    const lines = decodeEscPos(renderReceiptEscPos(doc, { paperWidth: 58 })).text.split('\n');
    const addressLines = lines.slice(lines.findIndex((l) => l.startsWith('地址')));
    const joined = addressLines.join('').replace(/\s+/g, '').replace(/^地址/, '');
    expect(joined.startsWith(long)).toBe(true);
    // 58 mm: 32 columns, label column 4 + border 1 → at most 13 full-width characters a line.
    expect(addressLines[0]!.replace(/^地址\s+/, '').length).toBeLessThanOrEqual(13);
  });

  it('prints markup characters in citizen data literally', () => {
    const value = 'a|b {c} ~d_ "e" `f` ^g^ \\h -- ==';
    const doc: ReceiptDocument = {
      title: '-',
      lines: [{ label: '备注', value }],
      qr: 'x;y}z|{',
      footer: ['---', '==='],
    };
    const decoded = decodeEscPos(renderReceiptEscPos(doc, { paperWidth: 80 }));
    expect(decoded.text).toContain(value);
    expect(decoded.text.split('\n')).toEqual(expect.arrayContaining(['---', '===']));
    expect(decoded.qrCodes).toEqual(['x;y}z|{']);
  });

  it('writes characters outside GBK as four-byte GB18030 codes for a GB18030 printer font', () => {
    const doc: ReceiptDocument = { ...kioskReceipt, lines: [{ label: '姓名', value: '𠮷䶮' }] };
    const bytes = renderReceiptEscPos(doc, { paperWidth: 80, font: { coverage: 'gb18030' } });
    expect(bytes.includes(iconv.encode('𠮷', 'gb18030'))).toBe(true);
    expect(iconv.encode('𠮷', 'gb18030')).toHaveLength(4);
    expect(decodeEscPos(bytes).text).toContain('𠮷䶮');
  });

  it('leaves out what is empty, and keeps the row of an empty value', () => {
    const doc: ReceiptDocument = {
      title: '',
      lines: [{ label: '备注', value: '' }],
      qr: '',
      footer: [],
    };
    const decoded = decodeEscPos(renderReceiptEscPos(doc, { paperWidth: 80 }));
    expect(decoded.qrCodes).toEqual([]);
    expect(decoded.text.split('\n')[0]).toBe('备注');
    expect(decoded.cut).toBe(true);
  });

  it('is why receiptline alone is not enough: its QR is a picture that carries no data', () => {
    // The evidence behind the overrides in printers/receipt-escpos.ts.
    const markup = receiptMarkup(kioskReceipt, 80);
    const plain = Buffer.from(
      receiptline.transform(markup, { cpl: 48, encoding: 'gb18030', command: 'generic' }),
      'latin1',
    );
    expect(plain.includes(QR_STORE)).toBe(false);
    expect(decodeEscPos(plain).qrCodes).toEqual([]);
    // …while its Chinese text is right, which is why it does the layout.
    expect(decodeEscPos(plain).text).toContain('阳*梅');
  });
});
