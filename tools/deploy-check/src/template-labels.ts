import { blankStrings, closing, labelsOf } from './promql-text';

// Aggregations whose result keeps only the `by` labels (or none). topk/bottomk/limitk keep the
// labels of what they select, so the scan looks through them to the aggregation inside.
const AGGREGATION = /\b(sum|min|max|avg|count|group|stddev|stdvar|quantile|topk|bottomk|limitk|limit_ratio)\s*(?:(by|without)\s*\(([^)]*)\)\s*)?\(/g;
const PASS_THROUGH = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
// These add or rename labels: the scan cannot tell what comes out, so it does not judge.
const RELABELLING = /\b(label_replace|label_join|count_values|group_left|group_right|without)\b/;

/**
 * The labels an expression's result series carry, read from its leading aggregation (the left
 * operand decides a binary expression's labels): `sum by (a, b) (...) > 1 and ...` → [a, b],
 * `sum(...) / sum(...)` → [], histogram_quantile drops le. `undefined` when the scan cannot
 * tell (no aggregation, `without`, relabelling), so callers check only what they can know.
 */
export function outputLabels(expr: string): string[] | undefined {
  const text = blankStrings(expr);
  if (RELABELLING.test(text)) return undefined;
  for (const match of text.matchAll(AGGREGATION)) {
    const [whole, fn = '', prefixKeyword, prefixList = ''] = match;
    if (PASS_THROUGH.has(fn)) continue;
    let list = prefixList;
    if (!prefixKeyword) {
      // The postfix form: sum(...) by (a).
      const close = closing(text, match.index + whole.length - 1);
      const postfix = close === -1 ? null : /^\s*by\s*\(([^)]*)\)/.exec(text.slice(close + 1));
      list = postfix?.[1] ?? '';
    }
    const labels = labelsOf(list);
    const inHistogramQuantile = /histogram_quantile\s*\(\s*[^,()]*,\s*$/.test(text.slice(0, match.index));
    return inHistogramQuantile ? labels.filter((label) => label !== 'le') : labels;
  }
  return undefined;
}

/** `$labels.x` of an alert's annotation or label template. */
export function alertTemplateLabels(template: string): string[] {
  return [...template.matchAll(/\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g)].map(([, label]) => label ?? '');
}

/** `{{x}}` of a Grafana legend. */
export function legendLabels(legend: string): string[] {
  return [...legend.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map(([, label]) => label ?? '');
}

/**
 * A template naming a label the expression aggregates away renders empty (an alert that says
 * "bind " or a legend of identical blank series): each such use is a problem.
 */
export function templateLabelProblems(expr: string, templates: Record<string, string>, where: string, extract: (template: string) => string[]): string[] {
  const kept = outputLabels(expr);
  if (!kept) return [];
  const problems: string[] = [];
  for (const [field, template] of Object.entries(templates)) {
    for (const label of new Set(extract(template))) {
      if (!kept.includes(label)) problems.push(`${where}: ${field} uses ${label}, which the expression does not keep (by (${kept.join(', ')}))`);
    }
  }
  return problems;
}
