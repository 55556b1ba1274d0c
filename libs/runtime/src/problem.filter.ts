import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { problemType, ProblemException, type Problem } from './problem';

interface ProblemResponse {
  status(code: number): ProblemResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/** A Nest HttpException built with a problem-shaped body (`new BadRequestException({ type, title, status })`). */
function problemBodyOf(exception: HttpException): Problem | undefined {
  const body = exception.getResponse() as Partial<Problem> | string;
  return typeof body === 'object' && typeof body.type === 'string' && typeof body.title === 'string' ? ({ ...body, status: exception.getStatus() } as Problem) : undefined;
}

/** Renders HTTP errors as application/problem+json (a ProblemException's own body and headers). */
@Catch(HttpException)
export class ProblemFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const status = exception.getStatus();
    const body: Problem = exception instanceof ProblemException ? exception.problem : (problemBodyOf(exception) ?? { type: problemType('http'), title: exception.message, status });
    const response = host.switchToHttp().getResponse<ProblemResponse>();
    if (exception instanceof ProblemException) for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    response.setHeader('content-type', 'application/problem+json');
    response.status(status).send(JSON.stringify(body));
  }
}
