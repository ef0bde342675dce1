// The team server's login: the antiforgery token first (the server refuses a login without it, so a page elsewhere
// cannot log a browser into an account of its choosing), then the name and password as JSON.
'use strict';

document.getElementById('login').addEventListener('submit', async event => {
  event.preventDefault();
  const error = document.getElementById('error');
  error.textContent = '';
  try {
    const token = await (await fetch('/api/antiforgery', { credentials: 'same-origin' })).json();
    const response = await fetch('/api/login', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Minerva-Antiforgery': token.token },
      body: JSON.stringify({ name: document.getElementById('name').value, password: document.getElementById('password').value }),
    });
    if (response.ok) { location.href = '/'; return; }
    const body = await response.json().catch(() => null);
    error.textContent = body && body.error ? body.error : `${response.status} ${response.statusText}`;
  } catch (e) {
    error.textContent = String(e.message || e);
  }
});
