// The cluster: this node's scheduler, and every node with its state, check-in age and running runs.
import { get } from '../api.js';
import { h, fill } from '../dom.js';
import { badge, facts, problemBox, table } from '../ui.js';
import { time, duration, shortId } from '../format.js';
import { pauseText } from './job.js';

export async function clusterPage(context) {
  const { main } = context;
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const self = h('section', { 'aria-labelledby': 'scheduler-title', id: 'scheduler' });
  const nodes = h('section', { 'aria-labelledby': 'nodes-title', id: 'nodes' });
  const late = h('section', { 'aria-labelledby': 'late-title', id: 'late-jobs' });
  const pausedBox = h('div', {});
  const lateColumns = [
    { title: 'Job', cell: (j) => h('a', { href: `#/jobs/${encodeURIComponent(j.group)}/${encodeURIComponent(j.name)}` }, `${j.group}/${j.name}`) },
    { title: 'Late since', cell: (j) => time(j.since) },
    { title: 'Why', cell: (j) => j.reason },
  ];

  const columns = [
    { title: 'Node', cell: (n) => h('span', { class: 'node-id' }, n.id, n.self ? h('span', { class: 'badge self' }, 'this node') : null) },
    { title: 'Host', cell: (n) => n.host || '—' },
    { title: 'State', cell: (n) => badge(n.state, 'node') },
    { title: 'Alive', cell: (n) => (n.alive ? badge('alive', 'node') : badge('dead', 'node')) },
    { title: 'Last check-in', cell: checkin },
    { title: 'Started', cell: (n) => time(n.startedAt) },
    { title: 'Running', cell: runningList },
  ];

  async function load() {
    try {
      const [scheduler, cluster] = await Promise.all([get('/scheduler'), get('/cluster')]);
      if (!context.current()) return;
      fill(self, h('h2', { id: 'scheduler-title' }, 'This node'), facts([
        ['Node', scheduler.id],
        ['State', badge(scheduler.state, 'node')],
        ['Clustered', scheduler.clustered ? 'yes' : 'no (embedded database: a single node)'],
        ['Started', time(scheduler.startedAt)],
        ['Threads', scheduler.threadPool ? `${scheduler.threadPool.busy} busy of ${scheduler.threadPool.size}` : null],
      ]));
      const live = cluster.nodes.filter((n) => n.alive).length;
      fill(nodes,
        h('h2', { id: 'nodes-title' }, `Nodes of cluster “${cluster.clusterName}”`),
        h('p', { class: 'muted' }, `${live} of ${cluster.nodes.length} alive; nodes check in every ${duration(cluster.checkinIntervalMs)}.`),
        table('Cluster nodes', columns, cluster.nodes, 'No node has checked in.'));
      fill(pausedBox, cluster.paused ? h('div', { class: 'alert warn', role: 'status', id: 'cluster-paused' }, `Every trigger is paused (${pauseText(cluster.paused)}).`) : null);
      fill(late,
        h('h2', { id: 'late-title' }, `Late jobs: ${cluster.lateJobs}`),
        cluster.lateJobs > cluster.late.length ? h('p', { class: 'muted' }, h('a', { href: '#/jobs?late=true' }, `The ${cluster.late.length} late longest; all of them`)) : null,
        table('Late jobs', lateColumns, cluster.late, 'No job is late.'));
      fill(messages);
    } catch (error) {
      fill(messages, problemBox(error));
    }
  }

  fill(main, h('h1', { tabindex: '-1' }, 'Cluster'), messages, pausedBox, self, nodes, late);
  await load();
  context.every(5000, load);
}

function checkin(node) {
  if (!node.lastCheckinAt) return h('span', { class: 'muted' }, 'never checked in');
  return h('span', {}, time(node.lastCheckinAt), ' ',
    h('span', { class: node.alive ? 'muted' : 'failures' }, `(${duration(node.checkinAgeMs)} ago)`));
}

function runningList(node) {
  if (!node.running || !node.running.length) return h('span', { class: 'muted' }, 'idle');
  return h('ul', { class: 'running' }, node.running.map((r) => h('li', {},
    h('a', { href: `#/executions/${encodeURIComponent(r.executionId)}` }, shortId(r.executionId)),
    ` ${r.group}/${r.name}`, r.attempt > 1 ? ` (attempt ${r.attempt})` : '', ` since ${time(r.startedAt)}`)));
}
