import { Menu, Notification, Tray, nativeImage, type NativeImage } from 'electron';
import { events } from '../../shared/contract/index.ts';
import type { Source } from '../../shared/connection.ts';
import type { Filters } from '../../shared/filters.ts';
import type { CallEnvelope } from '../../shared/contract/bridge.ts';

/** What the tray needs of the engine client (the real EngineClient, or a stand-in in tests). */
export interface WatchEngine {
  call(name: string, args: unknown): Promise<CallEnvelope>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export interface WatchTrayOptions {
  /** Shows the main window (creating it if it was closed) and then the incident's view in it. */
  openView(view: { source: Source; view: Filters }): void;
  openWindow(): void;
  quit(): void;
  icon?: NativeImage;
}

/** A 16×16 red dot: the tray needs some picture, and the app ships no icon file yet. */
function dotIcon(): NativeImage {
  const size = 16;
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 7.5) ** 2 + (y - 7.5) ** 2 <= 36;
      rgba.set(inside ? [0x1f, 0x32, 0xc8, 0xff] : [0, 0, 0, 0], (y * size + x) * 4); // BGRA
    }
  }
  return nativeImage.createFromBitmap(rgba, { width: size, height: size });
}

/**
 * The desktop side of watch mode: a notification per incident and per recovery (clicking one opens
 * the incident's view), and a tray icon that keeps the app running with its window closed while
 * any watch is on.
 */
export class WatchTray {
  private tray: Tray | null = null;
  private readonly unsubscribe: () => void;
  /** Notifications are kept referenced: a collected Notification loses its click handler. */
  private readonly shown = new Set<Notification>();

  constructor(
    private readonly engine: WatchEngine,
    private readonly options: WatchTrayOptions,
  ) {
    this.unsubscribe = engine.onEvent((name, payload) => {
      if (name === 'watch.event') this.notify(payload);
    });
  }

  private notify(payload: unknown): void {
    const parsed = events['watch.event'].safeParse(payload);
    if (!parsed.success || !Notification.isSupported()) return;
    const { source, event } = parsed.data;
    const notification = new Notification({
      title: event.kind === 'incident' ? `Incident on ${event.watch}` : `Recovered: ${event.watch}`,
      body: event.reason,
      silent: event.kind === 'recovered',
    });
    this.shown.add(notification);
    notification.on('click', () => {
      this.shown.delete(notification);
      this.options.openView({ source, view: event.view });
    });
    notification.on('close', () => this.shown.delete(notification));
    notification.show();
  }

  /** True when a watch is on: then closing the last window leaves the app in the tray. */
  async watching(): Promise<boolean> {
    const envelope = await this.engine.call('watch.list', {});
    return envelope.ok && (envelope.result as { watches: unknown[] }).watches.length > 0;
  }

  /** Called when the last window closed: stay in the tray while watching, quit otherwise. */
  async windowsClosed(): Promise<'tray' | 'quit'> {
    if (!(await this.watching())) return 'quit';
    if (!this.tray) {
      this.tray = new Tray(this.options.icon ?? dotIcon());
      this.tray.setToolTip('Logdesk is watching for incidents');
      this.tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: 'Open Logdesk', click: () => this.options.openWindow() },
          { type: 'separator' },
          { label: 'Stop watching and quit', click: () => this.options.quit() },
        ]),
      );
      this.tray.on('click', () => this.options.openWindow());
    }
    return 'tray';
  }

  dispose(): void {
    this.unsubscribe();
    this.tray?.destroy();
    this.tray = null;
  }
}
