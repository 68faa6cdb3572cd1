import { StringDecoder } from 'node:string_decoder';

export type PsqlRow = Record<string, string | null>;

/** What the reader expects of psql's output until the next marker line. */
export interface CopyStatement {
  /** True for `COPY … (FORMAT csv, HEADER true, FORCE_QUOTE *)`: a header line, then rows. */
  withRows: boolean;
  onRow(row: PsqlRow): void;
  /** The marker line arrived: the statement's output is complete. */
  onEnd(): void;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const enum State {
  LineStart,
  FieldStart,
  Quoted,
  /** A quote inside a quoted field: `""` is a quote, anything else ends the field. */
  QuoteSeen,
  Unquoted,
  AfterField,
  AfterCr,
  /** Output of a statement without rows (or with none pending): dropped up to the line's end. */
  SkipLine,
}

/**
 * Reads psql's stdout as exactly the CSV that `COPY … TO STDOUT WITH (FORMAT csv, HEADER true,
 * FORCE_QUOTE *)` writes: every non-NULL value quoted (`""` inside), NULL an empty unquoted field,
 * line breaks and CR only inside quotes. Each statement's output ends at `marker` alone on a line
 * outside quotes (psql's `\echo`). Works on whole chunks with indexOf, keeping only the field in
 * progress across chunks, so a long value split at any byte costs no re-scan; csv-parse with a cast
 * per field was most of a full read's CPU time.
 */
export class CopyCsvReader {
  private readonly decoder = new StringDecoder('utf8');
  private statement: CopyStatement | null = null;
  private state = State.LineStart;
  /** Text at a line's start that may still become the marker line. */
  private carry = '';
  private columns: string[] | null = null;
  private fields: (string | null)[] = [];
  private value = '';
  private quoted = false;

  constructor(private readonly marker: string) {}

  /** The output that follows belongs to `statement` (until its marker). */
  expect(statement: CopyStatement): void {
    this.statement = statement;
    this.columns = null;
    this.fields = [];
  }

  /** Feeds psql's stdout; throws on output that is not COPY's CSV (the session is then unusable). */
  write(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (!text) return;
    const s = this.carry ? this.carry + text : text;
    this.carry = '';
    this.feed(s);
  }

  private feed(s: string): void {
    const n = s.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case State.LineStart: {
          const statement = this.statement;
          if (s.charCodeAt(i) === this.marker.charCodeAt(0)) {
            const end = this.markerEnd(s, i);
            if (end === -1) {
              // Maybe the marker, cut by the chunk's end: decide when the rest arrives.
              this.carry = s.slice(i);
              return;
            }
            if (end > 0 && statement) {
              i = end;
              this.statement = null;
              statement.onEnd();
              continue;
            }
          }
          if (!statement?.withRows) {
            this.state = State.SkipLine;
            continue;
          }
          this.state = State.FieldStart;
          continue;
        }
        case State.FieldStart:
          this.value = '';
          if (s.charCodeAt(i) === QUOTE) {
            this.quoted = true;
            this.state = State.Quoted;
            i++;
          } else {
            this.quoted = false;
            this.state = State.Unquoted;
          }
          continue;
        case State.Quoted: {
          const q = s.indexOf('"', i);
          if (q === -1) {
            this.value += i === 0 ? s : s.slice(i);
            i = n;
          } else {
            this.value += s.slice(i, q);
            i = q + 1;
            this.state = State.QuoteSeen;
          }
          continue;
        }
        case State.QuoteSeen:
          if (s.charCodeAt(i) === QUOTE) {
            this.value += '"';
            this.state = State.Quoted;
            i++;
          } else {
            this.endField();
          }
          continue;
        case State.Unquoted: {
          let j = i;
          for (; j < n; j++) {
            const c = s.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE) throw new Error(`a quote inside an unquoted value in ${this.where()}`);
          }
          this.value += s.slice(i, j);
          i = j;
          if (j < n) this.endField();
          continue;
        }
        case State.AfterField: {
          const c = s.charCodeAt(i++);
          if (c === COMMA) this.state = State.FieldStart;
          else if (c === LF) this.endRow();
          else if (c === CR) this.state = State.AfterCr;
          else
            throw new Error(`unexpected ${JSON.stringify(s[i - 1])} after a quoted value in ${this.where()}`);
          continue;
        }
        case State.AfterCr:
          if (s.charCodeAt(i++) !== LF)
            throw new Error(`a carriage return outside quotes in ${this.where()}`);
          this.endRow();
          continue;
        case State.SkipLine: {
          const nl = s.indexOf('\n', i);
          i = nl === -1 ? n : nl + 1;
          if (nl !== -1) this.state = State.LineStart;
          continue;
        }
      }
    }
  }

  /** Where the marker line at `i` ends; 0 if the line is not the marker; -1 if `s` ends too early to say. */
  private markerEnd(s: string, i: number): number {
    const m = this.marker;
    const rest = s.length - i;
    if (rest < m.length) return m.startsWith(s.slice(i)) ? -1 : 0;
    if (!s.startsWith(m, i)) return 0;
    const after = i + m.length;
    if (after === s.length) return -1;
    if (s.charCodeAt(after) === LF) return after + 1;
    if (s.charCodeAt(after) !== CR) return 0;
    if (after + 1 === s.length) return -1;
    return s.charCodeAt(after + 1) === LF ? after + 2 : 0;
  }

  private endField(): void {
    // FORCE_QUOTE * quotes every non-NULL value, so an unquoted empty value is NULL (not in the header).
    const value = this.value;
    this.fields.push(this.quoted || value !== '' || !this.columns ? value : null);
    this.value = '';
    this.state = State.AfterField;
  }

  private endRow(): void {
    this.state = State.LineStart;
    const fields = this.fields;
    const columns = this.columns;
    if (!columns) {
      this.columns = fields as string[];
      this.fields = [];
      return;
    }
    if (fields.length !== columns.length) {
      throw new Error(`a row of ${fields.length} values under a header of ${columns.length} columns`);
    }
    const row: PsqlRow = {};
    for (let k = 0; k < columns.length; k++) row[columns[k]!] = fields[k]!;
    fields.length = 0;
    this.statement!.onRow(row);
  }

  private where(): string {
    return this.columns ? 'a row' : 'the header';
  }
}
