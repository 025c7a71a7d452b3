import { describe, expect, it } from 'vitest';
import { CardPerson } from '../../../contract/identity.ts';
import {
  encodeCardText,
  fixtureToCardText,
  IdCardError,
  parseCardText,
  parseCardFixture,
  shanghaiDate,
  toCardPerson,
} from '../../../drivers/idcard/index.ts';

const resident = parseCardFixture({
  cardType: 'resident',
  name: '阳秀梅',
  gender: '2',
  nation: '01',
  birthDate: '19880315',
  address: '广州市天河区天河路123号',
  idNumber: '440106198803151227',
  issuer: '广州市公安局天河分局',
  validFrom: '20190601',
  validTo: '20390601',
});
const raw = (over: Partial<typeof resident> = {}) =>
  parseCardText(encodeCardText(fixtureToCardText({ ...resident, ...over })));
const at = (iso: string) => new Date(iso);

describe('toCardPerson', () => {
  it('maps a resident card to the contract type', () => {
    const person = toCardPerson(raw(), at('2026-06-01T04:00:00Z'));
    expect(CardPerson.parse(person)).toEqual(person);
    expect(person).toEqual({
      cardType: 'resident',
      name: '阳秀梅',
      englishName: null,
      gender: 'female',
      nation: '汉',
      birthDate: '1988-03-15',
      address: '广州市天河区天河路123号',
      idNumber: '440106198803151227',
      issuer: '广州市公安局天河分局',
      validFrom: '2019-06-01',
      validTo: '2039-06-01',
      passNumber: null,
      issueCount: null,
      nationality: null,
      expired: false,
      idNumberValid: true,
      elder: false,
    });
  });

  it('judges expiry by the date in China (UTC+8); a card is valid through its last day', () => {
    const card = raw({ validTo: '20240601' });
    expect(toCardPerson(card, at('2024-06-01T15:59:59Z')).expired).toBe(false);
    expect(toCardPerson(card, at('2024-06-01T16:00:00Z')).expired).toBe(true);
    expect(shanghaiDate(at('2024-06-01T16:00:00Z'))).toBe('2024-06-02');
  });

  it('reads 长期 as long-term, never expired', () => {
    const person = toCardPerson(raw({ validTo: '长期' }), at('2099-01-01T00:00:00Z'));
    expect(person.validTo).toBe('long-term');
    expect(person.expired).toBe(false);
  });

  it('marks 65 and over as elder, from the birthday on (China time)', () => {
    const card = raw({ birthDate: '19550708', idNumber: '440104195507080018', gender: '1' });
    expect(toCardPerson(card, at('2020-07-07T15:59:59Z')).elder).toBe(false);
    expect(toCardPerson(card, at('2020-07-07T16:00:00Z')).elder).toBe(true);
    expect(toCardPerson(card, at('2020-07-07T16:00:00Z')).idNumberValid).toBe(true);
  });

  it('flags numbers that fail validation or contradict the card', () => {
    expect(
      toCardPerson(raw({ idNumber: '440106198803151228' }), at('2026-01-01T00:00:00Z'))
        .idNumberValid,
    ).toBe(false);
    expect(toCardPerson(raw({ gender: '1' }), at('2026-01-01T00:00:00Z')).idNumberValid).toBe(
      false,
    );
  });

  it('maps the permit and permanent-residence layouts', () => {
    const now = at('2026-01-01T00:00:00Z');
    const permit = toCardPerson(
      raw({
        cardType: 'hk-macau-taiwan',
        name: '陈家明',
        gender: '1',
        birthDate: '19900101',
        idNumber: '810000199001010019',
        passNumber: 'H60123456',
        issueCount: '01',
        nation: undefined,
      }),
      now,
    );
    expect(permit).toMatchObject({
      cardType: 'hk-macau-taiwan',
      nation: null,
      passNumber: 'H60123456',
      issueCount: '01',
      idNumberValid: true,
    });

    const pr2017 = toCardPerson(
      raw({
        cardType: 'foreign-permanent-2017',
        name: '',
        englishName: 'SMITH, JOHN',
        gender: '1',
        birthDate: '19800512',
        idNumber: 'USA440080051201',
        nationality: 'USA',
      }),
      now,
    );
    expect(pr2017).toMatchObject({
      cardType: 'foreign-permanent-2017',
      name: 'SMITH, JOHN',
      englishName: 'SMITH, JOHN',
      nation: null,
      address: null,
      issuer: null,
      nationality: 'USA',
      idNumberValid: true,
    });

    const pr2023 = toCardPerson(
      raw({
        cardType: 'foreign-permanent-2023',
        name: '马丽',
        englishName: 'MARTIN, MARIE',
        birthDate: '19850612',
        idNumber: '944250198506120021',
        nationality: 'FRA',
        issueCount: '00',
      }),
      now,
    );
    expect(pr2023).toMatchObject({
      cardType: 'foreign-permanent-2023',
      name: '马丽',
      englishName: 'MARTIN, MARIE',
      nationality: 'FRA',
      issueCount: '00',
      idNumberValid: true,
    });
  });

  it('refuses unreadable content with a bad-data error', () => {
    expect(() => toCardPerson({ ...raw(), birthDate: '19881315' }, new Date())).toThrow(
      IdCardError,
    );
    expect(() => toCardPerson({ ...raw(), layout: 'Q' }, new Date())).toThrow(/unknown card type/);
    let thrown: unknown = null;
    try {
      toCardPerson({ ...raw(), validTo: 'soon' }, new Date());
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'bad-data', citizenMessage: '请重新放置身份证' });
  });
});
