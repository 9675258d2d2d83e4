/**
 * Where the session loop's events go: rows of an `InteractionBuilder` (weights from
 * EVENT_WEIGHTS), the event type of each row, counts per type, and — when a writer is given —
 * NDJSON lines in the edge's format, each built as a `BehaviourEvent` (the zod schema's type), so
 * the synthetic files cannot drift from what `POST /v1/events` writes.
 */
import { type BehaviourEvent, EVENT_TYPES, EVENT_WEIGHTS } from '#shared/schemas';
import { InteractionBuilder, type InteractionSet } from '../data/interactions.ts';
import type { ContextModel, SyntheticSessionContext } from './context.ts';
import { IsoClock, type PartitionedEventWriter } from './sink.ts';

const WEIGHTS = EVENT_TYPES.map((t) => EVENT_WEIGHTS[t]);

export interface GeneratedEvents {
  interactions: InteractionSet;
  /** Per row, index into EVENT_TYPES. */
  eventTypes: Uint8Array;
  sessions: number;
  anonymousSessions: number;
  /** Events per EVENT_TYPES index. */
  byType: number[];
  /** With `StorefrontConfig.context`: each session's context, and each row's session (0-based). */
  contexts?: { sessions: SyntheticSessionContext[]; rowSession: Int32Array };
}

/** Collects the events of consecutive sessions (one open session at a time). */
export class EventRecorder {
  private readonly builder: InteractionBuilder;
  private readonly clock = new IsoClock();
  private types: Uint8Array;
  private count = 0;
  private readonly byType = [0, 0, 0, 0];
  private sessions = 0;
  private anonymous = 0;
  // The open session.
  private userIndex = 0;
  private userId: string | undefined;
  private sessionId = '';
  private tasteUser = 0;
  private context: SyntheticSessionContext | undefined;
  /** Set to stamp a request context on every session (context.ts). */
  contexts: ContextModel | null = null;
  private readonly sessionContexts: SyntheticSessionContext[] = [];
  private rowSession = new Int32Array(0);

  /** Shoppers `u0…u<users-1>` (zero-padded) are rows 0…users-1 of the builder, then anonymous sessions. */
  constructor(
    expectedEvents: number,
    users: number,
    private readonly itemIds: readonly string[],
    private readonly writer: PartitionedEventWriter | null,
  ) {
    const capacity = Math.ceil(expectedEvents * 1.05) + 1024;
    this.builder = new InteractionBuilder(capacity);
    this.types = new Uint8Array(capacity);
    const width = String(users).length;
    for (let u = 0; u < users; u++) this.builder.appendUser(`u${String(u).padStart(width, '0')}`);
    for (const id of itemIds) this.builder.appendItem(id);
  }

  /** Opens the next session, of shopper `user` or (anonymous) of a visitor keyed `session:<id>`. */
  startSession(user: number, anonymous: boolean): void {
    this.sessions++;
    this.sessionId = `s${this.sessions}`;
    this.tasteUser = user;
    this.context = undefined;
    if (anonymous) {
      this.anonymous++;
      this.userId = undefined;
      this.userIndex = this.builder.appendUser(`session:${this.sessionId}`);
    } else {
      this.userIndex = user;
      this.userId = this.builder.userIdAt(user)!;
    }
  }

  /** Records one event (`type` indexes EVENT_TYPES) on item row `item` at epoch ms `ts`. */
  emit(type: number, item: number, ts: number): void {
    const t = Math.round(ts);
    this.builder.addIndexed(this.userIndex, item, WEIGHTS[type]!, t);
    if (this.count === this.types.length) {
      const grown = new Uint8Array(this.types.length * 2);
      grown.set(this.types);
      this.types = grown;
    }
    this.sessionContextOf(item);
    this.types[this.count++] = type;
    this.byType[type]!++;
    if (this.writer === null) return;
    const event: BehaviourEvent = {
      eventId: `e${this.count}`,
      type: EVENT_TYPES[type]!,
      itemId: this.itemIds[item]!,
      userId: this.userId,
      sessionId: this.sessionId,
      ts: this.clock.format(t),
      context: 'synthetic',
      ...this.contextFields(),
    };
    this.writer.add(JSON.stringify(event), t);
  }

  /** The open session's context, drawn at its first event (the landing item); row → session. */
  private sessionContextOf(item: number): void {
    if (this.contexts === null) return;
    if (this.context === undefined) {
      this.context = this.contexts.session(this.tasteUser, this.sessions, item);
      this.sessionContexts.push(this.context);
    }
    if (this.rowSession.length <= this.count) {
      const grown = new Int32Array(Math.max(1024, this.types.length));
      grown.set(this.rowSession);
      this.rowSession = grown;
    }
    this.rowSession[this.count] = this.sessionContexts.length - 1;
  }

  private contextFields(): Partial<BehaviourEvent> {
    const c = this.context;
    if (c === undefined) return {};
    const { landingCategory, ...rest } = c;
    return landingCategory === undefined ? rest : { ...rest, landingCategory };
  }

  result(): GeneratedEvents {
    const contexts =
      this.contexts === null
        ? {}
        : {
            contexts: { sessions: this.sessionContexts, rowSession: this.rowSession.subarray(0, this.count) },
          };
    return {
      ...contexts,
      interactions: this.builder.build(),
      eventTypes: this.types.subarray(0, this.count),
      sessions: this.sessions,
      anonymousSessions: this.anonymous,
      byType: this.byType,
    };
  }
}
