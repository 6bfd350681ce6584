import { AsnConvert } from '@peculiar/asn1-schema';
import {
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  id_ce_nameConstraints,
  NameConstraints,
} from '@peculiar/asn1-x509';
import {
  type CryptoKeyPair,
  generateKeyPair,
  importPrivateKey,
  KEY_ALGORITHM,
  privateKeyPem,
  randomSerialHex,
  x509,
} from './x509-library.js';

/** The only names a certificate of the local CA can be valid for. */
const LOOPBACK_NAMES = {
  dns: ['localhost'],
  ip: ['127.0.0.1', '::1'],
} as const;

/** A certificate and its private key, both PEM. */
export interface CertificateAndKey {
  readonly certPem: string;
  readonly keyPem: string;
}

/** What the broker needs to know of a server certificate it serves. */
export interface IssuedCertificate extends CertificateAndKey {
  /** The serial number, lowercase hex. */
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Clocks of the PC and the browser may disagree a little. */
const BACKDATE_MS = 60 * 60 * 1000;

/** The names a CA may vouch for: DNS names (and names under them) and IP ranges (CIDR). */
export interface PermittedNames {
  readonly dns: readonly string[];
  readonly ipRanges: readonly string[];
}

/** The local CA's: `localhost` (and names under it) and the loopback addresses. */
const LOOPBACK_PERMITTED: PermittedNames = {
  dns: LOOPBACK_NAMES.dns,
  ipRanges: ['127.0.0.1/32', '::1/128'],
};

/**
 * The CA's name constraints: it can only vouch for the permitted names, so a stolen CA key
 * cannot impersonate any other site to a browser that trusts it.
 */
function nameConstraints(permitted: PermittedNames): x509.Extension {
  const bases = [
    ...permitted.dns.map((name) => new GeneralName({ dNSName: name })),
    ...permitted.ipRanges.map((range) => new GeneralName({ iPAddress: range })),
  ];
  const subtrees = bases.map((base) => new GeneralSubtree({ base }));
  const value = new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) });
  return new x509.Extension(id_ce_nameConstraints, true, AsnConvert.serialize(value));
}

/** What was issued, as the certificate itself says it (whole seconds, not the times asked). */
async function issuedFrom(
  cert: x509.X509Certificate,
  keys: CryptoKeyPair,
  serialHex: string,
): Promise<IssuedCertificate> {
  return {
    certPem: cert.toString('pem'),
    keyPem: await privateKeyPem(keys.privateKey),
    serialHex,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/** A new key pair, a random serial and a validity of `days` from now (backdated a little). */
async function newCertificateBasis(
  now: (() => Date) | undefined,
  days: number,
): Promise<{ keys: CryptoKeyPair; serialHex: string; notBefore: Date; notAfter: Date }> {
  const nowMs = (now ?? (() => new Date()))().getTime();
  return {
    keys: await generateKeyPair(),
    serialHex: randomSerialHex(),
    notBefore: new Date(nowMs - BACKDATE_MS),
    notAfter: new Date(nowMs + days * DAY_MS),
  };
}

/** Options of {@link createLocalCa}. */
export interface LocalCaOptions {
  /** Common name; shown in trust stores. @default 'nhicard local CA' */
  commonName?: string;
  /** @default 3650 */
  validityDays?: number;
  /** @default () => new Date() */
  now?: () => Date;
  /**
   * The names it may vouch for (the clinic CA of LAN mode permits LAN ranges instead).
   * @default LOOPBACK_PERMITTED
   */
  permitted?: PermittedNames;
}

/**
 * Creates the local certificate authority: a self-signed CA that may sign end-entity
 * certificates only (path length 0) and only for the loopback names (or `permitted`).
 */
export async function createLocalCa(options: LocalCaOptions = {}): Promise<IssuedCertificate> {
  const { keys, serialHex, notBefore, notAfter } = await newCertificateBasis(
    options.now,
    options.validityDays ?? 3650,
  );
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialHex,
    name: `CN=${options.commonName ?? 'nhicard local CA'}, O=nhicard`,
    notBefore,
    notAfter,
    signingAlgorithm: KEY_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      nameConstraints(options.permitted ?? LOOPBACK_PERMITTED),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return issuedFrom(cert, keys, serialHex);
}

/** Names a server certificate is for: DNS names and IP addresses. */
export interface ServerNames {
  readonly dns: readonly string[];
  readonly ip: readonly string[];
}

/** Options of {@link issueServerCertificate}. */
export interface ServerCertificateOptions {
  /** @default LOOPBACK_NAMES */
  names?: ServerNames;
  /** The subject's CN (browsers go by the names alone). @default the first name */
  commonName?: string;
  /** @default 7 */
  lifetimeDays?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * Issues a server certificate signed by `ca`, for TLS server authentication only. Short-lived
 * on purpose: the broker renews it by itself, so a copied key is of little use for long.
 */
export async function issueServerCertificate(
  ca: CertificateAndKey,
  options: ServerCertificateOptions = {},
): Promise<IssuedCertificate> {
  const names = options.names ?? LOOPBACK_NAMES;
  const caCert = new x509.X509Certificate(ca.certPem);
  const { keys, serialHex, notBefore, notAfter } = await newCertificateBasis(
    options.now,
    options.lifetimeDays ?? 7,
  );
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialHex,
    subject: `CN=${options.commonName ?? names.dns[0] ?? names.ip[0] ?? 'localhost'}, O=nhicard`,
    issuer: caCert.subject,
    notBefore,
    notAfter,
    signingAlgorithm: KEY_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: await importPrivateKey(ca.keyPem),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ip.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return issuedFrom(cert, keys, serialHex);
}

/** The subject, serial (hex), validity and fingerprints of a PEM certificate. */
export async function describeCertificate(certPem: string): Promise<{
  subject: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  sha256: string;
  sha1Hex: string;
}> {
  const cert = new x509.X509Certificate(certPem);
  const hex = async (hash: string): Promise<string> =>
    Buffer.from(await cert.getThumbprint(hash)).toString('hex');
  return {
    subject: cert.subject,
    serialHex: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    sha256: (await hex('SHA-256')).toUpperCase().replace(/(..)(?!$)/g, '$1:'),
    sha1Hex: await hex('SHA-1'),
  };
}
