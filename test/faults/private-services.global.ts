import { startPrivateServices, stopPrivateServices } from './private-services.ts';

/**
 * globalSetup of `npm run test:faults`: the suite's own PostgreSQL and Redis, started before the test
 * processes are forked so that they inherit the addresses (services.ts reads TEST_DATABASE_URL and
 * TEST_REDIS_URL), and stopped and removed at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const services = await startPrivateServices();
  process.env.TEST_DATABASE_URL = `postgresql://postgres@127.0.0.1:${services.postgres.port}/postgres`;
  process.env.TEST_REDIS_URL = `redis://127.0.0.1:${services.redis.port}`;
  process.env.FAULTS_SERVICES = JSON.stringify(services);
  console.log(
    `fault suite: private PostgreSQL on port ${services.postgres.port}, Redis on ${services.redis.port} (${services.folder})`,
  );
  return () => stopPrivateServices(services);
}
