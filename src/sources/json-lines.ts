/**
 * Streaming helpers shared by the JSON-based readers: a line splitter over a byte stream, and an incremental
 * scanner that cuts a (possibly pretty-printed, possibly huge) JSON document into its records without holding
 * the whole document in memory.
 */
import { StringDecoder } from 'node:string_decoder';

export interface TextLine {
  /** The line without its terminator (LF or CRLF); a byte-order mark on the first line is removed. */
  readonly text: string;
  /** 1-based line number. */
  readonly line: number;
}

/**
 * Splits a byte stream into lines incrementally. Bytes are joined before decoding, so a UTF-8 sequence cut by a
 * chunk boundary decodes correctly; the pieces of a long line are concatenated once, when its end is found.
 */
export async function* textLines(input: AsyncIterable<Buffer>): AsyncGenerator<TextLine> {
  let parts: Buffer[] = [];
  let line = 0;
  const decode = (bytes: Buffer): string => {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    let s = bytes.toString('utf8', 0, end);
    if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    return s;
  };
  for await (const chunk of input) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) {
        if (start < chunk.length) parts.push(chunk.subarray(start));
        break;
      }
      const piece = chunk.subarray(start, nl);
      const bytes = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      parts = [];
      line++;
      yield { text: decode(bytes), line };
      start = nl + 1;
    }
  }
  if (parts.length > 0) {
    line++;
    yield { text: decode(Buffer.concat(parts)), line };
  }
}

/** What the scanner reports, in input order. `text` is the exact source text of the value. */
export type ScanEvent =
  /** An element of a streamed array: the root array (`key` undefined) or a root-object member named in `streamKeys`. */
  | { readonly kind: 'element'; readonly key: string | undefined; readonly text: string; readonly line: number }
  /** A member of a root object that is not streamed (its whole value). */
  | { readonly kind: 'member'; readonly key: string; readonly text: string; readonly line: number }
  /** A root value that is neither an object nor an array. */
  | { readonly kind: 'root'; readonly text: string; readonly line: number }
  /** A root object or array closed (one document of a sequence is complete). */
  | { readonly kind: 'end-document'; readonly line: number }
  /** The input is not JSON at this point; scanning stops (record boundaries cannot be found any more). */
  | { readonly kind: 'error'; readonly message: string; readonly line: number; readonly text: string };

type Frame = {
  readonly kind: 'obj' | 'arr';
  /** obj: 'key' | 'colon' | 'value' | 'after'; arr: 'value' | 'after'. */
  state: 'key' | 'colon' | 'value' | 'after';
  /** Member name being read (obj) or the member this streamed array belongs to (arr). */
  key: string | undefined;
  /** Set after a comma: a closing bracket right after it is an error. */
  afterComma: boolean;
};

interface Capture {
  start: number;
  line: number;
  depth: number;
  inString: boolean;
  escape: boolean;
  scalar: boolean;
  kind: 'element' | 'member' | 'root' | 'key';
  key: string | undefined;
}

const WS = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Incremental JSON scanner. Feed it text with `push`, finish with `end`. At most two levels are interpreted:
 * the root value, and (for a root object) its members; elements of a root array, and of root-object members whose
 * name is in `streamKeys`, are cut out one by one. Everything else is captured as source text, to be JSON.parse'd
 * by the caller; only the value being captured is held in memory. Several root values in a row (a JSON text
 * sequence, e.g. concatenated pretty-printed documents) are accepted.
 */
export class JsonScanner {
  private buf = '';
  private pos = 0;
  private line = 1;
  private readonly stack: Frame[] = [];
  private cap: Capture | null = null;
  private dead = false;
  private first = true;
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly streamKeys: ReadonlySet<string>) {}

  /** Feeds bytes (decoded here, chunk boundaries may split characters). */
  pushBytes(chunk: Buffer): ScanEvent[] {
    return this.push(this.decoder.write(chunk));
  }

  push(text: string): ScanEvent[] {
    if (this.dead) return [];
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // The previous push left only unconsumed text (from the open capture's start, if any) in `buf`.
    this.buf += text;
    const out: ScanEvent[] = [];
    this.run(out);
    // Keep only what an unfinished capture needs.
    if (this.cap) {
      this.buf = this.buf.slice(this.cap.start);
      this.pos -= this.cap.start;
      this.cap.start = 0;
    } else {
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
    return out;
  }

  end(): ScanEvent[] {
    if (this.dead) return [];
    const out = this.push(this.decoder.end());
    if (this.dead) return out;
    if (this.cap && this.cap.scalar && this.cap.kind === 'root') this.finish(out, this.buf.length);
    const cap = this.cap;
    if (cap || this.stack.length > 0) {
      const from = cap ? cap.start : 0;
      out.push({
        kind: 'error',
        message: 'input ends inside a JSON value (truncated?)',
        line: cap ? cap.line : this.line,
        text: this.buf.slice(from),
      });
      this.dead = true;
    }
    return out;
  }

  private fail(out: ScanEvent[], message: string): void {
    const at = this.pos;
    out.push({
      kind: 'error',
      message: `${message} at line ${this.line}`,
      line: this.line,
      text: this.buf.slice(Math.max(0, at - 200), at + 200),
    });
    this.dead = true;
  }

  private startCapture(kind: Capture['kind'], key: string | undefined): void {
    const c = this.buf.charCodeAt(this.pos);
    const container = c === 0x7b || c === 0x5b;
    this.cap = {
      start: this.pos, line: this.line, depth: container ? 1 : 0, inString: c === 0x22, escape: false,
      scalar: !container && c !== 0x22, kind, key,
    };
    this.pos++;
    if (this.cap.scalar) this.pos--; // a scalar's first character is re-read by the scalar loop
  }

  /** Ends the capture at `endExclusive` and reports it. */
  private finish(out: ScanEvent[], endExclusive: number): void {
    const cap = this.cap!;
    const text = this.buf.slice(cap.start, endExclusive);
    this.cap = null;
    switch (cap.kind) {
      case 'key': {
        const top = this.stack[this.stack.length - 1];
        try {
          top.key = JSON.parse(text) as string;
        } catch {
          top.key = text;
        }
        top.state = 'colon';
        return;
      }
      case 'element':
        out.push({ kind: 'element', key: cap.key, text, line: cap.line });
        break;
      case 'member':
        out.push({ kind: 'member', key: cap.key!, text, line: cap.line });
        break;
      case 'root':
        out.push({ kind: 'root', text, line: cap.line });
        return;
    }
    this.stack[this.stack.length - 1].state = 'after';
  }

  /** Continues a capture; returns false when the buffer ran out first. */
  private continueCapture(out: ScanEvent[]): boolean {
    const cap = this.cap!;
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    if (cap.scalar) {
      while (i < n) {
        const c = buf.charCodeAt(i);
        if (c === 0x2c || c === 0x5d || c === 0x7d || WS(c)) {
          this.pos = i;
          this.finish(out, i);
          return true;
        }
        i++;
      }
      this.pos = i;
      return false;
    }
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (cap.inString) {
        if (cap.escape) cap.escape = false;
        else if (c === 0x5c) cap.escape = true;
        else if (c === 0x22) {
          cap.inString = false;
          if (cap.depth === 0) {
            this.pos = i + 1;
            this.finish(out, i + 1);
            return true;
          }
        } else if (c === 0x0a) this.line++;
        i++;
        continue;
      }
      if (c === 0x22) cap.inString = true;
      else if (c === 0x7b || c === 0x5b) cap.depth++;
      else if (c === 0x7d || c === 0x5d) {
        cap.depth--;
        if (cap.depth === 0) {
          this.pos = i + 1;
          this.finish(out, i + 1);
          return true;
        }
      } else if (c === 0x0a) this.line++;
      i++;
    }
    this.pos = i;
    return false;
  }

  private run(out: ScanEvent[]): void {
    const buf = this.buf;
    const n = buf.length;
    while (!this.dead) {
      if (this.cap) {
        if (!this.continueCapture(out)) return;
        continue;
      }
      if (this.pos >= n) return;
      const c = buf.charCodeAt(this.pos);
      if (WS(c)) {
        if (c === 0x0a) this.line++;
        this.pos++;
        continue;
      }
      const top = this.stack[this.stack.length - 1];
      if (!top) {
        // A root value.
        if (c === 0x7b) {
          this.stack.push({ kind: 'obj', state: 'key', key: undefined, afterComma: false });
          this.pos++;
        } else if (c === 0x5b) {
          this.stack.push({ kind: 'arr', state: 'value', key: undefined, afterComma: false });
          this.pos++;
        } else if (c === 0x7d || c === 0x5d || c === 0x2c || c === 0x3a) {
          this.fail(out, `unexpected '${String.fromCharCode(c)}'`);
        } else {
          this.startCapture('root', undefined);
        }
        continue;
      }
      if (top.kind === 'obj') {
        switch (top.state) {
          case 'key':
            if (c === 0x22) {
              top.afterComma = false;
              this.startCapture('key', undefined);
            } else if (c === 0x7d && !top.afterComma) this.close(out);
            else this.fail(out, `expected a member name, found '${String.fromCharCode(c)}'`);
            continue;
          case 'colon':
            if (c === 0x3a) {
              top.state = 'value';
              this.pos++;
            } else this.fail(out, `expected ':', found '${String.fromCharCode(c)}'`);
            continue;
          case 'value':
            if (c === 0x5b && this.stack.length === 1 && top.key !== undefined && this.streamKeys.has(top.key)) {
              this.stack.push({ kind: 'arr', state: 'value', key: top.key, afterComma: false });
              this.pos++;
            } else if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a) {
              this.fail(out, `expected a value, found '${String.fromCharCode(c)}'`);
            } else this.startCapture('member', top.key);
            continue;
          case 'after':
            if (c === 0x2c) {
              top.state = 'key';
              top.afterComma = true;
              this.pos++;
            } else if (c === 0x7d) this.close(out);
            else this.fail(out, `expected ',' or '}', found '${String.fromCharCode(c)}'`);
            continue;
        }
      } else {
        if (top.state === 'value') {
          if (c === 0x5d && !top.afterComma) this.close(out);
          else if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a) {
            this.fail(out, `expected a value, found '${String.fromCharCode(c)}'`);
          } else {
            top.afterComma = false;
            this.startCapture('element', top.key);
          }
        } else if (c === 0x2c) {
          top.state = 'value';
          top.afterComma = true;
          this.pos++;
        } else if (c === 0x5d) this.close(out);
        else this.fail(out, `expected ',' or ']', found '${String.fromCharCode(c)}'`);
      }
    }
  }

  private close(out: ScanEvent[]): void {
    this.pos++;
    this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.state = 'after';
    else out.push({ kind: 'end-document', line: this.line });
  }
}

/** Shortens a raw record for messages. */
export function excerpt(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
