/**
 * The picture-host allowlist (`PICTURE_HOSTS`): the creative Worker fetches an item's `imageUrl`
 * only from hosts the deployment names. Item cards come from a shop's catalogue feed, so without
 * it any feed row could make the Worker request internal or third-party addresses (SSRF) from
 * Cloudflare's network; with it, a picture elsewhere is refused and the banner draws a generator
 * variant instead.
 */

interface HostRule {
  /** Lower-case host name, without the `*.` of a wildcard. */
  host: string;
  /** `*.host`: any subdomain of `host` (not `host` itself). */
  subdomains: boolean;
  /** Only this port (as URL.port writes it: '' for the scheme's default). */
  port: string | undefined;
}

function ruleOf(entry: string): HostRule {
  const subdomains = entry.startsWith('*.');
  const bare = subdomains ? entry.slice(2) : entry;
  const colon = bare.lastIndexOf(':');
  const host = colon < 0 ? bare : bare.slice(0, colon);
  const port = colon < 0 ? undefined : bare.slice(colon + 1);
  return { host: host.toLowerCase(), subdomains, port };
}

export class PictureHosts {
  private readonly rules: readonly HostRule[];

  /** `list`: entries separated by commas or spaces (validated by CreativeWorkerVars). */
  constructor(list: string) {
    this.rules = list
      .split(/[\s,]+/)
      .filter((e) => e !== '')
      .map(ruleOf);
  }

  /** Whether no host is allowed (product pictures are off). */
  get empty(): boolean {
    return this.rules.length === 0;
  }

  /**
   * Whether `url` may be fetched: http(s), no credentials, and a host (and port) on the list.
   *
   * @example
   * new PictureHosts('*.shopcdn.example').allows('https://img.shopcdn.example/p/1.jpg'); // true
   */
  allows(url: string): boolean {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username !== '' || u.password !== '')
      return false;
    const host = u.hostname.toLowerCase();
    return this.rules.some(
      (r) =>
        (r.port === undefined || r.port === u.port) &&
        (r.subdomains ? host.endsWith(`.${r.host}`) : host === r.host),
    );
  }
}
