import { type Koffi, loadKoffi } from '../pcsc/koffi-loader.js';

/**
 * The current Windows user's `Root` certificate store (trusted root CAs), the store Chrome and
 * Edge read on Windows. Only this user's store: nothing machine-wide, so no administrator
 * rights, and other users of the PC are not affected.
 */
export interface WindowsRootStore {
  /**
   * Adds the certificate (DER), replacing an equal one. Windows shows the user a confirmation
   * dialog with the certificate's thumbprint first.
   * @throws Error with the Win32 code when the store refuses it or the user says no.
   */
  add(der: Uint8Array): void;
  /** Whether a certificate with this SHA-1 thumbprint (hex) is in the store. */
  has(sha1Hex: string): boolean;
  /**
   * Removes the certificate with this SHA-1 thumbprint (hex), after Windows' confirmation
   * dialog. Resolves false when it was not there.
   * @throws Error with the Win32 code when the store refuses it or the user says no.
   */
  remove(sha1Hex: string): boolean;
}

// The registry provider opened on the user's `Root` store itself (not the system store, which
// is a collection over several physical stores): a deletion through a collection does not
// always reach the registry (Wine keeps the certificate), one through the registry store does.
const CERT_STORE_PROV_SYSTEM_REGISTRY_W = 13;
const CERT_SYSTEM_STORE_CURRENT_USER = 1 << 16;
const ENCODING = 0x0000_0001 | 0x0001_0000; // X509_ASN_ENCODING | PKCS_7_ASN_ENCODING
const CERT_STORE_ADD_REPLACE_EXISTING = 3;
const CERT_FIND_SHA1_HASH = 0x0001_0000;
const CERT_STORE_CTRL_COMMIT = 4;
const ERROR_CANCELLED = 1223;

/** A Win32 error as `0x…` plus, for the one a user causes, what it means. */
function win32Failure(call: string, code: number): Error {
  const hex = `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  const meaning =
    (code & 0xffff) === ERROR_CANCELLED ? ': the user answered No in the Windows dialog' : '';
  return new Error(`${call} failed (${hex})${meaning}`);
}

function thumbprint(sha1Hex: string): Buffer {
  const hex = sha1Hex.replace(/:/g, '');
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) {
    throw new RangeError(`not a SHA-1 thumbprint: ${JSON.stringify(sha1Hex)}`);
  }
  return Buffer.from(hex, 'hex');
}

/**
 * Binds crypt32's `CertOpenStore`, `CertAddEncodedCertificateToStore`,
 * `CertFindCertificateInStore`, `CertDeleteCertificateFromStore`, `CertControlStore`,
 * `CertFreeCertificateContext` and `CertCloseStore` (the calls certutil makes), and kernel32's
 * `GetLastError`. Each operation opens the store and closes it again.
 * @param koffi the koffi to bind with (tests under Wine pass koffi's win32 package)
 * @throws Error off Windows (crypt32.dll does not load) or when koffi is missing.
 */
export function bindWindowsRootStore(koffi: Koffi = loadKoffi()): WindowsRootStore {
  let bound = BOUND.get(koffi);
  if (bound === undefined) {
    bound = bind(koffi);
    BOUND.set(koffi, bound);
  }
  return bound;
}

// koffi refuses a second struct type of the same name: one binding per koffi instance.
const BOUND = new WeakMap<Koffi, WindowsRootStore>();

function bind(koffi: Koffi): WindowsRootStore {
  const crypt32 = koffi.load('crypt32.dll');
  const kernel32 = koffi.load('kernel32.dll');
  const GetLastError = kernel32.func('uint32_t __stdcall GetLastError()');
  koffi.struct('nhicard_CRYPT_HASH_BLOB', {
    cbData: 'uint32_t',
    pbData: 'void *',
  });
  const CertOpenStore = crypt32.func(
    'void * __stdcall CertOpenStore(uintptr_t lpszStoreProvider, uint32_t dwEncodingType, uintptr_t hCryptProv, uint32_t dwFlags, str16 pvPara)',
  );
  const CertCloseStore = crypt32.func(
    'int __stdcall CertCloseStore(void *hCertStore, uint32_t dwFlags)',
  );
  const CertAddEncodedCertificateToStore = crypt32.func(
    'int __stdcall CertAddEncodedCertificateToStore(void *hCertStore, uint32_t dwCertEncodingType, const uint8_t *pbCertEncoded, uint32_t cbCertEncoded, uint32_t dwAddDisposition, void *ppCertContext)',
  );
  const CertFindCertificateInStore = crypt32.func(
    'void * __stdcall CertFindCertificateInStore(void *hCertStore, uint32_t dwCertEncodingType, uint32_t dwFindFlags, uint32_t dwFindType, const nhicard_CRYPT_HASH_BLOB *pvFindPara, void *pPrevCertContext)',
  );
  const CertDeleteCertificateFromStore = crypt32.func(
    'int __stdcall CertDeleteCertificateFromStore(void *pCertContext)',
  );
  const CertFreeCertificateContext = crypt32.func(
    'int __stdcall CertFreeCertificateContext(void *pCertContext)',
  );
  const CertControlStore = crypt32.func(
    'int __stdcall CertControlStore(void *hCertStore, uint32_t dwFlags, uint32_t dwCtrlType, void *pvCtrlPara)',
  );

  const withStore = <T>(work: (store: unknown) => T): T => {
    const store = CertOpenStore(
      CERT_STORE_PROV_SYSTEM_REGISTRY_W,
      0,
      0,
      CERT_SYSTEM_STORE_CURRENT_USER,
      'Root',
    );
    if (store === null) throw win32Failure('CertOpenStore(CurrentUser\\Root)', GetLastError());
    try {
      return work(store);
    } finally {
      CertCloseStore(store, 0);
    }
  };
  const find = (store: unknown, sha1Hex: string): unknown => {
    const hash = thumbprint(sha1Hex);
    const blob = { cbData: hash.byteLength, pbData: hash };
    return CertFindCertificateInStore(store, ENCODING, 0, CERT_FIND_SHA1_HASH, blob, null);
  };

  return {
    add: (der) =>
      withStore((store) => {
        const bytes = Buffer.from(der);
        const added = CertAddEncodedCertificateToStore(
          store,
          ENCODING,
          bytes,
          bytes.byteLength,
          CERT_STORE_ADD_REPLACE_EXISTING,
          null,
        );
        if (!added) throw win32Failure('CertAddEncodedCertificateToStore', GetLastError());
      }),
    has: (sha1Hex) =>
      withStore((store) => {
        const context = find(store, sha1Hex);
        if (context === null) return false;
        CertFreeCertificateContext(context);
        return true;
      }),
    remove: (sha1Hex) =>
      withStore((store) => {
        const context = find(store, sha1Hex);
        if (context === null) return false;
        // Frees the context whether or not it succeeds.
        if (!CertDeleteCertificateFromStore(context)) {
          throw win32Failure('CertDeleteCertificateFromStore', GetLastError());
        }
        CertControlStore(store, 0, CERT_STORE_CTRL_COMMIT, null);
        return true;
      }),
  };
}
