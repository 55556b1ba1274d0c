import { applyDecorators, Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { RECIPIENT_PAGE_HTML } from './recipient-page.html';
import { PageApi, RecipientPageApi, ServedApi } from './recipient-page.openapi';
import { RevealBundle } from './reveal-bundle';
import { REVEAL_CSS } from './reveal.styles';
import { SECURITY_HEADERS } from './security-headers';

// Link ids are base64url; anything else cannot be a link, so it gets a plain 404.
const LINK_ID = /^[A-Za-z0-9_-]{16,64}$/;

const Served = (contentType: string) =>
  applyDecorators(Header('Content-Type', contentType), ...Object.entries(SECURITY_HEADERS).map(([name, value]) => Header(name, value)));

/**
 * The recipient page. GET never touches the store and never consumes a link: preview bots
 * and mail scanners fetch URLs. Only the page's script claims, after a click.
 */
@Controller('s')
@RecipientPageApi()
export class RecipientPageController {
  constructor(private readonly bundle: RevealBundle) {}

  @Get('assets/reveal.js')
  @Served('application/javascript; charset=utf-8')
  @ServedApi('The page\'s script', 'application/javascript')
  script(): string {
    return this.bundle.script;
  }

  @Get('assets/reveal.css')
  @Served('text/css; charset=utf-8')
  @ServedApi('The page\'s styles', 'text/css')
  styles(): string {
    return REVEAL_CSS;
  }

  @Get(':id')
  @Served('text/html; charset=utf-8')
  @PageApi()
  page(@Param('id') id: string): string {
    if (!LINK_ID.test(id)) throw new NotFoundException();
    return RECIPIENT_PAGE_HTML;
  }
}
