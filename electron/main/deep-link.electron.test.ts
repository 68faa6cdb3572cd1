import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../shared/bridge-channels.ts';
import { createElectronStandIn } from '../test-support/electron-stand-in.ts';

/**
 * `logdesk://open?…` links and Back/Forward in the desktop shell, through the stand-in `electron`
 * module: registered as the scheme's handler, taken from the first process's arguments, from a
 * second instance (Windows, Linux) and from `open-url` (macOS), refused with a reason when malformed.
 */
const standIn = vi.hoisted(() => ({ current: null as ReturnType<typeof createElectronStandIn> | null }));
vi.mock('electron', async () => {
  const { createElectronStandIn: make } = await import('../test-support/electron-stand-in.ts');
  standIn.current = make();
  return { ...standIn.current.electron, default: standIn.current.electron };
});

const ready = () => new Promise((r) => setTimeout(r, 50));
let recorded: ReturnType<typeof createElectronStandIn>['recorded'];
const views = () =>
  recorded.sent
    .filter(([channel, name]) => channel === IPC.event && name === 'view.open')
    .map(([, , payload]) => payload);

beforeAll(async () => {
  Object.defineProperty(process, 'platform', { value: 'linux' });
  process.argv.push('logdesk://open?source=demo&range=6h');
  await import('../main.ts');
  await ready();
  recorded = standIn.current!.recorded;
});

describe('logdesk:// deep links', () => {
  it('registers the app as the logdesk: handler and opens the link it was started with', () => {
    expect(recorded.protocolClients.map((args) => args[0])).toEqual(['logdesk']);
    expect(views()).toEqual([{ query: 'source=demo&range=6h' }]);
  });

  it('takes a link from a second instance (Windows, Linux) and from open-url (macOS)', async () => {
    const { app } = standIn.current!.electron;
    app.emit(
      'second-instance',
      {},
      ['/opt/Logdesk/logdesk', '--no-sandbox', 'logdesk://open?model=gpt-4o'],
      '/',
    );
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    app.emit('open-url', event, 'logdesk://open/?tab=traffic');
    await ready();
    expect(views().slice(1)).toEqual([{ query: 'model=gpt-4o' }, { query: 'tab=traffic' }]);
    expect(event.prevented).toBe(true);
  });

  it('refuses a malformed link with the reason, sending nothing to the page', async () => {
    const { app } = standIn.current!.electron;
    const before = views().length;
    app.emit('second-instance', {}, ['/opt/Logdesk/logdesk', 'logdesk://run?x=1'], '/');
    app.emit('open-url', { preventDefault() {} }, 'logdesk://user:pw@open?x=1');
    await ready();
    expect(views()).toHaveLength(before);
    expect(recorded.messageBoxes.map((b) => b.detail)).toEqual([
      'The link was refused: expected logdesk://open?….',
      'The link was refused: the link carries a user, port or #fragment.',
    ]);
  });

  it('has Back and Forward menu items (Alt+←/→) that move through the window’s views', () => {
    type Item = { label?: string; accelerator?: string; click?: () => void; submenu?: Item[] };
    const view = (recorded.menuTemplate as Item[]).find((m) => m.label === 'View')!;
    const back = view.submenu!.find((i) => i.label === 'Back')!;
    const forward = view.submenu!.find((i) => i.label === 'Forward')!;
    expect([back.accelerator, forward.accelerator]).toEqual(['Alt+Left', 'Alt+Right']);
    back.click!();
    forward.click!();
    const moves = recorded.sent.filter(([, name]) => name === 'view.history').map(([, , payload]) => payload);
    expect(moves).toEqual([{ direction: 'back' }, { direction: 'forward' }]);
  });
});
