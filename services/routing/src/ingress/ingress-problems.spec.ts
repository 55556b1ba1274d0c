import { z } from 'zod';
import { fieldErrors } from './ingress-problems';

const schema = z.object({ to: z.string() }).strict();
const errorsOf = (body: unknown) => fieldErrors(schema.safeParse(body).error?.issues ?? []);

describe('fieldErrors', () => {
  it('names an unknown key shaped like a field name (a typo is easy to fix)', () => {
    expect(errorsOf({ to: 'x', tenantId: 'acme' })).toEqual([{ field: 'tenantId', message: 'unknown field' }]);
  });

  // Regression (found by the HTTP fuzzer): any text sent as a key came back in the problem.
  it('never echoes an unknown key of free text', () => {
    expect(errorsOf({ to: 'x', '<script>CANARY</script>': 1 })).toEqual([{ field: '(unknown key)', message: 'unknown field' }]);
  });
});
