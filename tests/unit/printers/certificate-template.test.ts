import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { DocumentTemplate } from '../../../catalog/schema.ts';
import { fillPlaceholders, fillTemplate, valueAtPath } from '../../../printers/index.ts';

const data = {
  applicant: { name: '阳秀梅', idNumber: '440106198803151227', age: 38, elder: false },
  trackingCode: 'K7Q2-9D3F-XA41',
  form: { employerName: '广州市天河区某某科技有限公司', list: ['a'] },
};

describe('fillPlaceholders', () => {
  it('fills dotted paths, with or without spaces inside the braces', () => {
    expect(fillPlaceholders('{{applicant.name}}（{{ applicant.idNumber }}）', data)).toBe(
      '阳秀梅（440106198803151227）',
    );
    expect(fillPlaceholders('受理编号：{{trackingCode}}', data)).toBe('受理编号：K7Q2-9D3F-XA41');
  });

  it('prints numbers and booleans, and nothing for what is missing or not text', () => {
    expect(fillPlaceholders('{{applicant.age}}/{{applicant.elder}}', data)).toBe('38/false');
    expect(fillPlaceholders('[{{form.registeredResidence}}]', data)).toBe('[]');
    expect(fillPlaceholders('[{{applicant}}][{{form.list}}][{{nope.deeper.still}}]', data)).toBe(
      '[][][]',
    );
    expect(fillPlaceholders('[{{applicant.name.length}}]', data)).toBe('[]');
  });

  it('never reaches into prototypes', () => {
    expect(fillPlaceholders('[{{constructor}}][{{__proto__}}][{{form.toString}}]', data)).toBe(
      '[][][]',
    );
    expect(valueAtPath(data, 'applicant.hasOwnProperty')).toBeUndefined();
  });

  it('fills a template part by part, keeping its shape', () => {
    const template = DocumentTemplate.parse({
      id: 't',
      title: '证明 {{trackingCode}}',
      issuer: '{{form.employerName}}',
      sections: [{ heading: '信息', rows: [{ label: '姓名', value: '{{applicant.name}}' }] }],
    });
    expect(fillTemplate(template, data)).toEqual({
      title: '证明 K7Q2-9D3F-XA41',
      issuer: '广州市天河区某某科技有限公司',
      sections: [{ heading: '信息', rows: [{ label: '姓名', value: '阳秀梅' }] }],
      footer: [],
    });
  });

  it('leaves no placeholder and no "undefined" in any catalog template, even with no data', () => {
    for (const template of loadBundledCatalog().templates) {
      const text = JSON.stringify(fillTemplate(template, {}));
      expect(text).not.toMatch(/\{\{|\}\}|undefined|\[object/);
    }
  });
});
