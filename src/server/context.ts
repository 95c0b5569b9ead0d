/** A request's service context: the registry, the acting user, the request's clock; 503 without a registry. */
import type { Database } from '../db/client.ts';
import { UserError } from '../lib/errors.ts';
import type { ServiceContext } from '../service/command.ts';

export const contextFor =
  (database: Database | undefined) =>
  (request: { actor: ServiceContext['actor']; now: Date }): ServiceContext => {
    if (!database)
      throw new UserError('no_registry', { zh: '本服务器未连接登记库', en: 'this server runs without a registry' }, { status: 503 });
    return { db: database.db, actor: request.actor, now: () => request.now };
  };
