/**
 * `dev` prefers servers of its own (under .data/) so that a developer's data never mixes with
 * anything else on the machine; `test` prefers the machine's standard local servers, which are
 * faster to reach and already running on CI, and falls back to servers of its own.
 */
export type ServiceMode = 'dev' | 'test';

/** Where a service came from, for messages and for knowing what must be stopped. */
export type ServiceOrigin =
  /** DATABASE_URL / REDIS_URL named it. */
  | 'environment'
  /** The machine's standard local server (127.0.0.1:5432 / :6379). */
  | 'local'
  /** Started by this call; `stop()` stops it. */
  | 'started'
  /**
   * Started by another run. If that run is gone (killed outright) the server is adopted and
   * `stop()` stops it; if it still runs, the server is shared and `stop()` leaves it alone.
   */
  | 'reused';

export interface RunningService {
  /** Connection string for clients. */
  readonly url: string;
  readonly origin: ServiceOrigin;
  /** One line for humans: what it is and where. */
  readonly description: string;
  /** Stops a server this call started or adopted; leaves others alone. Safe to call twice. */
  stop(): Promise<void>;
}

export interface EnsureServiceOptions {
  mode: ServiceMode;
  /** The repository root; `.data/` lives there. Default: the current directory (npm runs scripts there). */
  rootDir?: string;
  /** Where a server started here keeps its files. Default: `<rootDir>/.data/<service>`. */
  dataDir?: string;
  /** Progress messages. Default: console.log with a `[postgres]` / `[redis]` tag. */
  log?: (message: string) => void;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/** A missing prerequisite that the person running the command must fix; its message says how. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
}
