import { z } from 'zod';

const emailSchema = z.email().max(254);

/** Addresses are compared lower-cased and trimmed, as athletes' are (src/athletes/athlete.repository.ts). */
export function normalizeEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const email = input.trim().toLowerCase();
  return emailSchema.safeParse(email).success ? email : null;
}
