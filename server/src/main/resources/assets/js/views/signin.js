// Sign-in with an API key: the key is checked with GET /me and kept for this tab only.
import { get, session, ApiError } from '../api.js';
import { h, fill } from '../dom.js';
import { problemBox } from '../ui.js';

export async function signInPage({ main, query }) {
  const reason = sessionStorage.getItem('carillon.signedOutBecause');
  sessionStorage.removeItem('carillon.signedOutBecause');
  const message = h('div', { class: 'messages', 'aria-live': 'polite' });
  if (reason) message.append(h('div', { class: 'alert error', role: 'alert' }, `Signed out: ${reason}`));
  const key = h('input', {
    id: 'api-key', name: 'key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false',
  });
  const button = h('button', { type: 'submit', class: 'button' }, 'Sign in');
  const form = h(
    'form',
    { class: 'signin', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'api-key' }, 'API key'), key,
      h('p', { class: 'hint' }, 'A Carillon API key (crl_…). It is kept in this browser tab only, until you sign out or close the tab.')),
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = key.value.trim();
    if (!value) {
      fill(message, problemBox({ title: 'An API key is required.' }));
      key.focus();
      return;
    }
    button.disabled = true;
    try {
      const me = await get('/me', { key: value });
      session.start(value, me);
      location.hash = query.next && query.next.startsWith('#/') ? query.next : '#/jobs';
    } catch (error) {
      fill(message, problemBox(error instanceof ApiError ? error : { title: String(error) }));
      key.select();
      key.focus();
    } finally {
      button.disabled = false;
    }
  });
  fill(main, h('section', { class: 'signin-page' },
    h('h1', { tabindex: '-1' }, 'Sign in to Carillon'), message, form));
  key.focus();
}
