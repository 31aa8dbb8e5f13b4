import { Observable } from 'rxjs';
import type { AttemptEvent } from '../AttemptEvent.js';
import type { CallSettler } from './CallSettler.js';

/**
 * The listeners of a pool's attempt events: the `onAttempt` option and the subscribers of
 * `events$`. The settler's hook is set only while there is at least one, so a pool nobody
 * watches pays one undefined check per settled call.
 */
export class AttemptListeners {
  readonly events$: Observable<AttemptEvent>;
  private readonly subscribers = new Set<(event: AttemptEvent) => void>();
  private readonly notify = (event: AttemptEvent): void => {
    if (this.option !== undefined) {
      try {
        this.option(event);
      } catch (error) {
        // A failing log must not break the pool's bookkeeping: reported as uncaught, as rxjs
        // reports an error thrown by a subscriber.
        setTimeout(() => {
          throw error;
        });
      }
    }
    this.subscribers.forEach((next) => next(event));
  };

  constructor(
    private readonly settler: CallSettler,
    private readonly option: ((event: AttemptEvent) => void) | undefined,
  ) {
    this.update();
    this.events$ = new Observable<AttemptEvent>((subscriber) => {
      // Each subscriber its own function: the same observer subscribed twice gets events twice.
      const next = (event: AttemptEvent): void => subscriber.next(event);
      this.subscribers.add(next);
      this.update();
      return () => {
        this.subscribers.delete(next);
        this.update();
      };
    });
  }

  private update(): void {
    const listened = this.option !== undefined || this.subscribers.size > 0;
    this.settler.onAttempt = listened ? this.notify : undefined;
  }
}
