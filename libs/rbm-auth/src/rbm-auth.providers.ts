import type { Provider } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import type { RbmAuthConfig } from './rbm-auth.config';
import { createRbmAuthorizer } from './rbm-authorizer.factory';
import { RBM_AUTHORIZER } from './rbm-authorizer';

/** Provides RBM_AUTHORIZER from the service's CONFIG (which composes rbmAuthConfig). */
export const rbmAuthorizerProvider: Provider = {
  provide: RBM_AUTHORIZER,
  inject: [CONFIG],
  useFactory: (config: RbmAuthConfig) => createRbmAuthorizer(config),
};
