/**
 * Per-source state with expiry and a hard cap, evicting the least recently active entries first.
 *
 * A JS Map iterates in insertion order, so re-inserting an entry when it is touched keeps the map ordered by last
 * activity: the head is the least recently active (LRU). Re-inserting on every event costs a delete and a set, so an
 * entry is only moved when it was last placed more than `regroupMs` ago; the order is then exact to within
 * `regroupMs`, which is all expiry (30 min) and shedding need, at one map lookup per event.
 *
 * Times are the detector's clock (the largest event time seen, in ms), never wall time, so a replayed capture expires
 * state as it did live.
 */

export interface Tracked {
  /** Clock (ms) of the last activity; the entry expires at `lastMs + ttlMs`. */
  lastMs: number;
  /** Clock (ms) when the entry was last (re)inserted; the map is ordered by it. */
  placedMs: number;
}

export type EvictReason = 'expired' | 'cap';

export interface BoundedStateOptions<V> {
  readonly ttlMs: number;
  readonly cap: number;
  /** Granularity of the LRU order; default ttl/16. */
  readonly regroupMs?: number;
  /** Called for each entry removed by expiry or by the cap (not by delete()). */
  readonly onEvict?: (key: string, value: V, reason: EvictReason) => void;
}

export class BoundedState<V extends Tracked> {
  private readonly map = new Map<string, V>();
  readonly ttlMs: number;
  readonly cap: number;
  private readonly regroupMs: number;
  private readonly onEvict: ((key: string, value: V, reason: EvictReason) => void) | undefined;
  expired = 0;
  shed = 0;

  constructor(o: BoundedStateOptions<V>) {
    if (!(o.ttlMs > 0)) throw new RangeError(`state ttl must be positive, got ${o.ttlMs}`);
    if (!(Number.isInteger(o.cap) && o.cap >= 1)) throw new RangeError(`state cap must be a positive integer, got ${o.cap}`);
    this.ttlMs = o.ttlMs;
    this.cap = o.cap;
    this.regroupMs = o.regroupMs ?? o.ttlMs / 16;
    this.onEvict = o.onEvict;
  }

  get size(): number {
    return this.map.size;
  }

  /** The live entry for a key; an entry past its expiry counts as absent (and is dropped). */
  get(key: string, nowMs: number): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    if (v.lastMs + this.ttlMs <= nowMs) {
      this.map.delete(key);
      this.expired++;
      this.onEvict?.(key, v, 'expired');
      return undefined;
    }
    return v;
  }

  /** Records activity: refreshes the expiry and, if the entry was placed long ago, moves it to the tail. */
  touch(key: string, v: V, nowMs: number): void {
    v.lastMs = nowMs;
    if (nowMs - v.placedMs > this.regroupMs) {
      this.map.delete(key);
      this.map.set(key, v);
      v.placedMs = nowMs;
    }
  }

  /**
   * Inserts a new entry (the key must be absent). At the cap, expired entries go first; if none, the least recently
   * active `batch` entries are shed. Returns how many were shed for the cap (0 normally).
   */
  insert(key: string, v: V, nowMs: number, batch = 1): number {
    let shed = 0;
    if (this.map.size >= this.cap) {
      this.expire(nowMs);
      if (this.map.size >= this.cap) shed = this.shedOldest(Math.max(1, Math.min(batch, this.map.size)));
    }
    v.lastMs = nowMs;
    v.placedMs = nowMs;
    this.map.set(key, v);
    return shed;
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  /** Drops the entries whose expiry has passed; returns how many. Stops at the first entry placed after the cutoff. */
  expire(nowMs: number): number {
    const cutoff = nowMs - this.ttlMs;
    let n = 0;
    for (const [k, v] of this.map) {
      if (v.lastMs <= cutoff) {
        this.map.delete(k);
        n++;
        this.onEvict?.(k, v, 'expired');
      } else if (v.placedMs > cutoff) {
        break; // every later entry was placed later still, so its lastMs is past the cutoff too
      }
    }
    this.expired += n;
    return n;
  }

  private shedOldest(count: number): number {
    let n = 0;
    for (const [k, v] of this.map) {
      if (n >= count) break;
      this.map.delete(k);
      n++;
      this.onEvict?.(k, v, 'cap');
    }
    this.shed += n;
    return n;
  }

  clear(): void {
    this.map.clear();
  }

  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }
}
