/** Query parameters shared by several routes. Every query object is strict: an unknown parameter is refused. */
import { z } from 'zod';

export const langQuery = z.enum(['zh', 'en']).optional().describe('language of reasons and messages (default: Accept-Language, else zh)');

export const explainQuery = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1')
  .describe('include the step-by-step trace');

/** A strict query object: the OpenAPI document lists exactly the parameters the route accepts. */
export const query = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape);

export const noQuery = query({});
