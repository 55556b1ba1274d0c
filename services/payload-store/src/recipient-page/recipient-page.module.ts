import { Module } from '@nestjs/common';
import { RecipientPageController } from './recipient-page.controller';
import { RevealBundle } from './reveal-bundle';

/** GET /s/:id and its assets. Stateless: import it next to the link API in AppModule. */
@Module({ controllers: [RecipientPageController], providers: [RevealBundle] })
export class RecipientPageModule {}
