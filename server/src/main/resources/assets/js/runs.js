// Executions as a table and as charts, for the executions page and a job's page.
import { h } from './dom.js';
import { badge, table } from './ui.js';
import { time, duration, firstLine, fireLag, shortId } from './format.js';
import { timeChart } from './chart.js';

export function executionColumns(showJob) {
  return [
    { title: 'Run', cell: (e) => h('a', { href: `#/executions/${encodeURIComponent(e.id)}`, class: 'execution-link', title: e.id }, shortId(e.id)) },
    showJob ? { title: 'Job', cell: (e) => h('a', { href: `#/jobs/${encodeURIComponent(e.group)}/${encodeURIComponent(e.name)}` }, `${e.group}/${e.name}`) } : null,
    { title: 'Status', cell: (e) => badge(e.status, 'status') },
    { title: 'Trigger', cell: (e) => e.trigger },
    { title: 'Attempt', cell: (e) => String(e.attempt) },
    { title: 'Node', cell: (e) => e.node || '—' },
    { title: 'Started', cell: (e) => time(e.startedAt) },
    { title: 'Duration', cell: (e) => (e.durationMs === undefined ? (e.status === 'RUNNING' ? 'running' : '—') : duration(e.durationMs)) },
    { title: 'Error', cell: (e) => h('span', { class: 'error-text' }, firstLine(e.error)) },
  ].filter(Boolean);
}

export function executionsTable(caption, executions, showJob) {
  return table(caption, executionColumns(showJob), executions, 'No runs yet.');
}

/** Run durations and fire lag (start − scheduled time) over time, from a list of executions. */
export function executionCharts(executions) {
  const label = (e) => `${shortId(e.id)} ${e.group}/${e.name} ${time(e.startedAt)}`;
  const durations = executions
    .filter((e) => e.startedAt && e.durationMs !== undefined && e.durationMs !== null)
    .map((e) => ({ x: new Date(e.startedAt), y: e.durationMs, label: label(e), kind: e.status === 'SUCCEEDED' ? 'ok' : 'bad' }));
  const lags = executions
    .filter((e) => fireLag(e) !== null)
    .map((e) => ({ x: new Date(e.startedAt), y: fireLag(e), label: label(e) }));
  return h('div', { class: 'charts' },
    timeChart({ id: 'chart-durations', title: 'Run duration', points: durations, empty: 'no finished runs yet' }),
    timeChart({ id: 'chart-lag', title: 'Fire lag (start − scheduled time)', points: lags, empty: 'no runs yet' }));
}
