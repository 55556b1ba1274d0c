import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONFIG, limitSlowClients } from '@switchback/runtime';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RoutingConfig } from '../config/routing.config';

/** Requests that arrived on the admin listener; the admin guard serves no other. */
const adminRequests = new WeakSet<object>();

export const arrivedOnAdminListener = (request: object): boolean => adminRequests.has(request);

/** Marks a request as received by the admin listener (the listener itself; unit tests of guards). */
export const markArrivedOnAdminListener = (request: object): void => void adminRequests.add(request);

/**
 * routing's second HTTP listener, ADMIN_HTTP_PORT: the same Nest application (one DI context,
 * one database pool, one producer) served on a port of its own, so a deployment exposes
 * HTTP_PORT publicly and keeps this one private. Each request is marked as it arrives here;
 * the admin guard answers 404 to admin routes reached any other way, and the tenant ingress
 * answers 404 here. Starts once the routes are registered (bootstrap), stops with the app.
 */
@Injectable()
export class AdminListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AdminListener.name);
  private server: Server | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'ADMIN_HTTP_PORT' | 'ADMIN_HTTP_HOST'> & Partial<Pick<RoutingConfig, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS'>>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // An application context without HTTP (a worker, a unit test) has nothing to serve.
    const handler = this.adapterHost.httpAdapter?.getInstance<RequestListener | undefined>();
    if (typeof handler !== 'function') return;
    const server = createServer((request: IncomingMessage, response) => {
      markArrivedOnAdminListener(request);
      handler(request, response);
    });
    limitSlowClients(server, this.config);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.ADMIN_HTTP_PORT, this.config.ADMIN_HTTP_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`admin API on ${this.config.ADMIN_HTTP_HOST}:${this.port()}`);
  }

  /** The bound port (ADMIN_HTTP_PORT=0 takes a free one: tests). */
  port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  url(): string {
    return `http://127.0.0.1:${this.port()}`;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}
