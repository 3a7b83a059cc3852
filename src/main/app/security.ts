import type { Session, WebContents } from 'electron';

/** Decides whether a URL is our own renderer page (dev server origin or the built index.html). */
export type TrustedUrlCheck = (url: string) => boolean;

export function trustedUrlCheck(rendererUrl: string): TrustedUrlCheck {
  const trusted = new URL(rendererUrl);
  return (candidate) => {
    try {
      const url = new URL(candidate);
      if (trusted.protocol === 'file:') return url.protocol === 'file:' && url.pathname === trusted.pathname;
      return url.origin === trusted.origin;
    } catch {
      return false;
    }
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
