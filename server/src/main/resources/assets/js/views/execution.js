// One run: its facts, its error with the stack trace, and its output to read or download.
import { get, post, session } from '../api.js';
import { h, fill } from '../dom.js';
import { badge, facts, notice, problemBox } from '../ui.js';
import { time, duration, fireLag, shortId } from '../format.js';

export async function executionPage(context) {
  const { main, params: [id] } = context;
  const path = `/executions/${encodeURIComponent(id)}`;
  let execution = await get(path);
  const summary = h('div');
  const errorBox = h('section', { 'aria-labelledby': 'error-title' });
  const output = h('pre', { class: 'output', id: 'output', tabindex: '0', 'aria-labelledby': 'output-title' });
  const outputNote = h('p', { class: 'muted' });
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const status = h('span');
  const download = h('button', { type: 'button', class: 'button secondary', id: 'download-output' }, 'Download output');
  download.addEventListener('click', () => saveOutput(execution).catch((error) => fill(messages, problemBox(error))));

  // Operators may run a finished run again, with the same parameters.
  const rerun = session.can('operator') ? h('button', { type: 'button', class: 'button', id: 'rerun' }, 'Rerun') : null;
  if (rerun) {
    rerun.addEventListener('click', async () => {
      rerun.disabled = true;
      try {
        const accepted = await post(`${path}/rerun`);
        fill(messages, notice(h('span', {}, 'Started rerun ', runLink(accepted.executionId, 'started-rerun'), '.')));
        execution = await get(path);
        if (context.current()) show();
      } catch (error) {
        fill(messages, problemBox(error));
      } finally {
        rerun.disabled = false;
      }
    });
  }

  function show() {
    fill(status, badge(execution.status, 'status'));
    if (rerun) rerun.hidden = execution.status === 'RUNNING';
    const lag = fireLag(execution);
    fill(summary, facts([
      ['Id', h('code', {}, execution.id)],
      ['Job', h('a', { href: `#/jobs/${encodeURIComponent(execution.group)}/${encodeURIComponent(execution.name)}` }, `${execution.group}/${execution.name}`)],
      ['Trigger', execution.trigger],
      ['Attempt', String(execution.attempt)],
      ['Node', execution.node],
      ['Scheduled for', time(execution.scheduledAt)],
      ['Started', time(execution.startedAt)],
      ['Finished', time(execution.finishedAt)],
      ['Duration', execution.durationMs !== undefined ? duration(execution.durationMs) : null],
      ['Fire lag', lag !== null ? duration(lag) : null],
      ['Rerun of', execution.rerunOf ? runLink(execution.rerunOf, 'rerun-of') : null],
      ['Rerun as', execution.reruns && execution.reruns.length ? h('span', { id: 'reruns' }, execution.reruns.map((r, i) => [i ? ', ' : '', runLink(r)])) : null],
      ['Started by the end of', execution.upstream ? runLink(execution.upstream, 'upstream-run') : null],
      ['Jobs waiting on it', execution.downstream && execution.downstream.length ? h('ul', { id: 'downstream-runs' }, execution.downstream.map((d) => h('li', {}, d.job, ': ', d.outcome, d.executionId ? [' ', runLink(d.executionId)] : null, d.detail ? ` (${d.detail})` : null))) : null],
      ['Interrupt requested', execution.interruptRequestedAt ? time(execution.interruptRequestedAt) : null],
      ['Result', execution.result !== undefined ? h('pre', { class: 'params' }, JSON.stringify(execution.result, null, 2)) : null],
    ]));
    if (execution.error) {
      const [message, ...stack] = execution.error.split('\n');
      fill(errorBox, h('h2', { id: 'error-title' }, 'Error'),
        h('p', { class: 'error-message' }, message),
        stack.length ? h('details', {}, h('summary', {}, 'Stack trace'), h('pre', { class: 'stack' }, stack.join('\n'))) : null);
    } else {
      fill(errorBox);
    }
  }

  async function loadOutput() {
    const text = await get(`${path}/output`, { as: 'text' });
    if (!context.current()) return;
    output.textContent = text;
    fill(outputNote, text ? (execution.outputTruncated ? 'The output was longer than the cap: its middle was dropped.' : '') : 'This run wrote no output.');
  }

  fill(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/executions' }, 'Executions'), ` / ${shortId(id)}`),
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, `Run ${shortId(id)}`), h('span', {}, rerun, ' ', status)),
    messages, summary, errorBox,
    h('section', { 'aria-labelledby': 'output-title' },
      h('div', { class: 'page-head' }, h('h2', { id: 'output-title' }, 'Output'), download),
      outputNote, output));
  show();
  await loadOutput();
  // A run still going: follow it until it ends.
  context.every(2000, async () => {
    if (execution.status !== 'RUNNING') return;
    execution = await get(path);
    if (!context.current()) return;
    show();
    await loadOutput();
  });
}

function runLink(id, elementId) {
  return h('a', { href: `#/executions/${encodeURIComponent(id)}`, id: elementId }, shortId(id));
}

/** The output needs the bearer header, so it is fetched and handed to the browser as a file. */
async function saveOutput(execution) {
  const blob = await get(`/executions/${encodeURIComponent(execution.id)}/output`, { as: 'blob' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `carillon-${execution.group}-${execution.name}-${execution.id}.txt`.replace(/[^A-Za-z0-9._-]/g, '_');
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
