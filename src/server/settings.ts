/**
 * The server's limits. Each has a default sized for the city (a scenario of a few thousand entities is a
 * large one) and an environment variable for `npm start`; tests and benchmarks pass them to `buildApp`.
 */

export interface ServerSettings {
  /** largest request body in bytes; larger ones are refused with 413 (JIANGBU_BODY_LIMIT, bytes) */
  bodyLimit: number;
  /**
   * most entities in one POST /api/calc scenario — compounds + engagements + their half-year periods +
   * committees + facility applications; more is refused with 413 (JIANGBU_MAX_ENTITIES)
   */
  maxEntities: number;
  /**
   * POST /api/calc bodies larger than this many bytes are parsed, counted and calculated in the worker
   * pool, so the event loop never holds them (JIANGBU_POOL_THRESHOLD, bytes; 256 KiB ≈ 1,300 entities)
   */
  poolThreshold: number;
  /** worker threads for calculations; 0 calculates on the event loop (JIANGBU_WORKERS) */
  workers: number;
  /** calculations waiting for a worker beyond which the server answers 503 busy (JIANGBU_POOL_QUEUE) */
  poolQueue: number;
  /** largest page of GET /api/registry/calc (JIANGBU_REGISTRY_PAGE_MAX) */
  registryPageMax: number;
}

export const MiB = 1024 * 1024;

export const defaultSettings: Readonly<ServerSettings> = {
  bodyLimit: 2 * MiB,
  maxEntities: 20_000,
  poolThreshold: 256 * 1024,
  workers: 1,
  poolQueue: 16,
  registryPageMax: 1_000,
};

const ENV: Record<keyof ServerSettings, string> = {
  bodyLimit: 'JIANGBU_BODY_LIMIT',
  maxEntities: 'JIANGBU_MAX_ENTITIES',
  poolThreshold: 'JIANGBU_POOL_THRESHOLD',
  workers: 'JIANGBU_WORKERS',
  poolQueue: 'JIANGBU_POOL_QUEUE',
  registryPageMax: 'JIANGBU_REGISTRY_PAGE_MAX',
};

/** The settings from the environment, each a whole number; a bad value stops the start, naming the variable. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ServerSettings> {
  const out: Partial<ServerSettings> = {};
  for (const [key, name] of Object.entries(ENV) as [keyof ServerSettings, string][]) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    if (!/^\d+$/.test(text)) throw new Error(`${name}=${text}: expected a whole number`);
    out[key] = Number(text);
  }
  return out;
}

/**
 * JIANGBU_TRUST_PROXY: whether the server sits behind a reverse proxy whose X-Forwarded-For/-Proto it
 * believes — `true` (any peer: only when nothing else can reach the port), or the proxies' addresses or
 * networks, comma-separated (`127.0.0.1,10.0.0.0/8`). Unset or `false`: the headers are ignored, since
 * anyone could send them. A bad value stops the start, naming it.
 */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv = process.env): boolean | string[] {
  const text = env.JIANGBU_TRUST_PROXY?.trim();
  if (text === undefined || text === '' || text === 'false') return false;
  if (text === 'true') return true;
  const addresses = text.split(',').map((a) => a.trim());
  if (addresses.every((a) => /^[0-9a-fA-F.:]*[.:][0-9a-fA-F.:]*(\/\d{1,3})?$/.test(a))) return addresses;
  throw new Error(`JIANGBU_TRUST_PROXY=${text}: expected true, false, or the proxies' addresses (a,b,…)`);
}

/**
 * JIANGBU_PUBLIC_URL: the address residents reach the server at (`https://jiangbu.example.gov.cn`), which the
 * survey sheets' QR codes point to. Unset: the address each request came to. A bad value stops the start.
 */
export function publicUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const text = env.JIANGBU_PUBLIC_URL?.trim();
  if (!text) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username)
    throw new Error(`JIANGBU_PUBLIC_URL=${text}: expected an http(s) address such as https://jiangbu.example.gov.cn`);
  return text.replace(/\/+$/, '');
}
