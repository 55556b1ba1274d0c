import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { problemType, ProblemException, type Problem } from './problem';
import { ProblemFilter } from './problem.filter';

interface PlainResponse {
  headersSent?: boolean;
  status(code: number): PlainResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/** The status an error of Express' body parser (or another middleware) carries: 400 `entity.parse.failed`, 413, 415... */
function statusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** An HttpException built with a problem body (`new BadRequestException({ type, title, status })`): its own words. */
function isProblemShaped(exception: unknown): boolean {
  if (!(exception instanceof HttpException)) return false;
  const body = exception.getResponse() as { type?: unknown; title?: unknown } | string;
  return typeof body === 'object' && typeof body.type === 'string' && typeof body.title === 'string';
}

/**
 * The global last resort (found by the HTTP fuzzer): errors no route-level ProblemFilter saw, a
 * body the JSON parser refused, a body too large, a route that does not exist, an unexpected
 * throw, still answer application/problem+json. Their text is never used: a parser's message
 * quotes the body and a 404's names the path (the request's own text), a 500's would be a stack.
 */
@Catch()
export class FallbackProblemFilter implements ExceptionFilter {
  private readonly problems = new ProblemFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    if (exception instanceof ProblemException || isProblemShaped(exception)) return this.problems.catch(exception as HttpException, host);
    const status = exception instanceof HttpException ? exception.getStatus() : statusOf(exception);
    const response = host.switchToHttp().getResponse<PlainResponse>();
    if (response.headersSent) return;
    const body: Problem = { type: problemType(status >= 500 ? 'internal' : 'http'), title: STATUS_CODES[status] ?? 'Error', status };
    response.setHeader('content-type', 'application/problem+json');
    response.status(status).send(JSON.stringify(body));
  }
}
