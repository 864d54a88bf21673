import { describe, expect, it } from 'vitest';
import { countsStrides, mapFitSport } from '../../../src/fit/fit-sport-map.ts';

describe('mapFitSport', () => {
  it.each([
    ['running', 'generic', 'running', null],
    ['running', undefined, 'running', null],
    ['running', 'trail', 'running', 'trail'],
    ['running', 'treadmill', 'running', 'treadmill'],
    ['running', 'indoor_running', 'running', 'treadmill'],
    ['running', 'street', 'running', 'road'],
    ['running', 'track', 'running', 'track'],
    ['running', 'virtual_activity', 'running', 'virtual'],
    ['cycling', 'indoor_cycling', 'cycling', 'indoor_cycling'],
    ['cycling', 'spin', 'cycling', 'indoor_cycling'],
    ['cycling', 'road', 'cycling', 'road'],
    ['cycling', 'mountain', 'cycling', 'mountain'],
    ['cycling', 'gravel_cycling', 'cycling', 'gravel_cycling'],
    ['cycling', 'virtual_activity', 'cycling', 'virtual'],
    ['e_biking', 'generic', 'cycling', 'e_bike'],
    ['swimming', 'lap_swimming', 'swimming', 'lap_swimming'],
    ['swimming', 'open_water', 'swimming', 'open_water'],
    ['walking', 'generic', 'walking', null],
    ['hiking', undefined, 'hiking', null],
    ['training', 'strength_training', 'strength', null],
    ['training', 'yoga', 'mobility', 'yoga'],
    ['training', 'pilates', 'mobility', 'pilates'],
    ['training', 'flexibility_training', 'mobility', 'flexibility_training'],
    ['training', 'cardio_training', 'other', 'cardio_training'],
    ['training', 'generic', 'other', 'training'],
    ['mobility', undefined, 'mobility', null],
    ['fitness_equipment', 'treadmill', 'running', 'treadmill'],
    ['fitness_equipment', 'indoor_rowing', 'other', 'indoor_rowing'],
    ['multisport', undefined, 'multisport', null],
    ['transition', 'generic', 'transition', null],
    ['snorkeling', undefined, 'other', 'snorkeling'],
    ['generic', undefined, 'other', null],
    [253, 77, 'other', null],
    [undefined, undefined, 'other', null],
  ] as const)('%s/%s → %s/%s', (fitSport, fitSubSport, sport, subSport) => {
    expect(mapFitSport(fitSport, fitSubSport)).toEqual({ sport, subSport });
  });

  it('counts strides (one leg) for foot sports only', () => {
    expect(countsStrides('running')).toBe(true);
    expect(countsStrides('walking')).toBe(true);
    expect(countsStrides('hiking')).toBe(true);
    expect(countsStrides('cycling')).toBe(false);
    expect(countsStrides('swimming')).toBe(false);
  });
});
