import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiEmptyResponse, ApiProblem, ApiZodBody, ApiZodResponse, describes, type Problem } from '@switchback/runtime';
import { z } from 'zod';
import type { DeviceKeyView } from '../devices/device-keys.controller';
import type { DeviceKeyInput } from '../devices/device-key.validation';
import type { ResolvedCapability } from './resolved-capability';

/** OpenAPI of capability-discovery: capability lookups (service callers) and device keys (tenant apps). */

const MAX_BATCH = 100; // CapabilityController's MAX_BATCH (imported there; a literal here avoids an import cycle)
const level = z.enum(['sms_only', 'rcs', 'e2ee']);
const capabilitySchema = describes<ResolvedCapability & { phoneNumber: string }>()(
  z.object({
    phoneNumber: z.string().describe('canonical E.164 form'),
    rcs: z.boolean(),
    rcsE2ee: z.boolean(),
    inappE2ee: z.boolean().describe('a device key is registered for the number'),
    features: z.array(z.string()),
    carrier: z.string(),
    checkedAtMs: z.number().int(),
    region: z.string(),
    status: z.enum(['green', 'amber', 'red']),
    statusReason: z.string(),
    level,
    downgradeSuspected: z.boolean(),
    guess: z.boolean().describe('the hub failed: a stale answer or the SMS-only default'),
    pinnedLevel: level.nullable(),
    pinnedAtMs: z.number().int().nullable(),
    source: z.enum(['cache', 'hub', 'default']),
  }),
);
const example = { phoneNumber: '+447700900123', rcs: true, rcsE2ee: true, inappE2ee: false, features: ['RICHCARD_STANDALONE'], carrier: 'sim-carrier', checkedAtMs: 1793614500000, region: 'GB', status: 'green', statusReason: 'e2ee', level: 'e2ee', downgradeSuspected: false, guess: false, pinnedLevel: 'e2ee', pinnedAtMs: 1793000000000, source: 'hub' };

const about = (title: string, status: number, detail: string): Problem => ({ type: 'about:blank', title, status, detail });
const invalidRecipient = about('invalid_recipient', 400, 'expected an international phone number such as +447700900123');
const e164 = () => ApiParam({ name: 'e164', description: 'an international phone number (E.164, e.g. +447700900123)', example: '+447700900123' });

export const CapabilityApi = () =>
  applyDecorators(ApiTags('capabilities'), ApiSecurity('serviceKey'), ApiProblem(401, 'no or unknown service key', about('unauthorized', 401, 'a valid capability API bearer token is required')));

const unavailable = () => ApiProblem(503, 'the lookup failed in a way worth retrying', about('capability_unavailable', 503, 'capability lookup failed; retry later'));

export const LookupApi = () =>
  applyDecorators(ApiOperation({ summary: 'Capabilities of one number' }), e164(), ApiZodResponse(200, 'the number\'s capabilities', capabilitySchema, example), ApiProblem(400, 'not a phone number', invalidRecipient), unavailable());

export const BatchGetApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Capabilities of up to 100 numbers', description: 'Answered in request order.' }),
    ApiZodBody(z.object({ phoneNumbers: z.array(z.string()).min(1).max(MAX_BATCH) }), { two: { phoneNumbers: ['+447700900123', '+33612345678'] } }),
    ApiZodResponse(200, 'one answer per number, in order', z.object({ capabilities: z.array(capabilitySchema) }), { capabilities: [example] }),
    ApiProblem(400, 'not 1 to 100 numbers, or one is not a phone number', about('invalid_batch', 400, `phoneNumbers must be an array of 1 to ${MAX_BATCH} numbers`), invalidRecipient),
    unavailable(),
  );

const ownedElsewhere = about('number_owned_by_another_tenant', 403, 'the device keys of this number are registered by another tenant');
const deviceKeySchema = describes<DeviceKeyInput>()(z.object({ keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/), publicKey: z.string().describe('unpadded base64url of a 32-byte X25519 public key (not a low-order point)'), algorithm: z.literal('X25519') }));
const keyViewSchema = describes<DeviceKeyView>()(z.object({ keyId: z.string(), publicKey: z.string(), algorithm: z.literal('X25519'), createdAt: z.string() }));
const KEY = { keyId: 'phone-2026', publicKey: 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo', algorithm: 'X25519' } as const;

export const DeviceKeysApi = () =>
  applyDecorators(ApiTags('device keys'), ApiSecurity('deviceKeyToken'), ApiProblem(401, 'no or unknown device-key token', about('unauthorized', 401, 'a valid device-key bearer token is required')), ApiProblem(403, 'the number\'s keys belong to another tenant', ownedElsewhere));

export const PutDeviceKeyApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Register a device key', description: 'Makes the number\'s `inappE2ee` true. The first tenant to register a key for a number owns it until its last key is removed.' }),
    e164(),
    ApiZodBody(deviceKeySchema, { x25519: KEY }),
    ApiEmptyResponse(204, 'registered'),
    ApiProblem(400, 'not a phone number, or an invalid key (the field is named)', invalidRecipient, { ...about('invalid_device_key', 400, 'publicKey is a low-order point'), field: 'publicKey' } as Problem),
  );

export const ListDeviceKeysApi = () =>
  applyDecorators(ApiOperation({ summary: 'List a number\'s device keys' }), e164(), ApiZodResponse(200, 'the keys', z.object({ keys: z.array(keyViewSchema) }), { keys: [{ ...KEY, createdAt: '2026-11-02T10:15:00.000Z' }] }), ApiProblem(400, 'not a phone number', invalidRecipient));

export const RemoveDeviceKeyApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Remove a device key' }),
    e164(),
    ApiEmptyResponse(204, 'removed'),
    ApiProblem(400, 'not a phone number', invalidRecipient),
    ApiProblem(404, 'no such key for the number', about('device_key_not_found', 404, 'no key with this keyId is registered for the number')),
  );
