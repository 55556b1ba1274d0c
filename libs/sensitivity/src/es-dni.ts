// The control letter is the number mod 23 looked up in this table (Ministerio del Interior).
const LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI: eight digits and the matching control letter (upper case, compact). */
export function isValidDni(dni: string): boolean {
  if (dni.length !== 9) return false;
  return controlLetter(dni.slice(0, 8)) === dni[8];
}

/** Spanish NIE (foreigners): X/Y/Z stand for 0/1/2 in front of seven digits, then the letter. */
export function isValidNie(nie: string): boolean {
  if (nie.length !== 9) return false;
  const lead = 'XYZ'.indexOf(nie[0]);
  if (lead < 0) return false;
  return controlLetter(String(lead) + nie.slice(1, 8)) === nie[8];
}

function controlLetter(digits: string): string | undefined {
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return LETTERS[Number(digits) % 23];
}
