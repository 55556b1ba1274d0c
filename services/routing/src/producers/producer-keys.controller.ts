import { Body, Controller, Delete, Get, HttpCode, Param, Put, Req, UseFilters, UseGuards } from '@nestjs/common';
import { producerPublicKey } from '@switchback/bus';
import { problemType, ProblemException, ProblemFilter } from '@switchback/runtime';
import type { KeyObject } from 'node:crypto';
import { ListProducerKeysApi, ProducerKeysApi, PutProducerKeyApi, RevokeProducerKeyApi } from '../policy/admin.openapi';
import { AdminTokenGuard, unauthorized, type AdminRequest } from '../policy/admin-token.guard';
import { ProducerKeyRegistry, type ProducerKeyView } from './producer-key.registry';

const TENANT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

const invalid = (field: string, message: string) => new ProblemException({ type: problemType('invalid-producer-key'), title: 'Invalid producer key', status: 400, errors: [{ field, message }] });

/**
 * Admin API of the producer registry: the Ed25519 public keys a tenant's producers sign its
 * send requests with. Rotation: PUT the new key, move producers to it, DELETE the old one.
 */
@Controller('v1/admin/tenants/:tenant/producer-keys')
@UseGuards(AdminTokenGuard)
@UseFilters(ProblemFilter)
@ProducerKeysApi()
export class ProducerKeysController {
  constructor(private readonly registry: ProducerKeyRegistry) {}

  @Get()
  @ListProducerKeysApi()
  async list(@Param('tenant') tenant: string): Promise<{ keys: ProducerKeyView[] }> {
    return { keys: await this.registry.list(checked(tenant, TENANT_ID, 'tenant')) };
  }

  /** Body: `{ "publicKey": "<base64 SPKI DER, or PEM, of an Ed25519 key>" }`. */
  @Put(':keyId')
  @HttpCode(204)
  @PutProducerKeyApi()
  async put(@Param('tenant') tenant: string, @Param('keyId') keyId: string, @Body() body: unknown, @Req() request: AdminRequest): Promise<void> {
    const tenantId = checked(tenant, TENANT_ID, 'tenant');
    const id = checked(keyId, KEY_ID, 'keyId');
    if (id.startsWith('ingress-')) throw invalid('keyId', 'ingress- is reserved for routing\'s own keys');
    const encoded = (body as { publicKey?: unknown } | undefined)?.publicKey;
    let publicKey: KeyObject;
    try {
      if (typeof encoded !== 'string') throw new Error('missing');
      publicKey = producerPublicKey(encoded);
    } catch {
      throw invalid('publicKey', 'the base64 SPKI DER (or PEM) of an Ed25519 public key');
    }
    if (!request.actor) throw unauthorized();
    if (!(await this.registry.register(tenantId, id, publicKey, request.actor))) {
      throw new ProblemException({ type: problemType('producer-key-conflict'), title: 'Key id taken', status: 409, detail: 'this key id is registered with another key, tenant, or was revoked: use a new id' });
    }
  }

  @Delete(':keyId')
  @HttpCode(204)
  @RevokeProducerKeyApi()
  async revoke(@Param('tenant') tenant: string, @Param('keyId') keyId: string): Promise<void> {
    if (!(await this.registry.revoke(checked(tenant, TENANT_ID, 'tenant'), checked(keyId, KEY_ID, 'keyId')))) {
      throw new ProblemException({ type: problemType('producer-key-not-found'), title: 'No such producer key', status: 404 });
    }
  }
}

function checked(value: string, pattern: RegExp, field: string): string {
  if (!pattern.test(value)) throw invalid(field, 'letters, digits, . _ - (1 to 64)');
  return value;
}
