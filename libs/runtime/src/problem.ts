import { HttpException } from '@nestjs/common';

/** RFC 9457 problem details; `errors` names the bad fields of a rejected body. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** An HTTP error whose body is a problem document; `headers` (e.g. Retry-After) go on the response only. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Problem,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem, problem.status);
  }
}

export const problemType = (slug: string): string => `https://switchback.dev/problems/${slug}`;

export const problem = (status: number, slug: string, title: string, detail?: string): ProblemException =>
  new ProblemException({ type: problemType(slug), title, status, ...(detail === undefined ? {} : { detail }) });
