import { isValidDni, isValidNie } from './es-dni';
import { isValidNino } from './uk-nino';
import { isValidSsn } from './us-ssn';

describe('isValidSsn', () => {
  it('accepts a well-formed number', () => {
    expect(isValidSsn('123', '45', '6789')).toBe(true);
  });

  it.each([
    ['area 000', '000', '12', '3456'],
    ['area 666', '666', '12', '3456'],
    ['area 9xx', '987', '65', '4321'],
    ['group 00', '123', '00', '4567'],
    ['serial 0000', '123', '45', '0000'],
    ['non-digits', '12a', '45', '6789'],
  ])('rejects %s', (_why, area, group, serial) => {
    expect(isValidSsn(area, group, serial)).toBe(false);
  });
});

describe('isValidNino', () => {
  it('accepts a well-formed number', () => {
    expect(isValidNino('AB123456C')).toBe(true);
  });

  it.each([
    ['the HMRC example prefix QQ', 'QQ123456C'],
    ['an unallocated prefix', 'GB123456A'],
    ['O as second letter', 'AO123456A'],
    ['suffix E', 'AB123456E'],
    ['letters among the digits', 'AB12345XC'],
  ])('rejects %s', (_why, nino) => {
    expect(isValidNino(nino)).toBe(false);
  });
});

describe('Spanish DNI / NIE', () => {
  it('accepts a DNI with the matching control letter', () => {
    expect(isValidDni('12345678Z')).toBe(true);
  });

  it('rejects a DNI with the wrong control letter', () => {
    expect(isValidDni('12345678A')).toBe(false);
  });

  it('accepts a NIE (X stands for 0) and rejects a wrong letter', () => {
    expect(isValidNie('X1234567L')).toBe(true);
    expect(isValidNie('X1234567A')).toBe(false);
  });
});
