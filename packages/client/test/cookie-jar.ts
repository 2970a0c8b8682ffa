/**
 * What a browser does with the refresh cookie, for tests in Node (whose fetch keeps no cookies):
 * stores `Set-Cookie` answers and sends each cookie back to the paths under its `Path`. It also
 * counts the requests per path, so a test can see how many refreshes went out.
 */
export type CookieJarFetch = ((request: Request) => Promise<Response>) & {
  cookies: Map<string, { value: string; path: string }>;
  calls(pathname: string): number;
};

export function cookieJarFetch(): CookieJarFetch {
  const cookies = new Map<string, { value: string; path: string }>();
  const counts = new Map<string, number>();
  const jarFetch = async (request: Request) => {
    const url = new URL(request.url);
    counts.set(url.pathname, (counts.get(url.pathname) ?? 0) + 1);
    const sent = [...cookies].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`);
    if (sent.length) request.headers.set('cookie', sent.join('; '));
    const response = await fetch(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const expired = attr('max-age') === '0' || (attr('expires') && Date.parse(attr('expires')!) <= Date.now());
      if (!value || expired) cookies.delete(name);
      else cookies.set(name, { value, path: attr('path') ?? '/' });
    }
    return response;
  };
  return Object.assign(jarFetch, { cookies, calls: (pathname: string) => counts.get(pathname) ?? 0 });
}
