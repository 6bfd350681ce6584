/** How many personal values a memory keeps: a few cards' worth, the most recently seen. */
const DEFAULT_CAPACITY = 64;
/** Shorter values are not remembered: masking every single character in all text would garble logs. */
const MIN_LENGTH = 2;

/**
 * The personal values (names, ID numbers, birth dates) a logger has masked recently, with their
 * masks, so that the same value is masked in free text too: `log.info('read %s', name)` after
 * the card's data went through the logger once. Bounded, least recently seen dropped first;
 * it lives only in memory, next to the broker's own card cache.
 */
export class PersonalValueMemory {
  private readonly masks = new Map<string, string>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Remembers that `value` is personal and is written as `mask`. */
  remember(value: string, mask: string): void {
    if (Array.from(value).length < MIN_LENGTH || value === mask) return;
    this.masks.delete(value);
    this.masks.set(value, mask);
    if (this.masks.size > this.capacity) {
      const oldest = this.masks.keys().next();
      if (oldest.done !== true) this.masks.delete(oldest.value);
    }
  }

  /** `text` with every remembered value replaced by its mask, longest values first. */
  scrub(text: string): string {
    if (this.masks.size === 0) return text;
    let scrubbed = text;
    const byLength = [...this.masks].sort(([a], [b]) => b.length - a.length);
    for (const [value, mask] of byLength) {
      if (scrubbed.includes(value)) scrubbed = scrubbed.replaceAll(value, mask);
    }
    return scrubbed;
  }
}
