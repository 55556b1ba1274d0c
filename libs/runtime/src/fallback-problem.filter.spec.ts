import { BadRequestException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { FallbackProblemFilter } from './fallback-problem.filter';
import { problem } from './problem';

/** A host whose response records what the filter wrote. */
function httpHost() {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    setHeader: (name: string, value: string) => void (sent.headers[name] = value),
    send: (body: string) => void (sent.body = body),
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('FallbackProblemFilter', () => {
  const filter = new FallbackProblemFilter();

  // Regressions (found by the HTTP fuzzer): these reached Nest's default filter, which answered
  // plain JSON quoting the body (a parser's message) or the path (a 404's).
  it.each([
    ['a JSON parse error', Object.assign(new SyntaxError(`Unexpected token 'C', "CANARY" is not valid JSON`), { status: 400, type: 'entity.parse.failed' }), 400],
    ['a body too large', Object.assign(new Error('request entity too large'), { status: 413 }), 413],
    ['an unknown route', new NotFoundException('Cannot GET /v1/CANARY'), 404],
    ['an unexpected throw', new TypeError('x of CANARY is undefined'), 500],
  ])('renders %s as a problem that quotes nothing', (_label, error, status) => {
    const { host, sent } = httpHost();
    filter.catch(error, host);
    expect(sent.status).toBe(status);
    expect(sent.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(sent.body!)).toMatchObject({ status, title: expect.any(String) });
    expect(sent.body).not.toContain('CANARY');
  });

  it("keeps a problem's own words", () => {
    const { host, sent } = httpHost();
    filter.catch(problem(409, 'conflict', 'Conflict', 'the key was used with another body'), host);
    expect(JSON.parse(sent.body!)).toEqual({ type: 'https://switchback.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'the key was used with another body' });
    const shaped = httpHost();
    filter.catch(new BadRequestException({ type: 'https://switchback.dev/problems/x', title: 'X' }), shaped.host);
    expect(JSON.parse(shaped.sent.body!)).toMatchObject({ title: 'X', status: 400 });
  });
});
