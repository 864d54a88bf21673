/**
 * JSON schemas of the API: Fastify validates requests with them, serialises responses through them (a
 * field not listed here never leaves the server, whatever a query returns), and @fastify/swagger turns
 * them into the OpenAPI document at /docs.
 */
const nullable = (type: 'number' | 'string' | 'boolean' | 'integer') => ({ type: [type, 'null'] }) as const;

export const localDateSchema = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: "a date on the athlete's own calendar, YYYY-MM-DD",
} as const;

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' } },
  required: ['error'],
} as const;

export const athleteIdParams = {
  type: 'object',
  properties: { id: { type: 'string', description: 'athlete id (uuid)' } },
  required: ['id'],
} as const;

export const alertSchema = {
  type: 'object',
  description: 'An active alert (DOMAIN.md) with its evidence; the cut-offs are guides, not diagnoses.',
  properties: {
    code: {
      type: 'string',
      enum: [
        'low_form',
        'acwr_high',
        'high_monotony',
        'hard_days_cluster',
        'long_run_survival',
        'heart_rate_at_pace_drift',
      ],
    },
    from: localDateSchema,
    to: localDateSchema,
    value: { type: 'number' },
    threshold: { type: 'number' },
    evidence: { type: 'string' },
    caveat: { type: 'string' },
  },
  required: ['code', 'from', 'to', 'value', 'threshold', 'evidence', 'caveat'],
} as const;

export const currentFiguresSchema = {
  type: ['object', 'null'],
  description: "Today's figures (the stored series carried on to today with rest days).",
  properties: {
    date: localDateSchema,
    ctl: { type: 'number', description: 'fitness: 42-day exponentially weighted load' },
    atl: { type: 'number', description: 'fatigue: 7-day exponentially weighted load' },
    tsb: { type: 'number', description: "form: yesterday's CTL − ATL" },
    rampRate: nullable('number'),
    acwr: { ...nullable('number'), description: 'EWMA-7 / EWMA-28 of daily load' },
    monotony: { ...nullable('number'), description: 'Foster: mean / SD of daily load over 7 days' },
  },
  required: ['date', 'ctl', 'atl', 'tsb', 'rampRate', 'acwr', 'monotony'],
} as const;

export const weekVerdictSchema = {
  type: ['object', 'null'],
  properties: {
    weekStart: localDateSchema,
    verdict: { type: 'string' },
    confidence: { type: 'string', enum: ['high', 'medium', 'low', 'none'] },
    flags: { type: 'array', items: { type: 'string' } },
    recommendation: { type: 'string' },
  },
  required: ['weekStart', 'verdict', 'confidence', 'flags', 'recommendation'],
} as const;

export const riskSchema = {
  type: 'object',
  description: 'Orders the roster: active alerts plus how far today’s figures are into the watch band.',
  properties: {
    score: { type: 'number' },
    level: { type: 'string', enum: ['high', 'watch', 'low'] },
    reasons: { type: 'array', items: { type: 'string' } },
  },
  required: ['score', 'level', 'reasons'],
} as const;

export const overviewSchema = {
  type: 'object',
  properties: {
    athleteId: { type: 'string' },
    name: { type: 'string' },
    today: localDateSchema,
    analysedAt: { ...nullable('string'), format: 'date-time' },
    current: currentFiguresSchema,
    lastWeek: weekVerdictSchema,
    alerts: { type: 'array', items: alertSchema },
    risk: riskSchema,
    trend: {
      type: 'array',
      description: 'the last 6 weeks, one entry per day, for sparklines',
      items: {
        type: 'object',
        properties: {
          date: localDateSchema,
          ctl: { type: 'number' },
          atl: { type: 'number' },
          tsb: { type: 'number' },
        },
        required: ['date', 'ctl', 'atl', 'tsb'],
      },
    },
  },
  required: ['athleteId', 'name', 'today', 'analysedAt', 'current', 'lastWeek', 'alerts', 'risk', 'trend'],
} as const;

export const fatigueDaySchema = {
  type: 'object',
  properties: {
    date: localDateSchema,
    load: { type: 'number', description: 'sum of TRIMP that day' },
    ctl: { type: 'number' },
    atl: { type: 'number' },
    tsb: { type: 'number' },
    rampRate: nullable('number'),
    acwr: nullable('number'),
    monotony: nullable('number'),
    strain: nullable('number'),
  },
  required: ['date', 'load', 'ctl', 'atl', 'tsb', 'rampRate', 'acwr', 'monotony', 'strain'],
} as const;

const zoneTriple = (description: string, type: 'number' | 'nullable') => ({
  type: 'object',
  description,
  properties: {
    easy: type === 'number' ? { type: 'number' } : nullable('number'),
    grey: type === 'number' ? { type: 'number' } : nullable('number'),
    high: type === 'number' ? { type: 'number' } : nullable('number'),
  },
  required: ['easy', 'grey', 'high'],
});

export const weekSchema = {
  type: 'object',
  properties: {
    weekStart: localDateSchema,
    weekEnd: localDateSchema,
    complete: { type: 'boolean' },
    verdict: { type: 'string' },
    recommendation: { type: 'string' },
    confidence: { type: 'string' },
    flags: { type: 'array', items: { type: 'string' } },
    withheldBecause: { type: 'array', items: { type: 'string' } },
    runCount: { type: 'integer' },
    runningTimeS: { type: 'number' },
    hardSessions: { type: 'integer' },
    moderateRuns: { type: 'integer' },
    restDays: { type: 'integer' },
    load: { type: 'number' },
    loadRatio: nullable('number'),
    monotony: nullable('number'),
    zoneSeconds: zoneTriple('running time (s) in Z1 easy, Z2 grey, Z3 high', 'number'),
    zoneShares: zoneTriple('shares of the zoned running time', 'nullable'),
    heartRateCoverage: nullable('number'),
    longRun: {
      type: ['object', 'null'],
      properties: {
        share: { type: 'number' },
        decouplingPct: nullable('number'),
        survival: nullable('boolean'),
      },
      required: ['share', 'decouplingPct', 'survival'],
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        properties: { rule: { type: 'string' }, status: { type: 'string' }, evidence: { type: 'string' } },
        required: ['rule', 'status', 'evidence'],
      },
    },
  },
  required: [
    'weekStart',
    'weekEnd',
    'complete',
    'verdict',
    'recommendation',
    'confidence',
    'flags',
    'withheldBecause',
    'runCount',
    'runningTimeS',
    'hardSessions',
    'moderateRuns',
    'restDays',
    'load',
    'loadRatio',
    'monotony',
    'zoneSeconds',
    'zoneShares',
    'heartRateCoverage',
    'longRun',
    'rules',
  ],
} as const;

export const activitySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    startTime: { type: 'string', format: 'date-time' },
    localDate: { ...localDateSchema, type: ['string', 'null'] },
    sport: { type: 'string' },
    name: { ...nullable('string'), description: 'null for a coach when Strava delivered the activity' },
    movingTimeS: nullable('number'),
    distanceM: nullable('number'),
    avgHeartRate: nullable('number'),
    sources: { type: 'array', items: { type: 'string', enum: ['fit_file', 'strava', 'garmin'] } },
    analysis: {
      type: ['object', 'null'],
      properties: {
        class: { type: 'string' },
        long: { type: 'boolean' },
        purpose: nullable('string'),
        zoneSeconds: zoneTriple('time (s) in Z1 easy, Z2 grey, Z3 high', 'number'),
        trimp: nullable('number'),
        confidence: { type: 'string' },
      },
      required: ['class', 'long', 'purpose', 'zoneSeconds', 'trimp', 'confidence'],
    },
  },
  required: [
    'id',
    'startTime',
    'localDate',
    'sport',
    'name',
    'movingTimeS',
    'distanceM',
    'avgHeartRate',
    'sources',
    'analysis',
  ],
} as const;

export const coachGrantSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    coachEmail: { type: 'string' },
    coachName: nullable('string'),
    status: { type: 'string', enum: ['invited', 'active', 'revoked'] },
    invitedAt: { type: 'string', format: 'date-time' },
    acceptedAt: { ...nullable('string'), format: 'date-time' },
    revokedAt: { ...nullable('string'), format: 'date-time' },
  },
  required: ['id', 'coachEmail', 'coachName', 'status', 'invitedAt', 'acceptedAt', 'revokedAt'],
} as const;

/** Every API route but the docs needs the session cookie; state-changing ones the CSRF header too. */
export const sessionSecurity = [{ session: [] }];
export const sessionAndCsrfSecurity = [{ session: [], csrf: [] }];
