/**
 * What an emulated card is and how it misbehaves. Plain data, so it crosses to the card host
 * process as is.
 */
export interface EmulatedCardBehaviour {
  /** `nhi`: answers the NHI applet's SELECT and READ; `not-nhi`: a card of another kind. */
  kind: 'nhi' | 'not-nhi';
  /** The 57 bytes the basic-data READ returns (an NHI card's only data). */
  basicData: readonly number[];
  /** `T=1`: the READ answers data + `90 00`; `T=0`: `61 39`, the data comes by GET RESPONSE. */
  protocol: 'T=0' | 'T=1';
  /**
   * `9000`: SELECT succeeds and is needed before READ; `6D00`: SELECT is refused and READ
   * works without it (NHI cards issued from late 2025).
   */
  selectAnswer: '9000' | '6D00';
  /**
   * `none`; `silent`: answers the ATR but never an APDU; `disconnect-on-read`: drops the
   * connection (= pulled out) when the READ arrives, before answering it.
   */
  fault: 'none' | 'silent' | 'disconnect-on-read';
}

/** An ATR announcing T=1 only (the one in the test-stack notes). */
const ATR_T1 = [0x3b, 0x80, 0x80, 0x01, 0x01] as const;
/** The shortest ATR: no interface bytes, so T=0. */
const ATR_T0 = [0x3b, 0x00] as const;

/** What the card does with one APDU. */
export type CardAnswer =
  | { kind: 'response'; bytes: Uint8Array }
  | { kind: 'silence' }
  | { kind: 'disconnect' };

const NHI_AID = '10d1580000010000000000000000001100';
const HEX = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const sw = (sw1: number, sw2: number, data: readonly number[] = []): CardAnswer => ({
  kind: 'response',
  bytes: Uint8Array.from([...data, sw1, sw2]),
});

/**
 * The card side of the NHI basic-data read: SELECT by AID, READ `00 CA 11 00 02 00 00`, GET
 * RESPONSE. State (selected applet, bytes waiting for GET RESPONSE) is lost on power-off and
 * reset, like a real card's.
 */
export class EmulatedNhiCard {
  private selected = false;
  private waiting: Uint8Array | null = null;

  constructor(readonly behaviour: EmulatedCardBehaviour) {
    if (behaviour.basicData.length !== 57) {
      throw new RangeError(`basicData: ${behaviour.basicData.length} bytes, expected 57`);
    }
  }

  /** The answer to reset. */
  atr(): Uint8Array {
    return Uint8Array.from(this.behaviour.protocol === 'T=0' ? ATR_T0 : ATR_T1);
  }

  /** Power off, power on or reset: the card starts over. */
  powerCycle(): void {
    this.selected = false;
    this.waiting = null;
  }

  /** The answer to one command APDU. */
  respond(command: Uint8Array): CardAnswer {
    const { behaviour } = this;
    if (behaviour.fault === 'silent') return { kind: 'silence' };
    const [cla, ins, p1, p2] = command;
    if (cla !== 0x00) return sw(0x6e, 0x00);
    const nhi = behaviour.kind === 'nhi';
    if (ins === 0xa4 && p1 === 0x04) {
      this.waiting = null;
      this.selected = nhi && HEX(command.subarray(4)) === NHI_AID;
      if (!this.selected) return sw(0x6a, 0x82);
      return behaviour.selectAnswer === '6D00' ? sw(0x6d, 0x00) : sw(0x90, 0x00);
    }
    if (ins === 0xca && p1 === 0x11 && p2 === 0x00) {
      if (behaviour.fault === 'disconnect-on-read') return { kind: 'disconnect' };
      const readable = nhi && (this.selected || behaviour.selectAnswer === '6D00');
      if (!readable) return sw(0x6a, 0x88);
      const data = Uint8Array.from(behaviour.basicData);
      if (behaviour.protocol === 'T=1') return sw(0x90, 0x00, [...data]);
      this.waiting = data;
      return sw(0x61, data.length);
    }
    if (ins === 0xc0 && behaviour.protocol === 'T=0') {
      const waiting = this.waiting;
      if (waiting === null) return sw(0x69, 0x85);
      const le = command[4] ?? 0;
      if (le !== waiting.length) return sw(0x6c, waiting.length);
      this.waiting = null;
      return sw(0x90, 0x00, [...waiting]);
    }
    return sw(0x6d, 0x00);
  }
}
