import { create, ScalarType, toBinary, type DescField, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import fc from 'fast-check';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
/** Big enough to hit column and header limits, small enough for a Kafka message (1 MB). */
const HUGE = 20_000;

/** Strings a consumer should survive: empty, blank, control and RTL characters, huge, and the canary. */
function oddString(canary: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('', ' ', '\u0000', '\u202e\u200b', '%s%n{{x}}', "'; DROP TABLE x;--", '../../etc/passwd', '+', '+0', '🦄'.repeat(3)),
    fc.string({ maxLength: 40 }).map((text) => `${canary}${text}`),
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.constantFrom('x', 'é', '\u{1F4A9}').map((unit) => `${canary}${unit.repeat(HUGE)}`),
  );
}

function oddScalar(type: ScalarType, canary: string): fc.Arbitrary<unknown> {
  switch (type) {
    case ScalarType.STRING:
      return oddString(canary);
    case ScalarType.BYTES:
      return fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 64 }), fc.constant(new Uint8Array(HUGE).fill(0xff)));
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, -1.5);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return fc.oneof(fc.constantFrom(INT64_MAX, INT64_MIN, 0n, -1n), fc.bigInt({ min: INT64_MIN, max: INT64_MAX }));
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return fc.oneof(fc.constantFrom(UINT64_MAX, 0n), fc.bigInt({ min: 0n, max: UINT64_MAX }));
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return fc.constantFrom(0, 1, 2 ** 32 - 1);
    default:
      return fc.constantFrom(0, 1, -1, 2 ** 31 - 1, -(2 ** 31));
  }
}

function oddEnum(field: { enum: { values: readonly { number: number }[] } }): fc.Arbitrary<number> {
  const known = field.enum.values.map((value) => value.number);
  // Unknown numbers: what a newer producer's enum value looks like to this build.
  return fc.oneof(fc.constantFrom(...known), fc.constantFrom(999, -1, 2 ** 31 - 1));
}

function oddValue(field: DescField, canary: string, depth: number): fc.Arbitrary<unknown> | undefined {
  const single = (kind: 'scalar' | 'enum' | 'message', f: DescField): fc.Arbitrary<unknown> | undefined => {
    if (kind === 'scalar') return oddScalar((f as { scalar: ScalarType }).scalar, canary);
    if (kind === 'enum') return oddEnum(f as unknown as { enum: { values: { number: number }[] } });
    const message = (f as { message: DescMessage }).message;
    return depth > 2 ? undefined : oddMessageOf(message, canary, depth + 1);
  };
  switch (field.fieldKind) {
    case 'scalar':
    case 'enum':
    case 'message':
      return single(field.fieldKind, field);
    case 'list': {
      const element = single(field.listKind, field);
      return element && fc.array(element, { maxLength: 3 });
    }
    case 'map': {
      const value = single(field.mapKind, field);
      return value && fc.dictionary(fc.oneof(fc.constant(''), fc.string({ maxLength: 8 })), value, { maxKeys: 3 });
    }
  }
}

/** Messages of a schema with any field missing (left at its default) or odd; recursive up to 3 levels. */
function oddMessageOf<S extends DescMessage>(schema: S, canary: string, depth: number): fc.Arbitrary<MessageShape<S>> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of schema.fields) {
    if (field.oneof) continue;
    const value = oddValue(field, canary, depth);
    if (value) parts[field.localName] = fc.option(value, { nil: undefined, freq: 3 });
  }
  for (const oneof of schema.oneofs) {
    const cases = oneof.fields.flatMap((field) => {
      const value = oddValue(field, canary, depth);
      return value ? [value.map((v) => ({ case: field.localName, value: v }))] : [];
    });
    if (cases.length > 0) parts[oneof.localName] = fc.option(fc.oneof(...cases), { nil: undefined });
  }
  return fc.record(parts).map((init) => {
    const defined = Object.fromEntries(Object.entries(init).filter(([, value]) => value !== undefined));
    return create(schema, defined as never);
  });
}

/** Valid but odd messages of a schema: every one encodes, whatever it holds. */
export function oddMessage<S extends DescMessage>(schema: S, canary: string): fc.Arbitrary<MessageShape<S>> {
  return oddMessageOf(schema, canary, 0).filter((message) => toBinary(schema, message).length < 400_000);
}

/** Byte-level damage to an encoded message: flips, cuts, inserts, garbage, nothing at all. */
export function mutatedBytes(valid: Uint8Array): fc.Arbitrary<Buffer> {
  const length = Math.max(valid.length, 1);
  return fc.oneof(
    fc.array(fc.tuple(fc.nat(length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }).map((flips) => {
      const copy = Buffer.from(valid);
      for (const [at, mask] of flips) if (at < copy.length) copy.writeUInt8((copy.readUInt8(at) ^ mask) & 0xff, at);
      return copy;
    }),
    fc.nat(length - 1).map((cut) => Buffer.from(valid.subarray(0, cut))),
    fc.tuple(fc.nat(length), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, bytes]) => Buffer.concat([valid.subarray(0, at), bytes, valid.subarray(at)])),
    fc.uint8Array({ minLength: 1, maxLength: 128 }).map((bytes) => Buffer.from(bytes)),
    // A length prefix that claims far more than there is, and an unterminated varint.
    fc.constantFrom(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), Buffer.from([0x08, 0xff, 0xff, 0xff]), Buffer.from('{"json":true}'), Buffer.alloc(0)),
  );
}

/** Headers a confused or hostile producer might send: wrong schema, version, content type, trace context. */
export function oddHeaders(valid: Readonly<Record<string, string>>, canary: string): fc.Arbitrary<Record<string, string>> {
  const abuse = fc.constantFrom<[string, string | undefined]>(
    ['sb-schema', 'switchback.events.v1.SomethingElse'],
    ['sb-schema', ''],
    ['sb-schema', undefined],
    ['sb-schema-version', '999'],
    ['sb-schema-version', '-1'],
    ['sb-schema-version', undefined],
    ['content-type', 'application/json'],
    ['content-type', 'text/plain; charset=utf-16'],
    ['content-type', undefined],
    ['traceparent', '00-zzzz-yyyy-01'],
    ['traceparent', `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`],
    ['traceparent', `ff-${'f'.repeat(32)}-${'f'.repeat(16)}-ff`],
    ['tracestate', 'x'.repeat(8_000)],
    ['sb-message-id', undefined],
    ['sb-message-id', ''],
    ['sb-attempts', '-5'],
    ['sb-original-topic', 'sb.nowhere'],
    ['sb-signature', canary],
  );
  return fc.array(abuse, { minLength: 1, maxLength: 4 }).map((changes) => {
    const headers: Record<string, string> = { ...valid };
    for (const [name, value] of changes) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    return headers;
  });
}
