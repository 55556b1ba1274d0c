import { Catch, HttpException, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { errorCode, isRetriable } from '@switchback/errors';
import { problemType, ProblemException, type Problem } from '@switchback/runtime';

interface HttpRequest {
  readonly originalUrl?: string;
  readonly url?: string;
}

interface HttpResponse {
  headersSent?: boolean;
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/** Errors of express' body parser (too large, bad JSON) carry a status and a type. */
interface ParserError {
  readonly status: number;
  readonly type: string;
}

const isParserError = (error: unknown): error is ParserError =>
  typeof error === 'object' && error !== null && typeof (error as ParserError).status === 'number' && typeof (error as ParserError).type === 'string';

const LINK_API = /^\/v1\/links(\/|\?|$)/;

/**
 * Renders every error of the link API as application/problem+json with `Cache-Control:
 * no-store`. Global, because body-parser errors (413, bad JSON) happen before routing; any
 * other path keeps Nest's default answer.
 */
@Catch()
export class LinkProblemFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(LinkProblemFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<HttpRequest>();
    if (host.getType() !== 'http' || !LINK_API.test(request.originalUrl ?? request.url ?? '')) return super.catch(exception, host);
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (response.headersSent) return;
    const { problem, headers } = this.problemOf(exception);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.setHeader('cache-control', 'no-store');
    response.setHeader('content-type', 'application/problem+json');
    response.status(problem.status).send(JSON.stringify(problem));
  }

  private problemOf(exception: unknown): { problem: Problem; headers: Readonly<Record<string, string>> } {
    if (exception instanceof ProblemException) return { problem: exception.problem, headers: exception.headers };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { problem: { type: problemType('http'), title: exception.message, status }, headers: {} };
    }
    if (isParserError(exception) && exception.status >= 400 && exception.status < 500) {
      const tooLarge = exception.status === 413;
      return {
        problem: tooLarge
          ? { type: problemType('payload-too-large'), title: 'Payload too large', status: 413, detail: 'the request body is over the size limit' }
          : { type: problemType('invalid-link-request'), title: 'Invalid link request', status: exception.status, detail: 'the body is not valid JSON' },
        headers: {},
      };
    }
    // Never the message: a driver error may quote SQL parameters. The code and stack are enough.
    this.logger.error({ code: errorCode(exception), stack: exception instanceof Error ? exception.stack : undefined }, 'link API request failed');
    return isRetriable(exception)
      ? { problem: { type: problemType('store-unavailable'), title: 'Link store unavailable', status: 503, detail: 'try again later' }, headers: { 'retry-after': '5' } }
      : { problem: { type: problemType('internal'), title: 'Internal error', status: 500 }, headers: {} };
  }
}
