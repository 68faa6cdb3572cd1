import { AppError } from '../../../shared/errors.ts';

/** Where a keyset page of the request list ends: the sort value and the row's id, for the next page. */
export interface Cursor {
  v: number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** The cursor a previous page handed out; anything else is refused (it only ever comes back from us). */
export function decodeCursor(text: string | null): Cursor | null {
  if (!text) return null;
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      c &&
      typeof c === 'object' &&
      typeof (c as Cursor).v === 'number' &&
      typeof (c as Cursor).id === 'string'
    )
      return c as Cursor;
  } catch {
    // fall through to the error below
  }
  throw new AppError(
    'BAD_ARGUMENT',
    'cursor: not a cursor this list returned; start again from the first page',
  );
}
