/** Short human figures for evidence lines. */
export function minutes(seconds: number): string {
  const value = seconds / 60;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} min`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
