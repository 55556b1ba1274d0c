export * from './google-rbm-authorizer';
export * from './rbm-auth.config';
export * from './rbm-auth.error';
export * from './rbm-auth.providers';
export * from './rbm-authorizer';
export * from './rbm-authorizer.factory';
export * from './rbm-fetch';
export * from './service-account-key';
