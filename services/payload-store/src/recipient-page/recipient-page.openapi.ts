import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblem } from '@switchback/runtime';
import { LINK_NOT_AVAILABLE } from '../links/link-problems';

/** OpenAPI of the recipient page (public, no credential): static HTML and its assets, never the link's content. */
export const RecipientPageApi = () => ApiTags('recipient page');

export const ServedApi = (summary: string, contentType: string) =>
  applyDecorators(ApiOperation({ summary }), ApiResponse({ status: 200, description: summary, content: { [contentType]: { schema: { type: 'string' } } } }));

export const PageApi = () =>
  applyDecorators(
    ServedApi('The page a recipient opens (GET never claims: preview bots fetch URLs)', 'text/html'),
    ApiProblem(404, 'not a link id', { ...LINK_NOT_AVAILABLE, title: 'Not Found' }),
  );
