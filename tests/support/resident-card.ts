// 阳秀梅's resident card as the host holds it after a read (drivers/idcard/fixtures/resident.json),
// for tests of the rules and screens that work on a card record.
import type { CardPerson } from '../../contract/identity.ts';

export const RESIDENT_CARD: CardPerson = {
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
};
