/**
 * parse_url(url): a property bag {Scheme, Host, Port, Path, Username, Password, Query Parameters, Fragment}.
 *
 * Evidence (the doc page's single example is not enough on its own, and its table shows Path without the
 * leading "/" and "Query Parameters" as a quoted string, both of which real output contradicts):
 * - parse-url-function.md: `scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment` gives
 *   Scheme "scheme", Host "host", Port "1234" (a string), Username, Password, the query pairs and Fragment.
 * - microsoft/Kusto-Query-Language issue #112 quotes what the engine actually returned:
 *   - `https://john.doe@www.example.com:123/forum/questions/?tag=networking&order=newest#top` gives
 *     Host "john.doe@www.example.com" (user info without a ':' is not split off), Port "123",
 *     Path "/forum/questions/" (the leading "/" is kept), Query Parameters {"order":"newest","tag":"networking"}
 *     (a bag, keys in sorted order), Fragment "top".
 *   - `ldap://[2001:db8::7]/c=GB?objectClass?one` gives Host "[2001:db8:", Port "7]" (the port starts after the
 *     authority's last ':') and Query Parameters {} (pieces without '=' are dropped).
 *   - `mailto:...`, `news:...`, `tel:...`, `urn:...` (no "://") give every field empty.
 * - MicrosoftDocs/dataexplorer-docs issue #917: `?c=1&c=2&c=3` gives `["Query Parameters"]["c"]` 3: a repeated key
 *   keeps its last value.
 * Chosen where nothing says (DOC-SILENT): values are not URL-decoded (hunting queries wrap
 * `parse_url(u)["Query Parameters"]["url"]` in url_decode themselves); a piece with an empty key ("=v") is dropped
 * like one without '='.
 */
import type { Boxed, Dyn } from '../data/types.js';
import type { CallSite, RowFn, ScalarFunction } from './scalar-function.js';
import { kustoToString } from './string.js';

type Bag = { [k: string]: Dyn };

function result(scheme: string, host: string, port: string, path: string, user: string, password: string, query: Bag, fragment: string): Bag {
  return { Scheme: scheme, Host: host, Port: port, Path: path, Username: user, Password: password, 'Query Parameters': query, Fragment: fragment };
}

/** `k1=v1&k2=v2` as a bag with sorted keys; pieces without a key=value form are dropped. */
function queryParameters(q: string): Bag {
  const pairs = new Map<string, string>();
  if (q !== '') {
    for (const piece of q.split('&')) {
      const eq = piece.indexOf('=');
      if (eq <= 0) continue;
      pairs.set(piece.slice(0, eq), piece.slice(eq + 1));
    }
  }
  const out: Bag = {};
  for (const k of [...pairs.keys()].sort()) out[k] = pairs.get(k)!;
  return out;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const USER_INFO = /^([^:@]*):([^@]*)@/;

export function parseUrl(url: string): Bag {
  const m = SCHEME.exec(url);
  if (!m) return result('', '', '', '', '', '', {}, '');
  let rest = url.slice(m[0].length);
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = '';
  const qm = rest.indexOf('?');
  if (qm >= 0) {
    query = rest.slice(qm + 1);
    rest = rest.slice(0, qm);
  }
  const slash = rest.indexOf('/');
  let authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash) : '';
  let user = '';
  let password = '';
  const ui = USER_INFO.exec(authority);
  if (ui) {
    user = ui[1]!;
    password = ui[2]!;
    authority = authority.slice(ui[0].length);
  }
  const colon = authority.lastIndexOf(':');
  const host = colon >= 0 ? authority.slice(0, colon) : authority;
  const port = colon >= 0 ? authority.slice(colon + 1) : '';
  return result(m[1]!, host, port, path, user, password, queryParameters(query), fragment);
}

function bind(site: CallSite): RowFn {
  const t = site.argTypes[0] ?? 'string';
  return (args) => parseUrl(t === 'string' ? ((args[0] ?? '') as string) : kustoToString(args[0] as Boxed, t));
}

export const functions: ScalarFunction[] = [
  { name: 'parse_url', bind },
  { name: 'parseurl', bind },
];
