import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@switchback/runtime';
import type { PayloadStoreConfig } from './config/payload-store.config';

/**
 * The ciphertext-only store behind secure links. In the walking skeleton it runs with the
 * platform (health, metrics, bus for lifecycle events); the link API arrives with the
 * secure-link work.
 */
@Module({})
export class AppModule {
  static forRoot(config: PayloadStoreConfig): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forRoot({ config })] };
  }
}
