// How times, durations and schedules read on screen.

const FORMATS = new Map(); // time zone ('' for the browser's) → its formatter

function format(zone) {
  if (!FORMATS.has(zone)) {
    const options = {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    };
    try {
      FORMATS.set(zone, new Intl.DateTimeFormat(undefined, zone ? { ...options, timeZone: zone } : options));
    } catch (e) {
      // A zone this browser does not know: the browser's own, still with its name.
      FORMATS.set(zone, new Intl.DateTimeFormat(undefined, options));
    }
  }
  return FORMATS.get(zone);
}

/** An instant with its zone: in {@code zone} when given (a cron job's), else the browser's. */
export function time(iso, zone) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format(zone || '').format(date);
}

/** The zone a job's times are shown in: its cron schedule's, else the browser's (undefined). */
export function zoneOf(job) {
  return job && job.schedule && job.schedule.cron ? job.schedule.timeZone : undefined;
}

/** "in 4 min", "12 s ago". */
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - now;
  const text = duration(Math.abs(ms), true);
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** 850 ms, 12.3 s, 4 min 3 s, 2 h 5 min, 3 d 4 h. */
export function duration(ms, coarse = false) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '—';
  if (ms < 1000) return coarse ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`;
  const s = ms / 1000;
  // Number() drops trailing zeros: 5 s rather than 5.00 s, 2.24 s as it is.
  if (s < 60) return coarse ? `${Math.round(s)} s` : `${Number(s.toFixed(s < 10 ? 2 : 1))} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${m % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** One line for a schedule: "cron 0 0 * * * ? (Europe/Zurich)", "every PT15M", "once at …". */
export function schedule(spec) {
  if (!spec) return 'on demand';
  const jitter = spec.jitter ? `, jitter ${spec.jitter}` : '';
  if (spec.cron) return `cron ${spec.cron}${spec.timeZone ? ` (${spec.timeZone})` : ''}${jitter}`;
  if (spec.every) return `every ${spec.every}${spec.startAt ? ` from ${time(spec.startAt)}` : ''}${jitter}`;
  if (spec.at) return `once at ${time(spec.at)}`;
  return 'on demand';
}

/** The first line of an error text (its message without the stack trace). */
export function firstLine(text) {
  return text ? text.split('\n', 1)[0] : '';
}

/** startedAt − scheduledAt in ms, for runs that have both. */
export function fireLag(execution) {
  if (!execution.startedAt || !execution.scheduledAt) return null;
  return new Date(execution.startedAt).getTime() - new Date(execution.scheduledAt).getTime();
}

/** An execution id short enough for a table cell (ids are UUIDs; the page shows it whole). */
export function shortId(id) {
  return String(id).length > 12 ? String(id).slice(0, 8) : String(id);
}
