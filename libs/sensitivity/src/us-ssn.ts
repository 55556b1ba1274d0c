/**
 * US Social Security Number rules (SSA): area 001–899 except 666, group 01–99, serial
 * 0001–9999. Area 9xx is never issued (ITINs and advertising use it).
 */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  if (!isDigits(area, 3) || !isDigits(group, 2) || !isDigits(serial, 4)) return false;
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

function isDigits(s: string, length: number): boolean {
  if (s.length !== length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
