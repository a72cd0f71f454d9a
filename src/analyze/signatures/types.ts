/**
 * The shape of an error signature: one line an app, a runtime or a server writes when it dies, what it means (cause
 * and sub-kind), what to read out of it (named capture groups), the fix, and the real line it was seen as with the
 * public thread it was seen in. The catalogue is data; one matcher (match.ts) applies all of it once per log.
 */
import type { CauseId } from '../../model/report.js';

/** Where the line comes from: a language runtime, a framework, a server, a shell. */
type Ecosystem =
  | 'any'
  | 'go'
  | 'java'
  | 'spring'
  | 'node'
  | 'python'
  | 'ruby'
  | 'dotnet'
  | 'php'
  | 'nginx'
  | 'envoy'
  | 'shell'
  | 'postgresql'
  | 'mysql'
  | 'mongodb'
  | 'redis'
  | 'elasticsearch'
  | 'kafka'
  | 'zookeeper'
  | 'rabbitmq'
  | 'etcd'
  | 'keycloak'
  | 'grafana'
  | 'jenkins';

/**
 * What a signature can read out of its line, as named capture groups: a dependency's `host`/`port`, a missing `env`
 * variable, a `module`, a `file` or directory, a `user` whose credentials were rejected, a `detail`.
 */
export type SignatureGroup = 'host' | 'port' | 'env' | 'module' | 'file' | 'user' | 'detail' | 'dns' | 'executable';

interface SignatureFix {
  /** One sentence; `{group}` placeholders are filled from the line (or a neutral word when the line lacks it). */
  summary: string;
  steps: string[];
}

export interface Signature {
  /** Stable id, `<ecosystem>-<what>`, e.g. `postgres-initdb-not-empty`. */
  id: string;
  ecosystem: Ecosystem;
  /** Matched against one log line without its runtime timestamp; named groups from SignatureGroup. */
  pattern: RegExp;
  /**
   * Which decides when several lines match: higher wins, then the later line. Specific causes (a data directory, a
   * rejected password) rank above a dependency's refusal, which ranks above generic exception and error-level lines.
   */
  rank: number;
  /** Where the rest of the line says more than the kind: the first refine pattern that matches the line sets the kind. */
  refine?: Array<{ pattern: RegExp; kind: string }>;
  cause: CauseId;
  /** The finding's sub-kind (docs/rules/<cause>.md lists them). */
  kind: string;
  /** What the line means, one clause for the finding's summary, `{group}` placeholders allowed. */
  meaning: string;
  fix: SignatureFix;
  /** A real line this signature was written from, verbatim (a test requires it to hit this entry first). */
  example: string;
  /** The public thread or page the example line was seen in. */
  source: string;
}

/** Ranks, named so the catalogue reads as a policy rather than numbers. */
export const RANK = {
  /** The app's own words that a process got SIGKILL under memory pressure. */
  memory: 9,
  /** A server refusing to start for its own reasons (data directory, lock, corrupt files, cluster id, kernel). */
  server: 8,
  /** A specific, self-explaining startup error (credentials, env, module, config, permission, port). */
  specific: 7,
  /** The shell could not run the command it was given. */
  command: 6,
  /** A dependency refused, timed out or did not resolve, with the host named. */
  dependency: 5,
  /** The same without a host in the line. */
  dependencyVague: 4,
  /** A panic, a root `Caused by`, an uncaught exception header. */
  crash: 3,
  /** An exception or error line of a known shape. */
  exception: 2,
  /** A fatal/critical-level log line. */
  fatal: 1.5,
  /** An error-level log line: the weakest evidence. */
  error: 1,
} as const;
