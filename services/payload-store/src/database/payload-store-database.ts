import { SecureLinkEntity } from '../links/secure-link.entity';
import { CreateSecureLinks1764500000000 } from './1764500000000-create-secure-links';
import { AddLinkPepperKeyId1766000000000 } from './1766000000000-add-link-pepper-key-id';

/** Everything payload-store keeps in its own schema. */
export const payloadStoreEntities = [SecureLinkEntity];
export const payloadStoreMigrations = [CreateSecureLinks1764500000000, AddLinkPepperKeyId1766000000000];
