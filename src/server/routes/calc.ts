/** POST /api/calc: a scenario in, the result out — the same JSON as `jiangbu calc`. */

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemsError, ruleProblems } from '../../lib/errors.ts';
import type { Override } from '../../policy/load.ts';
import { scenarioSchema } from '../../rules/scenario/schema.ts';
import type { CalcPool, CalcResult } from '../../service/calc-pool.ts';
import { checkScenarioSize } from '../../service/scenario-size.ts';
import { PUBLIC } from '../access.ts';
import { requestLang } from '../lang.ts';
import { explainQuery, langQuery, query } from '../query.ts';
import type { ServerSettings } from '../settings.ts';
import { documentOnly, JsonBytes, SERVER_PROBLEMS } from '../validation.ts';

/** `PARAM=VALUE` strings as overrides; a string without `=` is a problem at `set`. */
function overridesOf(set: string | string[] | undefined): Override[] {
  const args = set === undefined ? [] : Array.isArray(set) ? set : [set];
  const bad = args.filter((a) => a.indexOf('=') <= 0);
  if (bad.length)
    throw new ProblemsError(bad.map((got) => ({ path: 'set', code: 'set.format', text: SERVER_PROBLEMS['set.format'](got) })));
  return args.map((a) => ({ id: a.slice(0, a.indexOf('=')).trim(), text: a.slice(a.indexOf('=') + 1) }));
}

export function calcRoutes(app: FastifyInstance, pool: CalcPool, settings: ServerSettings): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/calc',
    {
      config: { access: PUBLIC, poolLargeBodies: true },
      schema: {
        summary: 'Calculate a scenario (same input and output as `jiangbu calc`)',
        description:
          `At most ${settings.maxEntities} entities (compounds + engagements + half-year periods + committees + facility ` +
          `applications) and ${settings.bodyLimit} bytes per request (413 beyond); a body of more than ` +
          `${settings.poolThreshold} bytes is parsed and calculated on a worker thread.`,
        querystring: query({
          explain: explainQuery,
          lang: langQuery,
          set: z
            .union([z.string(), z.array(z.string())])
            .optional()
            .describe('what-if override PARAM=VALUE, repeatable'),
        }),
        // Documented here, checked by the engine's own validator (the same messages as the CLI).
        body: documentOnly(scenarioSchema),
      },
    },
    async (request, reply) => {
      const { explain, set } = request.query;
      const req = { explain, lang: requestLang(request), overrides: overridesOf(set) };
      const { body } = request;
      let out: CalcResult;
      if (body instanceof JsonBytes) {
        out = await pool.run({ kind: 'scenario-json', body: body.bytes, maxEntities: settings.maxEntities, req }, { pooled: true });
      } else {
        checkScenarioSize(body, settings.maxEntities);
        out = await pool.run({ kind: 'scenario', input: body, req }, { pooled: false });
      }
      if (!out.ok) throw new ProblemsError(ruleProblems(out.problems));
      return reply.type('application/json; charset=utf-8').send(Buffer.from(out.json.buffer, out.json.byteOffset, out.json.byteLength));
    },
  );
}
