/**
 * The code that computed something: the package version and, in a git checkout, the commit. Stored
 * with every calculation kept (exports, step 3's decisions) beside the policy id and `paramsHash`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function gitCommit(): string | null {
  try {
    const head = readFileSync(`${root}.git/HEAD`, 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 12);
    const ref = head.slice(5);
    try {
      return readFileSync(`${root}.git/${ref}`, 'utf8').trim().slice(0, 12);
    } catch {
      const packed = readFileSync(`${root}.git/packed-refs`, 'utf8');
      return (
        packed
          .split('\n')
          .find((l) => l.endsWith(` ${ref}`))
          ?.slice(0, 12) ?? null
      );
    }
  } catch {
    return null;
  }
}

let cached: string | undefined;

/** e.g. `0.1.0+3f2a9c1d0b7e`, or `0.1.0` outside a git checkout. */
export function codeVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
    const commit = process.env.JIANGBU_COMMIT ?? gitCommit();
    cached = commit ? `${pkg.version}+${commit}` : pkg.version;
  }
  return cached;
}
