// The dashboard's shell: hash routes, the signed-in header, and per-page refresh timers.
import { session, whenUnauthorized } from './api.js';
import { h, fill } from './dom.js';
import { signInPage } from './views/signin.js';
import { jobsPage } from './views/jobs.js';
import { jobPage } from './views/job.js';
import { jobFormPage } from './views/job-form.js';
import { executionsPage } from './views/executions.js';
import { executionPage } from './views/execution.js';
import { clusterPage } from './views/cluster.js';
import { calendarsPage, calendarPage } from './views/calendars.js';
import { calendarFormPage } from './views/calendar-form.js';

// [pattern, page, nav section]; the first match wins. Segments are URI-decoded.
const ROUTES = [
  [/^\/signin$/, signInPage, null],
  [/^\/jobs$/, jobsPage, 'jobs'],
  [/^\/jobs\/new$/, jobFormPage, 'jobs'],
  [/^\/jobs\/([^/]+)\/([^/]+)$/, jobPage, 'jobs'],
  [/^\/jobs\/([^/]+)\/([^/]+)\/edit$/, jobFormPage, 'jobs'],
  [/^\/executions$/, executionsPage, 'executions'],
  [/^\/executions\/([^/]+)$/, executionPage, 'executions'],
  [/^\/calendars$/, calendarsPage, 'calendars'],
  [/^\/calendars\/new$/, calendarFormPage, 'calendars'],
  [/^\/calendars\/([^/]+)$/, calendarPage, 'calendars'],
  [/^\/calendars\/([^/]+)\/edit$/, calendarFormPage, 'calendars'],
  [/^\/cluster$/, clusterPage, 'cluster'],
];

const main = document.getElementById('main');
let timers = [];
let generation = 0;

function parse() {
  const raw = location.hash.replace(/^#/, '') || '/jobs';
  const [path, search = ''] = raw.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

async function route() {
  timers.forEach(clearInterval);
  timers = [];
  generation += 1;
  const mine = generation;
  const { path, query } = parse();
  const signedIn = session.get() !== null;
  if (!signedIn && path !== '/signin') {
    location.replace(`#/signin${path && path !== '/jobs' ? `?next=${encodeURIComponent(location.hash)}` : ''}`);
    return;
  }
  showHeader(signedIn && path !== '/signin');
  const match = ROUTES.map(([pattern, page, nav]) => [path.match(pattern), page, nav]).find(([m]) => m);
  if (!match) {
    fill(main, h('h1', { tabindex: '-1' }, 'Not found'), h('p', {}, h('a', { href: '#/jobs' }, 'Back to the jobs')));
    return;
  }
  const [m, page, nav] = match;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const context = {
    main,
    params: m.slice(1).map(decodeURIComponent),
    query,
    path,
    /** Runs fn every ms while this page is shown and the tab is visible. */
    every(ms, fn) {
      timers.push(setInterval(() => {
        if (!document.hidden && mine === generation) fn();
      }, ms));
    },
    /** Whether the user is still on this page (after an await). */
    current: () => mine === generation,
  };
  fill(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    await page(context);
  } catch (error) {
    if (mine !== generation) return;
    console.warn(error);
    fill(main, h('h1', { tabindex: '-1' }, 'Something went wrong'), h('div', { class: 'alert error', role: 'alert' }, error.message || String(error)));
  }
  if (mine === generation) {
    const heading = main.querySelector('h1');
    if (heading && document.activeElement === document.body) heading.focus({ preventScroll: true });
  }
}

function showHeader(visible) {
  const header = document.getElementById('topbar');
  header.hidden = !visible;
  const who = session.get();
  document.getElementById('who').textContent = who ? `${who.name} · ${who.role}` : '';
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.end();
  location.hash = '#/signin';
});

whenUnauthorized((problem) => {
  session.end();
  sessionStorage.setItem('carillon.signedOutBecause', problem.detail || 'the key is no longer accepted');
  location.hash = '#/signin';
});

window.addEventListener('hashchange', route);
route();
