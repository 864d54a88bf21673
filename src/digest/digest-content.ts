import type { Confidence, IntensityClass, LocalDate, WeekRule } from '../analysis/index.ts';

/**
 * What a digest says, in the runner's words, before any markup: the HTML and the plain-text parts are
 * both rendered from this, so they cannot tell different stories. Every string is plain text (never
 * markup); renderers escape it.
 */
export interface DigestContent {
  kind: 'week' | 'empty';
  subject: string;
  /** The line mail clients show after the subject. */
  preheader: string;
  /** "Your week of 9–15 Nov". */
  title: string;
  greeting: string;
  verdict: DigestVerdict;
  /** The one change that would help most next week; null when there is nothing to change or say. */
  recommendation: string | null;
  /** Things to act on before reading on: a provider to reconnect, missing heart rate, a week not over. */
  notices: DigestNotice[];
  worked: DigestCheck[];
  broke: DigestCheck[];
  /** The figures behind the verdict; every term of the trade is explained where it is used. */
  sections: DigestSection[];
  sessions: DigestSessionRow[];
  /** Null for an empty week: nothing to draw. */
  charts: DigestChartData | null;
}

export type DigestTone = 'good' | 'warning' | 'neutral';

export interface DigestVerdict {
  /** "Balanced: repeat it". */
  headline: string;
  tone: DigestTone;
  /** One or two sentences on why. */
  detail: string;
  confidence: Confidence;
  /** How sure the verdict is, and why, in plain words; null when there is no verdict to qualify. */
  confidenceNote: string | null;
}

export interface DigestNotice {
  kind: 'reconnect' | 'data_quality' | 'incomplete_week';
  title: string;
  text: string;
  link: { label: string; url: string } | null;
}

export interface DigestCheck {
  rule: WeekRule;
  title: string;
  text: string;
}

export type DigestSectionId = 'intensity' | 'hard_days' | 'long_run' | 'load' | 'fatigue' | 'alerts';

export interface DigestSection {
  id: DigestSectionId;
  title: string;
  paragraphs: string[];
  bullets: string[];
  /** The list carries the facts and the paragraphs read them: show the list first. */
  bulletsFirst: boolean;
  /** One-line explanations of the terms the section uses, shown small under it. */
  notes: string[];
  /** The chart that goes with the section. */
  chart: DigestChartId | null;
}

export interface DigestSessionRow {
  date: LocalDate;
  /** "Tue 13". */
  day: string;
  /** "07:30". */
  time: string;
  /** The runner's name for it, else the sport: user input, escaped by every renderer. */
  title: string;
  /** "Run · intervals", "Strength". */
  kind: string;
  distance: string | null;
  duration: string;
  intensity: IntensityClass | null;
  /** "hard", "easy", …; null for sessions the analysis does not classify. */
  intensityLabel: string | null;
  /** "long run", "no heart rate", "no clear purpose". */
  tags: string[];
}

export type DigestChartId = 'week_intensity' | 'load_trend';

export interface DigestChartData {
  weekIntensity: {
    days: Array<{
      date: LocalDate;
      label: string;
      easyMin: number;
      greyMin: number;
      highMin: number;
      otherMin: number;
    }>;
    /** Words for readers without images. */
    description: string;
  };
  loadTrend: {
    weeks: Array<{ weekStart: LocalDate; label: string; load: number; current: boolean }>;
    days: Array<{ date: LocalDate; fitness: number; fatigue: number; form: number }>;
    description: string;
  };
}
