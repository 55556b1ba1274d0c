/** A proto enum value as its lower-case name ('secure_link_created'), never a bare number. */
export const enumName = (values: Readonly<Record<number, string>>, value: number): string => (values[value] ?? 'unspecified').toLowerCase();
