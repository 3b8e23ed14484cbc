import type { RequestHandler } from 'express';
import type { Catalog } from '@voxel-academy/protocol';

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * What someone sees who follows the service link on the hub's home page: the course list
 * and where the learning actually happens (JupyterLab), with no login needed.
 */
export function landingPage(catalog: Catalog): RequestHandler {
  const courses = catalog.courses
    .map((c) => `<li><strong>${escape(c.title)}</strong> — ${c.tracks.length} tracks. ${escape(c.summary)}</li>`)
    .join('');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Voxel Academy</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d2330}
a{color:#0b5cad}</style></head><body><h1>Voxel Academy</h1>
<p>This is the course server. Courses are taken inside JupyterLab: open <a href="../../hub/home">your hub home</a>,
start your server and use the <em>Academy</em> sidebar.</p><h2>Courses</h2><ul>${courses}</ul>
<p><a href="api/health">Service health</a></p></body></html>`;
  return (_req, res) => {
    res.type('html').send(html);
  };
}
