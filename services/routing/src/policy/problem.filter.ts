import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { problemType, ProblemException, type Problem } from './problem';

interface ProblemResponse {
  status(code: number): ProblemResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/** Renders every HTTP error of the admin API as application/problem+json. */
@Catch(HttpException)
export class ProblemFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const status = exception.getStatus();
    const problem: Problem =
      exception instanceof ProblemException ? exception.problem : { type: problemType('http'), title: exception.message, status };
    const response = host.switchToHttp().getResponse<ProblemResponse>();
    response.setHeader('content-type', 'application/problem+json');
    response.status(status).send(JSON.stringify(problem));
  }
}
