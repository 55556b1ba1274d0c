import { classifyRevokeStatus, classifySendStatus, classifyTransportError, sendPathHealth } from './rbm-error.table';

describe('RBM error table', () => {
  it.each([
    [200, { kind: 'accepted' }],
    [404, { kind: 'unreachable', reason: 'http_404' }],
    [400, { kind: 'unsupported', reason: 'unsupported_feature' }],
    [429, { kind: 'retriable', reason: 'http_429' }],
    [408, { kind: 'retriable', reason: 'http_408' }],
    [500, { kind: 'retriable', reason: 'http_500' }],
    [503, { kind: 'retriable', reason: 'http_503' }],
    [401, { kind: 'rejected', reason: 'http_401' }],
    [403, { kind: 'rejected', reason: 'http_403' }],
    [409, { kind: 'rejected', reason: 'http_409' }],
    [413, { kind: 'rejected', reason: 'http_413' }],
    [302, { kind: 'rejected', reason: 'http_302' }],
  ])('classifies a send answered %i', (status, verdict) => {
    expect(classifySendStatus(status)).toEqual(verdict);
  });

  it('keeps the Retry-After of a retriable answer only', () => {
    expect(classifySendStatus(429, 2_000)).toEqual({ kind: 'retriable', reason: 'http_429', retryAfterMs: 2_000 });
    expect(classifySendStatus(404, 2_000)).toEqual({ kind: 'unreachable', reason: 'http_404' });
  });

  it('treats a timeout and a network error as retriable', () => {
    expect(classifyTransportError(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toEqual({ kind: 'retriable', reason: 'timeout' });
    expect(classifyTransportError(new TypeError('fetch failed'))).toEqual({ kind: 'retriable', reason: 'network_error' });
  });

  it('turns revocation answers into results, retriable or rejected verdicts', () => {
    expect(classifyRevokeStatus(200)).toEqual({ result: 'revoked' });
    expect(classifyRevokeStatus(404)).toEqual({ result: 'already_delivered' });
    expect(classifyRevokeStatus(503, 1_000)).toEqual({ kind: 'retriable', reason: 'http_503', retryAfterMs: 1_000 });
    expect(classifyRevokeStatus(400)).toEqual({ kind: 'rejected', reason: 'http_400' });
    expect(classifyRevokeStatus(403)).toEqual({ kind: 'rejected', reason: 'http_403' });
  });
});

describe('sendPathHealth (what trips the hub breaker)', () => {
  it.each([
    [500, 'unhealthy'],
    [503, 'unhealthy'],
    [408, 'unhealthy'],
    [401, 'unhealthy'],
    [403, 'unhealthy'],
    [429, 'unknown'],
    [200, 'healthy'],
    [404, 'healthy'],
    [400, 'healthy'],
    [409, 'healthy'],
  ])('a send answered %i is %s for the path', (status, health) => {
    expect(sendPathHealth(classifySendStatus(status))).toBe(health);
  });

  it('counts timeouts and network errors against the path', () => {
    expect(sendPathHealth(classifyTransportError(Object.assign(new Error('t'), { name: 'TimeoutError' })))).toBe('unhealthy');
    expect(sendPathHealth(classifyTransportError(new TypeError('fetch failed')))).toBe('unhealthy');
  });
});
