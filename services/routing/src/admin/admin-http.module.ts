import { Module } from '@nestjs/common';
import { AdminListener } from './admin-listener';

/** The admin listener (ADMIN_HTTP_PORT). Imported once, by the app (and by tests of admin routes). */
@Module({ providers: [AdminListener], exports: [AdminListener] })
export class AdminHttpModule {}
