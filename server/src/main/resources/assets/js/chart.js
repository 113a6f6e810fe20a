// A small hand-written SVG chart: points over time with a line through them. No library needed.
import { h, svg } from './dom.js';
import { duration, time } from './format.js';

const W = 640;
const H = 220;
const PAD = { left: 64, right: 16, top: 14, bottom: 34 };

/**
 * A figure plotting points {x: Date, y: ms, label} with a y axis in durations. `id` names it for
 * tests and links; the caption says how many points and the median and maximum in words.
 */
export function timeChart({ id, title, points, empty }) {
  const caption = h('figcaption', {}, h('strong', {}, title));
  const figure = h('figure', { class: 'chart', id }, caption);
  if (!points.length) {
    caption.append(h('span', { class: 'muted' }, ` — ${empty}`));
    return figure;
  }
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const ys = sorted.map((p) => p.y);
  const values = [...ys].sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)];
  const max = values[values.length - 1];
  const min = Math.min(0, values[0]);
  caption.append(h('span', { class: 'muted' }, ` — ${runs(points.length)}, median ${duration(median)}, max ${duration(max)}`));

  const x0 = sorted[0].x.getTime();
  const x1 = Math.max(sorted[sorted.length - 1].x.getTime(), x0 + 1);
  const top = niceCeiling(max);
  const bottom = min < 0 ? -niceCeiling(-min) : 0;
  const sx = (t) => PAD.left + ((t - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (v) => H - PAD.bottom - ((v - bottom) / (top - bottom || 1)) * (H - PAD.top - PAD.bottom);
  const single = sorted.length === 1;
  const xOf = (p) => (single ? (PAD.left + W - PAD.right) / 2 : sx(p.x.getTime()));

  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}: ${runs(points.length)}, median ${duration(median)}, max ${duration(max)}`,
  });
  // Grid lines and y labels at bottom, middle and top.
  for (const v of [bottom, (bottom + top) / 2, top]) {
    chart.append(svg('line', { class: 'grid', x1: PAD.left, x2: W - PAD.right, y1: sy(v), y2: sy(v) }));
    chart.append(svg('text', { class: 'axis', x: PAD.left - 6, y: sy(v) + 4, 'text-anchor': 'end' }, duration(v)));
  }
  chart.append(svg('text', { class: 'axis', x: PAD.left, y: H - 10, 'text-anchor': 'start' }, time(new Date(x0).toISOString())));
  if (!single) {
    chart.append(svg('text', { class: 'axis', x: W - PAD.right, y: H - 10, 'text-anchor': 'end' }, time(new Date(x1).toISOString())));
    chart.append(svg('polyline', { class: 'line', points: sorted.map((p) => `${xOf(p).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ') }));
  }
  for (const p of sorted) {
    const dot = svg('circle', { class: `dot ${p.kind || ''}`, cx: xOf(p).toFixed(1), cy: sy(p.y).toFixed(1), r: 3.5 });
    dot.append(svg('title', {}, `${p.label}: ${duration(p.y)}`));
    chart.append(dot);
  }
  figure.append(chart);
  return figure;
}

/** A round number at or above v for the top of an axis: 1, 2, 5 × 10^n. */
function niceCeiling(v) {
  if (v <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= v) return step * power;
  }
  return 10 * power;
}

const runs = (n) => `${n} run${n === 1 ? '' : 's'}`;
