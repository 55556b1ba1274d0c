import { redactedUrlAttributes } from './url-redaction';

describe('redactedUrlAttributes', () => {
  it('replaces phone-number segments, plain or URL-encoded, and keeps the rest of the path', () => {
    expect(redactedUrlAttributes('/v1/capabilities/%2B447700900123')).toEqual({ 'url.path': '/v1/capabilities/{e164}' });
    expect(redactedUrlAttributes('/v1/devices/+447700900123/keys/k1')).toEqual({ 'url.path': '/v1/devices/{e164}/keys/k1' });
    expect(redactedUrlAttributes('/v1/links/abc123/claim')).toEqual({ 'url.path': '/v1/links/abc123/claim' });
  });

  it('keeps query keys and drops every value', () => {
    expect(redactedUrlAttributes('/v1/x?phone=%2B447700900123&agentId=a')).toEqual({ 'url.path': '/v1/x', 'url.query': 'phone=REDACTED&agentId=REDACTED' });
  });
});
