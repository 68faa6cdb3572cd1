import { AppError } from '../../../shared/errors.ts';

export interface PromptIo {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/** Whether a person can answer a prompt: stdin and stderr are both terminals. */
export function canPrompt(io: PromptIo = { input: process.stdin, output: process.stderr }): boolean {
  return Boolean(io.input.isTTY && io.output.isTTY);
}

/**
 * Reads one line from the terminal without echoing it (a password, a passphrase). Ctrl-C cancels,
 * Ctrl-D on an empty line gives an empty answer. The question goes to stderr so stdout stays data.
 */
export function promptHidden(
  question: string,
  io: PromptIo = { input: process.stdin, output: process.stderr },
): Promise<string> {
  if (!canPrompt(io))
    return Promise.reject(new AppError('BAD_ARGUMENT', `${question.trim()} cannot be asked: not a terminal`));
  const { input, output } = io;
  const wasRaw = input.isRaw;
  // Echo off before the question shows, so even a fast typist's first keys stay hidden.
  input.setRawMode(true);
  output.write(question);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let answer = '';
    const done = (finish: () => void) => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      finish();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || (char === '\u0004' && answer === ''))
          return done(() => resolve(answer));
        if (char === '\u0003')
          return done(() => reject(new AppError('CANCELLED', 'Cancelled at the prompt')));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else if (char >= ' ') answer += char;
      }
    };
    input.on('data', onData);
  });
}
