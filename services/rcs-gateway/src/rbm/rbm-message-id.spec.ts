import { rbmMessageId, uuidV5 } from './rbm-message-id';

describe('rbmMessageId', () => {
  it('is RFC 9562 UUIDv5 (the RFC test vector)', () => {
    expect(uuidV5('www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is stable for a leg and differs across legs, messages and agents', () => {
    const id = rbmMessageId('agent', 'msg-1', 1);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rbmMessageId('agent', 'msg-1', 1)).toBe(id);
    expect(new Set([id, rbmMessageId('agent', 'msg-1', 2), rbmMessageId('agent', 'msg-2', 1), rbmMessageId('other', 'msg-1', 1)]).size).toBe(4);
  });
});
