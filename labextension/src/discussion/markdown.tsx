import * as React from 'react';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { MimeModel } from '@jupyterlab/rendermime';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

/** Elements that fetch what their src/srcset/poster names. */
const FETCHING = 'img, picture, source, video, audio, track, iframe, embed, object, input[type="image"], image, use';
/** data: URLs are inline (no request); anything else leaves the page. */
const inline = (url: string): boolean => /^\s*data:image\/(png|gif|jpeg|webp);/i.test(url);

/**
 * JupyterLab's sanitiser, then no remote media: a post is written by anyone in the course, and a
 * remote image would be a request off the origin (a tracking pixel, or a leak of who read what).
 * The HTML is parsed in an inert document (DOMParser fetches nothing), images that are not inline
 * data become a note saying what was blocked, and inline styles naming url(...) lose the style.
 */
export class OfflineSanitizer implements IRenderMime.ISanitizer {
  constructor(
    private readonly inner: IRenderMime.ISanitizer,
    private readonly blockedLabel: (src: string) => string
  ) {}

  get allowNamedProperties(): boolean {
    return false;
  }

  getAutolink(): boolean {
    return this.inner.getAutolink?.() ?? true;
  }

  sanitize(dirty: string, options?: IRenderMime.ISanitizerOptions): string {
    const clean = this.inner.sanitize(dirty, options);
    const doc = new DOMParser().parseFromString(`<body>${clean}</body>`, 'text/html');
    for (const node of Array.from(doc.body.querySelectorAll(FETCHING))) {
      const src = node.getAttribute('src') ?? node.getAttribute('href') ?? '';
      if (node.tagName === 'IMG' && inline(src) && !node.hasAttribute('srcset')) continue;
      const note = doc.createElement('span');
      note.className = 'va-Discussion-blocked';
      note.textContent = this.blockedLabel(src || node.tagName.toLowerCase());
      node.replaceWith(note);
    }
    for (const node of Array.from(doc.body.querySelectorAll('[style]'))) {
      if (/url\s*\(|image-set|@import/i.test(node.getAttribute('style') ?? '')) node.removeAttribute('style');
    }
    for (const link of Array.from(doc.body.querySelectorAll('a[href]'))) {
      link.setAttribute('rel', 'noopener noreferrer nofollow');
      link.setAttribute('target', '_blank');
    }
    return doc.body.innerHTML;
  }
}

/** One registry for every post: JupyterLab's, with the offline sanitiser and no file resolver. */
export function postRenderMime(rendermime: IRenderMimeRegistry, blockedLabel: (src: string) => string): IRenderMimeRegistry {
  return rendermime.clone({ sanitizer: new OfflineSanitizer(rendermime.sanitizer, blockedLabel) });
}

/**
 * A post body rendered as untrusted Markdown (JupyterLab's renderer: code highlighting, math,
 * sanitised HTML). Without a registry (tests, an older lab) the text shows as it was written.
 */
export function PostMarkdown(props: { source: string; rendermime: IRenderMimeRegistry | null }): React.ReactElement {
  const host = React.useRef<HTMLDivElement>(null);
  const { source, rendermime } = props;
  React.useEffect(() => {
    const node = host.current;
    if (!node || !rendermime) return;
    const renderer = rendermime.createRenderer('text/markdown');
    void renderer.renderModel(new MimeModel({ data: { 'text/markdown': source }, trusted: false })).then(() => {
      node.replaceChildren(renderer.node);
    });
    return () => renderer.dispose();
  }, [source, rendermime]);
  return (
    <div className="va-Discussion-body" ref={host}>
      {rendermime ? null : <pre>{source}</pre>}
    </div>
  );
}
