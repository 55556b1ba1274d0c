import { isE164 } from '@switchback/contracts';
import { invalidArgument } from '../http/hub-http.error';

export function requirePhone(value: string | undefined): string {
  if (value === undefined || !isE164(value)) throw invalidArgument('phoneNumber must be in E.164 format, e.g. +14155550100.');
  return value;
}
