import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { BlockList, isIP } from 'node:net';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { id_ce_nameConstraints, NameConstraints } from '@peculiar/asn1-x509';
import {
  type CertificateAndKey,
  createLocalCa,
  type IssuedCertificate,
  issueServerCertificate,
  type PermittedNames,
  type ServerNames,
} from '../tls/local-ca.js';
import { x509 } from '../tls/x509-library.js';

/**
 * What a clinic CA may vouch for unless told otherwise: the private IPv4 ranges, IPv6 unique
 * local addresses, and the DNS suffixes meant for private networks. A stolen clinic CA key
 * thus cannot impersonate a public site to the PCs that trust it.
 */
export const CLINIC_PERMITTED: PermittedNames = {
  dns: ['lan', 'internal', 'home.arpa', 'local'],
  ipRanges: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** A workstation's name: a DNS label, used for its folder and its certificate's CN. */
const WORKSTATION_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What `issue` wrote. */
export interface IssuedWorkstation {
  readonly certificate: IssuedCertificate;
  readonly certFile: string;
  readonly keyFile: string;
}

/** A problem with a clinic CA request, in words for the person at the keyboard. */
export class ClinicCaError extends Error {
  override readonly name = 'ClinicCaError';
}

async function writeOwnerOnly(path: string, text: string): Promise<void> {
  // Written under another name and renamed, so a reader never sees half a key.
  await writeFile(`${path}.partial`, text, { mode: 0o600 });
  await chmod(`${path}.partial`, 0o600);
  await rename(`${path}.partial`, path);
}

function permittedOf(caPem: string): PermittedNames {
  const extension = new x509.X509Certificate(caPem).getExtension(id_ce_nameConstraints);
  if (extension === null) return { dns: [], ipRanges: [] };
  const constraints = AsnConvert.parse(extension.value, NameConstraints);
  // A plain array: the library's subtree list is an Array subclass that map would keep.
  const bases = Array.from(constraints.permittedSubtrees ?? [], (subtree) => subtree.base);
  return {
    dns: bases.flatMap((base) => (base.dNSName === undefined ? [] : [base.dNSName])),
    ipRanges: bases.flatMap((base) => (base.iPAddress === undefined ? [] : [base.iPAddress])),
  };
}

/** The names of `names` the CA's constraints do not cover (a client would refuse them). */
export function namesOutside(names: ServerNames, permitted: PermittedNames): string[] {
  const ranges = new BlockList();
  for (const range of permitted.ipRanges) {
    const [address = '', prefix = ''] = range.split('/');
    ranges.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  const dnsOk = (name: string): boolean =>
    permitted.dns.some((base) => name === base || name.endsWith(`.${base}`));
  return [
    ...names.dns.filter((name) => !dnsOk(name)),
    ...names.ip.filter((ip) => !ranges.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4')),
  ];
}

/**
 * The clinic CA of LAN mode, kept in one folder on one PC: it is created once, and issues each
 * workstation's server certificate (its names and addresses) into `workstations/<name>/`.
 * Separate from the loopback CA, whose name constraints allow loopback names only.
 */
export class ClinicCa {
  readonly files: { caCert: string; caKey: string };

  constructor(readonly dir: string) {
    this.files = { caCert: join(dir, 'clinic-ca.pem'), caKey: join(dir, 'clinic-ca-key.pem') };
  }

  /** Whether the CA exists. */
  exists(): boolean {
    return existsSync(this.files.caCert) && existsSync(this.files.caKey);
  }

  /**
   * Creates the CA, permitted {@link CLINIC_PERMITTED} plus `domains` (the clinic's own DNS
   * suffixes, e.g. `clinic.example.tw`).
   * @throws ClinicCaError when one exists already (a new one would orphan every certificate).
   */
  async create(domains: readonly string[] = []): Promise<CertificateAndKey> {
    if (this.exists()) {
      throw new ClinicCaError(
        `A clinic CA exists already in ${this.dir}; workstations trust it, so it is kept.`,
      );
    }
    for (const domain of domains) {
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) {
        throw new ClinicCaError(`Domain ${JSON.stringify(domain)} is not a DNS name (lower case)`);
      }
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const ca = await createLocalCa({
      commonName: 'nhicard clinic CA',
      permitted: {
        dns: [...CLINIC_PERMITTED.dns, ...domains],
        ipRanges: CLINIC_PERMITTED.ipRanges,
      },
    });
    await writeOwnerOnly(this.files.caKey, ca.keyPem);
    await writeFile(this.files.caCert, ca.certPem);
    return ca;
  }

  /** The CA. @throws ClinicCaError when there is none yet. */
  async load(): Promise<CertificateAndKey & { permitted: PermittedNames }> {
    if (!this.exists()) {
      throw new ClinicCaError(
        `No clinic CA in ${this.dir}: create it first (nhicard tls clinic-ca)`,
      );
    }
    const [certPem, keyPem] = await Promise.all([
      readFile(this.files.caCert, 'utf8'),
      readFile(this.files.caKey, 'utf8'),
    ]);
    return { certPem, keyPem, permitted: permittedOf(certPem) };
  }

  /**
   * Issues `workstation`'s server certificate for `names` and writes it and its key (0600).
   * @throws ClinicCaError when the name is not a DNS label, no name is given, or a name lies
   *   outside what the CA may vouch for.
   */
  async issue(
    workstation: string,
    names: ServerNames,
    lifetimeDays = 397,
  ): Promise<IssuedWorkstation> {
    if (!WORKSTATION_NAME.test(workstation)) {
      throw new ClinicCaError(
        `Workstation name ${JSON.stringify(workstation)} must be lower-case letters, digits and -`,
      );
    }
    if (names.dns.length + names.ip.length === 0) {
      throw new ClinicCaError('Name the workstation: --ip <address> and/or --dns <name>');
    }
    const badIp = names.ip.find((ip) => isIP(ip) === 0);
    if (badIp !== undefined)
      throw new ClinicCaError(`${JSON.stringify(badIp)} is not an IP address`);
    const ca = await this.load();
    const outside = namesOutside(names, ca.permitted);
    if (outside.length > 0) {
      throw new ClinicCaError(
        `The clinic CA may vouch only for ${[...ca.permitted.dns, ...ca.permitted.ipRanges].join(', ')}; ` +
          `not for ${outside.join(', ')}`,
      );
    }
    const certificate = await issueServerCertificate(ca, {
      names,
      commonName: workstation,
      lifetimeDays,
    });
    const folder = join(this.dir, 'workstations', workstation);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const certFile = join(folder, 'cert.pem');
    const keyFile = join(folder, 'key.pem');
    await writeOwnerOnly(keyFile, certificate.keyPem);
    await writeFile(certFile, certificate.certPem);
    return { certificate, certFile, keyFile };
  }
}
