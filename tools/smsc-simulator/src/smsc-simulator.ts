import type { AddressInfo } from 'node:net';
import { createServer, type Session } from 'smpp';
import { initialBehaviour, patchBehaviour, type SmscBehaviour } from './behaviour/smsc-behaviour';
import { ReceiptDispatcher } from './receipts/receipt.dispatcher';
import { SmscSession, type SessionInfo } from './session/smsc-session';
import { resolveSmscOptions, type SmscSimulatorOptions } from './smsc-options';
import { emptySmscStats, type SmscStats } from './smsc-stats';
import { SmscMessageStore, type SmscMessage } from './submit/smsc-message.store';
import { SubmitSmHandler } from './submit/submit-sm.handler';

export interface SmscSimulator {
  readonly port: number;
  /** e.g. smpp://127.0.0.1:2775 (what SMPP_URL points at). */
  readonly url: string;
  messages(): SmscMessage[];
  stats(): SmscStats;
  /** First message, present or future, matching the predicate. */
  waitForMessage(predicate: (message: SmscMessage) => boolean, timeoutMs?: number): Promise<SmscMessage>;
  activeSessions(): SessionInfo[];
  /** Concatenations still missing parts, and receipts waiting for a receiver to bind. */
  pending(): { readonly incompleteConcatenations: number; readonly heldReceipts: number };
  /** The current behaviour (a copy). */
  behaviour(): SmscBehaviour;
  /** Changes behaviour at run time (see SmscBehaviour); throws BehaviourPatchError on bad input. */
  configure(patch: Partial<SmscBehaviour>): SmscBehaviour;
  /** Drops every connection without unbind, as a crashing SMSC or a cut link does. */
  disconnectAll(): number;
  /** Stops listening, drops every session, cancels pending receipts. */
  close(): Promise<void>;
}

/** Starts an SMPP 3.4 SMSC (npm `smpp` server) for tests, the demo and the local stack. */
export async function startSmscSimulator(input: SmscSimulatorOptions): Promise<SmscSimulator> {
  const options = resolveSmscOptions(input);
  const log = options.log;
  const stats = emptySmscStats();
  const store = new SmscMessageStore();
  const behaviour = initialBehaviour(options);
  const receipts = new ReceiptDispatcher(behaviour, stats, log);
  const submits = new SubmitSmHandler(options, behaviour, stats, store, receipts);
  const sessions = new Set<SmscSession>();
  let nextSessionId = 1;

  const server = createServer({}, (session: Session) => {
    const smsc = new SmscSession(nextSessionId++, session, { options, behaviour, stats, submits, receipts, onClosed: (s) => sessions.delete(s) });
    sessions.add(smsc);
    log({ event: 'session.opened', session: smsc.id });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  server.on('error', (error: Error) => log({ event: 'server.error', error: error.name }));
  log({ event: 'listening', port, messageIdFormat: options.messageIdFormat });

  let closed: Promise<void> | undefined;
  return {
    port,
    url: `smpp://${options.host}:${port}`,
    messages: () => store.list(),
    stats: () => ({ ...stats }),
    waitForMessage: (predicate, timeoutMs = 5_000) => store.waitFor(predicate, timeoutMs),
    activeSessions: () => [...sessions].map((s) => s.info()),
    pending: () => ({ incompleteConcatenations: submits.assembler.incomplete(), heldReceipts: receipts.heldCount() }),
    behaviour: () => ({ ...behaviour, scriptedStatuses: [...behaviour.scriptedStatuses] }),
    configure(patch) {
      patchBehaviour(behaviour, patch);
      log({ event: 'behaviour.changed', keys: Object.keys(patch).join(',') });
      return { ...behaviour, scriptedStatuses: [...behaviour.scriptedStatuses] };
    },
    disconnectAll() {
      const count = sessions.size;
      stats.forcedDisconnects += count;
      sessions.forEach((s) => s.destroy());
      log({ event: 'sessions.dropped', count });
      return count;
    },
    close() {
      closed ??= (async () => {
        receipts.close();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        sessions.forEach((s) => s.destroy());
        await stopped;
        log({ event: 'closed' });
      })();
      return closed;
    },
  };
}
