import type { CredentialKind, VerificationResult } from '@voxel-academy/protocol';

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Why the page lists these fields: a printed certificate or a shown badge can be edited, the signed credential cannot. */
const COMPARE: Record<CredentialKind, string> = {
  certificate: 'These are read from the signed credential. Compare the name, achievement and date with the printed certificate: if they differ, the printout was altered.',
  badge: 'These are read from the signed credential. Compare the name, achievement and date with the badge you were shown: if they differ, what you were shown was altered.'
};

const COLOURS: Record<VerificationResult['status'], string> = { valid: '#116b3a', revoked: '#9a3412', expired: '#8a6d00', invalid: '#b42318' };

function resultHtml(r: VerificationResult): string {
  const c = r.certificate;
  const facts = c
    ? `<h3>What the credential signs</h3><p class="compare">${COMPARE[c.kind]}</p><dl class="signed"><dt>Name</dt><dd class="signed-name">${escape(c.learner)}</dd><dt>Achievement</dt><dd class="signed-achievement">${escape(c.achievement)}</dd><dt>Date</dt><dd class="signed-date">${escape(c.issuedAt.slice(0, 10))} <small>(${escape(c.issuedAt)})</small></dd><dt>Issuer</dt><dd>${escape(c.issuer)}</dd><dt>Credential</dt><dd><code>${escape(c.id)}</code></dd>${c.course ? `<dt>Course</dt><dd>${escape(c.course)} <small>(from this academy's records)</small></dd>` : ''}</dl>`
    : '';
  const checks = r.checks.map((k) => `<li class="${k.ok ? 'ok' : 'bad'}"><strong>${escape(k.name)}</strong>: ${escape(k.detail)}</li>`).join('');
  return `<section class="result" data-status="${r.status}" style="border-color:${COLOURS[r.status]}"><h2 style="color:${COLOURS[r.status]}">${escape(r.status.toUpperCase())}</h2><p class="summary">${escape(r.summary)}</p>${facts}<h3>Checks</h3><ul class="checks">${checks}</ul></section>`;
}

/** The public verification page: a result (when opened from a QR code or link) and an upload form. */
export function verifyPage(issuerName: string, result: VerificationResult | null, scriptUrl: string): string {
  // A badge's page says badge; the upload form takes either.
  const kind: CredentialKind = result?.certificate?.kind ?? 'certificate';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Verify a ${kind} — ${escape(issuerName)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2.5rem auto;padding:0 1rem;line-height:1.5;color:#1d2330}
.result{border:2px solid;border-radius:8px;padding:1rem 1.25rem;margin:1.5rem 0}.result h2{margin:.2rem 0}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.2rem .8rem}dt{color:#5b6472}dd{margin:0}
.checks li.ok::marker{content:"✓  ";color:#116b3a}.checks li.bad::marker{content:"✗  ";color:#b42318}
code{font-size:.85em;word-break:break-all}form{border:1px dashed #aab;padding:1rem;border-radius:8px}</style></head>
<body><h1>Verify a ${escape(issuerName)} ${kind}</h1>
<div id="result">${result ? resultHtml(result) : ''}</div>
<form id="upload"><p>Check a certificate or badge someone gave you: choose the certificate's PDF, the <code>credential.json</code>, or a VC-JWT text file.
Nothing is stored.</p><input type="file" id="file" accept=".pdf,.json,.jwt,.txt,application/pdf,application/json"> <button type="submit">Verify</button></form>
<script src="${escape(scriptUrl)}"></script></body></html>`;
}

/** Sends the chosen file to POST api/verify and shows the answer (DOM only, no frameworks). */
export const VERIFY_SCRIPT = `(() => {
  const form = document.getElementById('upload');
  if (!form || form.dataset.ready) return;
  form.dataset.ready = '1';
  const base = location.pathname.replace(/verify(\\/[^/]*)?$/, '');
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = document.getElementById('file').files[0];
    const out = document.getElementById('result');
    if (!file) { out.textContent = 'Choose a file first.'; return; }
    out.textContent = 'Checking…';
    const res = await fetch(base + 'api/verify', { method: 'POST', body: file });
    const r = await res.json();
    if (!res.ok) { out.textContent = r.title + (r.detail ? ': ' + r.detail : ''); return; }
    const c = r.certificate;
    out.innerHTML = '<section class="result" data-status="' + esc(r.status) + '"><h2>' + esc(r.status.toUpperCase()) + '</h2><p class="summary">' + esc(r.summary) + '</p>' +
      (c ? '<h3>What the credential signs</h3><p class="compare">' + esc(${JSON.stringify(COMPARE)}[c.kind] || '') + '</p><dl class="signed"><dt>Name</dt><dd class="signed-name">' + esc(c.learner) + '</dd><dt>Achievement</dt><dd class="signed-achievement">' + esc(c.achievement) + '</dd><dt>Date</dt><dd class="signed-date">' + esc(c.issuedAt.slice(0, 10)) + '</dd></dl>' : '') +
      '<ul class="checks">' + r.checks.map((k) => '<li class="' + (k.ok ? 'ok' : 'bad') + '"><strong>' + esc(k.name) + '</strong>: ' + esc(k.detail) + '</li>').join('') + '</ul></section>';
  });
})();`;
