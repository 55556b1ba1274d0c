import { ProblemException } from '@switchback/runtime';
import { parseEndpointRequest, parseRotateRequest } from './endpoint-request';
import { TargetPolicy } from './target-policy';

const production = { development: false, policy: new TargetPolicy([]) };
const problemOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('accepted');
};

describe('parseEndpointRequest', () => {
  it('accepts an https URL with known event types, without duplicates', () => {
    expect(parseEndpointRequest({ url: 'https://hooks.example.com/sb', eventTypes: ['message.terminal', 'message.terminal', 'link.claimed'] }, production)).toEqual({ url: 'https://hooks.example.com/sb', eventTypes: ['message.terminal', 'link.claimed'] });
  });

  it('answers 400 problems for http outside development, unknown event types and private targets', () => {
    expect(problemOf(() => parseEndpointRequest({ url: 'http://hooks.example.com/sb', eventTypes: ['message.read'] }, production))).toMatchObject({ status: 400, errors: [{ field: 'url' }] });
    expect(parseEndpointRequest({ url: 'http://hooks.example.com/sb', eventTypes: ['message.read'] }, { ...production, development: true }).url).toBe('http://hooks.example.com/sb');
    expect(problemOf(() => parseEndpointRequest({ url: 'https://hooks.example.com/sb', eventTypes: ['message.sent'] }, production))).toMatchObject({ status: 400, errors: [{ field: 'eventTypes' }], detail: expect.stringContaining('message.sent') });
    expect(problemOf(() => parseEndpointRequest({ url: 'https://169.254.169.254/x', eventTypes: ['message.read'] }, production))).toMatchObject({ status: 400 });
    expect(problemOf(() => parseEndpointRequest({ url: 'https://user:pw@hooks.example.com/', eventTypes: ['message.read'] }, production))).toMatchObject({ status: 400 });
    expect(problemOf(() => parseEndpointRequest({ url: 'not a url', eventTypes: ['message.read'] }, production))).toMatchObject({ status: 400 });
    expect(problemOf(() => parseEndpointRequest({ eventTypes: [] }, production))).toMatchObject({ status: 400 });
  });

  it('reads the rotation overlap, one day by default, at most a week', () => {
    expect(parseRotateRequest(undefined)).toEqual({ overlapSeconds: 86_400 });
    expect(parseRotateRequest({ overlapSeconds: 60 })).toEqual({ overlapSeconds: 60 });
    expect(problemOf(() => parseRotateRequest({ overlapSeconds: 8 * 86_400 }))).toMatchObject({ status: 400 });
  });
});
