import { z } from 'zod';

/** The body of POST /v1/messages/{id}/override. */
export const overrideBody = z
  .object({
    tenantId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (1 to 64)'),
    reason: z.string().trim().min(1, 'a reason is required').max(500, 'at most 500 characters'),
  })
  .strict();
