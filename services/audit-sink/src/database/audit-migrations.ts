import { CreateAuditEvents1763800000000 } from './1763800000000-create-audit-events';
import { AddAuditDetail1764400000000 } from './1764400000000-add-audit-detail';
import { TamperEvidentAudit1765000000000 } from './1765000000000-tamper-evident-audit';
import { RetentionByTheDatabase1765600000000 } from './1765600000000-retention-by-the-database';

export const auditMigrations = [CreateAuditEvents1763800000000, AddAuditDetail1764400000000, TamperEvidentAudit1765000000000, RetentionByTheDatabase1765600000000];
