import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { BadgeSummary, CertificateSummary } from '@voxel-academy/protocol';

/** The learner's certificates: download the PDF or the credential, copy the public link. */
export function Certificates(props: { certificates: CertificateSummary[]; trans: TranslationBundle }): React.ReactElement {
  const { trans } = props;
  return (
    <section className="va-Certificates" aria-labelledby="va-certificates-title">
      <h3 className="va-Course-title" id="va-certificates-title">
        {trans.__('Your certificates')}
      </h3>
      {props.certificates.length === 0 ? (
        <p className="va-Sidebar-status">{trans.__('Complete a track’s required assessments to earn its certificate.')}</p>
      ) : (
        <ul className="va-CertificateList">
          {props.certificates.map((c) => (
            <Certificate key={c.id} certificate={c} trans={trans} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Certificate(props: { certificate: CertificateSummary; trans: TranslationBundle }): React.ReactElement {
  const { certificate: c, trans } = props;
  const [copied, setCopied] = React.useState(false);
  const share = (): void => {
    void navigator.clipboard
      .writeText(c.verifyUrl)
      .then(() => setCopied(true))
      // Clipboard access can be refused (insecure origin, permissions): show the link instead.
      .catch(() => window.prompt(trans.__('Share this link'), c.verifyUrl));
  };
  return (
    <li className={`va-Certificate${c.revoked ? ' va-Certificate-revoked' : ''}`} data-certificate-id={c.id}>
      <div className="va-Certificate-title">{c.title}</div>
      <div className="va-Lesson-meta">{c.revoked ? trans.__('Revoked: %1', c.revokedReason ?? '') : trans.__('Issued %1', new Date(c.issuedAt).toLocaleDateString())}</div>
      <div className="va-Certificate-actions">
        <a className="va-Link va-Certificate-pdf" href={c.pdfUrl} download>
          {trans.__('Download PDF')}
        </a>
        <a className="va-Link va-Certificate-credential" href={c.credentialUrl} download>
          {trans.__('Download credential')}
        </a>
        <button type="button" className="va-Link va-Certificate-share" title={c.verifyUrl} onClick={share}>
          {copied ? trans.__('Link copied') : trans.__('Copy share link')}
        </button>
      </div>
    </li>
  );
}

/** The learner's module badges: artwork, title, and a link anyone can open to verify it. */
export function Badges(props: { badges: BadgeSummary[]; trans: TranslationBundle }): React.ReactElement | null {
  const { trans } = props;
  if (props.badges.length === 0) return null;
  return (
    <section className="va-Badges" aria-labelledby="va-badges-title">
      <h3 className="va-Course-title" id="va-badges-title">
        {trans.__('Your badges')}
      </h3>
      <ul className="va-BadgeList">
        {props.badges.map((b) => (
          <li key={b.id} className={`va-ModuleBadge${b.revoked ? ' va-Certificate-revoked' : ''}`} data-badge-id={b.id} data-module-id={b.moduleId}>
            <img className="va-ModuleBadge-art" src={b.image} alt="" width={48} height={48} />
            <div>
              <div className="va-Certificate-title">{b.title}</div>
              <div className="va-Lesson-meta">{b.revoked ? trans.__('Revoked: %1', b.revokedReason ?? '') : trans.__('Earned %1', new Date(b.issuedAt).toLocaleDateString())}</div>
              <div className="va-Certificate-actions">
                <a className="va-Link va-ModuleBadge-verify" href={b.verifyUrl} target="_blank" rel="noopener noreferrer">
                  {trans.__('Verify')}
                </a>
                <a className="va-Link va-ModuleBadge-credential" href={b.credentialUrl} download>
                  {trans.__('Download credential')}
                </a>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
