/**
 * Foster's monotony (1998): mean daily load over its standard deviation across the days given, rest days
 * counted as 0. Population SD, as Foster computed it over the week's seven days. Identical non-zero days
 * have SD 0: the monotony is then `cap`, so the figure stays a finite, storable number.
 */
export function fosterMonotony(dailyLoads: readonly number[], cap: number): number | null {
  const count = dailyLoads.length;
  if (count === 0) return null;
  let sum = 0;
  for (const load of dailyLoads) sum += load;
  const mean = sum / count;
  if (!(mean > 0)) return null;
  let squares = 0;
  for (const load of dailyLoads) squares += (load - mean) ** 2;
  const deviation = Math.sqrt(squares / count);
  if (deviation === 0) return cap;
  return Math.min(cap, mean / deviation);
}
