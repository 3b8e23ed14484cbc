import type { IExecuteSink } from './protocol';

/**
 * Output of a cell started before the kernel handled its request (early start): held until the
 * kernel attaches the cell's real sink, which knows the request it answers, then passed on in order.
 */
export class HeldSink implements IExecuteSink {
  private target: IExecuteSink | null = null;
  private readonly held: Array<(sink: IExecuteSink) => void> = [];

  attach(sink: IExecuteSink): void {
    for (const deliver of this.held.splice(0)) deliver(sink);
    this.target = sink;
  }

  stream(...args: Parameters<IExecuteSink['stream']>): void {
    this.pass((sink) => sink.stream(...args));
  }

  display(...args: Parameters<IExecuteSink['display']>): void {
    this.pass((sink) => sink.display(...args));
  }

  progress(...args: Parameters<IExecuteSink['progress']>): void {
    this.pass((sink) => sink.progress(...args));
  }

  private pass(deliver: (sink: IExecuteSink) => void): void {
    if (this.target) deliver(this.target);
    else this.held.push(deliver);
  }
}
