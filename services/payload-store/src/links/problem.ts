import { HttpException } from '@nestjs/common';

/** RFC 9457 problem details; `errors` names the bad fields of a rejected body. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** An HTTP error whose body is a problem document; `headers` go on the response only. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Problem,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem, problem.status);
  }
}

export const problemType = (slug: string): string => `https://switchback.dev/problems/${slug}`;
