/** `npm start`: the server on PORT (default 3000), HOST (default 127.0.0.1). */
import { buildApp } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const app = await buildApp({ logger: true });
await app.listen({ port, host });
app.log.info(`jiangbu: POST http://${host}:${port}/api/calc — API docs http://${host}:${port}/api/docs`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    app.close().then(() => process.exit(0));
  });
