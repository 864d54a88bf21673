import { UsageError } from './usage-error.ts';

/** YYYY-MM-DD as a UTC midnight. */
export function parseDateOption(option: string, value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()))
    throw new UsageError(`${option} expects a date as YYYY-MM-DD, got "${value}"`);
  return date;
}
