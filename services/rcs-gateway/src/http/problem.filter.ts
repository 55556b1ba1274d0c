import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';

/** RFC 9457 problem details. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
}

/** An HTTP error whose body is a problem document. */
export class ProblemException extends HttpException {
  constructor(readonly problem: Problem) {
    super(problem, problem.status);
  }
}

export const problem = (status: number, slug: string, title: string, detail?: string): ProblemException =>
  new ProblemException({ type: `https://switchback.dev/problems/${slug}`, title, status, ...(detail === undefined ? {} : { detail }) });

interface ProblemResponse {
  status(code: number): ProblemResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/** Renders the webhook's HTTP errors as application/problem+json. */
@Catch(HttpException)
export class ProblemFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const status = exception.getStatus();
    const body: Problem = exception instanceof ProblemException ? exception.problem : { type: 'https://switchback.dev/problems/http', title: exception.message, status };
    const response = host.switchToHttp().getResponse<ProblemResponse>();
    response.setHeader('content-type', 'application/problem+json');
    response.status(status).send(JSON.stringify(body));
  }
}
