import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Every ipaddr.js range except unicast is refused: loopback, private, link-local, CGNAT, multicast, … */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 becomes IPv4
  if (parsed.range() !== 'unicast') return false;
  // ipaddr.js calls the metadata address 169.254.169.254 linkLocal already; fd00:ec2::254 is uniqueLocal.
  return true;
}

/** The host of a URL as an IP literal (brackets stripped), or null for a name. */
export function literalAddress(host: string): string | null {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  return ipaddr.isValid(bare) ? bare : null;
}

/**
 * A `lookup` for the HTTP agent: resolves, then refuses any non-public address. The socket connects to exactly
 * the address checked here, so a name that resolves differently a second time (DNS rebinding) gains nothing.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const allowed = list.filter((entry) => allowPrivate || isPublicAddress(entry.address));
      if (allowed.length === 0) {
        const refused = new Error(`${hostname} resolves to a private or reserved address`) as NodeJS.ErrnoException;
        refused.code = 'EPRIVATEADDRESS';
        return callback(refused, '', 0);
      }
      if (options.all) return callback(null, allowed);
      const first = allowed[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}
