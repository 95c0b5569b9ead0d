/** `jiangbu params` and `jiangbu schema`. */
import { scenarioJsonSchema } from '../../rules/scenario/schema.ts';
import { type Command, json, UsageError } from '../context.ts';
import { paramsTable } from '../params.ts';

export const params: Command = async (ctx) => {
  if (ctx.args.length > 0) throw new UsageError(`unexpected argument: ${ctx.args.join(' ')}`);
  ctx.io.stdout(paramsTable({ at: ctx.options.at, lang: ctx.lang, json: ctx.options.json ?? false, overrides: ctx.overrides }));
  return 0;
};

export const schema: Command = async (ctx) => {
  ctx.io.stdout(json(scenarioJsonSchema()));
  return 0;
};
