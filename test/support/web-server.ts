import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.ts';
import { createServer } from '../../src/http/create-server.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { createJobRuntime } from '../../workers/job-runtime.ts';
import { EmulatorClock } from '../emulators/emulator-clock.ts';
import { freePort } from './free-port.ts';
import type { ScratchStack } from './scratch-stack.ts';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture.ts';
import { silentLogger } from './test-logger.ts';

export interface WebServer {
  server: FastifyInstance;
  /** Where the emailed links point: the server's own address when listening. */
  publicUrl: string;
  mail: SmtpCapture;
  /** Drives every expiry check of the web (links, sessions, invitations). */
  clock: EmulatorClock;
  config: Config;
  close(): Promise<void>;
}

/**
 * weekwise's HTTP server on a scratch stack, mailing through a loopback SMTP capture server, on a driven
 * clock. `listen: true` serves on a real port (for a browser); otherwise tests use `inject`.
 */
export async function startWebServer(
  stack: ScratchStack,
  options: { listen?: boolean } = {},
): Promise<WebServer> {
  const mail = await startSmtpCapture();
  const clock = new EmulatorClock();
  const port = options.listen ? await freePort() : 3000;
  const publicUrl = `http://127.0.0.1:${port}`;
  const config: Config = {
    ...stack.config,
    redisUrl: null,
    http: { host: '127.0.0.1', port, publicUrl },
    mail: {
      host: mail.host,
      port: mail.port,
      secure: false,
      user: null,
      password: null,
      from: 'weekwise <web@weekwise.test>',
    },
  };
  const runtime = createJobRuntime(config, stack.database, silentLogger, { clock });
  const mailer = createMailer(config.mail);
  const server = await createServer({
    config,
    db: stack.database,
    queue: runtime.queue,
    providers: runtime.providers,
    clock,
    logger: silentLogger,
    mailer,
  });
  if (options.listen) await server.listen({ host: '127.0.0.1', port });
  else await server.ready();
  return {
    server,
    publicUrl,
    mail,
    clock,
    config,
    async close() {
      await server.close();
      mailer?.close();
      await runtime.close();
      await mail.close();
    },
  };
}
