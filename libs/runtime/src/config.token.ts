/** The service's validated config object (its own zod schema's output). */
export const CONFIG = Symbol('CONFIG');
