// The NHI app's QR codes as a virtual-card service sees them, shared by the stand-ins of the
// virtual-card SDK and of the CS 6.0 console (both answer the VHC tables): codes that expire,
// are used once, were never issued or were not made by the offline key; connected and offline
// mode; a missing registration or an expired device token or offline authorisation; the NHI
// cloud down; the PC clock out of step with the cloud's.
import { randomBytes } from 'node:crypto';
import type { VirtualCard } from '@nhicard/native';

/** The service's registration with the NHI, as far as the VHC tables tell it apart. */
type VhcRegistration = 'ok' | 'missing' | 'device-token-expired' | 'offline-auth-expired';

interface IssuedQr {
  card: VirtualCard;
  expired: boolean;
  used: boolean;
  /** Made by the offline key: only these decrypt while the service is offline. */
  offlineReadable: boolean;
}

/** What a test sets: the QR codes the app shows and the state of the service reading them. */
export interface VirtualQrControls {
  /** Issues a fresh QR code for `card`, as the NHI app would show it. */
  issueQr(card: VirtualCard, options?: { offlineReadable?: boolean }): string;
  /** Lets a QR code's validity run out (the app's codes last minutes). */
  expireQr(qr: string): void;
  /** Connected (`online`) or offline mode. */
  setMode(mode: 'online' | 'offline'): void;
  setRegistration(registration: VhcRegistration): void;
  /** Whether the NHI cloud behind the service answers (connected mode). */
  setCloudUp(up: boolean): void;
  /** Whether the PC clock agrees with the cloud's (offline checks need it). */
  setClockInSync(inSync: boolean): void;
}

/** The QR codes and the service's state, with the answers the VHC tables give. */
export interface VirtualQrCodes {
  readonly controls: VirtualQrControls;
  readonly offline: boolean;
  readonly cloudUp: boolean;
  /** The code a registration problem refuses every call with, or null when registered. */
  registrationCode(): number | null;
  /**
   * The answer to a QR code handed in: 0 (online, the code now used) or 2000 (offline) with its
   * card, or the refusal; `cloudDownCode` is the service's code for the cloud being down.
   */
  present(qr: unknown, cloudDownCode: number): { code: number; card?: VirtualCard };
}

/** Online, registered, cloud up, clock in sync, no code issued; codes start with `prefix.`. */
export function createVirtualQrCodes(prefix: string): VirtualQrCodes {
  const issued = new Map<string, IssuedQr>();
  let mode: 'online' | 'offline' = 'online';
  let registration: VhcRegistration = 'ok';
  let cloudUp = true;
  let clockInSync = true;

  return {
    controls: {
      issueQr(card, options = {}) {
        // Fictional: the real app's QR codes are longer signed tokens.
        const qr = `${prefix}.${randomBytes(24).toString('base64url')}`;
        issued.set(qr, {
          card,
          expired: false,
          used: false,
          offlineReadable: options.offlineReadable ?? true,
        });
        return qr;
      },
      expireQr(qr) {
        const known = issued.get(qr);
        if (known === undefined) throw new Error('the stand-in never issued that QR code');
        known.expired = true;
      },
      setMode(next) {
        mode = next;
      },
      setRegistration(next) {
        registration = next;
      },
      setCloudUp(up) {
        cloudUp = up;
      },
      setClockInSync(inSync) {
        clockInSync = inSync;
      },
    },
    get offline() {
      return mode === 'offline';
    },
    get cloudUp() {
      return cloudUp;
    },
    registrationCode() {
      if (registration === 'missing') return mode === 'offline' ? 1045 : 1017;
      if (registration === 'device-token-expired' && mode === 'online') return 1015;
      if (registration === 'offline-auth-expired' && mode === 'offline') return 1046;
      return null;
    },
    present(qr, cloudDownCode) {
      const known = typeof qr === 'string' ? issued.get(qr) : undefined;
      if (mode === 'offline') {
        if (known === undefined || !known.offlineReadable) return { code: 2108 };
        if (!clockInSync) return { code: 2102 };
        if (known.expired) return { code: 2101 };
        return { code: 2000, card: known.card };
      }
      if (!cloudUp) return { code: cloudDownCode };
      if (known === undefined) return { code: 1019 };
      if (known.expired) return { code: 1018 };
      if (known.used) return { code: 1020 };
      known.used = true;
      return { code: 0, card: known.card };
    },
  };
}
