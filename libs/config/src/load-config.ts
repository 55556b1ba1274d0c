import { z } from 'zod';
import { PermanentException } from '@switchback/errors';

export class ConfigException extends PermanentException {
  constructor(readonly issues: string[]) {
    super('config_invalid', `Invalid configuration:\n  ${issues.join('\n  ')}`);
  }
}

/**
 * Parses the environment against a service's schema. The only place that reads process.env:
 * a bad value stops boot with a message that names the variable.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigException(issues);
}
