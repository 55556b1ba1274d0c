import type { ArgumentsHost } from '@nestjs/common';
import { Logger, NotFoundException } from '@nestjs/common';
import { linkNotAvailable, rateLimited } from './link-problems';
import { LinkProblemFilter } from './problem.filter';

beforeAll(() => Logger.overrideLogger(false));

function hostFor(url: string) {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
    send(body: string) {
      sent.body = body;
    },
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ originalUrl: url }), getResponse: () => response }), getArgByIndex: () => response } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('LinkProblemFilter', () => {
  const filter = new LinkProblemFilter();

  it('renders the one 404 of the link API as a no-store problem document', () => {
    const { host, sent } = hostFor('/v1/links/abc/claim');
    filter.catch(linkNotAvailable(), host);
    expect(sent).toEqual({ status: 404, headers: { 'cache-control': 'no-store', 'content-type': 'application/problem+json' }, body: '{"type":"about:blank","title":"Link not available","status":404}' });
  });

  it('adds the headers of a problem (Retry-After)', () => {
    const { host, sent } = hostFor('/v1/links');
    filter.catch(rateLimited(7), host);
    expect(sent.status).toBe(429);
    expect(sent.headers['retry-after']).toBe('7');
  });

  it('turns body-parser errors into 413 and 400 problems', () => {
    const tooLarge = hostFor('/v1/links');
    filter.catch(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }), tooLarge.host);
    expect(tooLarge.sent.status).toBe(413);
    expect(JSON.parse(tooLarge.sent.body!)).toMatchObject({ title: 'Payload too large', status: 413 });
  });

  it('answers an unknown error with a bare 503 problem, never its message', () => {
    const { host, sent } = hostFor('/v1/links/x');
    filter.catch(new Error('connection to 10.0.0.5 refused: secret=abc'), host);
    expect(sent.status).toBe(503);
    expect(sent.body).not.toContain('10.0.0.5');
  });

  it('leaves other paths to Nest', () => {
    const { host, sent } = hostFor('/s/abc');
    const fallback = jest.spyOn(Object.getPrototypeOf(LinkProblemFilter.prototype) as { catch: () => void }, 'catch').mockImplementation(() => undefined);
    filter.catch(new NotFoundException(), host);
    expect(fallback).toHaveBeenCalled();
    expect(sent.status).toBeUndefined();
    fallback.mockRestore();
  });
});
