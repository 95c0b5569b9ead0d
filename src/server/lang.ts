/**
 * The language of an answer: `?lang=` where the route has it, else the first of zh/en in Accept-Language
 * (by its q weights), else zh-CN — users read Chinese.
 */
import type { FastifyRequest } from 'fastify';
import type { Lang } from '../rules/params/types.ts';

const isLang = (v: unknown): v is Lang => v === 'zh' || v === 'en';

/** `en-GB,en;q=0.9,zh;q=0.5` → 'en'; tags other than zh*, en* are passed over. */
export function acceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const tags = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q === undefined ? 1 : Number(q.slice(2)) || 0, i };
    })
    .filter((t) => t.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of tags) {
    const primary = tag.split('-')[0];
    if (isLang(primary)) return primary;
  }
  return undefined;
}

/** Works on a request whose query failed validation too (an error is shown in the language asked). */
export function requestLang(request: FastifyRequest): Lang {
  const q = (request.query as { lang?: unknown } | undefined)?.lang;
  if (isLang(q)) return q;
  return acceptLanguage(request.headers['accept-language']) ?? 'zh';
}
