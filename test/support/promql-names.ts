/**
 * The PromQL of a Grafana dashboard, read with the Prometheus project's own PromQL grammar (the one its web UI
 * parses queries with): whether each expression parses, and the series it selects.
 */
import type * as Promql from '@prometheus-io/lezer-promql' with { 'resolution-mode': 'import' };

// The package is an ES module with a CommonJS build beside it, which is what jest's CommonJS transform loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as typeof Promql;

/** Every `expr` of every panel's targets, rows' nested panels included. */
export function dashboardExpressions(dashboard: { panels?: unknown[] }): string[] {
  const expressions: string[] = [];
  const visit = (panels: unknown[]) => {
    for (const panel of panels as Array<{ targets?: Array<{ expr?: string }>; panels?: unknown[] }>) {
      for (const target of panel.targets ?? []) if (target.expr) expressions.push(target.expr);
      if (panel.panels) visit(panel.panels);
    }
  };
  visit(dashboard.panels ?? []);
  return expressions;
}

/** Grafana fills its interval variables in before Prometheus sees the query. */
const asSent = (expression: string) => expression.replace(/\$__(rate_interval|interval|range)\b/g, '5m');

export interface ReadExpression {
  /** Offsets at which the grammar found no valid PromQL (empty: it parses). */
  errors: number[];
  /** The metric names of its vector and range selectors. */
  series: string[];
  /** The label names it matches on or groups by. */
  labels: string[];
}

export function readPromql(expression: string): ReadExpression {
  const text = asSent(expression);
  const errors: number[] = [];
  const series: string[] = [];
  const labels = new Set<string>();
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'LabelName') labels.add(text.slice(node.from, node.to));
      if (node.name !== 'VectorSelector') return;
      const name = node.node.getChild('Identifier');
      if (name) series.push(text.slice(name.from, name.to));
    },
  });
  return { errors, series, labels: [...labels] };
}
