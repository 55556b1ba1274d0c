import { ActionTaken } from '@switchback/contracts';
import { UsageError } from '../dlq.command';

/** `sbctl tail decisions` flags: output shape, filters and when to stop. */
export interface TailArgs {
  readonly json: boolean;
  readonly tenant?: string;
  /** Lower-case ActionTaken names (`sent_plain`, `blocked`…); empty: every action. */
  readonly actions: readonly string[];
  readonly sensitiveOnly: boolean;
  /** Stop after printing this many decisions. */
  readonly max?: number;
  /** Stop after this many seconds. */
  readonly forSeconds?: number;
}

export const ACTION_NAMES = Object.values(ActionTaken)
  .filter((value): value is string => typeof value === 'string' && value !== 'UNSPECIFIED')
  .map((name) => name.toLowerCase());

const FLAGS = '--json --tenant <id> --action <name>[,<name>] --sensitive-only --max <n> --for <seconds>';

function valueOf(args: readonly string[], index: number, flag: string): string {
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value; flags: ${FLAGS}`);
  return value;
}

function positive(value: string, flag: string, integer: boolean): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) throw new UsageError(`${flag} must be a positive ${integer ? 'integer' : 'number'}`);
  return number;
}

export function parseTailArgs(args: readonly string[]): TailArgs {
  let parsed: { -readonly [K in keyof TailArgs]: TailArgs[K] } = { json: false, actions: [], sensitiveOnly: false };
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] ?? '';
    if (flag === '--json') parsed.json = true;
    else if (flag === '--sensitive-only') parsed.sensitiveOnly = true;
    else if (flag === '--tenant') parsed = { ...parsed, tenant: valueOf(args, i++, flag) };
    else if (flag === '--max') parsed = { ...parsed, max: positive(valueOf(args, i++, flag), flag, true) };
    else if (flag === '--for') parsed = { ...parsed, forSeconds: positive(valueOf(args, i++, flag), flag, false) };
    else if (flag === '--action') {
      const actions = valueOf(args, i++, flag).toLowerCase().split(',');
      const unknown = actions.find((action) => !ACTION_NAMES.includes(action));
      if (unknown !== undefined) throw new UsageError(`unknown action "${unknown}"; one of: ${ACTION_NAMES.join(', ')}`);
      parsed = { ...parsed, actions: [...parsed.actions, ...actions] };
    } else throw new UsageError(`unexpected argument "${flag}"; flags: ${FLAGS}`);
  }
  return parsed;
}
