import type { TranslationBundle } from '@jupyterlab/translation';
import type { CertificateSummary } from '@voxel-academy/protocol';

/** The learner's certificates: download the PDF or the credential, copy the public link. */
export function renderCertificates(certificates: CertificateSummary[], trans: TranslationBundle): HTMLElement {
  const section = document.createElement('section');
  section.className = 'va-Certificates';
  const heading = document.createElement('h3');
  heading.className = 'va-Course-title';
  heading.textContent = trans.__('Your certificates');
  section.append(heading);
  if (certificates.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'va-Sidebar-status';
    empty.textContent = trans.__('Complete a track’s required assessments to earn its certificate.');
    section.append(empty);
    return section;
  }
  const list = document.createElement('ul');
  list.className = 'va-CertificateList';
  for (const c of certificates) list.append(renderOne(c, trans));
  section.append(list);
  return section;
}

function renderOne(c: CertificateSummary, trans: TranslationBundle): HTMLElement {
  const item = document.createElement('li');
  item.className = `va-Certificate${c.revoked ? ' va-Certificate-revoked' : ''}`;
  item.dataset['certificateId'] = c.id;
  const title = document.createElement('div');
  title.className = 'va-Certificate-title';
  title.textContent = c.title;
  const meta = document.createElement('div');
  meta.className = 'va-Lesson-meta';
  meta.textContent = c.revoked
    ? trans.__('Revoked: %1', c.revokedReason ?? '')
    : trans.__('Issued %1', new Date(c.issuedAt).toLocaleDateString());
  const actions = document.createElement('div');
  actions.className = 'va-Certificate-actions';
  actions.append(
    link(c.pdfUrl, trans.__('Download PDF'), 'va-Certificate-pdf'),
    link(c.credentialUrl, trans.__('Download credential'), 'va-Certificate-credential'),
    copyButton(c.verifyUrl, trans)
  );
  item.append(title, meta, actions);
  return item;
}

function link(href: string, text: string, className: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  a.className = `va-Link ${className}`;
  a.setAttribute('download', '');
  return a;
}

function copyButton(url: string, trans: TranslationBundle): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'va-Link va-Certificate-share';
  button.textContent = trans.__('Copy share link');
  button.title = url;
  button.addEventListener('click', () => {
    void navigator.clipboard
      .writeText(url)
      .then(() => (button.textContent = trans.__('Link copied')))
      // Clipboard access can be refused (insecure origin, permissions): show the link instead.
      .catch(() => window.prompt(trans.__('Share this link'), url));
  });
  return button;
}
