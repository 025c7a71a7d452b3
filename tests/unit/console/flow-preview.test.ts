// The preview follows the kiosk's screen order and shows each field as the form screen does.
import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import type { Item } from '../../../catalog/schema.ts';
import { fieldViews } from '../../../renderer/state/form-model.ts';
import { flowSteps, previewFields } from '../../../central/console/state/flow-preview.ts';

const catalog = loadBundledCatalog();
const byName = (name: string): Item => catalog.items.find((i) => i.name === name)!;

describe('flowSteps', () => {
  it('adds the face step only for items that need 实人核验', () => {
    const ids = (item: Item) => flowSteps(item, catalog).map((s) => s.id);
    expect(ids(byName('个人就业登记'))).toEqual([
      'intro',
      'identify',
      'face',
      'form',
      'confirm',
      'result',
      'rating',
    ]);
    expect(ids(byName('城乡居民医保参保登记'))).not.toContain('face');
  });

  it('names the accepted cards, the minimum age, the outputs and the offline rule', () => {
    const item = byName('个人就业登记');
    const text = flowSteps(item, catalog)
      .flatMap((s) => s.lines)
      .join('\n');
    expect(text).toContain('居民身份证、港澳台居民居住证');
    expect(text).toContain('年满16周岁');
    expect(text).toContain('办理回执');
    const online = byName('社保卡挂失');
    expect(
      flowSteps(online, catalog)
        .find((s) => s.id === 'intro')!
        .lines.join(),
    ).toContain('本事项需要联网办理');
  });
});

describe('previewFields', () => {
  it('puts fields in the same places as the kiosk form screen', () => {
    // The renderer's own model, with a card and a service point, is the reference.
    const card = {
      name: '测试',
      englishName: null,
      gender: 'female',
      nation: '汉',
      birthDate: '1990-01-01',
      address: '广州市',
      idNumber: '440101199001010000',
      cardType: 'resident',
      nationality: null,
      issuer: null,
      validFrom: null,
      validUntil: null,
      elder: false,
    } as unknown as Parameters<typeof fieldViews>[1]['card'];
    const ctx = {
      card,
      servicePoint: { district: '天河区', street: '五山街道', name: '五山' },
      today: '2026-11-23',
    };
    for (const item of catalog.items) {
      const kiosk = fieldViews(item, ctx).map((v) =>
        v.mode === 'card-locked' ? 'card' : v.mode === 'locked' ? 'kiosk' : 'input',
      );
      expect(
        previewFields(item).map((f) => f.mode),
        item.name,
      ).toEqual(kiosk);
    }
  });
});
