import type { Session, WebContents } from 'electron';

/** Decides whether a URL is our own renderer page (dev server origin or app://renderer). */
export type TrustedUrlCheck = (url: string) => boolean;

/**
 * http(s) (the dev server): same origin. Any other scheme (the app's own, see
 * renderer-protocol.ts): same scheme and host, no port or credentials. WHATWG URL gives custom
 * schemes the opaque origin "null", so origins cannot be compared there. Anything else, file://
 * included, is untrusted.
 */
export function trustedUrlCheck(rendererUrl: string): TrustedUrlCheck {
  const trusted = new URL(rendererUrl);
  const web = trusted.protocol === 'http:' || trusted.protocol === 'https:';
  if (!web && (trusted.protocol === 'file:' || trusted.host === '')) throw new Error(`cannot trust a renderer at ${rendererUrl}`);
  return (candidate) => {
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return false;
    }
    if (web) return url.origin === trusted.origin;
    return url.protocol === trusted.protocol && url.host === trusted.host && url.username === '' && url.password === '';
  };
}

/** Every permission is refused except the microphone, and that only for our own page. */
export function restrictPermissions(session: Session, isTrusted: TrustedUrlCheck): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const audioOnly = mediaTypes.length > 0 && mediaTypes.every((type) => type === 'audio');
    callback(permission === 'media' && audioOnly && isTrusted(details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const mediaType = 'mediaType' in details ? details.mediaType : undefined;
    return permission === 'media' && mediaType !== 'video' && isTrusted(details.requestingUrl ?? requestingOrigin);
  });
}

/** No new windows, no navigation away from our page, no webviews. */
export function lockDownContents(contents: WebContents, isTrusted: TrustedUrlCheck): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isTrusted(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrusted(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
