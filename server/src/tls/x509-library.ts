// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect
// metadata polyfill loaded before it. This module is the only way into the library, so the
// order holds wherever it is used, and the crypto provider is Node's own WebCrypto.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
/** A WebCrypto key pair (Node's type: the package build has no DOM lib). */
export type CryptoKeyPair = webcrypto.CryptoKeyPair;

// Node's WebCrypto is the standard Crypto object; the DOM type for it is not in a Node build.
x509.cryptoProvider.set(webcrypto as never);

export { x509 };

/** ECDSA P-256 with SHA-256: small keys, fast to make, accepted by every current browser. */
export const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A key pair that can be exported (to PEM) and used to sign certificates. */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
}

/** The private key as PKCS#8 PEM, the form Node's TLS accepts. */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/** Imports a PKCS#8 PEM private key for signing. */
export async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----|\s+/g, '');
  return webcrypto.subtle.importKey('pkcs8', Buffer.from(body, 'base64'), KEY_ALGORITHM, false, [
    'sign',
  ]);
}

/** A random positive serial number of 16 bytes, as hex (RFC 5280 allows up to 20). */
export function randomSerialHex(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  // 0x40–0x7f: positive in DER's two's complement, and never a leading zero that DER would
  // drop (the certificate would then carry a shorter serial than the one reported).
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return Buffer.from(bytes).toString('hex');
}
