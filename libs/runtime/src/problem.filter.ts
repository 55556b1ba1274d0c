import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { problemType, ProblemException, type Problem } from './problem';

interface ProblemResponse {
  status(code: number): ProblemResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/** Renders HTTP errors as application/problem+json (a ProblemException's own body and headers). */
@Catch(HttpException)
export class ProblemFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const status = exception.getStatus();
    const body: Problem = exception instanceof ProblemException ? exception.problem : { type: problemType('http'), title: exception.message, status };
    const response = host.switchToHttp().getResponse<ProblemResponse>();
    if (exception instanceof ProblemException) for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    response.setHeader('content-type', 'application/problem+json');
    response.status(status).send(JSON.stringify(body));
  }
}
