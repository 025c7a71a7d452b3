import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  encodeCardText,
  fixtureToCardText,
  loadCardFixture,
  parseCardFixture,
  parseCardText,
  toCardPerson,
} from '../../../drivers/idcard/index.ts';

const dir = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const load = (name: string) => loadCardFixture(path.join(dir, `${name}.json`));
const NOW = new Date('2026-06-01T04:00:00Z');

async function personOf(name: string) {
  const card = await load(name);
  return toCardPerson(parseCardText(encodeCardText(fixtureToCardText(card))), NOW);
}

describe('bundled card fixtures', () => {
  it('resident: 阳秀梅 with a valid GB 11643 number (even sequence, female)', async () => {
    const card = await load('resident');
    expect(card).toMatchObject({
      name: '阳秀梅',
      gender: '2',
      nation: '01',
      birthDate: '19880315',
      photo: 'portrait',
    });
    expect(card.idNumber).toMatch(/^44010619880315\d{2}[02468][\dX]$/);
    expect(await personOf('resident')).toMatchObject({
      idNumberValid: true,
      expired: false,
      elder: false,
      validTo: '2039-06-01',
      issuer: '广州市公安局天河分局',
    });
  });

  it.each([
    [
      'elder',
      { elder: true, validTo: 'long-term', gender: 'male', idNumberValid: true, expired: false },
    ],
    ['expired', { expired: true, idNumberValid: true }],
    ['invalid-number', { idNumberValid: false, expired: false }],
    [
      'hk-resident-permit',
      { cardType: 'hk-macau-taiwan', idNumberValid: true, passNumber: 'H60123456' },
    ],
    [
      'foreign-2017',
      { cardType: 'foreign-permanent-2017', idNumberValid: true, nationality: 'USA' },
    ],
    [
      'foreign-2023',
      { cardType: 'foreign-permanent-2023', idNumberValid: true, nationality: 'FRA' },
    ],
  ] as const)('%s', async (name, expected) => {
    const person = await personOf(name);
    expect(person).toMatchObject(expected);
    expect(person.idNumber.startsWith('81')).toBe(name === 'hk-resident-permit');
  });

  it('explains every problem of an invalid fixture', () => {
    expect(() =>
      parseCardFixture(
        {
          cardType: 'resident',
          name: '阳'.repeat(16),
          gender: 'F',
          birthDate: '1988-03-15',
          idNumber: 'x',
          validFrom: '20190601',
          validTo: 'never',
          extra: 1,
        },
        'bad.json',
      ),
    ).toThrow(
      /bad\.json is not a valid card:[\s\S]*gender: must be[\s\S]*birthDate: must be YYYYMMDD[\s\S]*validTo: must be a date YYYYMMDD or 长期[\s\S]*Unrecognized key: "extra"/,
    );
    expect(() =>
      parseCardFixture({
        cardType: 'resident',
        name: '阳'.repeat(16),
        gender: '2',
        birthDate: '19880315',
        idNumber: 'x',
        validFrom: '20190601',
        validTo: '20390601',
      }),
    ).toThrow(/nation: required on a resident card[\s\S]*name: at most 15 characters/);
  });

  it('reports unreadable files clearly', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'kiosk24-fixture-'));
    await writeFile(path.join(tmp, 'broken.json'), '{ nope');
    await expect(loadCardFixture(path.join(tmp, 'broken.json'))).rejects.toThrow(
      /broken\.json is not JSON/,
    );
    await expect(loadCardFixture(path.join(tmp, 'missing.json'))).rejects.toThrow(
      /cannot read card fixture .*missing\.json/,
    );
  });
});
