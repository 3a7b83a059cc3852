// The headless host serves the page at `/t/<token>/` and its WebSocket beside it at
// `/t/<token>/ws`: resolving the socket against the page's own address carries the token in the
// path, so the page never handles it and no cookie exists for other local servers to receive.

export function webSocketUrl(pageHref: string): string {
  const url = new URL('ws', pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.href;
}
