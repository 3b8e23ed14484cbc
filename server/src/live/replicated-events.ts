import type { IEventSink, TopicAudience } from '../services/context.js';
import type { BusMessage, IEventBus } from './event-bus.js';
import type { EventHub } from './event-hub.js';

/**
 * The service layer's event sink when learners' sockets may be held by any replica: every
 * event goes through the bus (delivered here at once, to the other replicas by the bus), and
 * each replica hands what arrives to the sockets it holds.
 */
export class ReplicatedEvents implements IEventSink {
  /** Called when another replica ended a session (logout, expiry): drop the cached copy, close its sockets. */
  onSessionEnded: (sessionId: string) => void = () => undefined;
  /** Called on every replica (this one included) after a revocation or a key rotation anywhere. */
  onCertificatesChanged: () => void = () => undefined;

  constructor(
    private readonly bus: IEventBus,
    private readonly hub: EventHub
  ) {
    bus.onMessage((message) => this.deliver(message));
  }

  publish(user: string, event: unknown): void {
    this.bus.send({ kind: 'user', user, event });
  }

  publishStaff(event: unknown): void {
    this.bus.send({ kind: 'staff', event });
  }

  publishTopic(topic: string, event: unknown, audience: TopicAudience = 'all'): void {
    this.bus.send({ kind: 'topic', topic, event, audience });
  }

  sessionEnded(sessionId: string): void {
    this.bus.send({ kind: 'session-ended', sessionId });
  }

  certificatesChanged(): void {
    this.bus.send({ kind: 'certificates-changed' });
  }

  private deliver(message: BusMessage): void {
    if (message.kind === 'user') this.hub.publish(message.user, message.event);
    else if (message.kind === 'staff') this.hub.publishStaff(message.event);
    else if (message.kind === 'topic') this.hub.publishTopic(message.topic, message.event, message.audience);
    else if (message.kind === 'session-ended') this.onSessionEnded(message.sessionId);
    else this.onCertificatesChanged();
  }
}
