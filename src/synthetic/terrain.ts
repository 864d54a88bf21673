import type { SeededRandom } from './seeded-random.ts';

/** Gentle rolling ground: altitude and grade as functions of the distance covered. */
export interface Terrain {
  altitudeAt(distanceM: number): number;
  /** Rise over run (0.03 = 3% uphill). */
  gradeAt(distanceM: number): number;
}

export interface TerrainShape {
  baseAltitudeM: number;
  /** Amplitude (m) and wavelength (m) of the long and the short undulation. */
  longWave: { amplitudeM: number; wavelengthM: number };
  shortWave: { amplitudeM: number; wavelengthM: number };
}

/** Two sine waves with random phases: the steepest grade stays near 4% for a run, so pace varies gently. */
export function rollingRunTerrain(random: SeededRandom, baseAltitudeM: number): Terrain {
  return createTerrain(random, {
    baseAltitudeM,
    longWave: { amplitudeM: random.between(4, 7), wavelengthM: random.between(1800, 2600) },
    shortWave: { amplitudeM: random.between(1, 2.5), wavelengthM: random.between(500, 800) },
  });
}

export function rollingRideTerrain(random: SeededRandom, baseAltitudeM: number): Terrain {
  return createTerrain(random, {
    baseAltitudeM,
    longWave: { amplitudeM: random.between(15, 30), wavelengthM: random.between(4000, 7000) },
    shortWave: { amplitudeM: random.between(3, 6), wavelengthM: random.between(900, 1500) },
  });
}

function createTerrain(random: SeededRandom, shape: TerrainShape): Terrain {
  const longK = (2 * Math.PI) / shape.longWave.wavelengthM;
  const shortK = (2 * Math.PI) / shape.shortWave.wavelengthM;
  const longPhase = random.between(0, 2 * Math.PI);
  const shortPhase = random.between(0, 2 * Math.PI);
  const longA = shape.longWave.amplitudeM;
  const shortA = shape.shortWave.amplitudeM;
  return {
    altitudeAt: (d) =>
      shape.baseAltitudeM +
      longA * Math.sin(longK * d + longPhase) +
      shortA * Math.sin(shortK * d + shortPhase),
    gradeAt: (d) =>
      longA * longK * Math.cos(longK * d + longPhase) + shortA * shortK * Math.cos(shortK * d + shortPhase),
  };
}
