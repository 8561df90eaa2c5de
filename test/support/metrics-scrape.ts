/** A Prometheus endpoint read as Prometheus reads it: its text format, sample by sample. */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: Sample[];
  /** The metric families the page declares (`# TYPE name kind`). */
  families: Map<string, string>;
}

const unescape = (value: string) => value.replace(/\\(["\\n])/g, (_all, char: string) => (char === 'n' ? '\n' : char));

export function parseExposition(text: string): Scrape {
  const samples: Sample[] = [];
  const families = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE ([A-Za-z_:][\w:]*) (\w+)/.exec(line);
    if (type) families.set(type[1]!, type[2]!);
    if (!line || line.startsWith('#')) continue;
    const sample = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!sample) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key!, unescape(value!)]),
    );
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return { samples, families };
}

export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return parseExposition(await response.text());
}

/** The sum of a series over every sample whose labels include `labels` (0 when there is none). */
export function total(scraped: Scrape, name: string, labels: Record<string, string> = {}): number {
  return scraped.samples
    .filter((one) => one.name === name && Object.entries(labels).every(([key, value]) => one.labels[key] === value))
    .reduce((sum, one) => sum + one.value, 0);
}

/** The sample names a scrape holds, histogram and summary parts (`_bucket`, `_sum`, `_count`) included. */
export const seriesNames = (scraped: Scrape) => new Set(scraped.samples.map((one) => one.name));
