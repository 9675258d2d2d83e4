/**
 * Shutdown of `npm run demo`: whatever stops the demo — Ctrl-C (SIGINT to the terminal's whole
 * foreground group), SIGTERM or SIGHUP to this process alone, an error, a normal exit — the
 * wrangler dev server it started goes too, with its workerd children.
 *
 * wrangler runs detached in its own process group (infra/local/wrangler-dev.ts), so a terminal's
 * Ctrl-C never reaches it: only this process can stop it. The handlers are installed before
 * anything is started, so a signal during start-up (data build, wrangler's first seconds) is
 * handled too; the 'exit' hook SIGKILLs the group synchronously as a last resort.
 *
 * `npm run demo` execs `node --import tsx` directly: npm forwards SIGINT/SIGTERM to its child, but
 * a `sh -c` in between dies without passing them on, and the tsx CLI wrapper SIGKILLs a child that
 * does not acknowledge a relayed signal within 30 ms (missed under load), leaving wrangler behind.
 */
import { type DevServer, killGroupNow } from '../local/wrangler-dev.ts';

const EXIT_CODES: [NodeJS.Signals, number][] = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];

export interface Lifecycle {
  /** Registers the server to stop (call from `onSpawn`, before it is ready). */
  track(server: DevServer): void;
  /** Stops the tracked server and exits with `code` (once, whoever calls first). */
  shutdown(code: number): Promise<never>;
}

/**
 * @example
 * const life = installLifecycle(say);
 * const dev = await startWranglerDev({ ..., onSpawn: life.track });
 */
export function installLifecycle(say: (line: string) => void): Lifecycle {
  let server: DevServer | null = null;
  let stopping: Promise<never> | null = null;
  const shutdown = (code: number): Promise<never> => {
    stopping ??= (async () => {
      if (server !== null) {
        say(`stopping wrangler (process group ${server.pid})…`);
        await server.stop();
      }
      process.exit(code);
    })();
    return stopping;
  };
  for (const [signal, code] of EXIT_CODES) process.on(signal, () => void shutdown(code));
  process.on('exit', () => {
    if (server !== null) killGroupNow(server.pid);
  });
  // Orphaned (the launcher died without passing the signal on, e.g. npm killed outright): a
  // demo nobody can Ctrl-C any more must not keep the port.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(129);
  }, 1_000).unref();
  return {
    track: (s) => {
      server = s;
    },
    shutdown,
  };
}
