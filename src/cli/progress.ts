/**
 * Progress of a long run: a bar with the rate and the time left on a terminal, a plain line every few seconds
 * otherwise (a log file, CI). It shows counts only: never a name or anything else from a row.
 */
import type { Output } from './context';
import type { Translate } from './messages';

export interface Progress {
  /** `fraction` of the input read (0 to 1), `done` rows finished. */
  update(done: number, fraction: number): void;
  finish(): void;
}

const duration = (seconds: number) => {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
};

export function progressOn(output: Output, t: Translate, everyMs = 5000): Progress {
  const started = Date.now();
  let lastLine = started;
  let lastDraw = 0;
  let drawn = false;
  const figures = (done: number, fraction: number) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = fraction > 0.001 ? (seconds / fraction) * (1 - fraction) : Number.NaN;
    return { rate: rate.toFixed(1), left: duration(left), percent: Math.floor(fraction * 100) };
  };
  return {
    update(done, fraction) {
      const now = Date.now();
      if (output.isTTY) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        const { rate, left, percent } = figures(done, fraction);
        const width = 30;
        const filled = Math.round(Math.min(1, fraction) * width);
        output.write(
          `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}%  ${done} · ${rate}/s · ${left}  `,
        );
        drawn = true;
        return;
      }
      if (now - lastLine < everyMs) return;
      lastLine = now;
      output.write(`${t('progressLine', { done, ...figures(done, fraction) })}\n`);
    },
    finish() {
      if (drawn) output.write('\n');
    },
  };
}
