import { findAthleteByEmail } from '../athletes/athlete.repository.ts';
import type { Athlete } from '../generated/prisma/client.ts';
import type { CliContext } from './cli-context.ts';
import { UsageError } from './usage-error.ts';

/** The athlete a command is about: --athlete, else the local default one. */
export async function resolveAthlete(cli: CliContext, email: string | undefined): Promise<Athlete> {
  const { prisma } = await cli.db();
  const address = email ?? cli.config.defaultAthleteEmail;
  const athlete = await findAthleteByEmail(prisma, address);
  if (!athlete)
    throw new UsageError(
      `no athlete ${address}: import something for them first (weekwise import --athlete ${address} …)`,
    );
  return athlete;
}

/** The id of `--athlete <email>` when given (an unknown address is a usage error), else undefined: all. */
export async function optionalAthleteId(
  cli: CliContext,
  email: string | undefined,
): Promise<string | undefined> {
  if (!email) return undefined;
  const { prisma } = await cli.db();
  const athlete = await findAthleteByEmail(prisma, email);
  if (!athlete) throw new UsageError(`no athlete ${email}`);
  return athlete.id;
}
