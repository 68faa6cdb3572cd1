import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallEnvelope } from '../../shared/contract/bridge.ts';
import { Filters } from '../../shared/filters.ts';
import { testPlatform } from '../test-support/test-platform.ts';
import { createEngine, type Engine } from '../engine/engine.ts';

/** A stand-in for the `electron` module (the runtime is not installed here): records what the shell does. */
const shell = vi.hoisted(() => {
  class FakeNotification {
    static instances: FakeNotification[] = [];
    static isSupported = () => true;
    shown = false;
    private handlers = new Map<string, () => void>();
    constructor(readonly options: { title: string; body: string; silent: boolean }) {
      FakeNotification.instances.push(this);
    }
    on(event: string, handler: () => void) {
      this.handlers.set(event, handler);
      return this;
    }
    show() {
      this.shown = true;
    }
    emit(event: string) {
      this.handlers.get(event)?.();
    }
  }
  class FakeTray {
    static instances: FakeTray[] = [];
    tooltip = '';
    menu: { label?: string; click?: () => void }[] = [];
    destroyed = false;
    constructor(readonly icon: unknown) {
      FakeTray.instances.push(this);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(menu: { label?: string; click?: () => void }[]) {
      this.menu = menu;
    }
    on() {
      return this;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return { FakeNotification, FakeTray };
});

vi.mock('electron', () => ({
  Notification: shell.FakeNotification,
  Tray: shell.FakeTray,
  Menu: { buildFromTemplate: (template: unknown) => template },
  nativeImage: { createFromBitmap: (buffer: Buffer, size: unknown) => ({ buffer, size }) },
}));

const { WatchTray } = await import('./watch-tray.ts');

let engine: Engine;
beforeAll(() => {
  engine = createEngine(testPlatform());
});
afterAll(async () => {
  await engine?.close();
});

/** The engine as main's EngineClient presents it: envelopes and an event stream. */
const client = () => ({
  call: async (name: string, args: unknown): Promise<CallEnvelope> => {
    try {
      return { ok: true, result: await engine.call(name as 'watch.list', args as never) };
    } catch (err) {
      return { ok: false, error: { code: 'INTERNAL', message: (err as Error).message } };
    }
  },
  onEvent: (listener: (name: string, payload: unknown) => void) =>
    engine.listen((name, payload) => listener(name, payload)),
});

describe('watch mode in the desktop shell (stand-in electron module)', () => {
  it('stays in the tray while a watch is on, quits otherwise', async () => {
    const quit = vi.fn();
    const tray = new WatchTray(client(), { openView: vi.fn(), openWindow: vi.fn(), quit });
    expect(await tray.windowsClosed()).toBe('quit');
    expect(shell.FakeTray.instances).toHaveLength(0);

    await engine.call('watch.set', { source: { kind: 'demo' }, enabled: true, everySeconds: 600 });
    expect(await tray.windowsClosed()).toBe('tray');
    const icon = shell.FakeTray.instances[0]!;
    expect(icon.tooltip).toBe('Logdesk is watching for incidents');
    icon.menu.find((m) => m.label === 'Stop watching and quit')!.click!();
    expect(quit).toHaveBeenCalledOnce();
    tray.dispose();
    expect(icon.destroyed).toBe(true);
    // Per watch: its own interval, thresholds and quiet hours, checked with the field named.
    const listed = await engine.call('watch.set', {
      source: { kind: 'demo' },
      enabled: true,
      everySeconds: 120,
      quietHours: '22:00-07:00',
      thresholds: { minErrors: 50 },
    });
    expect(listed.watches).toEqual([
      expect.objectContaining({ everySeconds: 120, quietHours: '22:00-07:00', inIncident: false }),
    ]);
    await expect(
      engine.call('watch.set', { source: { kind: 'demo' }, enabled: true, quietHours: 'nights' }),
    ).rejects.toThrow(/watch\.set: quietHours: expected HH:MM-HH:MM/);
    expect((await engine.call('watch.list', {})).watches).toHaveLength(1);
    await engine.call('watch.set', { source: { kind: 'demo' }, enabled: false });
    expect((await engine.call('watch.list', {})).watches).toEqual([]);
  });

  it("shows a notification per watch event; clicking it opens the incident's view", async () => {
    const openView = vi.fn();
    const tray = new WatchTray(client(), { openView, openWindow: vi.fn(), quit: vi.fn() });
    const view = Filters.parse({
      timeRange: { kind: 'absolute', from: '2026-03-10T11:00:00.000Z', to: '2026-03-10T12:30:00.000Z' },
    });
    const event = {
      kind: 'incident' as const,
      watch: 'prod',
      since: '2026-03-10T12:00:00.000Z',
      at: '2026-03-10T12:01:00.000Z',
      reason: 'error spike: 40 errors of 60 requests',
      current: { errors: 40, requests: 60 },
      message: 'INCIDENT on prod',
      view,
    };
    engine.context.hub.emit('watch.event', { source: { kind: 'profile', name: 'prod' }, event });
    engine.context.hub.emit('watch.event', {
      source: { kind: 'profile', name: 'prod' },
      event: { ...event, kind: 'recovered' },
    });
    const [incident, recovered] = shell.FakeNotification.instances;
    expect(incident!.options).toEqual({
      title: 'Incident on prod',
      body: 'error spike: 40 errors of 60 requests',
      silent: false,
    });
    expect(incident!.shown).toBe(true);
    expect(recovered!.options.title).toBe('Recovered: prod');
    expect(recovered!.options.silent).toBe(true);
    incident!.emit('click');
    expect(openView).toHaveBeenCalledWith({ source: { kind: 'profile', name: 'prod' }, view });
    // Something that is not a watch event shows nothing.
    engine.context.hub.emit('job.progress', { jobId: 'j', done: 1, total: 2 });
    expect(shell.FakeNotification.instances).toHaveLength(2);
    tray.dispose();
  });
});
